from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    svk_kind = fields.Selection(
        selection_add=[("indexation", "Indexation catch-up")],
        ondelete={"indexation": "set null"},
    )
