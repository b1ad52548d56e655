from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, plaintext2html

STATES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("read", "Read"),
    ("failed", "Failed"),
    ("received", "Received"),
]


class SvkMessage(models.Model):
    """One message to or from a tenant on one channel: what the provider was given or
    sent us, and its delivery status. The conversation itself lives in the tenant's
    chatter (res.partner), where each message is posted once.

    This file holds the record; its responsibilities are abstract models in their own
    files: the consent policy (svk_message_policy.py), sending (svk_message_sending.py),
    inbound messages (svk_message_inbound.py) and delivery status
    (svk_message_status.py)."""

    _name = "svk.message"
    _inherit = [
        "svk.message.policy",
        "svk.message.sending",
        "svk.message.inbound",
        "svk.message.status",
    ]
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
    cost = fields.Float(
        string="Estimated cost",
        digits=(12, 4),
        help="From the provider's price table, per SMS part or per WhatsApp message.",
    )
    sandbox = fields.Boolean(
        compute="_compute_sandbox",
        store=True,
        help="Went through the sandbox provider: nobody received it, or nobody sent it.",
    )
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

    @api.depends("provider_id")
    def _compute_sandbox(self):
        # on the provider when the message was made: a sandbox switched to a real
        # provider later leaves its messages marked
        for message in self:
            message.sandbox = message.provider_id.sudo().provider_type == "sandbox"

    @api.depends("partner_id", "number", "channel")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"].selection)
        for message in self:
            who = message.partner_id.name or message.number or ""
            message.display_name = f"{channels.get(message.channel, '')} {who}".strip()

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # the sandbox reports what it accepted a moment later, as a real provider would
        sent = messages.filtered(
            lambda m: m.sandbox and m.direction == "out" and m.state == "sent" and m.provider_ref
        )
        if sent:
            self.env["svk.messaging.provider"]._sandbox_report_later(sent)
        return messages

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
    def _body_markup(self, text, channel, sandbox=False):
        """The chatter body: the text, its first line led by the channel's icon (and a
        Sandbox badge when it went through the sandbox provider)."""
        icon = {"whatsapp": "fa-whatsapp", "sms": "fa-mobile"}.get(channel, "fa-envelope")
        label = dict(self._fields["channel"].selection).get(channel, "")
        html = plaintext2html(text)
        lead = Markup('<p><i class="fa %s" title="%s"></i> ') % (icon, label)
        if sandbox:
            lead += Markup('<span class="badge text-bg-warning">%s</span> ') % self.env._("Sandbox")
        return html.replace(Markup("<p>"), lead, 1) if html.startswith("<p>") else lead + html
