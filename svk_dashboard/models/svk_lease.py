from odoo import api, models

from .svk_occupancy_report import LEASE_FIELDS


class SvkLease(models.Model):
    _inherit = "svk.lease"

    @api.model_create_multi
    def create(self, vals_list):
        leases = super().create(vals_list)
        self.env["svk.occupancy.report"]._refresh(leases.unit_id.ids)
        return leases

    def write(self, vals):
        units = self.unit_id if set(LEASE_FIELDS) & set(vals) else self.unit_id.browse()
        result = super().write(vals)
        if units:
            self.env["svk.occupancy.report"]._refresh((units | self.unit_id).ids)
        return result

    def unlink(self):
        units = self.unit_id
        result = super().unlink()
        self.env["svk.occupancy.report"]._refresh(units.ids)
        return result
