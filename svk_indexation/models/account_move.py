from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    svk_kind = fields.Selection(
        selection_add=[("indexation", "Indexation catch-up")],
        ondelete={"indexation": "set null"},
    )

    @api.model
    def _svk_tenant_kinds(self):
        # an indexation catch-up is rent: paid and scheduled with it
        return [*super()._svk_tenant_kinds(), "indexation"]
