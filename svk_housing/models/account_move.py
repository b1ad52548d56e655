import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL, format_date

_logger = logging.getLogger(__name__)

SVK_KINDS = [
    ("tenant", "Tenant rent"),
    ("third_payer", "Third payer's part"),
    ("owner", "Owner's guaranteed rent"),
    ("clearing", "Mandate clearing"),
]


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

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """A credit note of a rent document stays on its lease (or owner contract),
        month and units: what the tenant owes and what is held for owners follow it."""
        reversals = super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)
        for origin, reversal in zip(self, reversals, strict=False):
            if origin.svk_period and origin.svk_kind != "clearing":
                reversal.write(
                    {
                        "svk_lease_id": origin.svk_lease_id.id,
                        "svk_owner_contract_id": origin.svk_owner_contract_id.id,
                        "svk_period": origin.svk_period,
                    }
                )
        return reversals

    @api.model
    def _svk_tenant_kinds(self):
        """The kinds of documents that are the tenant's debt on the lease, paid by the
        bank rules under the lease's communication and scheduled by payment plans with
        the rent: addons add theirs (charges statements, indexation catch-ups)."""
        return ["tenant"]

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
            if move.svk_period and move.svk_kind != "clearing":
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
        billed, sums = self._svk_mandate_sums(company, periods, collected, guarantee, income)
        if not billed:
            return self.browse()
        lines_by_period = self._svk_prepare_clearing_lines(
            company, billed, sums, collected, guarantee, income
        )
        if not lines_by_period:
            return self.browse()
        self._svk_lock_clearing_months(company, lines_by_period)
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")],
            limit=1,
        )
        clearings = (
            self.with_company(company)
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    self._svk_prepare_clearing_values(company, journal, period, lines)
                    for period, lines in sorted(lines_by_period.items())
                ]
            )
        )
        clearings._post(soft=False)
        return clearings

    @api.model
    def _svk_mandate_sums(self, company, periods, collected, guarantee, income):
        """The (month, unit) pairs whose owner is billed, and the posted balances per
        month, unit and account: rents collected for owners, guarantee costs, and the
        income earlier clearings booked."""
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
        sums = defaultdict(float)
        if not billed:
            return billed, sums
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
        return billed, sums

    @api.model
    def _svk_clearing_balances(self, left, cost, surplus, collected, guarantee, income):
        """[(account, balance)] settling what is `left` on "rents collected for owners"
        (a positive balance is a debit), given the month's guarantee `cost` and the
        `surplus` income already booked for the unit."""
        if left < 0:
            # collected beyond what the owner's bill took: less guarantee cost, then
            # the agency's income
            less_cost = min(-left, cost)
            return [(collected, -left), (guarantee, -less_cost), (income, left + less_cost)]
        # the bill took more than is collected now: back from that income, then a
        # guarantee cost
        back = min(left, surplus)
        return [(collected, -left), (income, back), (guarantee, left - back)]

    @api.model
    def _svk_prepare_clearing_lines(self, company, billed, sums, collected, guarantee, income):
        """{month: [line commands]}: the clearing lines of each billed unit and month
        whose rents collected for owners are not at zero."""
        currency = company.currency_id
        lines_by_period = defaultdict(list)
        Unit = self.env["svk.unit"]
        for period, unit_id in sorted(billed):
            left = currency.round(sums[period, unit_id, collected.id])
            if currency.is_zero(left):
                continue
            unit = Unit.browse(unit_id)
            balances = self._svk_clearing_balances(
                left,
                max(0.0, sums[period, unit_id, guarantee.id]),
                max(0.0, -sums[period, unit_id, income.id]),
                collected,
                guarantee,
                income,
            )
            label = self.env._(
                "Mandate clearing %(month)s – %(unit)s",
                month=format_date(self.env, period, date_format="MMMM y"),
                unit=unit.display_name,
            )
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
                for account, balance in balances
                if not currency.is_zero(balance)
            ]
        return lines_by_period

    @api.model
    def _svk_lock_clearing_months(self, company, periods):
        """One clearing of a month at a time: two would settle the same balance. Each
        clearing touches the month's run, so that a transaction that did not see
        another's clearing (Odoo reads a snapshot) fails to serialize and is retried
        (by queue_job, or by Odoo for a request) with the clearing in sight.

        A row lock alone (``SELECT ... FOR NO KEY UPDATE``) would not do: under
        REPEATABLE READ, a transaction waiting for a lock that is released at commit
        goes on with its old snapshot, and only a row the other one really updated
        makes it fail to serialize."""
        self.env["svk.rent.run"].flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE svk_rent_run SET write_date = write_date "
                "WHERE company_id = %s AND period IN %s",
                company.id,
                tuple(periods),
            )
        )

    @api.model
    def _svk_prepare_clearing_values(self, company, journal, period, lines):
        """The clearing entry of a month."""
        return {
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
    svk_unit_id = fields.Many2one("svk.unit", string="Unit", index="btree_not_null", readonly=True)
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
        payers) paid in advance, on any of their leases: an overpayment pays the next
        invoice as soon as it is posted, oldest first."""
        if not leases:
            return
        debts = self.search(
            [
                *self._svk_open_receivable_domain(),
                ("svk_lease_id", "in", leases.ids),
                ("amount_residual", ">", 0),
            ]
        )
        if not debts:
            return
        advances = self.search(
            [
                *self._svk_open_receivable_domain(),
                ("partner_id", "in", debts.partner_id.ids),
                ("amount_residual", "<", 0),
            ]
        )
        if not advances:
            return

        def key(line):
            return (line.partner_id.commercial_partner_id, line.account_id)

        owed = debts.grouped(key)
        for group, credits in advances.grouped(key).items():
            if group not in owed:
                continue
            try:
                with self.env.cr.savepoint():
                    (credits | owed[group])._reconcile_plan([credits | owed[group]])
            except UserError as error:
                # left for a person in the reconciliation screen; the run goes on
                _logger.warning("advance of %s not applied: %s", group[0].display_name, error)
