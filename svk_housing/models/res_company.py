from odoo import fields, models
from odoo.exceptions import UserError

# what a run needs of the company's accounting
RENT_CYCLE_FIELDS = [
    "svk_rent_income_account_id",
    "svk_charges_income_account_id",
    "svk_charges_provision_account_id",
    "svk_owner_collected_account_id",
    "svk_owner_rent_expense_account_id",
    "svk_guarantee_cost_account_id",
    "svk_rent_journal_id",
    "svk_owner_journal_id",
]


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_contract_expiry_lead_days = fields.Integer(
        string="Owner contract expiry warning (days)",
        default=180,
        help="How many days before an owner contract ends its responsible person gets an "
        "activity to renew or end it.",
    )
    svk_lease_beyond_contract_lead_days = fields.Integer(
        string="Lease beyond owner contract warning (days)",
        default=120,
        help="How many days before an owner contract ends its responsible person gets an "
        "activity when a lease of its units runs on after that end.",
    )
    svk_analytic_plan_id = fields.Many2one(
        "account.analytic.plan",
        string="Analytic plan of sites",
        help="Plan under which every building gets its analytic account, so that rent "
        "income and costs read per site.",
    )
    svk_rent_income_account_id = fields.Many2one(
        "account.account", string="Rent income", check_company=True
    )
    svk_charges_income_account_id = fields.Many2one(
        "account.account", string="Flat charges income", check_company=True
    )
    svk_charges_provision_account_id = fields.Many2one(
        "account.account", string="Charge provisions", check_company=True
    )
    svk_owner_collected_account_id = fields.Many2one(
        "account.account", string="Rents collected for owners", check_company=True
    )
    svk_owner_rent_expense_account_id = fields.Many2one(
        "account.account", string="Owner rent expense", check_company=True
    )
    svk_guarantee_cost_account_id = fields.Many2one(
        "account.account", string="Guarantee cost", check_company=True
    )
    svk_rent_journal_id = fields.Many2one(
        "account.journal",
        string="Rent journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
    )
    svk_owner_journal_id = fields.Many2one(
        "account.journal",
        string="Owner rent journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
    )
    svk_owner_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Owner payment mode",
        check_company=True,
        help="Owner bills get this payment mode (SEPA credit transfer), so that they can be "
        "added to a payment order.",
    )
    svk_tenant_debit_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Tenant direct debit mode",
        check_company=True,
        help="Invoices of leases with a direct debit mandate get this payment mode.",
    )
    svk_rent_run_chunk = fields.Integer(
        string="Monthly run chunk size",
        default=200,
        help="Leases invoiced per transaction by the monthly run.",
    )
    svk_payment_plan_grace_days = fields.Integer(
        string="Payment plan grace (days)",
        default=10,
        help="A payment plan is broken when what was paid towards it is behind its "
        "schedule by more than this many days.",
    )

    _sql_constraints = [
        (
            "svk_contract_expiry_lead_days_positive",
            "CHECK(svk_contract_expiry_lead_days >= 0)",
            "The owner contract expiry warning cannot be negative.",
        ),
        (
            "svk_lease_beyond_contract_lead_days_positive",
            "CHECK(svk_lease_beyond_contract_lead_days >= 0)",
            "The warning about leases beyond an owner contract cannot be negative.",
        ),
        (
            "svk_rent_run_chunk_positive",
            "CHECK(svk_rent_run_chunk > 0)",
            "The monthly run's chunk size must be positive.",
        ),
    ]

    def _svk_check_accounting(self):
        """Before a run: the rent cycle's accounts, journals and payment modes are set
        (they come with the Belgian chart of accounts: account_chart_template.py)."""
        for company in self:
            missing = [
                company._fields[field].get_description(self.env)["string"]
                for field in RENT_CYCLE_FIELDS
                if not company[field]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "%(company)s cannot invoice rent yet: set %(fields)s in Settings ‣ "
                        "Housing ‣ Rent cycle (a Belgian chart of accounts, l10n_be, fills "
                        "them in).",
                        company=company.name,
                        fields=", ".join(missing),
                    )
                )
