from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    svk_gdpr_message_months = fields.Integer(
        related="company_id.svk_gdpr_message_months", readonly=False
    )
    svk_gdpr_consent_months = fields.Integer(
        related="company_id.svk_gdpr_consent_months", readonly=False
    )
    svk_gdpr_triage_months = fields.Integer(
        related="company_id.svk_gdpr_triage_months", readonly=False
    )
