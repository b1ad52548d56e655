from odoo import fields, models


class SvkUnit(models.Model):
    _inherit = "svk.unit"

    svk_message_count = fields.Integer(
        compute="_compute_svk_message_count", string="Tenant messages"
    )

    def _svk_tenants(self):
        return self.lease_ids.filtered(lambda lease: lease.state in ("active", "notice")).tenant_id

    def _compute_svk_message_count(self):
        counts = self.env["svk.message"]._conversation_counts(self, "tenant_id")
        for unit in self:
            unit.svk_message_count = counts.get(unit.id, 0)

    def action_svk_conversation(self):
        return self.env["svk.message"]._action_conversation(self._svk_tenants())

    def action_svk_write(self):
        self.ensure_one()
        lease = self.lease_ids.filtered(lambda lease: lease.state in ("active", "notice"))[:1]
        return self.env["svk.message.composer"]._action_open(lease.tenant_id, lease)
