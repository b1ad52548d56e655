from odoo import api, fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    svk_kind = fields.Selection(
        selection_add=[("charges", "Charges statement")], ondelete={"charges": "set null"}
    )
    svk_charges_line_id = fields.Many2one(
        "svk.charges.statement.line",
        string="Charges statement line",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="restrict",
    )
    svk_charges_statement_id = fields.Many2one(
        related="svk_charges_line_id.statement_id",
        store=True,
        index="btree_not_null",
        string="Charges statement",
    )

    def init(self):
        res = super().init()
        # One document per lease of a charges statement, enforced by the database: a
        # statement approved twice, even at the same time, never settles a lease twice.
        # A cancelled document does not count.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS account_move_svk_charges_line_uniq
                    ON account_move (svk_charges_line_id)
                 WHERE svk_charges_line_id IS NOT NULL AND state != 'cancel'
                """
            )
        )
        return res

    @api.model
    def _svk_tenant_kinds(self):
        # a statement's claim is the tenant's debt, paid and scheduled with the rent
        return [*super()._svk_tenant_kinds(), "charges"]

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """A credit note of a charges document stays on its lease: what the tenant owes
        follows it."""
        reversals = super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)
        for origin, reversal in zip(self, reversals, strict=False):
            if origin.svk_kind == "charges":
                # and stays a charges document: its provision line is not next year's
                reversal.write({"svk_lease_id": origin.svk_lease_id.id, "svk_kind": "charges"})
        return reversals


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    svk_charge_type_id = fields.Many2one(
        "svk.charge.type",
        string="Charge type",
        index="btree_not_null",
        check_company=True,
        help="On a vendor bill line: the kind of cost recharged to the tenants of the "
        "building in the line's analytic distribution (yearly charges statement).",
    )
