import logging
import re
from datetime import timedelta

from markupsafe import Markup
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html
from odoo.tools.misc import remove_accents

from odoo.addons.svk_housing.models.action_scope import action_scope

from .svk_messaging_provider import WHATSAPP_FALLBACK_ERRORS

_logger = logging.getLogger(__name__)

STOP_WORDS = {"STOP", "ARRET", "STOPPEN", "UNSUBSCRIBE", "DESINSCRIRE", "UITSCHRIJVEN"}
START_WORDS = {"START", "COMMENCER", "STARTEN", "UNSTOP"}
WINDOW = timedelta(hours=24)
STATES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("read", "Read"),
    ("failed", "Failed"),
    ("received", "Received"),
]
# a status report never moves a message back (reports may arrive out of order)
STATE_RANK = {"queued": 0, "sent": 1, "delivered": 2, "read": 3, "failed": 4}


def keyword(body):
    """The body as a keyword: upper case, accents and punctuation removed."""
    text = remove_accents(body or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z ]", "", text.upper()).strip()


class SvkMessage(models.Model):
    """One message to or from a tenant on one channel: what the provider was given or
    sent us, and its delivery status. The conversation itself lives in the tenant's
    chatter (res.partner), where each message is posted once."""

    _name = "svk.message"
    _description = "Tenant message"
    _order = "create_date desc, id desc"
    _rec_name = "number"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    provider_id = fields.Many2one("svk.messaging.provider", index=True, check_company=True)
    direction = fields.Selection(
        [("out", "Sent by the agency"), ("in", "Received")], required=True, default="out"
    )
    channel = fields.Selection(
        [("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", "E-mail"), ("none", "Not sent")],
        required=True,
    )
    partner_id = fields.Many2one("res.partner", string="Contact", index=True)
    number = fields.Char(index=True)
    sender_name = fields.Char(help="The name the person gave on WhatsApp.")
    body = fields.Text()
    template_id = fields.Many2one("sms.template", ondelete="set null")
    whatsapp_template = fields.Char(help="The approved WhatsApp template that was used.")
    state = fields.Selection(STATES, required=True, default="queued", index=True)
    error_code = fields.Char()
    failure_reason = fields.Char()
    provider_ref = fields.Char(string="Provider's reference", index=True, copy=False)
    sms_uuid = fields.Char(index="btree_not_null", copy=False)
    segments = fields.Integer(default=1)
    mail_message_id = fields.Many2one("mail.message", ondelete="set null", index="btree_not_null")
    lease_id = fields.Many2one("svk.lease", index="btree_not_null", check_company=True)
    mass_id = fields.Many2one(
        "svk.message.mass", index="btree_not_null", ondelete="cascade", check_company=True
    )
    fallback_of_id = fields.Many2one(
        "svk.message", index="btree_not_null", ondelete="set null", check_company=True
    )
    fallback_ids = fields.One2many("svk.message", "fallback_of_id", string="Fallbacks")
    needs_triage = fields.Boolean(
        index=True, help="Received from a number that is no contact's, or several contacts'."
    )
    date_sent = fields.Datetime(readonly=True)
    date_delivered = fields.Datetime(readonly=True)
    date_read = fields.Datetime(readonly=True)

    def init(self):
        # a provider's retry of a message (same id) never creates a second one
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS svk_message_provider_ref_unique "
                "ON svk_message (provider_id, provider_ref) WHERE provider_ref IS NOT NULL"
            )
        )

    @api.depends("partner_id", "number", "channel")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"].selection)
        for message in self:
            who = message.partner_id.name or message.number or ""
            message.display_name = f"{channels.get(message.channel, '')} {who}".strip()

    # ------------------------------------------------------------------ rules
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

    # ------------------------------------------------------------------ sending
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
        Message = self.sudo()
        if channel == "email":
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
        provider = self.env["svk.messaging.provider"]._for_company(company, channel)
        number, error = partner._svk_e164(partner.mobile or partner.phone)
        facts = self._facts_for(company, number, facts)
        refusal = self._channel_refusal(company, channel, provider, number, error, template, facts)
        values = {**base, "channel": channel, "provider_id": provider.id, "number": number}
        if refusal:
            return Message.create({**values, "state": "failed", "failure_reason": refusal})
        if channel == "sms":
            return self._transmit_sms(partner, number, text, values)
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
            values.update(state="sent", provider_ref=result.ref, date_sent=fields.Datetime.now())
            if values["channel"] == "whatsapp" and partner:
                values["mail_message_id"] = partner._svk_post(text, "whatsapp").id
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

    # ------------------------------------------------------------------ inbound
    @api.model
    def _receive(self, provider, number, body, ref, sender_name=None):
        """A message from a person (webhook). Lands once: a provider's retry with the same
        reference creates nothing. Returns the message, or False for a retry."""
        provider = provider.sudo()
        company = provider.company_id
        number = self.env["res.partner"]._svk_e164(number)[0] or number
        Message = self.sudo().with_company(company)
        if ref and Message.search_count(
            [("provider_id", "=", provider.id), ("provider_ref", "=", ref)], limit=1
        ):
            return False
        partners = self.env["res.partner"]._svk_partners_of_number(company, number)
        values = {
            "company_id": company.id,
            "provider_id": provider.id,
            "direction": "in",
            "channel": provider.channel,
            "number": number,
            "body": body,
            "provider_ref": ref or False,
            "state": "received",
            "sender_name": sender_name,
            "partner_id": partners.id if len(partners) == 1 else False,
            "needs_triage": len(partners) != 1,
        }
        try:
            with self.env.cr.savepoint():
                message = Message.create(values)
        except pg_errors.UniqueViolation:
            return False  # the same message, delivered twice at the same moment
        if message.partner_id:
            message._land_in_chatter()
        word = keyword(body)
        if word in STOP_WORDS:
            message._opt_out()
        elif word in START_WORDS:
            message._opt_in_again()
        return message

    def _land_in_chatter(self):
        """Post a received message in its sender's chatter and tell the staff member who
        follows them."""
        for message in self:
            partner = message.partner_id.with_company(message.company_id)
            posted = partner._svk_post(message.body, message.channel, author=partner)
            message.write({"mail_message_id": posted.id, "needs_triage": False})
            partner._svk_reply_activity(message)

    def _opt_out(self):
        """STOP on any channel: out of SMS and WhatsApp at once, confirmed once."""
        self.ensure_one()
        changed = self.env["svk.messaging.consent"]._set(
            self.company_id,
            self.number,
            ["sms", "whatsapp"],
            "opt_out",
            "keyword",
            partner=self.partner_id,
            note=self.env._("Wrote %(word)s", word=keyword(self.body)),
        )
        if changed:
            self._confirm("stop")
            changed.write({"opt_out_confirmed": fields.Datetime.now()})

    def _opt_in_again(self):
        self.ensure_one()
        if self.env["svk.messaging.consent"]._set(
            self.company_id,
            self.number,
            ["sms", "whatsapp"],
            "opt_in",
            "keyword",
            partner=self.partner_id,
            note=self.env._("Wrote %(word)s", word=keyword(self.body)),
        ):
            self._confirm("start")

    def _confirm(self, kind):
        """Answer STOP or START on the channel it came in (the 24-hour window is open), in
        the person's language; no consent is needed for it."""
        self.ensure_one()
        lang = self.partner_id.lang or self.company_id.partner_id.lang or "en_US"
        env = self.with_context(lang=lang).env
        agency = self.company_id.name
        if kind == "stop":
            text = env._(
                "You will no longer receive messages from %(agency)s. "
                "Reply START to receive them again.",
                agency=agency,
            )
        else:
            text = env._(
                "You will receive messages from %(agency)s again. Reply STOP to stop them.",
                agency=agency,
            )
        provider = self.provider_id
        values = {
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "channel": provider.channel,
            "provider_id": provider.id,
            "number": self.number,
            "body": text,
        }
        if provider.channel == "sms":
            result = provider._send_sms(self.number, text)
        else:
            result = provider._send_whatsapp(self.number, text=text)
        return self._record_result(values, result, self.partner_id, text)

    # ------------------------------------------------------------------ status
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

    # ------------------------------------------------------------------ conversation
    @api.model
    def _conversation_counts(self, records, partner_field):
        """{record id: number of messages with its person}, in one query for all."""
        partners = records.mapped(partner_field)
        if not partners:
            return {}
        per_partner = dict(
            self._read_group([("partner_id", "in", partners.ids)], ["partner_id"], ["__count"])
        )
        return {record.id: per_partner.get(record[partner_field], 0) for record in records}

    @api.model
    def _action_conversation(self, partners):
        """The messages with these people, across channels: the same records their
        chatter shows, filtered, never copied."""
        action = self.env["ir.actions.act_window"]._for_xml_id("svk_messaging.svk_message_action")
        action["domain"] = [("partner_id", "in", partners.ids)]
        action["context"] = {"create": False}
        if len(partners) == 1:
            action["name"] = self.env._("Conversation with %(name)s", name=partners.name)
        return action

    # ------------------------------------------------------------------ actions
    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    def action_triage(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "svk.message.triage",
            "view_mode": "form",
            "target": "new",
            "context": {"default_message_ids": self.ids},
        }

    @api.model
    def _body_markup(self, text, channel):
        """The chatter body: the text, its first line led by the channel's icon."""
        icon = {"whatsapp": "fa-whatsapp", "sms": "fa-mobile"}.get(channel, "fa-envelope")
        label = dict(self._fields["channel"].selection).get(channel, "")
        html = plaintext2html(text)
        lead = Markup('<p><i class="fa %s" title="%s"></i> ') % (icon, label)
        return html.replace(Markup("<p>"), lead, 1) if html.startswith("<p>") else lead + html
