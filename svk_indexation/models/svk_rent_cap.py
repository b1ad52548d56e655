from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.svk_housing.models.svk_unit import UNIT_TYPES


class SvkRentCap(models.Model):
    """The agency rent caps of the 2015 decree (arts 16-17): the most a tenant pays, and
    the most an owner receives, by unit type and bedrooms, each row valid for its dates
    (indexed each 1 January). Shipped empty: the amounts are the region's."""

    _name = "svk.rent.cap"
    _description = "Agency rent cap"
    _order = "date_from desc, unit_type, bedrooms"

    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the cap applies to every agency."
    )
    date_from = fields.Date(string="Valid from", required=True)
    date_to = fields.Date(string="Valid until")
    unit_type = fields.Selection(UNIT_TYPES, required=True)
    bedrooms = fields.Integer(
        required=True, help="Number of bedrooms; the highest row also covers larger units."
    )
    tenant_rent_max = fields.Float(string="Tenant rent at most", digits=(10, 2))
    owner_rent_max = fields.Float(string="Owner rent at most", digits=(10, 2))

    _sql_constraints = [
        ("bedrooms_positive", "CHECK(bedrooms >= 0)", "Bedrooms cannot be negative."),
        (
            "dates_order",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A cap cannot end before it starts.",
        ),
    ]

    @api.constrains("date_from", "date_to", "unit_type", "bedrooms", "company_id")
    def _check_overlap(self):
        for cap in self:
            domain = [
                ("id", "!=", cap.id),
                ("unit_type", "=", cap.unit_type),
                ("bedrooms", "=", cap.bedrooms),
                ("company_id", "=", cap.company_id.id),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", cap.date_from),
            ]
            if cap.date_to:
                domain.append(("date_from", "<=", cap.date_to))
            if self.search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "Two caps for the same unit type and bedrooms overlap in time (from "
                        "%(date)s).",
                        date=cap.date_from,
                    )
                )

    @api.model
    def _cap_for(self, unit, day, company):
        """The cap row for `unit` on `day`: the agency's own row before the region's; for
        more bedrooms than any row has, the row with the most."""
        rows = self.search(
            [
                ("unit_type", "=", unit.unit_type),
                ("date_from", "<=", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
                ("company_id", "in", [company.id, False]),
            ]
        )
        if not rows:
            return self.browse()
        own = rows.filtered("company_id") or rows
        exact = own.filtered(lambda row: row.bedrooms == unit.bedrooms)
        if exact:
            return exact[:1]
        below = own.filtered(lambda row: row.bedrooms < unit.bedrooms)
        return below.sorted("bedrooms")[-1:] if below else self.browse()
