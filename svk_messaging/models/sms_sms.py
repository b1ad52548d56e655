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
            values = {
                "company_id": company.id,
                "partner_id": sms.partner_id.id,
                "body": sms.body,
                **extra,
                "channel": "sms",
                "provider_id": provider.id,
                "number": number or sms.number,
                "sms_uuid": sms.uuid,
                "mail_message_id": sms.mail_message_id.id,
            }
            if refusal:
                failure_type = _failure_type(facts, number, error)
                sms._update_sms_state_and_trackers("error", failure_type=failure_type)
                sms.to_delete = unlink_failed
                records.append({**values, "state": "failed", "failure_reason": refusal})
                continue
            result = provider._send_sms(number, sms.body)
            if result.ok:
                sms._update_sms_state_and_trackers("pending")
                sms.to_delete = unlink_sent
                records.append(
                    {
                        **values,
                        "state": "sent",
                        "provider_ref": result.ref,
                        "segments": result.segments,
                        "date_sent": fields.Datetime.now(),
                    }
                )
            else:
                failure_type = (
                    "sms_server"
                    if result.transient
                    else TWILIO_FAILURES.get(result.error_code, "unknown")
                )
                sms.write({"state": "error", "failure_type": failure_type})
                sms.sms_tracker_id._update_sms_notifications(
                    "exception",
                    failure_type=failure_type,
                    failure_reason=result.error_message,
                )
                sms.to_delete = unlink_failed
                records.append(
                    {
                        **values,
                        "state": "failed",
                        "error_code": result.error_code,
                        "failure_reason": result.error_message or result.error_code,
                    }
                )
        Message.create(records)
        self.mail_message_id._notify_message_notification_update()


def _failure_type(facts, number, error):
    """The failure type Odoo's SMS record shows for a refusal of the agency's rules."""
    if error or not number:
        return "sms_number_format"
    if number in facts["blacklisted"]:
        return "sms_blacklist"
    state = facts["consents"]["sms"].get(number)
    return "sms_optout" if state == "opt_out" else "svk_no_consent"
