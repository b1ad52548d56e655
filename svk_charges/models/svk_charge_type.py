from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.svk_housing.models.svk_meter import METER_TYPES

# how a building's cost of a kind is shared among its units
KEY_METHODS = [
    ("equal", "Equal shares"),
    ("surface", "Surface"),
    ("days", "Occupancy days"),
    ("meter", "Meter readings"),
]


class SvkChargeType(models.Model):
    """A kind of cost recharged to tenants on provisions (heating, water, cleaning...).

    Vendor bill lines carry it; the statement adds up each kind per building and shares
    it with the building's key for that kind, or with the kind's default key."""

    _name = "svk.charge.type"
    _description = "Charge type"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short reference, e.g. HEAT.")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the charge type with every agency of the database.",
    )
    default_method = fields.Selection(
        KEY_METHODS,
        string="Default key",
        required=True,
        default="equal",
        help="How the cost is shared in a building that has no key of its own for it.",
    )
    default_meter_type = fields.Selection(
        METER_TYPES,
        string="Default meter type",
        help="The units' meters read when the default key is by meter readings.",
    )
    note = fields.Text(help="What belongs to this charge type (shown to the accountants).")
    active = fields.Boolean(default=True)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for charge_type in self:
            charge_type.display_name = charge_type.name or charge_type.code

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        for charge_type in self:
            domain = [("id", "!=", charge_type.id), ("code", "=ilike", charge_type.code)]
            if charge_type.company_id:
                # an agency's own code may not hide a shared one, nor repeat its own
                domain.append(("company_id", "in", [charge_type.company_id.id, False]))
            # other agencies' types count too (a shared code is taken for all of them)
            if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
                raise ValidationError(
                    self.env._("Charge type code %(code)s is taken.", code=charge_type.code)
                )

    @api.constrains("default_method", "default_meter_type")
    def _check_default_meter_type(self):
        for charge_type in self:
            if charge_type.default_method == "meter" and not charge_type.default_meter_type:
                raise ValidationError(
                    self.env._(
                        "Which meters does the default key of %(type)s read?",
                        type=charge_type.name,
                    )
                )
