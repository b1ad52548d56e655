from datetime import timedelta

from odoo import api, fields, models

# a person who wrote on a channel may be answered on it for 24 hours without consent
WINDOW = timedelta(hours=24)


class SvkMessagePolicy(models.AbstractModel):
    """The consent policy: whether the agency may write to a number on a channel, and
    which channel each person would get. Every way of sending asks it."""

    _name = "svk.message.policy"
    _description = "Tenant message: consent policy"

    @api.model
    def _refusal(self, company, channel, number, facts=None):
        """Why this agency may not write to this number on this channel, or ''. Every way
        of sending (one message, mass message, Odoo's SMS composer) goes through it."""
        if not number:
            return self.env._("No phone number.")
        facts = facts or self._facts_for(company, number)
        return self._refusal_rule(
            company,
            channel,
            facts["consents"][channel].get(number),
            number in facts["blacklisted"],
            (channel, number) in facts["windows"],
        )

    @api.model
    def _facts_for(self, company, number, facts=None):
        """The facts of one number: from the batch being sent when it holds them (a mass
        message's chunk, a batch of Odoo SMS), else read for this number alone. The
        batch's `facts` are the caller's argument, never the context (a client's)."""
        if facts and number in facts["numbers"]:
            return facts
        return self._facts(company, [number])

    @api.model
    def _facts(self, company, numbers):
        """What the rules need to know about these numbers, in four queries for all:
        consents per channel, the blacklist, who wrote in the last 24 hours."""
        numbers = list({number for number in numbers if number})
        consents = {
            ch: self.env["svk.messaging.consent"]._state_of(company, numbers, ch)
            for ch in ("sms", "whatsapp")
        }
        blacklisted = set(
            self.env["phone.blacklist"].sudo().search([("number", "in", numbers)]).mapped("number")
        )
        windows = {
            (channel, number)
            for number, channel in self.sudo()._read_group(
                [
                    ("company_id", "=", company.id),
                    ("number", "in", numbers),
                    ("direction", "=", "in"),
                    ("create_date", ">=", fields.Datetime.now() - WINDOW),
                ],
                ["number", "channel"],
            )
        }
        return {
            "numbers": set(numbers),
            "consents": consents,
            "blacklisted": blacklisted,
            "windows": windows,
        }

    @api.model
    def _refusal_rule(self, company, channel, consent, blacklisted, in_window):
        """The rule itself, on facts read in bulk or one by one."""
        if blacklisted:
            return self.env._("The number is on the blacklist.")
        if consent == "opt_out":
            return self.env._("The person opted out of messages from the agency.")
        if consent != "opt_in" and company.svk_messaging_consent_required and not in_window:
            return self.env._("No consent recorded for this channel.")
        return ""

    @api.model
    def _channel_refusal(self, company, channel, provider, number, error, template, facts):
        """Why this channel cannot take the message, or '': no provider, a bad number, the
        rules, and for WhatsApp outside the 24-hour window, no approved template."""
        refusal = (
            (not provider and self.env._("No provider configured."))
            or error
            or self._refusal(company, channel, number, facts)
        )
        if (
            not refusal
            and channel == "whatsapp"
            and ("whatsapp", number) not in facts["windows"]
            and not (template and template.svk_whatsapp_name)
        ):
            refusal = self.env._("Outside the 24-hour window and no approved WhatsApp template.")
        return refusal

    @api.model
    def _plan(self, partners, company, template=None):
        """{partner id: (channel, number, reasons, provider)}: the channel each person
        would get, or no channel and why, as ``_send_to_partner`` would decide, with the
        facts read in a few queries for all of them."""
        Partner = self.env["res.partner"]
        Provider = self.env["svk.messaging.provider"]
        providers = {ch: Provider._for_company(company, ch) for ch in ("sms", "whatsapp")}
        numbers = {p.id: Partner._svk_e164(p.mobile or p.phone) for p in partners}
        facts = self._facts(company, [number for number, __ in numbers.values()])
        labels = dict(self._fields["channel"].selection)
        plans = {}
        for partner in partners:
            number, error = numbers[partner.id]
            reasons, plan = [], None
            for channel in partner._svk_channels():
                if channel == "email":
                    if partner.email:
                        plan = ("email", number, reasons, False)
                        break
                    reasons.append(f"{labels[channel]}: {self.env._('No e-mail address.')}")
                    continue
                refusal = self._channel_refusal(
                    company, channel, providers[channel], number, error, template, facts
                )
                if refusal:
                    reasons.append(f"{labels[channel]}: {refusal}")
                    continue
                plan = (channel, number, reasons, providers[channel])
                break
            plans[partner.id] = plan or (False, number, reasons, False)
        return plans
