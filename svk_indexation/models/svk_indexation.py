import logging
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import SQL, float_round, format_amount, format_date, formatLang
from odoo.tools.date_utils import get_month
from odoo.tools.pdf import merge_pdf

from odoo.addons.svk_housing.models.account_move import rent_line
from odoo.addons.svk_housing.models.action_scope import action_scope
from odoo.addons.svk_housing.rules import month_days_covered, month_fraction

from .svk_lease import anniversary

_logger = logging.getLogger(__name__)

# Housing Code art. 224/2 (ordinance of 13 October 2023): leases in force before this day
# with a poor EPC are indexed with a correction factor...
FACTOR_LEASES_BEFORE = date(2022, 10, 14)
# ...on their anniversaries from this day
FACTOR_FROM = date(2023, 10, 14)
GOOD_EPC = ("A", "B", "C", "D")
# Belgian law: an indexation is owed for at most the three months before it is asked
RETRO_MONTHS = 3
KINDS = [("tenant", "Tenant rent"), ("owner", "Owner rent")]
# above this many letters, they are rendered by a background job
LETTERS_AT_ONCE = 30
LINE_STATES = [
    ("proposed", "Proposed"),
    ("blocked", "Not indexed"),
    ("approved", "Approved"),
]


def indexed_rent(base, start_index, new_index, factor=1.0, cap=None):
    """Base rent × new index ÷ start index, times the correction factor, under the cap,
    rounded to the cent (as the region's calculator does)."""
    rent = base * new_index / start_index * factor
    if cap:
        rent = min(rent, cap)
    return float_round(rent, precision_digits=2)


def correction_factor(epc, start, day, index_of):
    """(factor, which) of Housing Code art. 224/2 for a lease that entered into force on
    `start` with EPC class `epc` (None: no certificate), indexed on its anniversary `day`;
    `index_of(year)` is the health index of the month before that year's anniversary.
    None when an index is missing."""
    if start >= FACTOR_LEASES_BEFORE or day < FACTOR_FROM or epc in GOOD_EPC:
        return 1.0, ""
    # anniversaries from 14 October to 31 December compare 2021 to 2022, the others 2022
    # to 2023
    late = (day.month, day.day) >= (10, 14)
    older, newer = (2021, 2022) if late else (2022, 2023)
    i_older, i_newer = index_of(older), index_of(newer)
    if not (i_older and i_newer):
        return None, ""
    if epc == "E":
        return 0.5 * (i_older + i_newer) / i_newer, "E"
    return i_older / i_newer, "FG"


