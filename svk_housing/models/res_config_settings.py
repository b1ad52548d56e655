from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    svk_contract_expiry_lead_days = fields.Integer(
        related="company_id.svk_contract_expiry_lead_days", readonly=False
    )
    svk_analytic_plan_id = fields.Many2one(
        related="company_id.svk_analytic_plan_id", readonly=False
    )
