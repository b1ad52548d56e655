from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.svk_housing.models.svk_unit import UNIT_TYPES

from ..formula import GOOD_EPC

EPC_SCOPES = [
    ("all", "Any EPC"),
    ("good", "EPC A to D"),
    ("E", "EPC E"),
    ("poor", "EPC F, G or none"),
]


def epc_scope(epc):
    """The EPC scope a unit's cap row is looked up in."""
    if epc in GOOD_EPC:
        return "good"
    return "E" if epc == "E" else "poor"


class SvkRentCap(models.Model):
    """The agency rent caps of the 2015 decree (arts 16-17): the most a tenant pays, and
    the most an owner receives, by unit type and bedrooms (a studio: 0), each row valid
    for its dates (indexed each 1 January), raised by the zone uplift for a unit in the
    zone, and, for a year whose indexation depended on the EPC (2023: E indexed in part),
    one row per EPC scope. Shipped empty: the amounts are the region's."""

    _name = "svk.rent.cap"
    _description = "Agency rent cap"
    _order = "date_from desc, unit_type, bedrooms, epc_scope"

    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the cap applies to every agency."
    )
    date_from = fields.Date(string="Valid from", required=True)
    date_to = fields.Date(string="Valid until")
    unit_type = fields.Selection(UNIT_TYPES, required=True)
    bedrooms = fields.Integer(
        required=True,
        help="Number of bedrooms (a studio: 0); the highest row also covers larger units.",
    )
    epc_scope = fields.Selection(
        EPC_SCOPES,
        string="For EPC",
        required=True,
        default="all",
        help="Rows of a year whose indexation depended on the unit's EPC (1 January 2023: "
        "A to D in full, E in part, F, G or none not at all): the unit's EPC picks its row; "
        "'Any EPC' serves the others.",
    )
    tenant_rent_max = fields.Float(string="Tenant rent at most", digits=(10, 2))
    owner_rent_max = fields.Float(string="Owner rent at most", digits=(10, 2))
    zone_uplift_percent = fields.Float(
        string="Zone uplift (%)",
        digits=(5, 2),
        default=10.0,
        help="How much more both caps are for a unit in the zone the decree names (a unit's "
        "'Rent cap zone uplift').",
    )

    _sql_constraints = [
        ("bedrooms_positive", "CHECK(bedrooms >= 0)", "Bedrooms cannot be negative."),
        (
            "dates_order",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A cap cannot end before it starts.",
        ),
        (
            "uplift_positive",
            "CHECK(zone_uplift_percent >= 0)",
            "The zone uplift cannot be negative.",
        ),
    ]

    @api.constrains("date_from", "date_to", "unit_type", "bedrooms", "company_id", "epc_scope")
    def _check_overlap(self):
        for cap in self:
            domain = [
                ("id", "!=", cap.id),
                ("unit_type", "=", cap.unit_type),
                ("bedrooms", "=", cap.bedrooms),
                ("epc_scope", "=", cap.epc_scope),
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
                        "Two caps for the same unit type, bedrooms and EPC overlap in time "
                        "(from %(date)s).",
                        date=cap.date_from,
                    )
                )

    @api.model
    def _rows_on(self, day, companies):
        """Every cap row valid on `day` for these agencies (and the region's): read once,
        then picked per unit with `_pick`."""
        return self.search(
            [
                ("date_from", "<=", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
                ("company_id", "in", [*companies.ids, False]),
            ]
        )

    @api.model
    def _pick(self, rows, unit):
        """The row of `rows` (one day's) for `unit`: its agency's own rows before the
        region's; the unit's EPC scope before 'Any EPC'; its type (a studio without a
        studio row: an apartment of 0 bedrooms); its bedrooms, or the row with the most
        below them."""
        rows = rows.filtered(lambda row: not row.company_id or row.company_id == unit.company_id)
        rows = rows.filtered("company_id") or rows
        scoped = rows.filtered(lambda row: row.epc_scope == epc_scope(unit.epc_class))
        rows = scoped or rows.filtered(lambda row: row.epc_scope == "all")
        bedrooms = unit.bedrooms or 0
        kinds = [(unit.unit_type, bedrooms)]
        if unit.unit_type == "studio":
            kinds.append(("apartment", 0))
        for kind, rooms in kinds:
            of_kind = rows.filtered(lambda row, kind=kind: row.unit_type == kind)
            exact = of_kind.filtered(lambda row, rooms=rooms: row.bedrooms == rooms)
            if exact:
                return exact[:1]
            below = of_kind.filtered(lambda row, rooms=rooms: row.bedrooms < rooms)
            if below:
                return below.sorted("bedrooms")[-1:]
        return self.browse()

    def _amount(self, unit, kind):
        """This row's cap for `unit`: the tenant's or the owner's (`kind`), raised by the
        zone uplift for a unit in the zone; 0.0 when the row has none."""
        if not self:
            return 0.0
        self.ensure_one()
        amount = self.tenant_rent_max if kind == "tenant" else self.owner_rent_max
        if amount and unit.rent_cap_uplift:
            amount *= 1 + self.zone_uplift_percent / 100
        return self.env.company.currency_id.round(amount)

    @api.model
    def _cap_for(self, unit, day, company):
        """The cap row for `unit` on `day` in `company`."""
        return self._pick(self._rows_on(day, company), unit)

    @api.model
    def _caps_of(self, units, day):
        """{unit id: (tenant rent at most, owner rent at most)} on `day`, the zone uplift
        applied, 0.0 where no cap is set: the caps read once for all the units."""
        rows = self._rows_on(day, units.company_id)
        caps = {}
        for unit in units:
            row = self._pick(rows, unit)
            caps[unit.id] = (row._amount(unit, "tenant"), row._amount(unit, "owner"))
        return caps
