from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.svk_housing.models.action_scope import in_action_scope

INCOME_POSITIONS = [
    ("ceiling", "At or under the admission ceiling"),
    ("band", "Up to 150% of the ceiling"),
    ("over_indebted", "150–200%, over-indebted, with the agency's agreement"),
]
INCOME_SOURCES = [
    ("application", "From the application"),
    ("entered", "Entered by hand"),
]
# the manager's decision to let to a band household under the two-thirds share: written by
# the warning's confirmation only (svk.income.mix.warning), never by a plain write
DECISION_SCOPE = "svk_region_income_mix_decision"
DECISION_FIELDS = (
    "svk_income_mix_decision",
    "svk_income_mix_decided_by_id",
    "svk_income_mix_decided_on",
    "svk_income_mix_share_after",
)


class SvkLease(models.Model):
    _inherit = "svk.lease"

    svk_income_position = fields.Selection(
        INCOME_POSITIONS,
        string="Income at entry",
        tracking=True,
        copy=False,
        help="The household's income against the admission ceiling when it entered "
        "(Housing Code art. 125): at least two thirds of the stock let goes to households "
        "at or under the ceiling.",
    )
    svk_income_source = fields.Selection(
        INCOME_SOURCES, string="Income position from", readonly=True, copy=False
    )
    svk_over_indebted_ref = fields.Char(
        string="Over-indebtedness agreement",
        tracking=True,
        copy=False,
        help="The reference of the agency's recorded agreement for an over-indebted "
        "household between 150% and 200% of the ceiling.",
    )
    svk_income_mix_decision = fields.Text(
        string="Manager's decision", readonly=True, copy=False, tracking=True
    )
    svk_income_mix_decided_by_id = fields.Many2one(
        "res.users", string="Decided by", readonly=True, copy=False
    )
    svk_income_mix_decided_on = fields.Datetime(string="Decided on", readonly=True, copy=False)
    svk_income_mix_share_after = fields.Float(
        string="Share at or under the ceiling after it (%)",
        digits=(16, 1),
        readonly=True,
        copy=False,
    )

    @api.constrains("svk_income_position", "svk_over_indebted_ref")
    def _check_svk_income_position(self):
        for lease in self:
            if lease.svk_income_position == "over_indebted" and not lease.svk_over_indebted_ref:
                raise ValidationError(
                    self.env._(
                        "Lease %(name)s: an over-indebted household between 150%% and 200%% "
                        "of the ceiling needs the reference of the agency's agreement.",
                        name=lease.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._svk_check_decision_vals(vals, self)
            if vals.get("svk_income_position") and not vals.get("svk_income_source"):
                vals["svk_income_source"] = "entered"
        return super().create(vals_list)

    def write(self, vals):
        self._svk_check_decision_vals(vals, self)
        if "svk_income_position" in vals and "svk_income_source" not in vals:
            vals = dict(vals, svk_income_source="entered" if vals["svk_income_position"] else False)
        return super().write(vals)

    @api.model
    def _svk_check_decision_vals(self, vals, records):
        if any(fname in vals for fname in DECISION_FIELDS) and not in_action_scope(
            DECISION_SCOPE, records or None
        ):
            raise AccessError(
                self.env._(
                    "The manager's decision on the income mix is recorded by its warning only."
                )
            )
