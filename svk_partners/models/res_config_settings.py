from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    svk_renewal_notice_days = fields.Integer(
        related="company_id.svk_renewal_notice_days", readonly=False
    )
    svk_application_retention_days = fields.Integer(
        related="company_id.svk_application_retention_days", readonly=False
    )
    svk_referral_note_retention_days = fields.Integer(
        related="company_id.svk_referral_note_retention_days", readonly=False
    )
    svk_support_end_notice_days = fields.Integer(
        related="company_id.svk_support_end_notice_days", readonly=False
    )
    svk_arrears_alert_days = fields.Integer(
        related="company_id.svk_arrears_alert_days", readonly=False
    )
