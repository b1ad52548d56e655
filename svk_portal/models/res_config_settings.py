from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    svk_portal_hours = fields.Text(related="company_id.svk_portal_hours", readonly=False)
    svk_portal_emergency = fields.Text(related="company_id.svk_portal_emergency", readonly=False)
