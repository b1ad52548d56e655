from odoo import fields, models


class SvkMeter(models.Model):
    _inherit = "svk.meter"

    reading_ids = fields.One2many("svk.meter.reading", "meter_id", string="Readings")
    reading_count = fields.Integer(string="Number of readings", compute="_compute_last_reading")
    last_reading_date = fields.Date(string="Last reading", compute="_compute_last_reading")

    def _compute_last_reading(self):
        counts = {
            meter: (count, last)
            for meter, count, last in self.env["svk.meter.reading"]._read_group(
                [("meter_id", "in", self.ids)], ["meter_id"], ["__count", "date:max"]
            )
        }
        for meter in self:
            meter.reading_count, meter.last_reading_date = counts.get(meter, (0, False))

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "svk_charges.svk_meter_reading_action"
        )
        action["domain"] = [("meter_id", "=", self.id)]
        action["context"] = {"default_meter_id": self.id}
        return action
