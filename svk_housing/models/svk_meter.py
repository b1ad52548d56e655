from stdnum import ean as gs1

from odoo import api, fields, models
from odoo.exceptions import ValidationError

METER_TYPES = [
    ("electricity", "Electricity"),
    ("gas", "Gas"),
    ("water", "Water"),
    ("heating", "Heating"),
    ("other", "Other"),
]


def ean_error(env, code):
    """Return why `code` is not a valid 18-digit EAN (GS1) meter code, or None."""
    if not code or len(code) != 18 or not code.isdigit():
        return env._(
            "An EAN meter code has exactly 18 digits (e.g. 541448820000000015), got %(code)s.",
            code=code or "",
        )
    if gs1.calc_check_digit(code[:-1]) != code[-1]:
        return env._(
            "EAN meter code %(code)s has a wrong check digit: it should end in %(digit)s. "
            "Check the code on the meter or the energy bill.",
            code=code,
            digit=gs1.calc_check_digit(code[:-1]),
        )
    return None


class SvkMeter(models.Model):
    _name = "svk.meter"
    _description = "Utility meter"
    _order = "building_id, unit_id, meter_type, id"
    _check_company_auto = True

    name = fields.Char(string="Meter number", help="Serial number printed on the meter.")
    meter_type = fields.Selection(METER_TYPES, required=True, default="electricity")
    ean = fields.Char(
        string="EAN code",
        index=True,
        help="18-digit GS1 code identifying the connection point (541...).",
    )
    unit_id = fields.Many2one("svk.unit", ondelete="cascade", index=True, check_company=True)
    building_id = fields.Many2one(
        "svk.building",
        string="Building (common areas)",
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    note = fields.Char()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "ean_company_unique",
            "UNIQUE(ean, company_id)",
            "This EAN code is already used by another meter.",
        ),
        (
            "unit_or_building",
            "CHECK((unit_id IS NULL) != (building_id IS NULL))",
            "A meter belongs either to a unit or to a building's common areas.",
        ),
    ]

    @api.depends("meter_type", "ean", "name")
    def _compute_display_name(self):
        labels = dict(self._fields["meter_type"]._description_selection(self.env))
        for meter in self:
            meter.display_name = " ".join(
                part for part in (labels.get(meter.meter_type), meter.ean or meter.name) if part
            )

    @api.constrains("ean")
    def _check_ean(self):
        for meter in self.filtered("ean"):
            error = ean_error(self.env, meter.ean)
            if error:
                raise ValidationError(error)

    @api.model
    def _normalize_vals(self, vals):
        if vals.get("ean"):
            vals["ean"] = "".join(vals["ean"].split())
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalize_vals(vals))
