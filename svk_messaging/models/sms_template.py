from odoo import fields, models


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
