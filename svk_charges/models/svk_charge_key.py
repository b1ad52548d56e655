from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.svk_housing.models.svk_meter import METER_TYPES

from .svk_charge_type import KEY_METHODS


class SvkChargeKey(models.Model):
    """How a building shares one charge type among its units.

    The key's total counts every unit that shares the cost over the whole period, let or
    not: the part of a unit nobody rents stays with the agency instead of being spread
    on the other tenants."""

    _name = "svk.charge.key"
    _description = "Distribution key"
    _order = "building_id, charge_type_id"
    _check_company_auto = True

    building_id = fields.Many2one(
        "svk.building", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="building_id.company_id", store=True, index=True)
    charge_type_id = fields.Many2one(
        "svk.charge.type",
        string="Charge type",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    method = fields.Selection(
        KEY_METHODS,
        string="Key",
        compute="_compute_method",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    meter_type = fields.Selection(
        METER_TYPES,
        compute="_compute_method",
        store=True,
        readonly=False,
        precompute=True,
        help="The units' meters whose consumption over the period shares the cost.",
    )
    unit_ids = fields.Many2many(
        "svk.unit",
        string="Units sharing the cost",
        check_company=True,
        domain="[('building_id', '=', building_id)]",
        help="Leave empty when every unit of the building shares it (the lift's maintenance "
        "may leave the ground floor out, for instance).",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "building_type_unique",
            "UNIQUE(building_id, charge_type_id)",
            "A building has one key per charge type.",
        ),
    ]

    @api.depends("charge_type_id")
    def _compute_method(self):
        for key in self:
            key.method = key.charge_type_id.default_method or key.method or "equal"
            key.meter_type = key.charge_type_id.default_meter_type or key.meter_type

    @api.constrains("method", "meter_type")
    def _check_meter_type(self):
        for key in self:
            if key.method == "meter" and not key.meter_type:
                raise ValidationError(
                    self.env._(
                        "Which meters share %(type)s in %(building)s?",
                        type=key.charge_type_id.name,
                        building=key.building_id.name,
                    )
                )

    @api.constrains("unit_ids", "building_id")
    def _check_units(self):
        for key in self:
            if key.unit_ids.building_id - key.building_id:
                raise ValidationError(
                    self.env._(
                        "The key of %(type)s in %(building)s shares it among the building's own "
                        "units only.",
                        type=key.charge_type_id.name,
                        building=key.building_id.name,
                    )
                )

    # ------------------------------------------------------------ quantities
    def _units(self):
        """The units that share the cost: the key's, or every unit of the building."""
        self.ensure_one()
        return self.unit_ids or self.building_id.unit_ids

    def _quantities(self, date_from, date_to, spans):
        """The key over the period [date_from, date_to]: ({lease id: its quantity},
        the total quantity of every unit that shares the cost). `spans` is
        {lease: (first day, last day, days)} of each lease within the period; a lease
        whose unit does not share the cost has no quantity."""
        self.ensure_one()
        units = self._units()
        spans = {lease: span for lease, span in spans.items() if lease.unit_id in units}
        period_days = (date_to - date_from).days + 1
        return getattr(self, f"_quantities_{self.method}")(
            units, date_from, date_to, period_days, spans
        )

    def _quantities_equal(self, units, date_from, date_to, period_days, spans):
        # one share per unit; a lease holds its unit's share for the days it ran
        quantities = {lease.id: days / period_days for lease, (_f, _l, days) in spans.items()}
        return quantities, float(len(units))

    def _quantities_surface(self, units, date_from, date_to, period_days, spans):
        # m² per unit; a lease holds its unit's surface for the days it ran
        missing = units.filtered(lambda unit: unit.surface <= 0)
        if missing:
            raise UserError(
                self.env._(
                    "%(type)s is shared by surface in %(building)s, but these units have no "
                    "surface: %(units)s. Fill it in on the unit, or leave the unit out of the "
                    "key.",
                    type=self.charge_type_id.name,
                    building=self.building_id.name,
                    units=", ".join(missing.mapped("display_name")),
                )
            )
        quantities = {
            lease.id: lease.unit_id.surface * days / period_days
            for lease, (_f, _l, days) in spans.items()
        }
        return quantities, sum(units.mapped("surface"))

    def _quantities_days(self, units, date_from, date_to, period_days, spans):
        # every unit counts every day of the period
        quantities = {lease.id: float(days) for lease, (_f, _l, days) in spans.items()}
        return quantities, float(len(units) * period_days)

    def _quantities_meter(self, units, date_from, date_to, period_days, spans):
        # each unit's meters of the type, read over the period and over each lease's days
        Reading = self.env["svk.meter.reading"]
        series = self._meter_series(units, date_from, date_to)
        total = sum(
            Reading._consumption(points, date_from, date_to)
            for unit in units
            for points in series[unit.id]
        )
        quantities = {
            lease.id: sum(
                Reading._consumption(points, first, last) for points in series[lease.unit_id.id]
            )
            for lease, (first, last, _days) in spans.items()
        }
        return quantities, total

    def _meter_series(self, units, date_from, date_to):
        """{unit id: [readings of each of its meters of the key's type]} over the period;
        a clear error for every unit or meter whose consumption cannot be read."""
        meters = (
            self.env["svk.meter"]
            .with_context(active_test=False)
            .search([("unit_id", "in", units.ids), ("meter_type", "=", self.meter_type)])
        )
        series = self.env["svk.meter.reading"]._series(meters, date_from, date_to)
        by_unit = defaultdict(list)
        problems = []
        meter_label = dict(
            self.env["svk.meter"]._fields["meter_type"]._description_selection(self.env)
        )[self.meter_type]
        for meter in meters:
            points = series.get(meter.id, [])
            in_period = [day for day, _value in points if day >= date_from]
            if not in_period and not meter.active:
                continue  # a meter replaced before the period
            if len(points) < 2 or not in_period:
                problems.append(
                    self.env._(
                        "%(unit)s: meter %(meter)s has no readings for the period (it needs "
                        "one at its start or before, and one later within it)",
                        unit=meter.unit_id.display_name,
                        meter=meter.display_name,
                    )
                )
                continue
            by_unit[meter.unit_id.id].append(points)
        for unit in units.filtered(lambda unit: unit not in meters.unit_id):
            problems.append(
                self.env._(
                    "%(unit)s has no %(meter_type)s meter",
                    unit=unit.display_name,
                    meter_type=meter_label.lower(),
                )
            )
        if problems:
            raise UserError(
                self.env._(
                    "%(type)s is shared by meter readings in %(building)s, but the consumption "
                    "between %(start)s and %(end)s cannot be read:\n%(problems)s\nRecord the "
                    "readings on the unit (Meter readings tab), or leave the unit out of the "
                    "key.",
                    type=self.charge_type_id.name,
                    building=self.building_id.name,
                    start=format_date(self.env, date_from),
                    end=format_date(self.env, date_to),
                    problems="\n".join(f"- {problem}" for problem in problems),
                )
            )
        return by_unit
