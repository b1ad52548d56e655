from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    svk_staff_only = fields.Boolean(
        string="Agency staff only",
        help="Its activities, and the messages saying they were done, quote what a tenant "
        "wrote: only agency staff read them.",
    )
