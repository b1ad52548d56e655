import logging

from odoo import fields, models

from odoo.addons.svk_housing.models.action_scope import action_value

_logger = logging.getLogger(__name__)

# how a refusal or a provider's error shows on Odoo's SMS record and notification
TWILIO_FAILURES = {
    "21211": "sms_number_format",
    "21614": "sms_number_format",
    "21408": "sms_country_not_supported",
    "21610": "sms_optout",
    "20003": "sms_acc",
    "20404": "sms_acc",
}


class SmsSms(models.Model):
    _inherit = "sms.sms"

    failure_type = fields.Selection(selection_add=[("svk_no_consent", "No consent (agency)")])

    def _svk_split_by_provider(self):
        """Yield (provider, SMS): the agency's provider of each SMS's company, or an empty
        provider for the SMS that stay on Odoo's IAP relay. The one place the route of an
        SMS is decided. Odoo 18.0 builds that have ``sms.sms._split_by_api`` (and core
        ``sms_twilio``) call such a hook from ``_send``: this method moves onto it as is."""
        Provider = self.env["svk.messaging.provider"]
        by_company = {}
        for sms in self:
            company = sms.mail_message_id.record_company_id or self.env.company
            by_company.setdefault(company, self.browse())
            by_company[company] |= sms
        for company, batch in by_company.items():
            yield Provider._for_company(company, "sms"), batch

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        on_iap = self.browse()
        for provider, batch in self._svk_split_by_provider():
            if provider:
                batch._svk_send_by(provider, unlink_failed=unlink_failed, unlink_sent=unlink_sent)
            else:
                on_iap |= batch
        if on_iap:
            return super(SmsSms, on_iap)._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )

    def _svk_send_by(self, provider, unlink_failed=False, unlink_sent=True):
        """Hand each SMS to the agency's provider, after the agency's rules (consent,
        opt-out, blacklist, a valid number), and keep an ``svk.message`` of it for its
        delivery reports."""
        Message = self.env["svk.message"].sudo()
        Partner = self.env["res.partner"]
        company = provider.company_id
        # what svk.message._transmit_sms knows of the message (never the context's)
        extra = action_value("svk.message.values") or {}
        records = []
        numbers = {sms.id: Partner._svk_e164(sms.number) for sms in self}
        # the rules' facts for the whole batch in a few queries (a mass SMS is one batch)
        facts = Message._facts(company, [number for number, __ in numbers.values()])
        for sms in self.sudo().with_context(sms_skip_msg_notification=True):
            number, error = numbers[sms.id]
            refusal = error or Message._refusal(company, "sms", number, facts)
            values = sms._svk_prepare_message_values(provider, number, extra)
            if refusal:
                sms._update_sms_state_and_trackers(
                    "error", failure_type=_failure_type(facts, number, error)
                )
                sms.to_delete = unlink_failed
                records.append({**values, "state": "failed", "failure_reason": refusal})
                continue
            records.append(
                {**values, **sms._svk_transmit(provider, number, unlink_failed, unlink_sent)}
            )
        Message.create(records)
        self.mail_message_id._notify_message_notification_update()

    def _svk_prepare_message_values(self, provider, number, extra):
        """The ``svk.message`` of this SMS, before the provider's answer: `extra` holds
        what the message sent through Odoo's SMS stack already knows."""
        self.ensure_one()
        return {
            "company_id": provider.company_id.id,
            "partner_id": self.partner_id.id,
            "body": self.body,
            **extra,
            "channel": "sms",
            "provider_id": provider.id,
            "number": number or self.number,
            "sms_uuid": self.uuid,
            "mail_message_id": self.mail_message_id.id,
        }

    def _svk_transmit(self, provider, number, unlink_failed, unlink_sent):
        """Hand this SMS to the provider and show its answer on Odoo's SMS record and
        notification. Returns the answer as ``svk.message`` values."""
        self.ensure_one()
        result = provider._send_sms(number, self.body)
        if result.ok:
            self._update_sms_state_and_trackers("pending")
            self.to_delete = unlink_sent
            return {
                "state": "sent",
                "provider_ref": result.ref,
                "segments": result.segments,
                "date_sent": fields.Datetime.now(),
                "cost": provider._message_cost(number, result.segments),
            }
        failure_type = (
            "sms_server" if result.transient else TWILIO_FAILURES.get(result.error_code, "unknown")
        )
        self.write({"state": "error", "failure_type": failure_type})
        self.sms_tracker_id._update_sms_notifications(
            "exception",
            failure_type=failure_type,
            failure_reason=result.error_message,
        )
        self.to_delete = unlink_failed
        return {
            "state": "failed",
            "error_code": result.error_code,
            "failure_reason": result.error_message or result.error_code,
        }


def _failure_type(facts, number, error):
    """The failure type Odoo's SMS record shows for a refusal of the agency's rules."""
    if error or not number:
        return "sms_number_format"
    if number in facts["blacklisted"]:
        return "sms_blacklist"
    state = facts["consents"]["sms"].get(number)
    return "sms_optout" if state == "opt_out" else "svk_no_consent"
