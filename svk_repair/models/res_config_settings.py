from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    svk_repair_expense_account_id = fields.Many2one(
        related="company_id.svk_repair_expense_account_id", readonly=False
    )
    svk_repair_recharge_account_id = fields.Many2one(
        related="company_id.svk_repair_recharge_account_id", readonly=False
    )
    svk_repair_user_id = fields.Many2one(
        related="company_id.svk_repair_user_id",
        readonly=False,
        domain="[('share', '=', False)]",
    )
