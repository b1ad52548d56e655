from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_renewal_notice_days = fields.Integer(
        string="Renewal activity ahead (days)",
        default=60,
        help="Days before an application's two-year renewal is due when its responsible "
        "gets an activity.",
    )
    svk_application_retention_days = fields.Integer(
        string="Anonymise closed applications after (days)",
        default=730,
        help="Withdrawn or expired applications are anonymised this long after their exit "
        "date (the anonymised register keeps its fields).",
    )
    svk_referral_note_retention_days = fields.Integer(
        string="Delete social notes after (days)",
        default=365,
        help="A referral's social notes are deleted this long after its support ended.",
    )
    svk_support_end_notice_days = fields.Integer(
        string="Support end alert (days)",
        default=30,
        help="Days before a referral's support ends when the agency's social worker gets an "
        "activity and the referrer is informed.",
    )
    svk_arrears_alert_days = fields.Integer(
        string="Arrears alert after (days)",
        default=10,
        help="Days a referred tenant's rent is overdue before the social worker is alerted "
        "and the referrer informed (when the household agreed to share it).",
    )

    @api.constrains(
        "svk_renewal_notice_days",
        "svk_application_retention_days",
        "svk_referral_note_retention_days",
        "svk_support_end_notice_days",
        "svk_arrears_alert_days",
    )
    def _check_svk_partner_delays(self):
        for company in self:
            if (
                min(
                    company.svk_renewal_notice_days,
                    company.svk_application_retention_days,
                    company.svk_referral_note_retention_days,
                    company.svk_support_end_notice_days,
                    company.svk_arrears_alert_days,
                )
                < 0
            ):
                raise ValidationError(self.env._("These delays cannot be negative."))
