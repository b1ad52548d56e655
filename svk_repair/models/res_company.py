from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_repair_expense_account_id = fields.Many2one(
        "account.account",
        string="Repairs expense",
        check_company=True,
        help="The account of contractors' repair bills: the agency's cost until who pays "
        "is decided.",
    )
    svk_repair_recharge_account_id = fields.Many2one(
        "account.account",
        string="Repairs recharged",
        check_company=True,
        help="What a tenant or an owner pays back of a repair: their invoice, or the "
        "deduction from the owner's bill, is booked here.",
    )
    svk_repair_user_id = fields.Many2one(
        "res.users",
        string="Technical team",
        help="Gets an activity for each urgent repair request (no heating or water, a "
        "leak, no lock), due within 24 hours.",
    )
