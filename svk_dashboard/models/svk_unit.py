from odoo import models

from .svk_occupancy_report import UNIT_FIELDS


class SvkUnit(models.Model):
    _inherit = "svk.unit"

    def write(self, vals):
        result = super().write(vals)
        if set(UNIT_FIELDS) & set(vals):
            self.env["svk.occupancy.report"]._refresh(self.ids)
        return result
