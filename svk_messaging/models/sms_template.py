from odoo import fields, models
from odoo.exceptions import UserError


class SmsTemplate(models.Model):
    _inherit = "sms.template"

    svk_whatsapp_name = fields.Char(
        string="WhatsApp template",
        help="Name of the template approved by Meta for this message (same name in every "
        "language). Used to write on WhatsApp outside the 24-hour window.",
    )
    svk_whatsapp_params = fields.Text(
        string="WhatsApp parameters",
        help="One placeholder per line, in the order of {{1}}, {{2}}... of the approved "
        "template, e.g. {{ object.tenant_id.name }}.",
    )

    def _check_svk_date(self, render_context):
        """A template that shows the date of an appointment or works needs that date."""
        for template in self:
            if "svk_date" in (template.body or "") and not (render_context or {}).get("svk_date"):
                raise UserError(
                    self.env._(
                        "The template %(template)s shows a date: give the date of the "
                        "appointment or works.",
                        template=template.name,
                    )
                )
