from odoo import models
from odoo.exceptions import UserError

from odoo.addons.svk_messaging.models.svk_message_inbound import keyword

# a tenant's short yes to the proposed visit, in the suite's languages
CONFIRM_WORDS = {"OK", "OKAY", "OUI", "JA", "YES", "DACCORD", "AKKOORD", "CONFIRM"}


class SvkMessage(models.Model):
    _inherit = "svk.message"

    def _land_in_chatter(self):
        """A tenant who answers "OK" (oui, ja, yes...) to the visit proposed to them
        confirms it, when exactly one visit waits for their answer."""
        result = super()._land_in_chatter()
        for message in self.filtered(lambda m: keyword(m.body) in CONFIRM_WORDS):
            visits = (
                self.env["svk.repair.request"]
                .sudo()
                .search(
                    [
                        ("tenant_id", "=", message.partner_id.id),
                        ("company_id", "=", message.company_id.id),
                        ("state", "=", "planned"),
                        ("visit_state", "=", "proposed"),
                    ]
                )
            )
            if len(visits) == 1:
                visits._portal_answer_visit(True)
        return result

    def action_make_repair_request(self):
        """From a tenant's message (the triage list or the conversation): a repair request
        on their running lease, with the message's text and files."""
        self.ensure_one()
        if self.direction != "in":
            raise UserError(
                self.env._("Only a message received from a tenant can become a repair.")
            )
        if not self.partner_id:
            raise UserError(
                self.env._("Attach the message to its contact first: whose home is it?")
            )
        leases = self.env["svk.lease"].search(
            [
                ("tenant_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("active", "notice")),
            ],
            order="date_start desc",
        )
        if not leases:
            raise UserError(
                self.env._(
                    "%(name)s has no running lease: create the repair request by hand.",
                    name=self.partner_id.name,
                )
            )
        lease = self.lease_id if self.lease_id in leases else leases[0]
        request = self.env["svk.repair.request"].create(
            {
                "company_id": self.company_id.id,
                "lease_id": lease.id,
                "description": self.body or "",
                "source": "message",
                "message_id": self.id,
            }
        )
        request._copy_message_files(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "svk.repair.request",
            "res_id": request.id,
            "view_mode": "form",
        }
