from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, format_date, formatLang

from odoo.addons.svk_housing.models.action_scope import action_scope, in_action_scope

STATEMENT_STATES = [
    ("draft", "Draft"),
    ("computed", "Computed"),
    ("posted", "Approved"),
    ("cancel", "Cancelled"),
]
# what the statement needs of the company's accounting
ACCOUNTING_FIELDS = [
    "svk_charges_provision_account_id",
    "svk_charges_income_account_id",
    "svk_rent_journal_id",
]
# fields that decide what the statement covers: changed on a draft only
SCOPE_FIELDS = {"company_id", "building_id", "date_from", "date_to"}
# what the actions write: the state, and who approved it when
ACTION_FIELDS = {"state", "approved_by_id", "approved_on"}
# the dates of the documents: fixed once they are posted
DOCUMENT_FIELDS = {"date", "date_due"}


def _last_year(today):
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


class SvkChargesStatement(models.Model):
    """The yearly charges statement of a building: the actual costs of the period, each
    shared with the building's key, each lease on provisions' share over the days it
    ran, against the provisions it was invoiced.

    Approval posts one document per lease: an invoice when the tenant owes more (a claim)
    or a credit note when they paid too much (a refund). Its lines move the lease's
    provisions of the period off the provision account and its share into the charges
    income: see readme/DESCRIPTION.md, "The entries"."""

    _name = "svk.charges.statement"
    _description = "Charges statement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, building_id, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    building_id = fields.Many2one(
        "svk.building", required=True, index=True, tracking=True, check_company=True
    )
    date_from = fields.Date(
        string="From",
        required=True,
        tracking=True,
        default=lambda self: _last_year(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        string="To",
        required=True,
        tracking=True,
        default=lambda self: _last_year(fields.Date.context_today(self))[1],
    )
    period_days = fields.Integer(compute="_compute_period_days", string="Days in the period")
    date = fields.Date(
        string="Document date",
        tracking=True,
        copy=False,
        help="Date of the claims and refunds; the day of the approval when empty.",
    )
    date_due = fields.Date(
        string="Due date",
        tracking=True,
        copy=False,
        help="When the claims are due; 30 days after the document date when empty.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        STATEMENT_STATES,
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
        copy=False,
        index=True,
    )
    line_ids = fields.One2many(
        "svk.charges.statement.line", "statement_id", string="Tenants", readonly=True
    )
    cost_ids = fields.One2many(
        "svk.charges.statement.cost", "statement_id", string="Costs", readonly=True
    )
    detail_ids = fields.One2many(
        "svk.charges.statement.detail", "statement_id", string="Details", readonly=True
    )
    line_count = fields.Integer(compute="_compute_totals", string="Leases")
    cost_total = fields.Monetary(compute="_compute_totals", string="Total costs")
    share_total = fields.Monetary(compute="_compute_totals", string="Tenants' shares")
    agency_total = fields.Monetary(
        compute="_compute_totals",
        string="Agency's part",
        help="The costs no tenant bears: the shares of units nobody rented (or rented "
        "without provisions) for part of the period, and the cents of rounding.",
    )
    provision_total = fields.Monetary(compute="_compute_totals", string="Provisions invoiced")
    claim_total = fields.Monetary(compute="_compute_totals", string="Claims")
    refund_total = fields.Monetary(compute="_compute_totals", string="Refunds")
    move_count = fields.Integer(compute="_compute_move_count", string="Documents")
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)
    approved_on = fields.Datetime(string="Approved on", readonly=True, copy=False)
    note = fields.Html()

    _sql_constraints = [
        ("period_order", "CHECK(date_to >= date_from)", "A period cannot end before it starts."),
        (
            # one statement per building and day, even for two made at the same time
            "building_period_excl",
            "EXCLUDE USING gist (int4range(building_id, building_id, '[]') WITH =, "
            "daterange(date_from, date_to, '[]') WITH &&) WHERE (state <> 'cancel')",
            "Another charges statement of this building covers part of the period.",
        ),
    ]

    @api.depends("building_id.name", "date_from", "date_to")
    def _compute_name(self):
        for statement in self:
            statement.name = self.env._(
                "Charges %(period)s – %(building)s",
                period=statement._period_label(),
                building=statement.building_id.name or "",
            )

    @api.depends("date_from", "date_to")
    def _compute_period_days(self):
        for statement in self:
            statement.period_days = statement._days(statement.date_from, statement.date_to)

    def _compute_totals(self):
        lines, costs = {}, {}
        if self.ids:
            for statement, kind, count, share, provision, balance in self.env[
                "svk.charges.statement.line"
            ]._read_group(
                [("statement_id", "in", self.ids)],
                ["statement_id", "balance_kind"],
                ["__count", "share_amount:sum", "provision_amount:sum", "balance:sum"],
            ):
                lines[statement.id, kind] = (count, share, provision, balance)
            costs = dict(
                self.env["svk.charges.statement.cost"]._read_group(
                    [("statement_id", "in", self.ids)], ["statement_id"], ["amount:sum"]
                )
            )
        for statement in self:
            by_kind = {
                kind: lines.get((statement.id, kind), (0, 0.0, 0.0, 0.0))
                for kind in ("claim", "refund", "settled")
            }
            statement.line_count = sum(values[0] for values in by_kind.values())
            statement.share_total = sum(values[1] for values in by_kind.values())
            statement.provision_total = sum(values[2] for values in by_kind.values())
            statement.claim_total = by_kind["claim"][3]
            statement.refund_total = -by_kind["refund"][3]
            statement.cost_total = costs.get(statement, 0.0)
            statement.agency_total = statement.cost_total - statement.share_total

    def _compute_move_count(self):
        # a count, shown to staff who may not read invoices themselves
        counts = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [("svk_charges_statement_id", "in", self.ids), ("state", "!=", "cancel")],
                ["svk_charges_statement_id"],
                ["__count"],
            )
        )
        for statement in self:
            statement.move_count = counts.get(statement, 0)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for statement in self:
            if statement.date_to >= statement.date_from + relativedelta(years=1):
                raise ValidationError(
                    self.env._(
                        "A charges statement covers a year at most (%(name)s).",
                        name=statement.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(ACTION_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(self.env._("A statement's state follows its buttons."))
        return super().create(vals_list)

    def write(self, vals):
        if (
            ACTION_FIELDS & set(vals)
            and not self.env.su
            and not in_action_scope("svk.charges.statement.state", self)
        ):
            # the state follows the actions (compute, approve, cancel): written directly,
            # a statement approved could be cancelled and its provisions settled twice
            raise AccessError(self.env._("A statement's state follows its buttons."))
        if (
            DOCUMENT_FIELDS & set(vals)
            and not self.env.su
            and any(st.state == "posted" for st in self)
        ):
            raise UserError(self.env._("An approved statement's documents are posted."))
        if SCOPE_FIELDS & set(vals) and any(st.state != "draft" for st in self):
            raise UserError(
                self.env._("Reset the statement to draft to change its building or period.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(statement.state not in ("draft", "cancel") for statement in self):
            raise UserError(self.env._("Only a draft or cancelled statement can be deleted."))

    # ------------------------------------------------------------------ actions
    def action_compute(self):
        """Read the costs, keys and provisions, and make a line per lease (again)."""
        for statement in self:
            if statement.state not in ("draft", "computed"):
                raise UserError(
                    self.env._(
                        "%(name)s is approved or cancelled: it is not computed again.",
                        name=statement.name,
                    )
                )
            statement._compute_statement()
        return True

    def action_approve(self):
        """Post each lease's claim or refund, settle its provisions and apply the new
        monthly provisions: the SVK Manager's decision, all of it or nothing."""
        if not self.env.user.has_group("svk_housing.group_svk_manager"):
            raise AccessError(self.env._("Only an SVK Manager approves a charges statement."))
        for statement in self:
            statement._check_approvable()
        self._lock_for_approval()
        for statement in self:
            # all of it or nothing, even for a caller that goes on after an error
            with self.env.cr.savepoint():
                statement._approve()
        return True

    def action_cancel(self):
        if any(statement.state not in ("draft", "computed") for statement in self):
            raise UserError(
                self.env._(
                    "An approved statement stays: its documents are posted. Credit them in "
                    "Invoicing if they must be undone."
                )
            )
        with action_scope("svk.charges.statement.state", self):
            self.write({"state": "cancel"})
        # the database's one-statement-per-period rule reads the state: a statement
        # made next, in the same transaction, must find this one cancelled
        self.flush_recordset(["state"])
        return True

    def action_draft(self):
        if any(statement.state not in ("computed", "cancel") for statement in self):
            raise UserError(
                self.env._("Only a computed or cancelled statement goes back to draft.")
            )
        # the lines are the computation's, not staff's to write
        self.sudo().line_ids.unlink()
        self.sudo().cost_ids.unlink()
        with action_scope("svk.charges.statement.state", self):
            self.write({"state": "draft"})
        return True

    def action_print(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Compute the statement before printing it."))
        return self.env.ref("svk_charges.svk_charges_statement_line_report").report_action(
            self.line_ids
        )

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(
            name=self.name,
            domain=[("svk_charges_statement_id", "=", self.id)],
            context={"create": False, "default_move_type": "out_invoice"},
        )
        return action

    # ---------------------------------------------------------------- helpers
    @api.model
    def _days(self, first, last):
        return (last - first).days + 1 if first and last else 0

    def _period_label(self, lang=None):
        """The period as a tenant reads it: the year, or its first and last days."""
        self.ensure_one()
        first, last = self.date_from, self.date_to
        if not (first and last):
            return ""
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (
            first.year == last.year
        ):
            return str(first.year)
        start = format_date(self.env, first, lang_code=lang)
        end = format_date(self.env, last, lang_code=lang)
        return f"{start} – {end}"

    def _check_accounting(self):
        company = self.company_id
        missing = [
            company._fields[field].get_description(self.env)["string"]
            for field in ACCOUNTING_FIELDS
            if not company[field]
        ]
        if missing:
            raise UserError(
                self.env._(
                    "%(company)s cannot settle charges yet: set %(fields)s in Settings ‣ "
                    "Housing ‣ Rent cycle.",
                    company=company.name,
                    fields=", ".join(missing),
                )
            )

    # ----------------------------------------------------------------- compute
    def _leases(self):
        """The leases on provisions that ran in the building during the period."""
        self.ensure_one()
        return self.env["svk.lease"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("building_id", "=", self.building_id.id),
                ("charges_mode", "=", "provision"),
                ("state", "in", ("active", "notice", "ended")),
                ("date_start", "<=", self.date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date_from),
            ],
            order="unit_id, date_start",
        )

    def _lease_span(self, lease):
        """(first day, last day, days) of the lease within the period."""
        first = max(self.date_from, lease.date_start)
        last = min(self.date_to, lease.date_end) if lease.date_end else self.date_to
        return first, last, self._days(first, last)

    def _cost_domain(self):
        """The vendor bill and vendor credit note lines of the period that carry a
        charge type and, in their analytic distribution, the building's account."""
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "in", ("in_invoice", "in_refund")),
            ("svk_charge_type_id", "!=", False),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
            ("analytic_distribution", "in", self.building_id.analytic_account_id.ids),
        ]

    def _costs(self):
        """{charge type id: the building's cost of the period}: what vendor bills
        charged less what vendor credit notes gave back, each line for the part of its
        analytic distribution that goes to the building."""
        self.ensure_one()
        account = self.building_id.analytic_account_id
        if not account:
            raise UserError(
                self.env._(
                    "%(building)s has no analytic account: its costs cannot be found.",
                    building=self.building_id.name,
                )
            )
        # accounting is read for staff who may not read vendor bills themselves; the
        # domain keeps to the statement's company
        Line = self.env["account.move.line"].sudo()
        Line.flush_model()
        query = Line._search(self._cost_domain())
        table = query.table
        # the building's part of a line: the percentages of the distribution's keys
        # ("12" or "12,34" for accounts of several plans) that name its account
        self.env.cr.execute(
            SQL(
                """
                SELECT %(type)s, ROUND(SUM(%(balance)s * part.value::numeric / 100), 2)
                  FROM %(from)s
                 CROSS JOIN LATERAL jsonb_each_text(%(distribution)s) AS part
                 WHERE %(where)s AND %(account)s = ANY(string_to_array(part.key, ','))
                 GROUP BY %(type)s
                """,
                type=SQL.identifier(table, "svk_charge_type_id"),
                balance=SQL.identifier(table, "balance"),
                distribution=SQL.identifier(table, "analytic_distribution"),
                account=str(account.id),
                **{"from": query.from_clause, "where": query.where_clause},
            )
        )
        return {type_id: float(amount) for type_id, amount in self.env.cr.fetchall() if amount}

    def _keys(self, charge_types):
        """{charge type: its key in the building}: the building's own, or one made
        (not stored) from the charge type's default key."""
        self.ensure_one()
        Key = self.env["svk.charge.key"]
        own = {
            key.charge_type_id: key
            for key in Key.search(
                [
                    ("building_id", "=", self.building_id.id),
                    ("charge_type_id", "in", charge_types.ids),
                ]
            )
        }
        return {
            charge_type: own.get(charge_type)
            or Key.new(
                {
                    "building_id": self.building_id.id,
                    "charge_type_id": charge_type.id,
                    "method": charge_type.default_method,
                    "meter_type": charge_type.default_meter_type,
                }
            )
            for charge_type in charge_types
        }

    def _provision_domain(self, leases):
        """The lines that carry what the leases were invoiced as provisions for the
        period: posted invoice and credit note lines on the provision account, of a rent
        month in the period (the rent cycle's documents) or, without one, dated in it.
        A statement's own documents settle provisions: they are not provisions."""
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("svk_lease_id", "in", leases.ids),
            ("account_id", "=", self.company_id.svk_charges_provision_account_id.id),
            ("parent_state", "=", "posted"),
            ("move_id.svk_kind", "!=", "charges"),
            "|",
            "&",
            ("svk_period", ">=", self.date_from),
            ("svk_period", "<=", self.date_to),
            "&",
            "&",
            ("svk_period", "=", False),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]

    def _provisions(self, leases):
        """{lease id: provisions invoiced for the period, credit notes deducted}."""
        # read for staff who may not read invoices; the domain keeps to the company
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(self._provision_domain(leases), ["svk_lease_id"], ["balance:sum"])
        )
        return {lease.id: -balance for lease, balance in groups}

    def _compute_statement(self):
        self.ensure_one()
        self._check_accounting()
        leases = self._leases_to_settle()
        costs = self._costs_to_settle()
        charge_types = self.env["svk.charge.type"].browse(costs).sorted()
        keys = self._keys(charge_types)
        spans = {lease: self._lease_span(lease) for lease in leases}
        quantities = {
            charge_type: keys[charge_type]._quantities(self.date_from, self.date_to, spans)
            for charge_type in charge_types
        }
        # the lines are the computation's, not staff's to write
        self.sudo().line_ids.unlink()
        self.sudo().cost_ids.unlink()
        cost_records = self._create_costs(charge_types, keys, costs, quantities)
        self._create_lines(leases, spans, cost_records, quantities)
        with action_scope("svk.charges.statement.state", self):
            self.state = "computed"

    def _leases_to_settle(self):
        """The leases on provisions of the building and period; an error without any."""
        leases = self._leases()
        if not leases:
            raise UserError(
                self.env._(
                    "No lease on provisions ran in %(building)s between %(start)s and "
                    "%(end)s: there is nothing to settle.",
                    building=self.building_id.name,
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                )
            )
        return leases

    def _costs_to_settle(self):
        """{charge type id: amount} of the building and period; an error without any."""
        costs = self._costs()
        if not costs:
            raise UserError(
                self.env._(
                    "No posted vendor bill of %(building)s between %(start)s and %(end)s "
                    "carries a charge type: give the bills' lines their charge type and the "
                    "building's analytic account (%(account)s).",
                    building=self.building_id.name,
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                    account=self.building_id.analytic_account_id.display_name,
                )
            )
        return costs

    def _create_costs(self, charge_types, keys, costs, quantities):
        """The statement's costs, one per charge type."""
        return (
            self.env["svk.charges.statement.cost"]
            .sudo()
            .create(
                [
                    self._prepare_cost_vals(
                        charge_type,
                        keys[charge_type],
                        costs[charge_type.id],
                        quantities[charge_type],
                    )
                    for charge_type in charge_types
                ]
            )
        )

    def _create_lines(self, leases, spans, cost_records, quantities):
        """The statement's lines, one per lease: its share of each cost, against the
        provisions it paid."""
        provisions = self._provisions(leases)
        by_cost = {cost: quantities[cost.charge_type_id][0] for cost in cost_records}
        shares = {cost: self._shares_of(cost, by_cost[cost]) for cost in cost_records}
        return (
            self.env["svk.charges.statement.line"]
            .sudo()
            .create(
                [
                    self._prepare_line_vals(
                        lease, spans[lease], by_cost, provisions.get(lease.id, 0.0), shares
                    )
                    for lease in leases
                ]
            )
        )

    def _prepare_cost_vals(self, charge_type, key, amount, quantities):
        total = quantities[1]
        if not total:
            raise UserError(
                self.env._(
                    "The key of %(type)s in %(building)s adds up to zero: the cost cannot be "
                    "shared.",
                    type=charge_type.name,
                    building=self.building_id.name,
                )
            )
        return {
            "statement_id": self.id,
            "charge_type_id": charge_type.id,
            "key_id": key.id or False,
            "method": key.method,
            "meter_type": key.meter_type if key.method == "meter" else False,
            "amount": amount,
            "total_quantity": total,
        }

    def _prepare_line_vals(self, lease, span, by_cost, provision, shares=None):
        first, last, days = span
        return {
            "statement_id": self.id,
            "lease_id": lease.id,
            "tenant_id": lease.tenant_id.id,
            "unit_id": lease.unit_id.id,
            "date_from": first,
            "date_to": last,
            "days": days,
            "provision_amount": provision,
            "current_provision": lease.charges_amount,
            "can_apply_provision": self._runs_on(lease),
            "apply_provision": self._runs_on(lease),
            "detail_ids": [
                Command.create(
                    self._prepare_detail_vals(
                        cost,
                        quantities[lease.id],
                        shares[cost][lease.id] if shares else None,
                    )
                )
                for cost, quantities in by_cost.items()
                if lease.id in quantities
            ],
        }

    def _shares_of(self, cost, quantities):
        """{lease id: share} of `cost` by the leases' `quantities`, each rounded to the
        cent; when the rounding makes the shares add up to more than the cost (every unit
        let, e.g. 200.00 in three: 66.67 x 3), the cents over come off the largest
        shares: tenants never pay more than what was spent."""
        currency = self.currency_id
        shares = {
            lease_id: currency.round(cost.amount * quantity / cost.total_quantity)
            for lease_id, quantity in quantities.items()
        }
        over = currency.round(sum(shares.values()) - cost.amount)
        for lease_id in sorted(shares, key=lambda key: (-shares[key], key)):
            if currency.compare_amounts(over, 0) <= 0:
                break
            shares[lease_id] = currency.round(shares[lease_id] - 0.01)
            over = currency.round(over - 0.01)
        return shares

    def _prepare_detail_vals(self, cost, quantity, share=None):
        if share is None:
            share = self.currency_id.round(cost.amount * quantity / cost.total_quantity)
        return {"cost_id": cost.id, "quantity": quantity, "share_amount": share}

    def _runs_on(self, lease):
        """Whether the lease still runs after the period: its monthly provision can
        follow the proposal."""
        return lease.state in ("active", "notice") and (
            not lease.date_end or lease.date_end > self.date_to
        )

    # ----------------------------------------------------------------- approve
    def _check_approvable(self):
        """Refuse, before anything is written, what would make wrong documents: a
        statement not computed (or approved already), a period not over, provisions or
        costs booked since it was computed."""
        self.ensure_one()
        if self.state != "computed":
            raise UserError(
                self.env._(
                    "%(name)s cannot be approved: it is %(state)s.",
                    name=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        self._check_accounting()
        day = self.date or fields.Date.context_today(self)
        if day <= self.date_to:
            raise UserError(
                self.env._(
                    "The period of %(name)s runs until %(end)s: approve it once it is over "
                    "(its last provisions may still be invoiced).",
                    name=self.name,
                    end=format_date(self.env, self.date_to),
                )
            )
        provisions = self._provisions(self.line_ids.lease_id)
        changed = self.line_ids.filtered(
            lambda line: self.currency_id.compare_amounts(
                line.provision_amount, provisions.get(line.lease_id.id, 0.0)
            )
        )
        costs = self._costs()
        changed_costs = self.cost_ids.filtered(
            lambda cost: self.currency_id.compare_amounts(
                cost.amount, costs.get(cost.charge_type_id.id, 0.0)
            )
        )
        if changed or changed_costs or set(costs) - set(self.cost_ids.charge_type_id.ids):
            raise UserError(
                self.env._(
                    "Provisions or costs of %(name)s were booked since it was computed "
                    "(%(what)s): compute it again before approving it.",
                    name=self.name,
                    what=", ".join(
                        changed.lease_id.mapped("name")
                        + changed_costs.charge_type_id.mapped("name")
                    )
                    or self.env._("a new charge type"),
                )
            )

    def _lock_for_approval(self):
        """Lock the statements being approved. A second approval at the same time waits
        here, then cannot serialize (it read the statement before the first one was
        approved) and, retried, finds it approved. The unique index on the documents'
        statement line (account_move.init) guarantees it whatever the path."""
        self.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM svk_charges_statement WHERE id IN %s AND state = 'computed' "
                "FOR NO KEY UPDATE",
                tuple(self.ids),
            )
        )
        if len(self.env.cr.fetchall()) != len(self):
            raise UserError(self.env._("This statement is being approved, or is approved."))

    def _approve(self):
        self.ensure_one()
        day = self.date or fields.Date.context_today(self)
        self.write({"date": day, "date_due": self.date_due or day + timedelta(days=30)})
        lines = self.line_ids
        moves = lines._create_moves()
        lines._reconcile_provisions()
        lines.filtered("apply_provision")._apply_new_provision()
        with action_scope("svk.charges.statement.state", self):
            self.write(
                {
                    "state": "posted",
                    "approved_by_id": self.env.user.id,
                    "approved_on": fields.Datetime.now(),
                }
            )
        self.message_post(
            body=self.env._(
                "Approved: %(claims)s claims (%(claim_total)s) and %(refunds)s refunds "
                "(%(refund_total)s) posted; the agency bears %(agency)s.",
                claims=len(moves.filtered(lambda move: move.move_type == "out_invoice")),
                claim_total=self._amount(self.claim_total),
                refunds=len(moves.filtered(lambda move: move.move_type == "out_refund")),
                refund_total=self._amount(self.refund_total),
                agency=self._amount(self.agency_total),
            )
        )

    def _amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)
