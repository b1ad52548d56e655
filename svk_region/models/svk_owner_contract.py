from odoo import fields, models

EXIT_REASONS = [
    ("term", "End of term"),
    ("notice", "Notice given"),
    ("owner_notice", "Notice by the owner"),
    ("agency_notice", "Notice by the agency"),
    ("sale", "Unit sold"),
    ("unfit", "Unit unfit or under works"),
    ("mutual", "Mutual agreement"),
    ("other", "Other"),
]


class SvkOwnerContract(models.Model):
    _inherit = "svk.owner.contract"

    svk_exit_reason = fields.Selection(
        EXIT_REASONS,
        string="Why the units leave the stock",
        tracking=True,
        copy=False,
        help="Reported to the Region with the units that left the agency's stock. Left "
        "empty: notice given when a notice date is set, otherwise the end of the term.",
    )

    def _svk_exit_reason(self):
        """Why the contract's units left the stock, as the Region's inventory says it."""
        self.ensure_one()
        if self.svk_exit_reason:
            return self.svk_exit_reason
        return "notice" if self.date_notice else "term"
