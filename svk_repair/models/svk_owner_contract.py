from odoo import models


class SvkOwnerContract(models.Model):
    _inherit = "svk.owner.contract"

    def _prepare_owner_bill_deductions(self, period, lines):
        """The repairs the owner pays under a management mandate, taken off their bill;
        what does not fit in this month's bill waits for the next."""
        deductions = super()._prepare_owner_bill_deductions(period, lines)
        if self.contract_type != "mandate":
            return deductions
        room = sum(command[2]["price_unit"] for command in [*lines, *deductions])
        if self.currency_id.compare_amounts(room, 0.0) <= 0:
            return deductions
        return deductions + self.env["svk.repair.request"]._owner_deductions(self, period, room)