class SvkIndexation(models.Model):
    """The indexations of a month: every tenant lease and indexed owner contract whose
    anniversary falls in it, computed, checked and approved together."""

    _name = "svk.indexation"
    _description = "Indexations of a month"
    _inherit = ["mail.thread"]
    _order = "month desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="The month of the anniversaries.",
    )
    state = fields.Selection(
        [("draft", "Proposed"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
    )
    line_ids = fields.One2many("svk.indexation.line", "indexation_id", string="Indexations")
    proposed_count = fields.Integer(compute="_compute_counts", string="To approve")
    blocked_count = fields.Integer(compute="_compute_counts", string="Not indexed")
    approved_count = fields.Integer(compute="_compute_counts", string="Approved")
    date_approved = fields.Date(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        (
            "month_company_unique",
            "UNIQUE(month, company_id)",
            "The indexations of a month are proposed once per agency.",
        ),
    ]

    @api.depends("month")
    def _compute_name(self):
        for batch in self:
            batch.name = (
                self.env._(
                    "Indexations %(month)s",
                    month=format_date(self.env, batch.month, date_format="MMMM y"),
                )
                if batch.month
                else False
            )

    def _compute_counts(self):
        counts = defaultdict(int)
        for batch, state, count in self.env["svk.indexation.line"]._read_group(
            [("indexation_id", "in", self.ids)], ["indexation_id", "state"], ["__count"]
        ):
            counts[batch.id, state] = count
        for batch in self:
            batch.proposed_count = counts[batch.id, "proposed"]
            batch.blocked_count = counts[batch.id, "blocked"]
            batch.approved_count = counts[batch.id, "approved"]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().create(vals_list)

    # ---------------------------------------------------------------- actions
    def action_propose(self):
        """(Re)compute the month's proposals; approved lines stay as they are, so a lease
        not indexed at first (not registered yet, an index missing) is proposed again."""
        for batch in self:
            approved = batch.line_ids.filtered(lambda line: line.state == "approved")
            # the computation is the system's: staff who propose do not write lines
            (batch.line_ids - approved).sudo().unlink()
            done = {
                (line.lease_id.id, line.contract_line_id.id, line.anniversary) for line in approved
            }
            vals_list = [
                vals
                for vals in batch._lease_proposals() + batch._owner_proposals()
                if (
                    vals.get("lease_id") or False,
                    vals.get("contract_line_id") or False,
                    vals["anniversary"],
                )
                not in done
            ]
            self.env["svk.indexation.line"].sudo().create(vals_list)
            batch.state = "approved" if approved and not vals_list else "draft"
        return True

    def action_approve(self):
        """Approve the selected proposals: the new rents from their dates, their history,
        the catch-up of months already invoiced, the letters. The lines left (not
        indexed, not selected) can be proposed and approved later."""
        if not self.env.user.has_group("svk_housing.group_svk_manager"):
            raise AccessError(self.env._("Only an SVK manager approves indexations."))
        today = fields.Date.context_today(self)
        for batch in self:
            lines = batch.line_ids.filtered(lambda line: line.state == "proposed" and line.selected)
            if not lines:
                raise UserError(self.env._("No selected proposal to approve."))
            lines._approve(today)
            left = batch.line_ids.filtered(lambda line: line.state != "approved")
            batch.write(
                {
                    "state": "draft" if left else "approved",
                    "date_approved": today,
                    "approved_by_id": self.env.uid,
                }
            )
            lines._notify()
        return True

    def action_print_letters(self):
        """The month's letters in one PDF, kept on the indexations' chatter: at once for
        a few, by a background job for many (a letter takes about a second to render)."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state == "approved")
        if not lines:
            raise UserError(self.env._("No approved indexation to write about."))
        if len(lines) > LETTERS_AT_ONCE:
            self.with_delay(description=self.display_name)._job_letters()
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._(
                        "The %(count)s letters are being prepared: they will be attached to "
                        "this page's messages.",
                        count=len(lines),
                    ),
                },
            }
        attachment = self._job_letters()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _job_letters(self):
        lines = self.line_ids.filtered(lambda line: line.state == "approved")
        month = self.month.strftime("%Y-%m")
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Indexation letters %(month)s", month=month) + ".pdf",
                "raw": lines._letters_pdf(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )
        self.message_post(
            body=self.env._("%(count)s indexation letters.", count=len(lines)),
            attachment_ids=attachment.ids,
        )
        return attachment

    # ---------------------------------------------------------------- proposals
    def _index_values(self, months):
        return self.env["svk.health.index"]._values(months)

    def _caps(self, day):
        """{(unit type, bedrooms): cap row} valid on `day` for the agency: read once."""
        Cap = self.env["svk.rent.cap"]
        rows = Cap.search(
            [
                ("date_from", "<=", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        caps = {}
        for row in rows.sorted(lambda row: bool(row.company_id)):
            caps[row.unit_type, row.bedrooms] = row  # the agency's own row wins
        return caps

    @staticmethod
    def _cap_of(caps, unit):
        exact = caps.get((unit.unit_type, unit.bedrooms))
        if exact:
            return exact
        below = [
            row
            for (kind, rooms), row in caps.items()
            if kind == unit.unit_type and rooms < unit.bedrooms
        ]
        return max(below, key=lambda row: row.bedrooms) if below else None

    def _lease_proposals(self):
        self.ensure_one()
        first, last = get_month(self.month)
        leases = self.env["svk.lease"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("active", "notice")),
                ("date_start", "<", first),
            ]
        )
        due = []
        for lease in leases:
            if lease.date_start.month != first.month:
                continue
            for day in lease._svk_anniversaries_in(first, last):
                if not lease.date_end or lease.date_end >= day:
                    due.append((lease, day))
        return self._proposals(
            [
                {
                    "kind": "tenant",
                    "record": lease,
                    "lease_id": lease.id,
                    "partner_id": lease.tenant_id.id,
                    "unit": lease.unit_id,
                    "start": lease.date_start,
                    "day": day,
                    "base": lease.base_rent or lease.rent,
                    "old": lease.rent,
                    "start_month": lease._svk_index_start_month(),
                    "factor_applies": True,
                }
                for lease, day in due
            ]
        )

    def _owner_proposals(self):
        self.ensure_one()
        first, last = get_month(self.month)
        lines = self.env["svk.owner.contract.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("contract_id.state", "in", ("active", "notice")),
                ("contract_id.indexed", "=", True),
                ("contract_id.date_start", "<", first),
            ]
        )
        specs = []
        for line in lines:
            contract = line.contract_id
            if contract.date_start.month != first.month:
                continue
            for year in range(max(first.year, contract.date_start.year + 1), last.year + 1):
                day = anniversary(contract.date_start, year)
                if first <= day <= last and (not contract.date_end or contract.date_end >= day):
                    specs.append(
                        {
                            "kind": "owner",
                            "record": line,
                            "contract_line_id": line.id,
                            "partner_id": contract.owner_id.id,
                            "unit": line.unit_id,
                            "start": contract.date_start,
                            "day": day,
                            "base": line.base_rent or line.owner_rent,
                            "old": line.owner_rent,
                            "start_month": contract._svk_index_start_month(),
                            # the factor is the tenancy's: a main lease is one, a
                            # management mandate is not
                            "factor_applies": contract.contract_type == "main_lease",
                        }
                    )
        return self._proposals(specs)

    def _proposals(self, specs):
        """The proposals' values: the indexes read once, the caps read once."""
        if not specs:
            return []
        Index = self.env["svk.health.index"]
        months = set()
        for spec in specs:
            spec["new_month"] = Index._month_before(spec["day"])
            months |= {spec["start_month"], spec["new_month"]}
            for year in (2021, 2022, 2023):
                months.add(Index._month_before(anniversary(spec["start"], year)))
        values = self._index_values(months)
        caps = self._caps(get_month(self.month)[0])
        return [self._proposal(spec, values, caps) for spec in specs]

    def _proposal(self, spec, values, caps):
        env = self.env
        Index = env["svk.health.index"]
        unit = spec["unit"]
        vals = {
            "indexation_id": self.id,
            "kind": spec["kind"],
            "lease_id": spec.get("lease_id"),
            "contract_line_id": spec.get("contract_line_id"),
            "partner_id": spec["partner_id"],
            "unit_id": unit.id,
            "anniversary": spec["day"],
            "old_rent": spec["old"],
            "base_rent": spec["base"],
            "start_month": spec["start_month"],
            "new_month": spec["new_month"],
            "start_index": values.get(spec["start_month"], 0.0),
            "new_index": values.get(spec["new_month"], 0.0),
            "epc_class": unit.epc_class,
        }
        reasons = []
        missing = [
            month for month in (spec["start_month"], spec["new_month"]) if month not in values
        ]
        lease = spec["record"] if spec["kind"] == "tenant" else None
        if lease and not lease.registration_date:
            reasons.append(env._("The lease is not registered."))
        if lease and not lease.epc_handed_over:
            reasons.append(env._("The EPC was not handed over to the tenant."))
        factor, which = 1.0, ""
        if spec["factor_applies"]:

            def index_of(year):
                return values.get(Index._month_before(anniversary(spec["start"], year)))

            factor, which = correction_factor(unit.epc_class, spec["start"], spec["day"], index_of)
            if factor is None:
                missing += [
                    Index._month_before(anniversary(spec["start"], year))
                    for year in (2021, 2022, 2023)
                    if not index_of(year)
                ]
                factor = 1.0
        if missing:
            reasons.append(
                env._(
                    "The health index of %(months)s is missing.",
                    months=", ".join(sorted({f"{month:%Y-%m}" for month in missing})),
                )
            )
        factor_note = False
        if factor != 1.0:
            # a base rent set on an anniversary after the ordinance (a lease brought in
            # running) already has the factor in it: it is not applied twice
            base_day = anniversary(
                spec["start"], (spec["start_month"] + relativedelta(months=1)).year
            )
            if base_day >= FACTOR_FROM and Index._month_before(base_day) == spec["start_month"]:
                factor, which = 1.0, ""
                factor_note = env._("The correction factor is already in the base rent.")
        vals["factor"] = factor
        vals["factor_kind"] = which or False
        if reasons:
            vals.update(state="blocked", reason="\n".join(reasons), new_rent=spec["old"])
            return vals
        cap_row = self._cap_of(caps, unit)
        cap = (
            (cap_row.tenant_rent_max if spec["kind"] == "tenant" else cap_row.owner_rent_max)
            if cap_row
            else 0.0
        )
        uncapped = indexed_rent(spec["base"], vals["start_index"], vals["new_index"], factor)
        new_rent = indexed_rent(spec["base"], vals["start_index"], vals["new_index"], factor, cap)
        notes = [factor_note] if factor_note else []
        if cap and new_rent < uncapped:
            notes.append(env._("Capped at the agency rent cap."))
            vals["cap"] = cap
        if new_rent < spec["old"]:
            notes.append(env._("The result is below the current rent: check before approving."))
        vals.update(
            state="proposed",
            selected=new_rent >= spec["old"],
            indexed_rent=uncapped,
            new_rent=new_rent,
            reason="\n".join(notes) or False,
        )
        return vals


class SvkIndexationLine(models.Model):
    _name = "svk.indexation.line"
    _description = "Indexation of a rent"
    _order = "indexation_id, kind desc, anniversary, id"
    _check_company_auto = True

    indexation_id = fields.Many2one("svk.indexation", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="indexation_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(KINDS, required=True)
    lease_id = fields.Many2one("svk.lease", index=True, ondelete="cascade", check_company=True)
    contract_line_id = fields.Many2one(
        "svk.owner.contract.line",
        index=True,
        ondelete="cascade",
        string="Owner contract unit",
        check_company=True,
    )
    contract_id = fields.Many2one(
        related="contract_line_id.contract_id", store=True, string="Owner contract"
    )
    partner_id = fields.Many2one("res.partner", required=True, string="Tenant or owner")
    unit_id = fields.Many2one("svk.unit", required=True, check_company=True)
    anniversary = fields.Date(required=True)
    effective_date = fields.Date(
        string="New rent from",
        readonly=True,
        help="The anniversary, or three months before the approval when it is older (an "
        "indexation is owed for three months back at most).",
    )
    epc_class = fields.Char(string="EPC")
    base_rent = fields.Monetary()
    old_rent = fields.Monetary(string="Current rent")
    start_month = fields.Date()
    start_index = fields.Float(digits=(10, 2))
    new_month = fields.Date()
    new_index = fields.Float(digits=(10, 2))
    factor = fields.Float(string="Correction factor", digits=(10, 6), default=1.0)
    factor_kind = fields.Selection(
        [("E", "EPC E"), ("FG", "EPC F, G or none")], string="Factor for"
    )
    indexed_rent = fields.Monetary(string="Indexed, before the cap")
    cap = fields.Monetary(string="Cap applied")
    new_rent = fields.Monetary()
    state = fields.Selection(LINE_STATES, required=True, default="proposed", index=True)
    selected = fields.Boolean(default=True, help="Approved with the others.")
    reason = fields.Text()
    catch_up_move_ids = fields.Many2many(
        "account.move", string="Catch-up documents", readonly=True, copy=False
    )

    def init(self):
        # one approved indexation per rent and anniversary, whatever two managers click
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS svk_indexation_line_lease_uniq
                    ON svk_indexation_line (lease_id, anniversary)
                 WHERE state = 'approved' AND lease_id IS NOT NULL;
                CREATE UNIQUE INDEX IF NOT EXISTS svk_indexation_line_owner_uniq
                    ON svk_indexation_line (contract_line_id, anniversary)
                 WHERE state = 'approved' AND contract_line_id IS NOT NULL;
                """
            )
        )

    # ---------------------------------------------------------------- approval
    def _approve(self, today):
        # owed from the day three months before it is asked (the approval), not earlier
        floor = today - relativedelta(months=RETRO_MONTHS)
        History = self.env["svk.rent.history"]
        history = []
        self._ensure_start_history()
        for line in self:
            line.effective_date = max(line.anniversary, floor)
            history.append(
                {
                    "lease_id": line.lease_id.id,
                    "contract_line_id": line.contract_line_id.id,
                    "company_id": line.company_id.id,
                    "date_from": line.effective_date,
                    "rent": line.new_rent,
                    "previous_rent": line.old_rent,
                    "reason": "indexation",
                    "indexation_line_id": line.id,
                }
            )
        History.create(history)
        # the approval writes the new rents itself (a running lease's rent is otherwise a
        # manager's), and the rent history already has them
        tenant_lines = self.filtered(lambda line: line.kind == "tenant")
        with (
            action_scope("svk.lease.rent", tenant_lines.lease_id),
            action_scope("svk.rent.indexation"),
        ):
            for line in tenant_lines:
                line.lease_id.rent = line.new_rent
            for line in self.filtered(lambda line: line.kind == "owner"):
                line.contract_line_id.owner_rent = line.new_rent
        self.write({"state": "approved"})
        self.flush_recordset()
        self._catch_up()

    def _ensure_start_history(self):
        """Before a first indexation, the rent until then is on record too."""
        History = self.env["svk.rent.history"]
        vals = []
        for line in self:
            if line.kind == "tenant" and not line.lease_id.rent_history_ids:
                vals.append(
                    {
                        "lease_id": line.lease_id.id,
                        "company_id": line.company_id.id,
                        "date_from": line.lease_id.date_start,
                        "rent": line.old_rent,
                        "reason": "start",
                    }
                )
            elif line.kind == "owner" and not line.contract_line_id.rent_history_ids:
                vals.append(
                    {
                        "contract_line_id": line.contract_line_id.id,
                        "company_id": line.company_id.id,
                        "date_from": line.contract_id.date_start,
                        "rent": line.old_rent,
                        "reason": "start",
                    }
                )
        History.create(vals)

    def _catch_up(self):
        """Months already invoiced (or billed) from the new rent's date get the
        difference: one invoice per lease and month for tenants, one bill per contract for
        owners, posted."""
        Move = self.env["account.move"].sudo()
        tenant_lines = self.filtered(
            lambda line: line.kind == "tenant" and line.new_rent != line.old_rent
        )
        owner_lines = self.filtered(
            lambda line: line.kind == "owner" and line.new_rent != line.old_rent
        )
        vals_list, made_for = [], []
        if tenant_lines:
            periods = tenant_lines._documented_periods("svk_lease_id", "tenant", "lease_id")
            for line in tenant_lines:
                for period in sorted(periods[line.lease_id.id]):
                    if period < line.effective_date.replace(day=1):
                        continue
                    vals = line._prepare_tenant_catch_up(period)
                    if vals:
                        vals_list.append(vals)
                        made_for.append(line)
        bills = []
        if owner_lines:
            periods = owner_lines._documented_periods(
                "svk_owner_contract_id", "owner", "contract_id"
            )
            by_contract = defaultdict(self.browse)
            for line in owner_lines:
                by_contract[line.contract_id] |= line
            for contract, lines in by_contract.items():
                vals = lines._prepare_owner_catch_up(contract, sorted(periods[contract.id]))
                if vals:
                    vals_list.append(vals)
                    bills.append(lines)
        if not vals_list:
            return
        moves = Move.create(vals_list)
        moves._post(soft=False)
        for line, move in zip(made_for, moves[: len(made_for)], strict=True):
            line.catch_up_move_ids = [Command.link(move.id)]
        for lines, move in zip(bills, moves[len(made_for) :], strict=True):
            lines.catch_up_move_ids = [Command.link(move.id)]

    def _documented_periods(self, column, kind, field):
        """{lease or contract id: months with a rent document of `kind`} from the lines'
        earliest new rent on: the months a catch-up is for. One query."""
        periods = defaultdict(set)
        for record, period in (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    (column, "in", self[field].ids),
                    ("svk_kind", "=", kind),
                    ("state", "!=", "cancel"),
                    ("svk_period", ">=", min(self.mapped("effective_date")).replace(day=1)),
                ],
                [column, "svk_period:day"],
            )
        ):
            periods[record.id].add(period)
        return periods

    def _month_difference(self, period, start, end):
        """What the new rent adds to the month `period` for the days from the effective
        date the contract covers."""
        covered = month_days_covered(period, max(start, self.effective_date), end)
        if not covered:
            return 0.0
        return self.currency_id.round((self.new_rent - self.old_rent) * month_fraction(*covered))

    def _prepare_tenant_catch_up(self, period):
        lease = self.lease_id
        amount = self._month_difference(period, lease.date_start, lease.date_end)
        if not amount:
            return None
        env, month, _prorata = lease._rent_labels(lease.tenant_id, period, 1.0)
        label = env._(
            "Rent indexation %(month)s – %(unit)s (from %(date)s)",
            month=month,
            unit=lease.unit_id.display_name,
            date=format_date(env, self.effective_date),
        )
        line = rent_line(label, amount, lease._rent_account(), lease.unit_id)
        if amount < 0:
            line[2].update(price_unit=-amount)
        vals = lease._prepare_invoice(period, lease.tenant_id)
        vals.update(
            move_type="out_invoice" if amount > 0 else "out_refund",
            invoice_date=fields.Date.context_today(self),
            payment_reference=lease.payment_reference,
            svk_kind="indexation",
            invoice_line_ids=[line],
        )
        vals.pop("invoice_date_due", None)
        return vals

    def _prepare_owner_catch_up(self, contract, periods):
        company = contract.company_id
        lang = contract.owner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        account = (
            company.svk_owner_rent_expense_account_id
            if contract.contract_type == "main_lease"
            else company.svk_guarantee_cost_account_id
        )
        invoice_lines = []
        for line in self:
            for period in periods:
                if period < line.effective_date.replace(day=1):
                    continue
                amount = line._month_difference(period, contract.date_start, contract.date_end)
                if not amount:
                    continue
                month = format_date(env, period, date_format="MMMM y", lang_code=lang)
                label = env._(
                    "Indexation of the guaranteed rent %(month)s – %(unit)s",
                    month=month,
                    unit=line.unit_id.display_name,
                )
                invoice_lines.append(rent_line(label, amount, account, line.unit_id))
        if not invoice_lines:
            return None
        today = fields.Date.context_today(self)
        reference = env._("Indexation %(contract)s", contract=contract.name)
        return {
            "move_type": "in_invoice",
            "journal_id": company.svk_owner_journal_id.id,
            "company_id": company.id,
            "partner_id": contract.owner_id.id,
            "partner_bank_id": contract.bank_account_id.id,
            "invoice_date": today,
            "invoice_date_due": today,
            "ref": reference,
            "payment_reference": reference,
            "svk_owner_contract_id": contract.id,
            "svk_kind": "indexation",
            "invoice_line_ids": invoice_lines,
        }

    # ---------------------------------------------------------------- letters
    def _notify(self):
        """The letters go out on paper (Print the letters); when the suite writes to
        people itself (svk_messaging installed: svk_housing's hooks `_svk_notifies` and
        `_svk_notify` "notify this partner"), each tenant and owner also gets a short
        message, sent by background jobs."""
        if not self.env["res.partner"]._svk_notifies():
            return
        for start in range(0, len(self), 100):
            self[start : start + 100].with_delay(
                description=self.env._("Indexation messages")
            )._job_notify()

    def _job_notify(self):
        for line in self:
            partner = line.partner_id
            env = self.with_context(lang=partner.lang or self.env.lang).env
            text = env._(
                "Your rent for %(unit)s is indexed: %(new)s a month from %(date)s (it was "
                "%(old)s). The letter with the calculation follows by post.",
                unit=line.unit_id.display_name,
                new=line._amount(line.new_rent, env),
                old=line._amount(line.old_rent, env),
                date=format_date(env, line.effective_date),
            )
            try:
                with self.env.cr.savepoint():
                    partner._svk_notify(line.company_id, text, record=line.lease_id or None)
            except UserError as exc:
                _logger.info("indexation message to %s not sent: %s", partner.id, exc)

    def _amount(self, amount, env=None):
        return format_amount(env or self.env, amount, self.currency_id)

    def _number(self, value, digits=2):
        return formatLang(self.env, value, digits=digits)

    def _letter_date(self):
        """The letter's date, as its reader writes dates."""
        return format_date(self.env, fields.Date.context_today(self), lang_code=self._letter_lang())

    def _letters_pdf(self):
        """One PDF with every letter: rendered one by one and merged, which every
        wkhtmltopdf build does (Debian's, without patched Qt, fails on several
        documents at once)."""
        report = self.env.ref("svk_indexation.action_report_indexation_letter")
        return merge_pdf(
            [report._render_qweb_pdf(report.report_name, [line.id])[0] for line in self]
        )

    def _letter_lang(self):
        return self.partner_id.lang or self.company_id.partner_id.lang or "en_US"


class SvkMonthEnd(models.Model):
    _inherit = "svk.month.end"

    def _owner_bills(self):
        """The owners' indexation catch-ups are paid with the months' bills they were
        made in."""
        bills = super()._owner_bills()
        periods = self._periods()
        if not periods:
            return bills
        return bills | self.env["account.move"].search(
            [
                ("company_id", "in", self.company_id.ids),
                ("svk_kind", "=", "indexation"),
                ("svk_owner_contract_id", "!=", False),
                ("state", "=", "posted"),
                ("invoice_date", ">=", min(periods)),
                ("invoice_date", "<=", get_month(max(periods))[1]),
            ]
        )
