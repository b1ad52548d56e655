from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.date_utils import get_month

from odoo.addons.svk_housing.models.action_scope import in_action_scope
from odoo.addons.svk_housing.rules import days_in_month, month_days_covered

from .svk_rent_history import record_manual_change, rent_of_days


def anniversary(start, year):
    """The anniversary of a date in `year` (29 February falls on the 28th)."""
    day = min(start.day, days_in_month(start.replace(year=year, day=1)))
    return start.replace(year=year, day=day)


def last_anniversary_month(start, today):
    """The month before the last anniversary of `start` on or before `today` (at least a
    year after it), or None for a lease younger than a year."""
    if anniversary(start, start.year + 1) > today:
        return None
    year = today.year if anniversary(start, today.year) <= today else today.year - 1
    return (anniversary(start, year) - relativedelta(months=1)).replace(day=1)


class SvkLease(models.Model):
    _inherit = "svk.lease"

    base_rent = fields.Monetary(
        string="Base rent",
        tracking=True,
        help="The rent the lease was signed at: each indexation starts from it (base rent "
        "× new index ÷ start index).",
    )
    epc_handed_over = fields.Boolean(
        string="EPC handed over",
        tracking=True,
        help="The tenant received the unit's energy performance certificate: without it the "
        "rent is not indexed.",
    )
    index_start_month = fields.Date(
        string="Start index month",
        tracking=True,
        help="The month of the index the base rent stands at. Empty: the month before "
        "signature. A lease that came into the suite already running (an import, the "
        "installation) has its rent of then as base rent, at the index of the month before "
        "its last anniversary.",
    )
    rent_history_ids = fields.One2many("svk.rent.history", "lease_id", string="Rent history")
    indexation_line_ids = fields.One2many(
        "svk.indexation.line", "lease_id", string="Indexations", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("base_rent") and vals.get("rent"):
                vals["base_rent"] = vals["rent"]
        return super().create(vals_list)

    @api.model
    def _svk_running_vals(self, vals):
        vals = super()._svk_running_vals(vals)
        if not vals.get("base_rent") and vals.get("rent") and vals.get("date_start"):
            # a running lease brought in from an agency's files: its rent is the one of
            # its last anniversary, not of its signature
            today = fields.Date.context_today(self)
            month = last_anniversary_month(fields.Date.to_date(vals["date_start"]), today)
            if month:
                vals.setdefault("index_start_month", month)
        return vals

    def write(self, vals):
        if "rent" in vals and not in_action_scope("svk.rent.indexation"):
            # a draft lease's rent is still its signature rent
            drafts = self.filtered(lambda lease: lease.state == "draft")
            if drafts:
                super(SvkLease, drafts).write({"base_rent": vals["rent"]})
            record_manual_change(
                self - drafts,
                "rent",
                vals,
                lambda lease: lease.company_id,
                fields.Date.context_today(self),
            )
        return super().write(vals)

    def _svk_rent_changes(self):
        """[(date, rent)] of the lease's rent history, oldest first."""
        self.ensure_one()
        return sorted((h.date_from, h.rent) for h in self.rent_history_ids)

    def _tenant_rent_of_period(self, period, fraction):
        changes = self._svk_rent_changes()
        if not changes:
            return super()._tenant_rent_of_period(period, fraction)
        first = get_month(period)[0]
        covered = month_days_covered(period, self.date_start, self.date_end)
        rent = rent_of_days(changes, self.rent, *covered) if covered else 0.0
        return rent - self.third_payer_amount * fraction - self._svk_caught_up(first)

    def _svk_caught_up(self, first):
        """What indexation catch-ups already invoiced for the month: a month invoiced
        again (its invoice cancelled, the month run anew) is not charged the difference
        twice. Only a past month can have one."""
        if first >= fields.Date.context_today(self).replace(day=1):
            return 0.0
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("svk_lease_id", "=", self.id),
                    ("svk_period", "=", first),
                    ("svk_kind", "=", "indexation"),
                    ("state", "!=", "cancel"),
                ],
                [],
                ["amount_untaxed_signed:sum"],
            )
        )
        return groups[0][0] or 0.0

    def _svk_anniversaries_in(self, first, last):
        """The lease's anniversaries between `first` and `last` (at least a year after it
        started)."""
        self.ensure_one()
        dates = []
        for year in range(max(first.year, self.date_start.year + 1), last.year + 1):
            day = anniversary(self.date_start, year)
            if first <= day <= last:
                dates.append(day)
        return dates

    def _svk_index_start_month(self):
        """The start index's month: the month before the lease was signed (or the one
        its base rent was set at, see index_start_month)."""
        if self.index_start_month:
            return self.index_start_month.replace(day=1)
        signed = self.date_signature or self.date_start
        return (signed - relativedelta(months=1)).replace(day=1)

    def _svk_tenant_documents(self):
        """The tenant's indexation letters (approved tenant lines) on their portal."""
        documents = super()._svk_tenant_documents()
        lines = (
            self.env["svk.indexation.line"]
            .sudo()
            .search(
                [("lease_id", "=", self.id), ("kind", "=", "tenant"), ("state", "=", "approved")],
                order="anniversary desc",
            )
        )
        for line in lines:
            documents.append(
                {
                    "name": self.env._("Indexation %(year)s", year=line.anniversary.year),
                    "date": line.effective_date or line.anniversary,
                    "kind": self.env._("Indexation letter"),
                    "record": line,
                    "report": "svk_indexation.action_report_indexation_letter",
                }
            )
        return documents
