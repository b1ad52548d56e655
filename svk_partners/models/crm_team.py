from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    svk_candidates = fields.Boolean(
        string="Applicant register",
        help="Opportunities of this team are households applying for a unit: they are judged "
        "against the income ceilings, registered when their file is complete and renewed "
        "every two years.",
    )
