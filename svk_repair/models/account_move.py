from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    svk_kind = fields.Selection(
        selection_add=[("repair", "Repair charged to the tenant")],
        ondelete={"repair": "set null"},
    )
    svk_repair_id = fields.Many2one(
        "svk.repair.request",
        string="Repair request",
        index="btree_not_null",
        copy=False,
        check_company=True,
        help="On a contractor's bill: the repair it is for. On an invoice: the repair "
        "charged to the tenant or the owner.",
    )

    @api.model
    def _svk_tenant_kinds(self):
        # a repair charged to the tenant is their debt, paid and scheduled with the rent
        return [*super()._svk_tenant_kinds(), "repair"]

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """A credit note of a repair charged to the tenant stays on its lease and repair:
        what the tenant owes follows it."""
        reversals = super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)
        for origin, reversal in zip(self, reversals, strict=False):
            if origin.svk_repair_id and origin.move_type == "out_invoice":
                reversal.write(
                    {
                        "svk_repair_id": origin.svk_repair_id.id,
                        "svk_lease_id": origin.svk_lease_id.id,
                        "svk_kind": origin.svk_kind,
                    }
                )
        return reversals


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    svk_repair_id = fields.Many2one(
        "svk.repair.request",
        string="Repair deducted",
        index="btree_not_null",
        copy=False,
        help="On an owner's bill: the line that deducts this repair the owner pays.",
    )
