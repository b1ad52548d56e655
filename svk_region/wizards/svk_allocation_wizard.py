from odoo import fields, models

from odoo.addons.svk_housing.models.action_scope import action_scope, in_action_scope

from ..models.res_company import income_mix_ok
from ..models.svk_lease import DECISION_SCOPE

# the application's verdict → the lease's income position at entry
# a manager decided to let under the two-thirds share (the warning's confirmation)
MIX_DECIDED = "svk_region_income_mix_decided"
POSITION_OF_ELIGIBILITY = {"eligible": "ceiling", "band": "band"}


class SvkAllocationWizard(models.TransientModel):
    _inherit = "svk.allocation.wizard"

    def action_allocate(self):
        """A household of the 100–150% band that would take the agency's share at or
        under the ceiling below two thirds: a warning first, for a manager to decide."""
        self.ensure_one()
        if not in_action_scope(MIX_DECIDED, self) and self._svk_income_mix_breached():
            return self._svk_income_mix_warning_action()
        return super().action_allocate()

    def _prepare_lease_vals(self, tenant):
        vals = super()._prepare_lease_vals(tenant)
        lead = self.lead_id
        position = POSITION_OF_ELIGIBILITY.get(lead.svk_eligibility)
        if position:
            # the position only: the income itself stays in the application's social file
            vals.update(svk_income_position=position, svk_income_source="application")
        return vals

    def _svk_income_mix_after(self):
        """(ceiling, total) of the running leases once this household is let."""
        mix = self.unit_id.company_id._svk_income_mix()[self.unit_id.company_id.id]
        ceiling = mix["ceiling"] + (1 if self.lead_id.svk_eligibility == "eligible" else 0)
        return ceiling, mix["total"] + 1

    def _svk_income_mix_breached(self):
        self.ensure_one()
        if self.lead_id.svk_eligibility != "band":
            return False
        return not income_mix_ok(*self._svk_income_mix_after())

    def _svk_income_mix_warning_action(self):
        warning = self.env["svk.income.mix.warning"].create({"allocation_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Income mix under two thirds"),
            "res_model": "svk.income.mix.warning",
            "res_id": warning.id,
            "view_mode": "form",
            "target": "new",
        }

    def _svk_allocate_despite_mix(self, decision):
        """Allocate as decided by the manager, the decision recorded on the lease with
        the share it leaves."""
        self.ensure_one()
        ceiling, total = self._svk_income_mix_after()
        with action_scope(MIX_DECIDED, self):
            action = self.action_allocate()
        lease = self.lead_id.svk_allocated_lease_id
        with action_scope(DECISION_SCOPE, lease):
            lease.write(
                {
                    "svk_income_mix_decision": decision,
                    "svk_income_mix_decided_by_id": self.env.uid,
                    "svk_income_mix_decided_on": fields.Datetime.now(),
                    "svk_income_mix_share_after": 100.0 * ceiling / total,
                }
            )
        return action
