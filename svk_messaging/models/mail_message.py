from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    # the tenant messages a chatter message is the conversation's copy of (no column: the
    # record rule "Tenants' conversations: agency staff only" reads it)
    svk_message_ids = fields.One2many(
        "svk.message",
        "mail_message_id",
        string="Tenant messages",
        groups="svk_housing.group_svk_user",
    )
