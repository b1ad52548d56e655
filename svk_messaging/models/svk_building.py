from odoo import fields, models


class SvkBuilding(models.Model):
    _inherit = "svk.building"

    svk_message_count = fields.Integer(
        compute="_compute_svk_message_count", string="Tenant messages"
    )

    def _svk_leases(self):
        return self.env["svk.lease"].search(
            [("building_id", "in", self.ids), ("state", "in", ("active", "notice"))]
        )

    def _compute_svk_message_count(self):
        leases = self._svk_leases()
        counts = self.env["svk.message"]._conversation_counts(leases, "tenant_id")
        for building in self:
            building.svk_message_count = sum(
                counts.get(lease.id, 0) for lease in leases if lease.building_id == building
            )

    def action_svk_conversation(self):
        return self.env["svk.message"]._action_conversation(self._svk_leases().tenant_id)

    def action_svk_mass(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "svk.message.mass",
            "view_mode": "form",
            "context": {"default_target": "building", "default_building_ids": self.ids},
        }
