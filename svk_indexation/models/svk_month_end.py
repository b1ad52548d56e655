from odoo import models
from odoo.tools.date_utils import get_month


class SvkMonthEnd(models.Model):
    _inherit = "svk.month.end"

    def _owner_bills(self):
        """The owners' indexation catch-ups are paid with the months' bills they were
        made in."""
        bills = super()._owner_bills()
        periods = self._periods()
        if not periods:
            return bills
        return bills | self.env["account.move"].search(
            [
                ("company_id", "in", self.company_id.ids),
                ("svk_kind", "=", "indexation"),
                ("svk_owner_contract_id", "!=", False),
                ("state", "=", "posted"),
                ("invoice_date", ">=", min(periods)),
                ("invoice_date", "<=", get_month(max(periods))[1]),
            ]
        )
