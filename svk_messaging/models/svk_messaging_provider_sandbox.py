import uuid
from datetime import timedelta

from odoo import api, fields, models

from ..provider_api import SendResult, sms_segments

SANDBOX_REF = "SANDBOX-"  # the sandbox's message ids, never a real provider's
# seconds after a sandbox message was sent before its (simulated) reports arrive
SANDBOX_DELIVERED_AFTER = 5
SANDBOX_READ_AFTER = 30
# what a sandbox costs per message until the agency enters its own prices
SANDBOX_PRICES = {"sms": 0.08, "whatsapp": 0.05}


class SvkMessagingProviderSandbox(models.AbstractModel):
    """The sandbox: a provider that reaches nobody. It accepts what would be sent (with
    the price of its table), then reports it delivered and, on WhatsApp, read a moment
    later through the same status path a real provider's webhook takes; staff type the
    tenants' replies (``svk.message.sandbox.reply``), which take the inbound path of a
    real webhook. Every agency gets one per channel until it enters its Twilio or Meta
    details; switching is the provider's form."""

    _name = "svk.messaging.provider.sandbox"
    _description = "Messaging provider: sandbox"

    def _send_sms(self, number, body):
        if self.provider_type != "sandbox":
            return super()._send_sms(number, body)
        return self._sandbox_accept(sms_segments(body))

    def _send_whatsapp(self, number, text=None, template=None, lang=None, params=None):
        if self.provider_type != "sandbox":
            return super()._send_whatsapp(
                number, text=text, template=template, lang=lang, params=params
            )
        return self._sandbox_accept(1)

    def _sandbox_accept(self, segments):
        """What a provider answers to a message it accepted: no network, a reference of
        the sandbox's own."""
        self.ensure_one()
        return SendResult(ref=f"{SANDBOX_REF}{uuid.uuid4().hex}", segments=segments)

    def _sandbox_report_later(self, messages):
        """Queue the reports a real provider would send for these messages sent through
        the sandbox: delivered, then read (WhatsApp)."""
        now = fields.Datetime.now()
        for message in messages:
            steps = [("delivered", SANDBOX_DELIVERED_AFTER)]
            if message.channel == "whatsapp":
                steps.append(("read", SANDBOX_READ_AFTER))
            for state, seconds in steps:
                message.provider_id.with_delay(
                    channel="root.svk_messaging",
                    eta=now + timedelta(seconds=seconds),
                    description=self.env._(
                        "Sandbox: message to %(number)s %(state)s",
                        number=message.number,
                        state=state,
                    ),
                )._sandbox_report(message.provider_ref, state)

    def _sandbox_report(self, ref, state):
        """A sandbox's status report, taken by the path of a real provider's webhook."""
        self.ensure_one()
        return self.env["svk.message"].sudo()._update_status(self, ref, state)

    @api.model
    def _create_sandboxes(self, companies=None):
        """A sandbox provider per channel for each agency that has no provider of that
        channel yet (active or archived): a new database, a new agency. Run at install,
        at each update and when a company is created; an agency that entered its own
        provider keeps it."""
        Provider = self.env["svk.messaging.provider"].sudo().with_context(active_test=False)
        companies = companies or self.env["res.company"].sudo().search([("active", "=", True)])
        existing = {
            (company.id, channel)
            for company, channel in Provider._read_group(
                [("company_id", "in", companies.ids)], ["company_id", "channel"]
            )
        }
        labels = dict(Provider._fields["channel"]._description_selection(self.env))
        vals_list = [
            {
                "name": self.env._("Sandbox %(channel)s", channel=labels[channel]),
                "company_id": company.id,
                "channel": channel,
                "provider_type": "sandbox",
                "rate_limit": 10,
                "price_ids": [fields.Command.create({"price": price})],
            }
            for company in companies
            for channel, price in SANDBOX_PRICES.items()
            if (company.id, channel) not in existing
        ]
        return Provider.create(vals_list)
