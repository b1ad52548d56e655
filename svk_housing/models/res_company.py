from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_contract_expiry_lead_days = fields.Integer(
        string="Owner contract expiry warning (days)",
        default=180,
        help="How many days before an owner contract ends its responsible person gets an "
        "activity to renew or end it.",
    )
    svk_analytic_plan_id = fields.Many2one(
        "account.analytic.plan",
        string="Analytic plan of sites",
        help="Plan under which every building gets its analytic account, so that rent "
        "income and costs read per site.",
    )

    _sql_constraints = [
        (
            "svk_contract_expiry_lead_days_positive",
            "CHECK(svk_contract_expiry_lead_days >= 0)",
            "The owner contract expiry warning cannot be negative.",
        ),
    ]
