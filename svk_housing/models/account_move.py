from odoo import api, fields, models
from odoo.tools import SQL

SVK_KINDS = [
    ("tenant", "Tenant rent"),
    ("third_payer", "Third payer's part"),
    ("owner", "Owner's guaranteed rent"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    svk_lease_id = fields.Many2one(
        "svk.lease", string="Lease", index="btree_not_null", copy=False, readonly=True
    )
    svk_owner_contract_id = fields.Many2one(
        "svk.owner.contract",
        string="Owner contract",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    svk_period = fields.Date(string="Rent period", copy=False, readonly=True)
    svk_kind = fields.Selection(SVK_KINDS, string="Rent document", copy=False, readonly=True)
    svk_run_id = fields.Many2one(
        "svk.rent.run", string="Monthly run", index="btree_not_null", copy=False, readonly=True
    )

    def init(self):
        res = super().init()
        # One rent document of a kind per lease (or owner contract) and month, enforced by
        # the database so that two runs of the same month at the same time cannot both
        # invoice it. A cancelled document does not count: the month can be invoiced again.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS account_move_svk_lease_period_uniq
                    ON account_move (svk_lease_id, svk_period, svk_kind)
                 WHERE svk_lease_id IS NOT NULL AND state != 'cancel';
                CREATE UNIQUE INDEX IF NOT EXISTS account_move_svk_owner_period_uniq
                    ON account_move (svk_owner_contract_id, svk_period)
                 WHERE svk_owner_contract_id IS NOT NULL AND state != 'cancel';
                """
            )
        )
        return res


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    svk_lease_id = fields.Many2one(
        related="move_id.svk_lease_id", store=True, index="btree_not_null", string="Lease"
    )

    @api.model
    def _svk_open_receivable_domain(self):
        """What tenants and third payers still owe on the rent cycle's documents."""
        return [
            ("svk_lease_id", "!=", False),
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
        ]

    @api.model
    def _svk_open_receivables(self, leases):
        """Open receivable lines of the leases' documents, oldest due first."""
        return self.search(
            [*self._svk_open_receivable_domain(), ("svk_lease_id", "in", leases.ids)],
            order="date_maturity, id",
        )
