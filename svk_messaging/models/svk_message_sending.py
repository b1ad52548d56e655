from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from odoo.addons.svk_housing.models.action_scope import action_scope


class SvkMessageSending(models.AbstractModel):
    """Sending: render the text in the person's language and try their channels in
    order until one takes it."""

    _name = "svk.message.sending"
    _description = "Tenant message: sending"

    @api.model
    def _send_to_partner(
        self,
        partner,
        company,
        body=None,
        template=None,
        record=None,
        channels=None,
        mass=None,
        fallback_of=None,
        render_context=None,
        facts=None,
        rendered=None,
    ):
        """Write to one person: render the text in their language, then try their
        channels in order (WhatsApp, SMS, e-mail by their preference) until one takes it.
        A mass message hands the `facts` of its chunk and the texts it `rendered` by
        lease. Returns the last attempt (an ``svk.message``)."""
        lang = partner.lang or company.partner_id.lang or "en_US"
        rendered = (rendered or {}).get(record.id if record else 0)
        text, wa_params = rendered or self._render(
            partner, body, template, record, lang, render_context
        )
        channels = channels or partner._svk_channels()
        base = {
            "company_id": company.id,
            "partner_id": partner.id,
            "template_id": template.id if template else False,
            "lease_id": record.id if record and record._name == "svk.lease" else False,
            "mass_id": mass.id if mass else False,
            "fallback_of_id": fallback_of.id if fallback_of else False,
            "body": text,
        }
        reasons, attempt = [], self.browse()
        for channel in channels:
            attempt = self._try_channel(
                partner, company, channel, text, template, lang, wa_params, base, facts
            )
            if attempt.state != "failed":
                return attempt
            base["fallback_of_id"] = attempt.id
            reasons.append(
                f"{dict(self._fields['channel'].selection)[channel]}: {attempt.failure_reason}"
            )
        # no channel took it: one summary that says why, channel by channel
        return self.sudo().create(
            {
                **base,
                "channel": "none",
                "state": "failed",
                "failure_reason": "; ".join(reasons),
                "fallback_of_id": attempt.id,
            }
        )

    def _try_channel(
        self, partner, company, channel, text, template, lang, wa_params, base, facts=None
    ):
        """One channel: the ``svk.message`` of the attempt, failed with its reason when the
        channel refused it."""
        if channel == "email":
            return self._try_email(partner, company, text, base)
        provider = self.env["svk.messaging.provider"]._for_company(company, channel)
        number, error = partner._svk_e164(partner.mobile or partner.phone)
        facts = self._facts_for(company, number, facts)
        refusal = self._channel_refusal(company, channel, provider, number, error, template, facts)
        values = {**base, "channel": channel, "provider_id": provider.id, "number": number}
        if refusal:
            return self.sudo().create({**values, "state": "failed", "failure_reason": refusal})
        if channel == "sms":
            return self._transmit_sms(partner, number, text, values)
        return self._transmit_whatsapp(
            provider, partner, number, text, template, lang, wa_params, values, facts
        )

    def _try_email(self, partner, company, text, base):
        """An e-mail: posted in the person's chatter, which sends it; failed without an
        e-mail address."""
        Message = self.sudo()
        if not partner.email:
            return Message.create(
                {
                    **base,
                    "channel": "email",
                    "state": "failed",
                    "failure_reason": self.env._("No e-mail address."),
                }
            )
        # staff who may write to a tenant need not edit contacts: posted as them
        mail = (
            partner.sudo()
            .with_company(company)
            .message_post(
                author_id=self.env.user.partner_id.id,
                body=plaintext2html(text),
                partner_ids=partner.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )
        )
        return Message.create(
            {
                **base,
                "channel": "email",
                "state": "sent",
                "mail_message_id": mail.id,
                "date_sent": fields.Datetime.now(),
            }
        )

    def _transmit_whatsapp(
        self, provider, partner, number, text, template, lang, wa_params, values, facts
    ):
        """A WhatsApp message: free text within the 24-hour window, else the approved
        template in the person's language."""
        if ("whatsapp", number) in facts["windows"]:
            result = provider._send_whatsapp(number, text=text)
        else:
            values["whatsapp_template"] = template.svk_whatsapp_name
            result = provider._send_whatsapp(
                number,
                template=template.svk_whatsapp_name,
                lang=lang.split("_")[0],
                params=wa_params,
            )
        return self._record_result(values, result, partner, text)

    def _record_result(self, values, result, partner, text):
        """Store what a provider answered; a successful WhatsApp message is posted in the
        tenant's chatter."""
        values = dict(values, segments=result.segments)
        if result.ok:
            provider = self.env["svk.messaging.provider"].browse(values["provider_id"])
            values.update(
                state="sent",
                provider_ref=result.ref,
                date_sent=fields.Datetime.now(),
                cost=provider._message_cost(values["number"], result.segments),
            )
            if values["channel"] == "whatsapp" and partner:
                sandbox = provider.provider_type == "sandbox"
                values["mail_message_id"] = partner._svk_post(text, "whatsapp", sandbox=sandbox).id
        else:
            values.update(
                state="failed",
                error_code=result.error_code,
                failure_reason=result.error_message or result.error_code,
            )
        return self.sudo().create(values)

    def _transmit_sms(self, partner, number, text, values):
        """An SMS goes through Odoo's own SMS stack (chatter message, notification, SMS
        record), which hands it to the agency's provider (see ``sms.sms._send``)."""
        # the body of an SMS post is the SMS itself (Odoo renders it for the chatter);
        # the message's values reach sms.sms._send through Odoo's SMS stack in the
        # action's scope, not in the context (a client's to set)
        with action_scope("svk.message.values", value=values):
            message = partner.sudo()._message_sms(
                text,
                author_id=self.env.user.partner_id.id,
                partner_ids=partner.ids,
                sms_pid_to_number={partner.id: number},
            )
        return self.sudo().search([("mail_message_id", "=", message.id)], limit=1)

    def _render(self, partner, body, template, record, lang, render_context):
        """The text, and WhatsApp template parameters, in the person's language."""
        if not template:
            if not body:
                raise UserError(self.env._("Write a message or choose a template."))
            return body, []
        if not record:
            raise UserError(
                self.env._(
                    "The template %(template)s needs a lease: %(partner)s has none.",
                    template=template.name,
                    partner=partner.name,
                )
            )
        template._check_svk_date(render_context)
        template = template.with_context(lang=lang, **(render_context or {}))
        text = template._render_field("body", record.ids, set_lang=lang)[record.id]
        params = [
            template._render_template(line, record._name, record.ids)[record.id]
            for line in (template.svk_whatsapp_params or "").splitlines()
            if line.strip()
        ]
        return text, params

    @api.model
    def _render_many(self, template, leases, render_context):
        """{lease id: (text, WhatsApp parameters)} for many leases at once, each in its
        tenant's language (one rendering per language, not per lease)."""
        template._check_svk_date(render_context)
        by_lang = {}
        default = self.env.company.partner_id.lang or "en_US"
        for lease in leases:
            by_lang.setdefault(lease.tenant_id.lang or default, []).append(lease.id)
        lines = [line for line in (template.svk_whatsapp_params or "").splitlines() if line.strip()]
        result = {}
        for lang, ids in by_lang.items():
            localized = template.with_context(lang=lang, **(render_context or {}))
            texts = localized._render_field("body", ids, set_lang=lang)
            params = [localized._render_template(line, "svk.lease", ids) for line in lines]
            for lease_id in ids:
                result[lease_id] = (texts[lease_id], [values[lease_id] for values in params])
        return result
