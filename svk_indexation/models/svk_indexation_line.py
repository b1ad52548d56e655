import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL, format_amount, format_date, formatLang
from odoo.tools.pdf import merge_pdf

from odoo.addons.svk_housing.models.account_move import rent_line
from odoo.addons.svk_housing.models.action_scope import action_scope
from odoo.addons.svk_housing.models.svk_rent_run import CHANNEL
from odoo.addons.svk_housing.rules import month_days_covered, month_fraction

from ..formula import in_freeze_year

_logger = logging.getLogger(__name__)

# Belgian law: an indexation is owed for at most the three months before it is asked
RETRO_MONTHS = 3
# the catch-up documents of an approval are made by background jobs of this many rents
CATCH_UP_CHUNK = 100
KINDS = [("tenant", "Tenant rent"), ("owner", "Owner rent")]
LINE_STATES = [
    ("proposed", "Proposed"),
    ("blocked", "Not indexed"),
    ("approved", "Approved"),
]


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
    catch_up_state = fields.Selection(
        [("queued", "Being made"), ("done", "Made")],
        string="Catch-up",
        readonly=True,
        copy=False,
        help="The months already invoiced (or billed) at the old rent get the difference: "
        "those documents are made by a background job after the approval.",
    )
    catch_up_job_uuid = fields.Char(readonly=True, copy=False, index="btree_not_null")

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
        """The new rents from their dates: on record in the rent history (what the monthly
        run reads), written on the leases and owner contracts with one message each, the
        lines approved; the catch-up documents queued."""
        # owed from the day three months before it is asked (the approval), not earlier
        floor = today - relativedelta(months=RETRO_MONTHS)
        effective = {line: max(line.anniversary, floor) for line in self}
        self._ensure_start_history()
        self.env["svk.rent.history"].create(
            [
                {
                    "lease_id": line.lease_id.id,
                    "contract_line_id": line.contract_line_id.id,
                    "company_id": line.company_id.id,
                    "date_from": effective[line],
                    "rent": line.new_rent,
                    "previous_rent": line.old_rent,
                    "reason": "indexation",
                    "indexation_line_id": line.id,
                }
                for line in self
            ]
        )
        by_date = defaultdict(self.browse)
        for line, day in effective.items():
            by_date[day] |= line
        for day, lines in by_date.items():
            lines.write({"effective_date": day, "state": "approved"})
        self.filtered(lambda line: line.kind == "tenant")._write_lease_rents()
        self.filtered(lambda line: line.kind == "owner")._write_owner_rents()
        self.flush_recordset()
        self._queue_catch_up(today, self.env.cr.now())

    def _write_lease_rents(self):
        """The tenant lines' new rents on their leases, one write per amount. The rent
        history keeps the change (the approval writes the rents itself: a running
        lease's rent is otherwise a manager's), so the field's tracking is left out and
        each lease's chatter gets one message saying the new rent and its date."""
        leases = self.lease_id
        with (
            action_scope("svk.lease.rent", leases),
            action_scope("svk.rent.indexation"),
        ):
            for rent, lines in self.grouped("new_rent").items():
                lines.lease_id.with_context(tracking_disable=True).write({"rent": rent})
        leases._message_log_batch({line.lease_id.id: line._rent_message() for line in self})

    def _write_owner_rents(self):
        """The owner lines' new guaranteed rents, one write per amount; what changed is
        said once per owner contract (svk_housing's messages of its units' changes,
        gathered), not once per unit."""
        messages = defaultdict(list)
        with (
            action_scope("svk.rent.indexation"),
            action_scope("svk.owner.contract.unit_messages", value=messages),
        ):
            for rent, lines in self.grouped("new_rent").items():
                lines.contract_line_id.write({"owner_rent": rent})
        contracts = self.contract_id
        froms = defaultdict(set)
        for line in self:
            froms[line.contract_id].add(line.effective_date)
        contracts._message_log_batch(
            {
                contract.id: Markup("<br/>").join(
                    [
                        self.env._(
                            "Indexation from %(dates)s:",
                            dates=", ".join(
                                format_date(self.env, day) for day in sorted(froms[contract])
                            ),
                        ),
                        *messages[contract],
                    ]
                )
                for contract in contracts
                if messages.get(contract)
            }
        )

    def _rent_message(self):
        self.ensure_one()
        return self.env._(
            "Rent indexed: %(new)s a month from %(date)s (it was %(old)s).",
            new=self._amount(self.new_rent),
            date=format_date(self.env, self.effective_date),
            old=self._amount(self.old_rent),
        )

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

    def _queue_catch_up(self, day, before):
        """Queue the documents of the months already invoiced (or billed) at the old
        rent, by `before` (the approval's time: a month invoiced later reads the rent
        history, it has the new rent), dated `day` (the approval's): background jobs
        (OCA queue_job, the monthly run's channel) of CATCH_UP_CHUNK rents each, an
        owner contract's units in one job (they share a bill). The lines say it
        (catch-up state, job)."""
        lines = self.filtered(lambda line: line.new_rent != line.old_rent)
        tenant_lines = lines.filtered(lambda line: line.kind == "tenant")
        owner_lines = lines - tenant_lines
        todo = self.browse()
        if tenant_lines:
            periods = tenant_lines._documented_periods("svk_lease_id", "tenant", "lease_id", before)
            todo |= tenant_lines.filtered(
                lambda line: any(
                    period >= line.effective_date.replace(day=1)
                    for period in periods[line.lease_id.id]
                )
            )
        chunks = [
            todo[start : start + CATCH_UP_CHUNK] for start in range(0, len(todo), CATCH_UP_CHUNK)
        ]
        if owner_lines:
            periods = owner_lines._documented_periods(
                "svk_owner_contract_id", "owner", "contract_id", before
            )
            billed = owner_lines.filtered(
                lambda line: any(
                    period >= line.effective_date.replace(day=1)
                    for period in periods[line.contract_id.id]
                )
            )
            chunk = self.browse()
            for _contract, contract_lines in billed.grouped("contract_id").items():
                if len(chunk) >= CATCH_UP_CHUNK:
                    chunks.append(chunk)
                    chunk = self.browse()
                chunk |= contract_lines
            if chunk:
                chunks.append(chunk)
        for chunk in chunks:
            job = chunk.with_delay(
                channel=CHANNEL,
                description=self.env._("Indexation catch-ups: %(count)s rents", count=len(chunk)),
            )._job_catch_up(day, before)
            chunk.write({"catch_up_state": "queued", "catch_up_job_uuid": job.uuid})

    def _job_catch_up(self, day, before):
        """The catch-up documents of the lines still waiting for theirs (a job run twice
        makes them once)."""
        lines = self.filtered(lambda line: line.catch_up_state == "queued")
        lines._catch_up(day, before)
        lines.write({"catch_up_state": "done"})

    def _catch_up(self, day, before):
        """Months already invoiced (or billed) by `before` from the new rent's date get
        the difference: one invoice per lease and month for tenants, one bill per
        contract for owners, posted, dated `day`."""
        Move = self.env["account.move"].sudo()
        tenant_lines = self.filtered(
            lambda line: line.kind == "tenant" and line.new_rent != line.old_rent
        )
        owner_lines = self.filtered(
            lambda line: line.kind == "owner" and line.new_rent != line.old_rent
        )
        vals_list, made_for = [], []
        if tenant_lines:
            periods = tenant_lines._documented_periods("svk_lease_id", "tenant", "lease_id", before)
            for line in tenant_lines:
                for period in sorted(periods[line.lease_id.id]):
                    if period < line.effective_date.replace(day=1):
                        continue
                    vals = line._prepare_tenant_catch_up(period, day)
                    if vals:
                        vals_list.append(vals)
                        made_for.append(line)
        bills = []
        if owner_lines:
            periods = owner_lines._documented_periods(
                "svk_owner_contract_id", "owner", "contract_id", before
            )
            by_contract = defaultdict(self.browse)
            for line in owner_lines:
                by_contract[line.contract_id] |= line
            for contract, lines in by_contract.items():
                vals = lines._prepare_owner_catch_up(contract, sorted(periods[contract.id]), day)
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

    def _documented_periods(self, column, kind, field, before):
        """{lease or contract id: months with a rent document of `kind` made by `before`}
        from the lines' earliest new rent on: the months a catch-up is for. One query."""
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
                    ("create_date", "<=", before),
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

    def _prepare_tenant_catch_up(self, period, day):
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
            invoice_date=day,
            payment_reference=lease.payment_reference,
            svk_kind="indexation",
            invoice_line_ids=[line],
        )
        vals.pop("invoice_date_due", None)
        return vals

    def _prepare_owner_catch_up(self, contract, periods, day):
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
        reference = env._("Indexation %(contract)s", contract=contract.name)
        return {
            "move_type": "in_invoice",
            "journal_id": company.svk_owner_journal_id.id,
            "company_id": company.id,
            "partner_id": contract.owner_id.id,
            "partner_bank_id": contract.bank_account_id.id,
            "invoice_date": day,
            "invoice_date_due": day,
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

    def _in_limited_year(self):
        """The anniversary falls in the year of limited indexation (art. 224/2)."""
        self.ensure_one()
        return in_freeze_year(self.anniversary)

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
