from odoo import fields, models


class SvkPriorityCriterion(models.Model):
    """An allocation priority of the agency (its own allocation rules): each criterion the
    household meets adds its weight to the application's priority score."""

    _name = "svk.priority.criterion"
    _description = "Allocation priority criterion"
    _order = "weight desc, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    weight = fields.Integer(default=1, help="Points added to the application's priority score.")
    company_id = fields.Many2one(
        "res.company", string="Agency", help="Leave empty for a criterion of every agency."
    )
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
