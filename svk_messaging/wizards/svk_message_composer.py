from odoo import api, fields, models
from odoo.exceptions import UserError


class SvkMessageComposer(models.TransientModel):
    """Write to one tenant: a template or free text, in their language, by the channel
    that works for them."""

    _name = "svk.message.composer"
    _description = "Write to a tenant"

    partner_id = fields.Many2one("res.partner", string="To", required=True)
    lease_id = fields.Many2one(
        "svk.lease", domain="[('tenant_id', '=', partner_id)]", help="Needed by the templates."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    template_id = fields.Many2one("sms.template", domain="[('model', '=', 'svk.lease')]")
    body = fields.Text(string="Message")
    event_date = fields.Datetime(string="Date of the appointment or works")
    channel = fields.Selection(
        [
            ("auto", "Preferred channel, then the others"),
            ("whatsapp", "WhatsApp only"),
            ("sms", "SMS only"),
            ("email", "E-mail only"),
        ],
        default="auto",
        required=True,
    )
    preview = fields.Text(compute="_compute_preview", string="The tenant will read")
    plan = fields.Char(compute="_compute_preview", string="Will go by")

    @api.depends("partner_id", "lease_id", "template_id", "body", "event_date", "channel")
    def _compute_preview(self):
        Message = self.env["svk.message"]
        for wizard in self:
            wizard.preview = wizard.plan = False
            if not wizard.partner_id:
                continue
            try:
                wizard.preview = wizard._text()
            except UserError as error:
                wizard.preview = str(error)
            channel, number, reasons, __ = Message._plan(
                wizard.partner_id, wizard.company_id, wizard.template_id
            )[wizard.partner_id.id]
            labels = dict(Message._fields["channel"].selection)
            if wizard.channel != "auto":
                wizard.plan = labels[wizard.channel]
            elif channel:
                wizard.plan = f"{labels[channel]} {number or wizard.partner_id.email or ''}"
            else:
                wizard.plan = "; ".join(reasons)

    def _render_context(self):
        return {"svk_date": self.event_date} if self.event_date else {}

    def _text(self):
        lang = self.partner_id.lang or self.company_id.partner_id.lang or "en_US"
        return self.env["svk.message"]._render(
            self.partner_id,
            self.body,
            self.template_id,
            self.lease_id,
            lang,
            self._render_context(),
        )[0]

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.template_id:
            self.body = False

    @api.model
    def _action_open(self, partner, lease=None):
        if not partner:
            raise UserError(self.env._("There is no tenant to write to."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Write to %(name)s", name=partner.name),
            "context": {
                "default_partner_id": partner.id,
                "default_lease_id": lease.id if lease else False,
                "default_company_id": (lease.company_id if lease else self.env.company).id,
            },
        }

    def action_send(self):
        self.ensure_one()
        channels = None if self.channel == "auto" else [self.channel]
        message = (
            self.env["svk.message"]
            .with_company(self.company_id)
            ._send_to_partner(
                self.partner_id,
                self.company_id,
                body=self.body,
                template=self.template_id or None,
                record=self.lease_id or None,
                channels=channels,
                render_context=self._render_context(),
            )
        )
        if message.state == "failed":
            # nothing reached the tenant: say why, and keep no half-done trace
            raise UserError(
                self.env._(
                    "The message could not be sent to %(name)s: %(reason)s",
                    name=self.partner_id.name,
                    reason=message.failure_reason,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Sent to %(name)s by %(channel)s.",
                    name=self.partner_id.name,
                    channel=dict(message._fields["channel"].selection)[message.channel],
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
