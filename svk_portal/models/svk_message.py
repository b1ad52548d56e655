from odoo import api, fields, models


class SvkMessage(models.Model):
    _inherit = "svk.message"

    channel = fields.Selection(selection_add=[("portal", "Portal")], ondelete={"portal": "cascade"})

    @api.model
    def _receive_from_portal(self, partner, company, body):
        """A tenant's message written on the portal: the same inbound record as an SMS
        reply, posted in their chatter by the same method, with the same activity for the
        staff member who follows them."""
        message = self.sudo().create(
            {
                "company_id": company.id,
                "direction": "in",
                "channel": "portal",
                "number": False,
                "body": body,
                "state": "received",
                "partner_id": partner.id,
                "needs_triage": False,
            }
        )
        message._land_in_chatter()
        return message
