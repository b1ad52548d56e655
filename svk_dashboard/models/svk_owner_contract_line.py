from odoo import api, models

from .svk_occupancy_report import CONTRACT_LINE_FIELDS


class SvkOwnerContractLine(models.Model):
    _inherit = "svk.owner.contract.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self.env["svk.occupancy.report"]._refresh(lines.unit_id.ids)
        return lines

    def write(self, vals):
        units = self.unit_id if set(CONTRACT_LINE_FIELDS) & set(vals) else self.unit_id.browse()
        result = super().write(vals)
        if units:
            self.env["svk.occupancy.report"]._refresh((units | self.unit_id).ids)
        return result

    def unlink(self):
        units = self.unit_id
        result = super().unlink()
        self.env["svk.occupancy.report"]._refresh(units.ids)
        return result
