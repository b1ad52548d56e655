from odoo import api, fields, models

from .svk_messaging_provider import WHATSAPP_FALLBACK_ERRORS

# a status report never moves a message back (reports may arrive out of order)
STATE_RANK = {"queued": 0, "sent": 1, "delivered": 2, "read": 3, "failed": 4}


class SvkMessageStatus(models.AbstractModel):
    """Status: the provider's delivery reports, reflected on Odoo's SMS notification, and
    the fall back to the next channel when WhatsApp could not deliver."""

    _name = "svk.message.status"
    _description = "Tenant message: delivery status"

    @api.model
    def _update_status(self, provider, ref, state, error_code="", error_message=""):
        """A provider's status report. Idempotent, and never moves a message back."""
        message = self.sudo().search(
            [("provider_id", "=", provider.id), ("provider_ref", "=", ref)], limit=1
        )
        if not message or message.direction != "out":
            return False
        if state == message.state or STATE_RANK.get(state, 0) < STATE_RANK[message.state]:
            return message
        if message.state == "failed":
            return message
        now = fields.Datetime.now()
        values = {"state": state}
        if state == "sent":
            values["date_sent"] = message.date_sent or now
        elif state == "delivered":
            values["date_delivered"] = now
        elif state == "read":
            values.update(date_read=now, date_delivered=message.date_delivered or now)
        elif state == "failed":
            values.update(error_code=error_code, failure_reason=error_message or error_code)
        message.write(values)
        message._update_sms_tracker()
        if state == "failed":
            message._fall_back()
        return message

    def _update_sms_tracker(self):
        """Reflect the provider's report on Odoo's SMS notification (chatter icon)."""
        for message in self.filtered("sms_uuid"):
            tracker = self.env["sms.tracker"].sudo().search([("sms_uuid", "=", message.sms_uuid)])
            if message.state in ("delivered", "read"):
                tracker._action_update_from_sms_state("sent")
            elif message.state == "failed":
                tracker._update_sms_notifications(
                    "exception", failure_type="unknown", failure_reason=message.failure_reason
                )
            if tracker:
                tracker.mail_notification_id.mail_message_id._notify_message_notification_update()

    def _fall_back(self):
        """A WhatsApp message the provider could not deliver goes by the next channel."""
        self.ensure_one()
        if (
            self.channel != "whatsapp"
            or self.error_code not in WHATSAPP_FALLBACK_ERRORS
            or self.fallback_ids
            or not self.partner_id
        ):
            return
        self.with_delay(
            channel="root.svk_messaging",
            description=self.env._(
                "Fall back from WhatsApp for %(name)s", name=self.partner_id.name
            ),
        )._job_fall_back()

    def _job_fall_back(self):
        # queued by a provider's webhook (the public user): the agency's own processing
        message = self.sudo()
        message.ensure_one()
        if message.fallback_ids:
            return
        channels = [c for c in message.partner_id._svk_channels() if c != "whatsapp"]
        attempt = message._send_to_partner(
            message.partner_id,
            message.company_id,
            body=message.body,
            record=message.lease_id or None,
            channels=channels,
            mass=message.mass_id or None,
            fallback_of=message,
        )
        # a mass message's recipient shows the attempt that finally took the message
        self.env["svk.message.mass.recipient"].sudo().search(
            [("message_id", "=", message.id)]
        ).write({"message_id": attempt.id})
