import logging
from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils, format_date
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

PAYMENT_ORDER_STATES = [
    ("draft", "Draft"),
    ("open", "Confirmed"),
    ("generated", "File generated"),
    ("uploaded", "File uploaded"),
]


class SvkMonthEnd(models.Model):
    """The month-end screen: one record per company and month, holding nothing but that
    key. Every figure is computed when the screen is read, from the documents themselves
    (the run, the invoices and bills, the payment orders, the bank statements, the
    receivables), so that it never disagrees with the accounting.

    Staff of the agency read the screen; the figures that come from accounting are
    computed with sudo(), restricted to the record's company, because staff may not read
    invoices, statements or payment orders themselves. What the buttons do is done with
    the user's own rights.
    """

    _name = "svk.month.end"
    _description = "Month-end"
    _order = "period desc, company_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period = fields.Date(
        string="Month",
        required=True,
        readonly=True,
        help="Any day of the month; stored as its first day.",
    )
    date_end = fields.Date(string="Last day", compute="_compute_date_end")
    # 1. the monthly run
    run_id = fields.Many2one("svk.rent.run", string="Monthly run", compute="_compute_run_id")
    run_state = fields.Selection(
        selection="_selection_run_state", string="Run status", compute="_compute_run_id"
    )
    lease_done = fields.Integer(string="Leases invoiced", compute="_compute_run_id")
    lease_total = fields.Integer(string="Leases to invoice", compute="_compute_run_id")
    contract_done = fields.Integer(string="Owner contracts billed", compute="_compute_run_id")
    contract_total = fields.Integer(string="Owner contracts to bill", compute="_compute_run_id")
    run_error_count = fields.Integer(string="Run errors", compute="_compute_run_id")
    invoice_count = fields.Integer(string="Invoices", compute="_compute_rent_documents")
    invoiced_amount = fields.Monetary(
        string="Invoiced to tenants and third payers",
        compute="_compute_rent_documents",
        help="Total of the month's posted rent invoices, tenants' and third payers'.",
    )
    bill_count = fields.Integer(string="Owner bills", compute="_compute_rent_documents")
    billed_amount = fields.Monetary(
        string="Billed by owners",
        compute="_compute_rent_documents",
        help="Total of the month's posted owner bills (guaranteed rents).",
    )
    # 2. paying the owners
    bill_unpaid_count = fields.Integer(
        string="Owner bills not paid", compute="_compute_owner_payment"
    )
    bill_unpaid_amount = fields.Monetary(
        string="Still to pay to owners", compute="_compute_owner_payment"
    )
    bill_to_order_count = fields.Integer(
        string="Bills in no payment order",
        compute="_compute_owner_payment",
        help="Owner bills not paid and in no payment order yet.",
    )
    bill_to_order_amount = fields.Monetary(
        string="Amount in no payment order", compute="_compute_owner_payment"
    )
    payment_order_ids = fields.Many2many(
        "account.payment.order",
        string="Payment orders",
        compute="_compute_owner_payment",
        groups="account_payment_order.group_account_payment,account.group_account_readonly",
    )
    payment_order_count = fields.Integer(compute="_compute_owner_payment")
    payment_order_state = fields.Selection(
        PAYMENT_ORDER_STATES,
        string="Payment order status",
        compute="_compute_owner_payment",
        help="Status of the latest payment order paying this month's owner bills.",
    )
    # 3. the bank
    statement_count = fields.Integer(string="Bank statements", compute="_compute_bank")
    statement_line_count = fields.Integer(string="Transactions", compute="_compute_bank")
    received_amount = fields.Monetary(
        string="Received",
        compute="_compute_bank",
        help="Money in on the company's bank accounts during the month.",
    )
    unreconciled_count = fields.Integer(string="Transactions to reconcile", compute="_compute_bank")
    unreconciled_amount = fields.Monetary(string="Amount to reconcile", compute="_compute_bank")
    # 4. arrears
    new_arrears_count = fields.Integer(
        string="Leases newly in arrears",
        compute="_compute_arrears",
        help="Leases with rent due this month and not paid, that owed nothing overdue "
        "before the month.",
    )
    new_arrears_amount = fields.Monetary(string="Newly overdue", compute="_compute_arrears")
    balance_due = fields.Monetary(
        string="Total owed by tenants today",
        compute="_compute_arrears",
        help="Everything tenants and third payers still owe on rent documents, today.",
    )
    # 5. payment plans
    broken_plan_count = fields.Integer(
        string="Payment plans broken", compute="_compute_broken_plan_count"
    )
    # 6. rents collected for owners (management mandates)
    collected_balance = fields.Monetary(
        string="Balance at the end of the month",
        compute="_compute_collected",
        help="Balance of the account of rents collected for owners on the month's last "
        "day. Rent invoiced under a mandate is owed to the owner: the owner's bill takes "
        "it out again.",
    )
    collected_movement = fields.Monetary(
        string="Movement of the month's documents",
        compute="_compute_collected",
        help="What the month's rent invoices and owner bills leave on the account of rents "
        "collected for owners: zero once the month is complete.",
    )
    collected_unit_names = fields.Char(
        string="Units left on the account",
        compute="_compute_collected",
        help="The units whose documents of the month leave money on the account of rents "
        "collected for owners: a rent invoiced with no owner billed for the unit that "
        "month, or an owner bill not made yet.",
    )

    _sql_constraints = [
        (
            "company_period_unique",
            "UNIQUE(company_id, period)",
            "There is one month-end per company and month.",
        ),
    ]

    @api.model
    def _selection_run_state(self):
        return self.env["svk.rent.run"]._fields["state"]._description_selection(self.env)

    @api.depends("period")
    def _compute_display_name(self):
        for month_end in self:
            month_end.display_name = (
                format_date(self.env, month_end.period, date_format="MMMM y")
                if month_end.period
                else False
            )

    @api.depends("period")
    def _compute_date_end(self):
        for month_end in self:
            month_end.date_end = (
                date_utils.end_of(month_end.period, "month") if month_end.period else False
            )

    def _compute_run_id(self):
        runs = {}
        for run in self.env["svk.rent.run"].search(
            [("company_id", "in", self.company_id.ids), ("period", "in", self._periods())]
        ):
            runs.setdefault((run.company_id.id, run.period), run)  # the latest one
        for month_end in self:
            run = runs.get(month_end._key(), self.env["svk.rent.run"])
            month_end.run_id = run
            month_end.run_state = run.state
            month_end.lease_done = run.lease_done
            month_end.lease_total = run.lease_total
            month_end.contract_done = run.contract_done
            month_end.contract_total = run.contract_total
            month_end.run_error_count = run.error_count

    def _compute_rent_documents(self):
        # totals of invoices and bills, shown to staff who may not read invoices themselves
        totals = defaultdict(lambda: [0, 0.0])
        invoice_kinds = ("tenant", "third_payer")
        for company, period, kind, count, amount in (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("svk_period", "in", self._periods()),
                    ("svk_kind", "in", (*invoice_kinds, "owner")),
                    ("state", "=", "posted"),
                ],
                ["company_id", "svk_period:day", "svk_kind"],
                ["__count", "amount_total:sum"],
            )
        ):
            total = totals[company.id, period, kind == "owner"]
            total[0] += count
            total[1] += amount
        for month_end in self:
            month_end.invoice_count, month_end.invoiced_amount = totals[(*month_end._key(), False)]
            month_end.bill_count, month_end.billed_amount = totals[(*month_end._key(), True)]

    def _compute_owner_payment(self):
        # staff may read neither bills nor payment orders: counts, totals and the status
        # of the order only, computed as superuser on the records' companies
        bills = self.sudo()._owner_bills()
        key_of = {bill.id: (bill.company_id.id, bill.svk_period) for bill in bills}
        unpaid, to_order = defaultdict(lambda: [0, 0.0]), defaultdict(lambda: [0, 0.0])
        AML = self.env["account.move.line"].sudo()
        for totals, domain in (
            (unpaid, []),
            (to_order, [("payment_line_ids", "not any", [("state", "!=", "cancel")])]),
        ):
            for bill, residual in AML._read_group(
                [*self._open_payable_domain(bills), *domain], ["move_id"], ["amount_residual:sum"]
            ):
                total = totals[key_of[bill.id]]
                total[0] += 1
                total[1] -= residual  # a payable's residual is negative
        orders = defaultdict(self.env["account.payment.order"].sudo)
        for order, line in (
            self.env["account.payment.line"]
            .sudo()
            ._read_group(
                [("move_line_id.move_id", "in", bills.ids), ("state", "!=", "cancel")],
                ["order_id", "move_line_id"],
            )
        ):
            orders[key_of[line.move_id.id]] |= order
        for month_end in self:
            key = month_end._key()
            month_end.bill_unpaid_count, month_end.bill_unpaid_amount = unpaid[key]
            month_end.bill_to_order_count, month_end.bill_to_order_amount = to_order[key]
            month_end_orders = orders[key].sorted("id")
            month_end.payment_order_ids = month_end_orders
            month_end.payment_order_count = len(month_end_orders)
            month_end.payment_order_state = month_end_orders[-1:].state or False

    def _compute_bank(self):
        # staff may not read bank statements: counts and totals, computed as superuser
        # on the records' companies
        Statement = self.env["account.bank.statement"].sudo()
        Line = self.env["account.bank.statement.line"].sudo()
        statements, lines = defaultdict(int), defaultdict(int)
        received = defaultdict(float)
        waiting = defaultdict(lambda: [0, 0.0])
        for company, month, count in Statement._read_group(
            self._bank_domain(), ["company_id", "date:month"], ["__count"]
        ):
            statements[company.id, month] = count
        for company, month, count in Line._read_group(
            self._bank_domain(), ["company_id", "date:month"], ["__count"]
        ):
            lines[company.id, month] = count
        for company, month, amount in Line._read_group(
            [*self._bank_domain(), ("amount", ">", 0)], ["company_id", "date:month"], ["amount:sum"]
        ):
            received[company.id, month] = amount
        for company, month, count, amount in Line._read_group(
            [*self._bank_domain(), ("is_reconciled", "=", False)],
            ["company_id", "date:month"],
            ["__count", "amount:sum"],
        ):
            waiting[company.id, month] = [count, amount]
        for month_end in self:
            key = month_end._key()
            month_end.statement_count = statements[key]
            month_end.statement_line_count = lines[key]
            month_end.received_amount = received[key]
            month_end.unreconciled_count, month_end.unreconciled_amount = waiting[key]

    def _compute_arrears(self):
        arrears = self._new_arrears()
        # what tenants owe, shown to staff who may not read invoices themselves
        AML = self.env["account.move.line"].sudo()
        balances = dict(
            AML._read_group(
                [
                    *AML._svk_open_receivable_domain(),
                    ("company_id", "in", self.company_id.ids),
                ],
                ["company_id"],
                ["amount_residual:sum"],
            )
        )
        for month_end in self:
            overdue = arrears.get(month_end._key(), {})
            month_end.new_arrears_count = len(overdue)
            month_end.new_arrears_amount = sum(overdue.values())
            month_end.balance_due = balances.get(month_end.company_id, 0.0)

    def _compute_broken_plan_count(self):
        counts = {
            (company.id, month): count
            for company, month, count in self.env["svk.payment.plan"]._read_group(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("date_broken", ">=", min(self._periods(), default=False)),
                    ("date_broken", "<=", self._last_day()),
                ],
                ["company_id", "date_broken:month"],
                ["__count"],
            )
        }
        for month_end in self:
            month_end.broken_plan_count = counts.get(month_end._key(), 0)

    def _compute_collected(self):
        by_month = self._collected_by_month()
        movements = self._collected_movements()
        units = self._collected_unit_names()
        for month_end in self:
            month_end.collected_balance = sum(
                balance
                for month, balance in by_month[month_end.company_id.id]
                if month <= month_end.period
            )
            month_end.collected_movement = movements.get(month_end._key(), 0.0)
            month_end.collected_unit_names = ", ".join(sorted(units[month_end._key()]))

    def _collected_groups(self, domain, groupby):
        """The balances of "rents collected for owners" of the companies, grouped by
        (company, account, *groupby): only each company's own account is kept."""
        # the balance of an account, shown to staff who may not read journal items
        AML = self.env["account.move.line"].sudo()
        for company, account, *keys, balance in AML._read_group(
            [
                ("account_id", "in", self.company_id.svk_owner_collected_account_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("parent_state", "=", "posted"),
                *domain,
            ],
            ["company_id", "account_id", *groupby],
            ["balance:sum"],
        ):
            if account == company.svk_owner_collected_account_id:
                yield company, *keys, balance

    def _collected_by_month(self):
        """{company id: [(month, balance)]} up to the last month shown."""
        by_month = defaultdict(list)
        for company, month, balance in self._collected_groups(
            [("date", "<=", self._last_day())], ["date:month"]
        ):
            by_month[company.id].append((month, balance))
        return by_month

    def _collected_movements(self):
        """{(company id, period): balance} of the rents of the months shown."""
        return {
            (company.id, period): balance
            for company, period, balance in self._collected_groups(
                [("svk_period", "in", self._periods())], ["svk_period:day"]
            )
        }

    def _collected_unit_names(self):
        """{(company id, period): [unit names]}: the units that leave money on the
        account, named so that the agency can act."""
        units = defaultdict(list)
        for company, period, unit, balance in self._collected_groups(
            [("svk_period", "in", self._periods())], ["svk_period:day", "svk_unit_id"]
        ):
            if not company.currency_id.is_zero(balance):
                units[company.id, period].append(
                    unit.display_name if unit else self.env._("no unit")
                )
        return units

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("period"):
                vals["period"] = date_utils.start_of(fields.Date.to_date(vals["period"]), "month")
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions
    @api.model
    def action_open_current(self):
        """The menu's action: this month's screen of the current company."""
        company = self.env.company
        current = date_utils.start_of(fields.Date.context_today(self), "month")
        # other months worth a screen in the list: those that had a run
        runs = self.env["svk.rent.run"]._read_group(
            [("company_id", "=", company.id)], ["period:day"]
        )
        month_ends = self._ensure(company, {current, *(period for [period] in runs)})
        return month_ends.filtered(lambda month_end: month_end.period == current)._action_open()

    def action_open_run(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("svk_housing.svk_rent_run_action")
        action.update(res_id=self.run_id.id, views=[(False, "form")], view_mode="form")
        return action

    def action_create_run(self):
        self.ensure_one()
        if not self.run_id:
            self.env["svk.rent.run"].create(
                {"company_id": self.company_id.id, "period": self.period}
            )
            self.invalidate_recordset(["run_id"])
        return self.action_open_run()

    def action_prepare_payment_order(self):
        """Put the month's owner bills that are not paid and in no payment order yet into
        a draft payment order of the company's owner payment mode (the draft one that
        already holds some of the month's bills, or a new one), as the bill's own "Add to
        payment order" does. Confirming it and making the SEPA file are done on the order."""
        self.ensure_one()
        payables = self.env["account.move.line"].search(
            [
                *self._open_payable_domain(self._owner_bills()),
                ("payment_line_ids", "not any", [("state", "!=", "cancel")]),
            ]
        )
        mode = self.company_id.svk_owner_payment_mode_id
        if not payables:
            raise UserError(
                self.env._(
                    "Every owner bill of %(month)s is paid or in a payment order already.",
                    month=self.display_name,
                )
            )
        if not mode:
            raise UserError(
                self.env._(
                    "Set the owner payment mode of %(company)s in the settings first.",
                    company=self.company_id.name,
                )
            )
        Order = self.env["account.payment.order"]
        order = Order.search(
            [
                ("payment_mode_id", "=", mode.id),
                ("state", "=", "draft"),
                ("payment_line_ids.move_line_id.move_id", "in", self._owner_bills().ids),
            ],
            limit=1,
        ) or Order.create(
            {
                "payment_mode_id": mode.id,
                "description": self.env._("Owner rent %(month)s", month=self.display_name),
            }
        )
        payables.create_payment_line_from_move_line(order)
        return self._action_open_payment_orders(order)

    def action_open_payment_orders(self):
        self.ensure_one()
        return self._action_open_payment_orders(self.payment_order_ids)

    def action_open_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_bank_statement_tree")
        action.update(
            domain=self._bank_domain(),
            context={"journal_type": "bank", "create": False},
        )
        return action

    def action_open_reconcile(self):
        """The OCA reconciliation screen on the month's bank transactions still waiting."""
        self.ensure_one()
        journals = self.env["account.journal"].search(
            [("company_id", "=", self.company_id.id), ("type", "=", "bank")]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_reconcile_oca.action_bank_statement_line_reconcile"
        )
        context = safe_eval(action["context"], {"active_id": journals[:1].id})
        action.update(
            name=self.env._("To reconcile – %(month)s", month=self.display_name),
            domain=[*self._bank_domain(), ("is_reconciled", "=", False)],
            context=context,
        )
        return action

    def action_open_new_arrears(self):
        self.ensure_one()
        lease_ids = list(self._new_arrears().get(self._key(), {}))
        action = self.env["ir.actions.act_window"]._for_xml_id("svk_housing.svk_lease_action")
        action.update(
            name=self.env._("Newly in arrears – %(month)s", month=self.display_name),
            domain=[("id", "in", lease_ids)],
            context={"create": False},
        )
        return action

    def action_open_broken_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "svk_housing.svk_payment_plan_action"
        )
        action.update(
            name=self.env._("Broken in %(month)s", month=self.display_name),
            domain=[
                ("company_id", "=", self.company_id.id),
                ("date_broken", ">=", self.period),
                ("date_broken", "<=", self.date_end),
            ],
            context={"create": False},
        )
        return action

    def action_open_collected_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_account_moves_all")
        action.update(
            name=self.company_id.svk_owner_collected_account_id.display_name,
            domain=[
                ("account_id", "=", self.company_id.svk_owner_collected_account_id.id),
                ("company_id", "=", self.company_id.id),
                ("parent_state", "=", "posted"),
                ("date", "<=", self.date_end),
            ],
            context={"create": False},
        )
        return action

    # ------------------------------------------------------------------ helpers
    def _key(self):
        return self.company_id.id, self.period

    def _periods(self):
        return sorted({month_end.period for month_end in self if month_end.period})

    def _last_day(self):
        return max((month_end.date_end for month_end in self if month_end.date_end), default=False)

    def _bank_domain(self):
        """Bank transactions (and statements) of the records' companies in their months."""
        return [
            ("company_id", "in", self.company_id.ids),
            ("journal_id.type", "=", "bank"),
            ("date", ">=", min(self._periods(), default=False)),
            ("date", "<=", self._last_day()),
        ]

    def _owner_bills(self):
        """The posted owner bills of the records' months, with the user's rights."""
        return self.env["account.move"].search(
            [
                ("company_id", "in", self.company_id.ids),
                ("svk_period", "in", self._periods()),
                ("svk_kind", "=", "owner"),
                ("state", "=", "posted"),
            ]
        )

    @api.model
    def _open_payable_domain(self, bills):
        return [
            ("move_id", "in", bills.ids),
            ("account_type", "=", "liability_payable"),
            ("reconciled", "=", False),
        ]

    def _new_arrears(self):
        """{(company id, month): {lease id: amount}}: leases with rent due in the month
        and past due (before today) that is still open, and nothing overdue from before
        the month: the leases that fell behind that month."""
        today = fields.Date.context_today(self)
        # what tenants owe, read for staff who may not read invoices themselves
        AML = self.env["account.move.line"].sudo()
        months = defaultdict(dict)
        for company, lease, month, residual in AML._read_group(
            [
                *AML._svk_open_receivable_domain(),
                ("company_id", "in", self.company_id.ids),
                ("amount_residual", ">", 0),  # not a payment in advance
                ("date_maturity", "<", today),
                ("date_maturity", "<=", self._last_day()),
            ],
            ["company_id", "svk_lease_id", "date_maturity:month"],
            ["amount_residual:sum"],
        ):
            months[company.id, lease.id][month] = residual
        result = defaultdict(dict)
        for month_end in self:
            for (company_id, lease_id), overdue in months.items():
                if company_id != month_end.company_id.id or month_end.period not in overdue:
                    continue
                if min(overdue) < month_end.period:
                    continue  # already in arrears before the month
                result[month_end._key()][lease_id] = overdue[month_end.period]
        return result

    @api.model
    def _ensure(self, company, periods):
        """The company's month-end records of `periods`, created where missing. The
        record only holds the (company, month) key, everything on it is computed: staff
        who only read the screen may open a month nobody opened yet."""
        domain = [("company_id", "=", company.id), ("period", "in", list(periods))]
        existing = set(self.search(domain).mapped("period"))
        missing = [
            {"company_id": company.id, "period": period}
            for period in sorted(periods)
            if period not in existing
        ]
        if missing:
            try:
                with self.env.cr.savepoint():
                    self.sudo().create(missing)
            except pg_errors.UniqueViolation:
                # opened by someone else at the same moment: theirs is as good
                _logger.info("month-end of %s: created meanwhile by another user", company.name)
        return self.search(domain)

    def _action_open(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("svk_housing.svk_month_end_action")
        action.update(res_id=self.id, views=[(False, "form")], view_mode="form")
        return action

    def _action_open_payment_orders(self, orders):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_payment_order.account_payment_order_outbound_action"
        )
        if len(orders) == 1:
            action.update(res_id=orders.id, views=[(False, "form")], view_mode="form")
        else:
            action.update(domain=[("id", "in", orders.ids)])
        return action
