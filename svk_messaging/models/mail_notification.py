from odoo import fields, models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    # Odoo's SMS record knows a blacklisted and an opted-out number, its notification does
    # not: a refusal of the agency's rules is written on both (see sms.sms._svk_send_by)
    failure_type = fields.Selection(
        selection_add=[
            ("sms_blacklist", "Blacklisted"),
            ("sms_optout", "Opted Out"),
            ("svk_no_consent", "No consent (agency)"),
        ],
        ondelete={
            "sms_blacklist": "set null",
            "sms_optout": "set null",
            "svk_no_consent": "set null",
        },
    )
