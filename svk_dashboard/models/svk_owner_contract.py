from odoo import models

from .svk_occupancy_report import CONTRACT_FIELDS


class SvkOwnerContract(models.Model):
    _inherit = "svk.owner.contract"

    def write(self, vals):
        result = super().write(vals)
        if set(CONTRACT_FIELDS) & set(vals):
            self.env["svk.occupancy.report"]._refresh(self.line_ids.unit_id.ids)
        return result

    def unlink(self):
        units = self.line_ids.unit_id
        result = super().unlink()
        self.env["svk.occupancy.report"]._refresh(units.ids)
        return result
