from odoo import fields, models
from odoo.exceptions import AccessError, UserError

MANAGER = "svk_housing.group_svk_manager"


class SvkIncomeMixWarning(models.TransientModel):
    """Letting to a household of the 100–150% band would take the agency's share of
    households at or under the admission ceiling below two thirds (Housing Code art.
    125): an SVK manager decides, and the decision is recorded on the lease."""

    _name = "svk.income.mix.warning"
    _description = "Income mix warning"

    allocation_id = fields.Many2one(
        "svk.allocation.wizard", required=True, ondelete="cascade", readonly=True
    )
    lead_id = fields.Many2one(related="allocation_id.lead_id")
    unit_id = fields.Many2one(related="allocation_id.unit_id")
    share_after = fields.Float(
        string="Share at or under the ceiling after it (%)",
        digits=(16, 1),
        compute="_compute_mix_after",
    )
    ceiling_after = fields.Integer(
        string="At or under the ceiling after it", compute="_compute_mix_after"
    )
    total_after = fields.Integer(string="Running leases after it", compute="_compute_mix_after")
    is_manager = fields.Boolean(compute="_compute_is_manager")
    decision = fields.Text(
        string="Why",
        help="Why the agency lets to this household all the same: kept on the lease with "
        "who decided and when.",
    )

    def _compute_mix_after(self):
        for warning in self:
            ceiling, total = warning.allocation_id._svk_income_mix_after()
            warning.ceiling_after = ceiling
            warning.total_after = total
            warning.share_after = 100.0 * ceiling / total

    def _compute_is_manager(self):
        self.is_manager = self.env.user.has_group(MANAGER)

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only an SVK manager may let under the two-thirds share."))
        if not (self.decision or "").strip():
            raise UserError(self.env._("Say why the agency lets to this household all the same."))
        return self.allocation_id._svk_allocate_despite_mix(self.decision.strip())
