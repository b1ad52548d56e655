from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_gdpr_message_months = fields.Integer(
        string="Keep tenant messages (months)",
        default=24,
        help="Messages to and from tenants older than this are deleted, with their copy in "
        "the chatter. 0 keeps them.",
    )
    svk_gdpr_consent_months = fields.Integer(
        string="Keep withdrawn consents (months)",
        default=60,
        help="This long after a person opted out, the opt-out keeps only the number and the "
        "channel (so that it is still honoured): the contact, the note and the history go. "
        "0 keeps them.",
    )
    svk_gdpr_triage_months = fields.Integer(
        string="Keep unmatched messages (months)",
        default=3,
        help="Received messages left in the triage inbox (no contact, or several) longer "
        "than this are deleted. 0 keeps them.",
    )

    @api.constrains("svk_gdpr_message_months", "svk_gdpr_consent_months", "svk_gdpr_triage_months")
    def _check_svk_gdpr_months(self):
        for company in self:
            if (
                min(
                    company.svk_gdpr_message_months,
                    company.svk_gdpr_consent_months,
                    company.svk_gdpr_triage_months,
                )
                < 0
            ):
                raise ValidationError(self.env._("Retention periods cannot be negative."))
