from collections import defaultdict
from datetime import timedelta
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class SvkMeterReading(models.Model):
    """An index read on a unit's meter (by the tenant, at an inspection, by the
    supplier). A meter's consumption between two days is read between its readings,
    linearly in time: a reading at each tenant's entry and exit makes it exact."""

    _name = "svk.meter.reading"
    _description = "Meter reading"
    _order = "meter_id, date desc, id desc"
    _check_company_auto = True

    meter_id = fields.Many2one(
        "svk.meter", required=True, ondelete="cascade", index=True, check_company=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    value = fields.Float(string="Index", required=True, digits=(16, 3))
    meter_type = fields.Selection(related="meter_id.meter_type", store=True)
    unit_id = fields.Many2one(related="meter_id.unit_id", store=True, index=True)
    building_id = fields.Many2one(
        related="meter_id.unit_id.building_id", store=True, string="Building"
    )
    company_id = fields.Many2one(related="meter_id.company_id", store=True, index=True)
    note = fields.Char(help="Who read it, or why (entry inspection, supplier's bill...).")

    _sql_constraints = [
        ("meter_date_unique", "UNIQUE(meter_id, date)", "A meter has one reading a day."),
        ("value_positive", "CHECK(value >= 0)", "A meter index cannot be negative."),
    ]

    @api.depends("meter_id", "date", "value")
    def _compute_display_name(self):
        for reading in self:
            reading.display_name = (
                f"{reading.meter_id.display_name} {format_date(self.env, reading.date)}"
            )

    @api.constrains("meter_id", "date", "value")
    def _check_index_grows(self):
        """A meter's index only grows: a lower value is a typing error, or a new meter
        (record the new meter, and archive the old one)."""
        readings = self.search([("meter_id", "in", self.meter_id.ids)], order="meter_id, date, id")
        for _meter, points in readings.grouped("meter_id").items():
            for before, after in pairwise(points):
                if after.value < before.value:
                    raise ValidationError(
                        self.env._(
                            "The index of %(meter)s on %(date)s (%(value)s) is lower than on "
                            "%(before_date)s (%(before_value)s). A replaced meter is a new "
                            "meter: record it, and archive the old one.",
                            meter=after.meter_id.display_name,
                            date=format_date(self.env, after.date),
                            value=after.value,
                            before_date=format_date(self.env, before.date),
                            before_value=before.value,
                        )
                    )

    @api.model
    def _series(self, meters, date_from, date_to):
        """{meter id: [(date, index)]}, oldest first: the readings that measure the
        period [date_from, date_to], i.e. those within it and the last one before it
        (the opening index, read on 31 December for instance)."""
        series = defaultdict(list)
        readings = self.search_fetch(
            [("meter_id", "in", meters.ids), ("date", "<=", date_to)],
            ["meter_id", "date", "value"],
            order="meter_id, date",
        )
        for reading in readings:
            points = series[reading.meter_id.id]
            if reading.date < date_from and points:
                points[-1] = (reading.date, reading.value)  # a later opening index
            else:
                points.append((reading.date, reading.value))
        return series

    @api.model
    def _index_at(self, points, day):
        """The index at the end of `day`, read between the readings around it, linearly
        in time; before the first reading the first one, after the last one the last."""
        if day <= points[0][0]:
            return points[0][1]
        if day >= points[-1][0]:
            return points[-1][1]
        for (day_before, before), (day_after, after) in pairwise(points):
            if day <= day_after:
                return (
                    before
                    + (after - before) * (day - day_before).days / (day_after - day_before).days
                )
        return points[-1][1]

    @api.model
    def _consumption(self, points, first, last):
        """What the meter counted from the start of day `first` to the end of day
        `last`, from its readings `points` [(date, index)]."""
        return self._index_at(points, last) - self._index_at(points, first - timedelta(days=1))
