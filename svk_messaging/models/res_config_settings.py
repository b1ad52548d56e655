from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    svk_messaging_consent_required = fields.Boolean(
        related="company_id.svk_messaging_consent_required", readonly=False
    )
    svk_messaging_user_id = fields.Many2one(
        related="company_id.svk_messaging_user_id", readonly=False
    )
    svk_reminder_enabled = fields.Boolean(related="company_id.svk_reminder_enabled", readonly=False)
    svk_reminder_days = fields.Integer(related="company_id.svk_reminder_days", readonly=False)
    svk_reminder_activity_days = fields.Integer(
        related="company_id.svk_reminder_activity_days", readonly=False
    )
    svk_reminder_min_amount = fields.Monetary(
        related="company_id.svk_reminder_min_amount", readonly=False
    )
    svk_reminder_template_id = fields.Many2one(
        related="company_id.svk_reminder_template_id", readonly=False
    )
    svk_quiet_start = fields.Float(related="company_id.svk_quiet_start", readonly=False)
    svk_quiet_end = fields.Float(related="company_id.svk_quiet_end", readonly=False)
