import re

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.tools.misc import remove_accents

STOP_WORDS = {"STOP", "ARRET", "STOPPEN", "UNSUBSCRIBE", "DESINSCRIRE", "UITSCHRIJVEN"}
START_WORDS = {"START", "COMMENCER", "STARTEN", "UNSTOP"}


def keyword(body):
    """The body as a keyword: upper case, accents and punctuation removed."""
    text = remove_accents(body or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z ]", "", text.upper()).strip()


class SvkMessageInbound(models.AbstractModel):
    """Inbound: a person's message lands once in their chatter; STOP and START change
    their consent and are confirmed."""

    _name = "svk.message.inbound"
    _description = "Tenant message: inbound"

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
            posted = partner._svk_post(
                message.body, message.channel, author=partner, sandbox=message.sandbox
            )
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
