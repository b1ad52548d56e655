import phonenumbers

from odoo import api, fields, models
from odoo.tools import plaintext2html

CHANNEL_ORDER = {
    "whatsapp": ["whatsapp", "sms", "email"],
    "sms": ["sms", "email"],
    "email": ["email"],
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    svk_message_channel = fields.Selection(
        [("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", "E-mail")],
        string="Preferred channel",
        default="whatsapp",
        help="Messages go by this channel first, then by the next ones when it does not "
        "work (WhatsApp, then SMS, then e-mail).",
    )
    svk_consent_ids = fields.One2many("svk.messaging.consent", "partner_id", string="Consents")
    svk_message_count = fields.Integer(
        compute="_compute_svk_message_count", string="Tenant messages"
    )
    svk_messaging_sandbox = fields.Boolean(
        compute="_compute_svk_messaging_sandbox",
        string="Messaging sandbox",
        help="The current agency sends a channel through the sandbox: replies can be typed.",
    )

    def _compute_svk_message_count(self):
        counts = dict(
            self.env["svk.message"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.svk_message_count = counts.get(partner, 0)

    @api.depends_context("company")
    def _compute_svk_messaging_sandbox(self):
        sandbox = bool(
            self.env["svk.messaging.provider"]
            .sudo()
            .search_count(
                [("company_id", "=", self.env.company.id), ("provider_type", "=", "sandbox")],
                limit=1,
            )
        )
        for partner in self:
            partner.svk_messaging_sandbox = sandbox

    @api.model
    def _svk_e164(self, number, country=None):
        """(E.164 number, '') or ('', why not). Belgian numbers by default (0470... becomes
        +32470...); foreign numbers in international form are kept; landlines refused, as
        they receive neither SMS nor WhatsApp."""
        if not number or not str(number).strip():
            return "", self.env._("No phone number.")
        raw = str(number).strip()
        region = (country or self.env.company.country_id).code or "BE"
        try:
            parsed = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return "", self.env._("%(number)s is not a phone number.", number=raw)
        if not phonenumbers.is_valid_number(parsed):
            return "", self.env._(
                "%(number)s is not a valid phone number (too short, too long or unknown prefix).",
                number=raw,
            )
        if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE:
            return "", self.env._(
                "%(number)s is a landline: it receives neither SMS nor WhatsApp.", number=raw
            )
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), ""

    @api.model
    def _svk_country_of(self, number):
        """The country of an E.164 number (for its price)."""
        if not number:
            return self.env["res.country"]
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
        return self.env["res.country"].search([("code", "=", region)], limit=1)

    @api.model
    def _svk_partners_of_number(self, company, number):
        """The contacts of this agency with this number (Odoo's sanitized phone), people
        before the companies they belong to."""
        partners = (
            self.sudo()
            .with_context(active_test=True)
            .search(
                [("phone_sanitized", "=", number), ("company_id", "in", [company.id, False])],
                limit=5,
            )
        )
        people = partners.filtered(lambda p: not p.is_company)
        return people or partners

    def _svk_channels(self):
        self.ensure_one()
        return CHANNEL_ORDER[self.svk_message_channel or "whatsapp"]

    @api.model
    def _svk_notifies(self):
        return True

    def _svk_notify(self, company, body, record=None):
        # svk_housing's hook: by the partner's channels, one after the other
        self.ensure_one()
        return self.env["svk.message"]._send_to_partner(self, company, body=body, record=record)

    def _svk_post(self, text, channel, author=None, sandbox=False):
        """Log a message in this person's chatter (the conversation across channels), as
        a note: nobody is notified of it (a reply makes an activity instead)."""
        self.ensure_one()
        author = author or self.env.user.partner_id
        return self.sudo()._message_log(
            body=self.env["svk.message"]._body_markup(text, channel, sandbox=sandbox),
            author_id=author.id,
            message_type="sms" if channel == "sms" else "comment",
        )

    def _svk_reply_activity(self, message):
        """One open 'Answer the tenant' activity per person, for the staff member who
        follows them: on their running lease (its responsible), else on the person."""
        self.ensure_one()
        activity_type = self.env.ref("svk_messaging.mail_activity_type_svk_reply")
        lease = (
            self.env["svk.lease"]
            .sudo()
            .search(
                [
                    ("tenant_id", "=", self.id),
                    ("company_id", "=", message.company_id.id),
                    ("state", "in", ("active", "notice")),
                ],
                limit=1,
            )
        )
        target = lease or self.sudo()
        if target.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
            return
        user = lease.user_id or message.company_id.svk_messaging_user_id
        # shown in the responsible's activities; no e-mail for each tenant who writes
        target.with_context(mail_activity_quick_update=True).activity_schedule(
            activity_type_id=activity_type.id,
            summary=self.env._("%(name)s wrote", name=self.name),
            # the tenant's text, shown as text: never as HTML
            note=plaintext2html(message.body or ""),
            user_id=user.id or self.env.ref("base.user_admin").id,
        )

    def action_svk_conversation(self):
        return self.env["svk.message"]._action_conversation(self)

    def action_svk_sandbox_reply(self):
        """Type what this person would answer (the agency's sandbox provider only)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "svk_messaging.svk_message_sandbox_reply_action"
        )
        channel = "sms" if self.svk_message_channel == "sms" else "whatsapp"
        action["context"] = {"default_partner_id": self.id, "default_channel": channel}
        return action

    def action_svk_write(self):
        self.ensure_one()
        lease = self.env["svk.lease"].search(
            [("tenant_id", "=", self.id), ("state", "in", ("active", "notice"))], limit=1
        )
        return self.env["svk.message.composer"]._action_open(self, lease)
