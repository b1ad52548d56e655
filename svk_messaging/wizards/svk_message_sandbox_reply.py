import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.svk_messaging_provider_sandbox import SANDBOX_REF


class SvkMessageSandboxReply(models.TransientModel):
    """A message typed by staff as if a tenant, or an unknown number, had sent it to the
    agency's sandbox provider. It takes the path of a real provider's webhook
    (``svk.message._receive``): the sender found by their number, STOP and START, the
    triage of unknown numbers. Refused when the channel's provider is a real one."""

    _name = "svk.message.sandbox.reply"
    _description = "Simulate a message received (sandbox)"

    partner_id = fields.Many2one(
        "res.partner", string="From", help="Empty: a number that is nobody's (triage)."
    )
    number = fields.Char(
        compute="_compute_number", store=True, readonly=False, precompute=True, required=True
    )
    channel = fields.Selection(
        [("whatsapp", "WhatsApp"), ("sms", "SMS")], required=True, default="whatsapp"
    )
    sender_name = fields.Char(string="WhatsApp name", help="The name the person gave on WhatsApp.")
    body = fields.Text(string="Message", required=True)

    @api.depends("partner_id")
    def _compute_number(self):
        for wizard in self:
            partner = wizard.partner_id
            wizard.number = partner.phone_sanitized or partner.mobile or partner.phone or ""

    def action_receive(self):
        self.ensure_one()
        company = self.env.company
        provider = self.env["svk.messaging.provider"]._for_company(company, self.channel)
        channel = dict(self._fields["channel"].selection)[self.channel]
        if provider.provider_type != "sandbox":
            raise UserError(
                self.env._(
                    "%(agency)s sends %(channel)s through a real provider: only the people "
                    "themselves write to it. A reply is simulated with the sandbox only.",
                    agency=company.name,
                    channel=channel,
                )
                if provider
                else self.env._(
                    "%(agency)s has no %(channel)s provider.", agency=company.name, channel=channel
                )
            )
        number, error = self.env["res.partner"]._svk_e164(self.number)
        if error:
            raise UserError(error)
        message = self.env["svk.message"]._receive(
            provider,
            number,
            self.body,
            f"{SANDBOX_REF}{uuid.uuid4().hex}",
            sender_name=self.sender_name or (self.partner_id.name if self.partner_id else None),
        )
        if message.needs_triage:
            return self.env["ir.actions.act_window"]._for_xml_id(
                "svk_messaging.svk_message_action_triage"
            )
        return {"type": "ir.actions.act_window_close"}
