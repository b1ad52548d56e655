from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_portal_hours = fields.Text(
        string="Opening hours (portal)",
        translate=True,
        help="When tenants can call or visit the agency, shown on their portal home page. "
        "Short lines, one per day or period.",
    )
    svk_portal_emergency = fields.Text(
        string="Emergency numbers (portal)",
        translate=True,
        help="Who to call out of hours (a leak, no heating, a lost key), shown on the "
        "tenants' portal home page. One number per line.",
    )
