from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import SQL, format_date

SVK_KINDS = [
    ("tenant", "Tenant rent"),
    ("third_payer", "Third payer's part"),
    ("owner", "Owner's guaranteed rent"),
    ("clearing", "Mandate clearing"),
]
# documents whose posting or cancelling changes what a mandate unit owes its owner
RENT_KINDS = ("tenant", "third_payer", "owner")
CLEARING_LOCK = 7491  # advisory lock namespace of the mandate clearing


def rent_line(label, amount, account, unit):
    """An invoice, bill or entry line of the rent cycle: no product, no tax (rent is
    exempt), on the unit and its site's analytic account."""
    return Command.create(
        {
            "name": label,
            "quantity": 1.0,
            "price_unit": amount,
            "account_id": account.id,
            "tax_ids": [Command.clear()],
            "analytic_distribution": unit._analytic_distribution(),
            "svk_unit_id": unit.id,
        }
    )


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
    svk_period = fields.Date(
        string="Rent period", copy=False, readonly=True, index="btree_not_null"
    )
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

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._svk_clear_mandates()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._svk_clear_mandates()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._svk_clear_mandates()
        return res

    def _svk_clear_mandates(self):
        """After rent documents changed state: settle the months they belong to."""
        months = defaultdict(set)
        for move in self:
            if move.svk_kind in RENT_KINDS and move.svk_period:
                months[move.company_id].add(move.svk_period)
        for company, periods in months.items():
            # the clearing follows from documents the user could post: it is made
            # whatever their rights on miscellaneous entries
            self.env["account.move"].sudo()._svk_clear_mandate_months(company, periods)

    @api.model
    def _svk_clear_mandate_months(self, company, periods):
        """Keep "rents collected for owners" at zero per mandate unit and month once the
        owner is billed, whatever the order in which the documents were made.

        The owner's bill takes from the account what tenants were invoiced for the unit
        when it was made. What changes after it (a tenant invoice made later by the
        catch-up or a resumed run, one cancelled and remade) is settled by a clearing
        entry of the month: money collected beyond what the bill took first reduces the
        agency's guarantee cost of the unit and month, then is the agency's income (a
        tenant rent above the guaranteed rent); money missing is taken back from that
        income first, then is a guarantee cost."""
        collected = company.svk_owner_collected_account_id
        guarantee = company.svk_guarantee_cost_account_id
        income = company.svk_rent_income_account_id
        if not (collected and guarantee and income):
            return self.browse()
        Line = self.env["account.move.line"]
        Line.flush_model()
        self.flush_model()
        base = [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("svk_period", "in", list(periods)),
            ("svk_unit_id", "!=", False),
        ]
        billed = {
            (period, unit.id)
            for period, unit in Line._read_group(
                [
                    *base,
                    ("move_id.svk_kind", "=", "owner"),
                    ("account_id", "in", (collected | guarantee).ids),
                ],
                ["svk_period:day", "svk_unit_id"],
            )
        }
        if not billed:
            return self.browse()
        # one clearing at a time per agency: two of them would settle the same balance
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", CLEARING_LOCK, company.id))
        sums = defaultdict(float)
        for period, unit, account, balance in Line._read_group(
            [*base, ("account_id", "in", (collected | guarantee).ids)],
            ["svk_period:day", "svk_unit_id", "account_id"],
            ["balance:sum"],
        ):
            sums[period, unit.id, account.id] += balance
        for period, unit, balance in Line._read_group(
            [*base, ("move_id.svk_kind", "=", "clearing"), ("account_id", "=", income.id)],
            ["svk_period:day", "svk_unit_id"],
            ["balance:sum"],
        ):
            sums[period, unit.id, income.id] += balance
        currency = company.currency_id
        lines_by_period = defaultdict(list)
        Unit = self.env["svk.unit"]
        for period, unit_id in sorted(billed):
            left = currency.round(sums[period, unit_id, collected.id])
            if currency.is_zero(left):
                continue
            unit = Unit.browse(unit_id)
            cost = max(0.0, sums[period, unit_id, guarantee.id])
            surplus = max(0.0, -sums[period, unit_id, income.id])
            label = self.env._(
                "Mandate clearing %(month)s – %(unit)s",
                month=format_date(self.env, period, date_format="MMMM y"),
                unit=unit.display_name,
            )
            # (account, balance): a positive balance is a debit
            if left < 0:
                # collected beyond what the owner's bill took: less guarantee cost, then
                # the agency's income
                less_cost = min(-left, cost)
                moves = [(collected, -left), (guarantee, -less_cost), (income, left + less_cost)]
            else:
                # the bill took more than is collected now: back from that income, then
                # a guarantee cost
                back = min(left, surplus)
                moves = [(collected, -left), (income, back), (guarantee, left - back)]
            lines_by_period[period] += [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "balance": currency.round(balance),
                        "analytic_distribution": unit._analytic_distribution(),
                        "svk_unit_id": unit.id,
                    }
                )
                for account, balance in moves
                if not currency.is_zero(balance)
            ]
        if not lines_by_period:
            return self.browse()
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")],
            limit=1,
        )
        clearings = (
            self.with_company(company)
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "move_type": "entry",
                        "journal_id": journal.id,
                        "company_id": company.id,
                        "date": period,
                        "ref": self.env._(
                            "Mandate clearing %(month)s",
                            month=format_date(self.env, period, date_format="MMMM y"),
                        ),
                        "svk_period": period,
                        "svk_kind": "clearing",
                        "line_ids": lines,
                    }
                    for period, lines in sorted(lines_by_period.items())
                ]
            )
        )
        clearings._post(soft=False)
        return clearings


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    svk_lease_id = fields.Many2one(
        "svk.lease",
        string="Lease",
        compute="_compute_svk_lease_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="The lease a rent document, or a tenant's payment in advance, belongs to.",
    )
    svk_unit_id = fields.Many2one(
        "svk.unit", string="Unit", index="btree_not_null", copy=False, readonly=True
    )
    svk_period = fields.Date(
        related="move_id.svk_period", store=True, string="Rent period", index="btree_not_null"
    )

    @api.depends(
        "move_id.svk_lease_id", "move_id.statement_line_id.svk_lease_id", "account_id.account_type"
    )
    def _compute_svk_lease_id(self):
        for line in self:
            paid_on = (
                line.move_id.statement_line_id.svk_lease_id
                if line.account_id.account_type == "asset_receivable"
                else False
            )
            line.svk_lease_id = line.move_id.svk_lease_id or paid_on or line.svk_lease_id

    @api.model
    def _svk_open_receivable_domain(self):
        """What tenants and third payers still owe on the rent cycle (a negative residual
        is a payment in advance): the one definition used by the lease, the partner, the
        aged arrears and the payment plans."""
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

    @api.model
    def _svk_apply_advances(self, leases):
        """Settle the leases' open rent documents from what their tenants (or third
        payers) paid in advance: an overpayment left on the lease pays the next
        invoice as soon as it is posted, oldest first."""
        if not leases:
            return
        domain = [*self._svk_open_receivable_domain(), ("svk_lease_id", "in", leases.ids)]
        advances = self.search([*domain, ("amount_residual", "<", 0)])
        if not advances:
            return
        debts = self.search(
            [
                *domain,
                ("svk_lease_id", "in", advances.svk_lease_id.ids),
                ("amount_residual", ">", 0),
            ],
            order="date_maturity, id",
        )
        owed = debts.grouped(lambda line: (line.svk_lease_id, line.partner_id))
        plan = [
            credits | owed[key]
            for key, credits in advances.grouped(
                lambda line: (line.svk_lease_id, line.partner_id)
            ).items()
            if key in owed
        ]
        if plan:
            self._reconcile_plan(plan)
