from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    svk_contract_expiry_lead_days = fields.Integer(
        related="company_id.svk_contract_expiry_lead_days", readonly=False
    )
    svk_lease_beyond_contract_lead_days = fields.Integer(
        related="company_id.svk_lease_beyond_contract_lead_days", readonly=False
    )
    svk_analytic_plan_id = fields.Many2one(
        related="company_id.svk_analytic_plan_id", readonly=False
    )
    svk_rent_income_account_id = fields.Many2one(
        related="company_id.svk_rent_income_account_id", readonly=False
    )
    svk_charges_income_account_id = fields.Many2one(
        related="company_id.svk_charges_income_account_id", readonly=False
    )
    svk_charges_provision_account_id = fields.Many2one(
        related="company_id.svk_charges_provision_account_id", readonly=False
    )
    svk_owner_collected_account_id = fields.Many2one(
        related="company_id.svk_owner_collected_account_id", readonly=False
    )
    svk_owner_rent_expense_account_id = fields.Many2one(
        related="company_id.svk_owner_rent_expense_account_id", readonly=False
    )
    svk_guarantee_cost_account_id = fields.Many2one(
        related="company_id.svk_guarantee_cost_account_id", readonly=False
    )
    svk_rent_journal_id = fields.Many2one(related="company_id.svk_rent_journal_id", readonly=False)
    svk_owner_journal_id = fields.Many2one(
        related="company_id.svk_owner_journal_id", readonly=False
    )
    svk_owner_payment_mode_id = fields.Many2one(
        related="company_id.svk_owner_payment_mode_id", readonly=False
    )
    svk_tenant_debit_mode_id = fields.Many2one(
        related="company_id.svk_tenant_debit_mode_id", readonly=False
    )
    svk_rent_run_chunk = fields.Integer(related="company_id.svk_rent_run_chunk", readonly=False)
    svk_payment_plan_grace_days = fields.Integer(
        related="company_id.svk_payment_plan_grace_days", readonly=False
    )
