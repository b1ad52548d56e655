from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    svk_owner_acquisition = fields.Boolean(
        string="Owner acquisition",
        help="Opportunities of this team are owners offering a property to the agency; "
        "they turn into a draft owner contract and its units.",
    )
