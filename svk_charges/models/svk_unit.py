from odoo import fields, models


class SvkUnit(models.Model):
    _inherit = "svk.unit"

    meter_reading_ids = fields.One2many("svk.meter.reading", "unit_id", string="Meter readings")
