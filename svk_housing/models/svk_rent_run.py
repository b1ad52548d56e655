import logging
from collections import defaultdict
from contextlib import contextmanager

from psycopg2 import OperationalError
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, split_every
from odoo.tools.date_utils import get_month

from odoo.addons.queue_job.delay import chain, group
from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)

CHANNEL = "root.svk_rent_run"
# errors a lease's or owner contract's data can cause: listed on the run, the others go on
BUSINESS_ERRORS = (UserError, ValidationError)
JOB_OPEN_STATES = ("wait_dependencies", "pending", "enqueued", "started")


class SvkRentRun(models.Model):
    """The agency's month: one invoice per running lease (and one to its third payer),
    one bill per running owner contract, created and posted in chunks.

    Starting a run queues background jobs (OCA queue_job, channel root.svk_rent_run):
    one per chunk of leases, then one per chunk of owner contracts, then one that closes
    the run. Each job is its own transaction, so 8,000 leases never sit in one, progress
    is visible while it works, and a run that stopped half way is resumed by starting it
    again. What a chunk created is never created twice: the database refuses a second
    rent document of a kind for a lease (or owner contract) and month (see
    account_move.init), even to a concurrent run.
    """

    _name = "svk.rent.run"
    _description = "Monthly rent run"
    _inherit = ["mail.thread"]
    _order = "period desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    period = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month to invoice; stored as its first day.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("done", "Done"),
            ("done_errors", "Done with errors"),
        ],
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
    )
    lease_total = fields.Integer(string="Leases to invoice", readonly=True)
    lease_done = fields.Integer(string="Leases invoiced", compute="_compute_progress")
    contract_total = fields.Integer(string="Owner contracts to bill", readonly=True)
    contract_done = fields.Integer(string="Owner contracts billed", compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress")
    move_ids = fields.One2many("account.move", "svk_run_id", string="Documents", readonly=True)
    invoice_count = fields.Integer(compute="_compute_counts")
    bill_count = fields.Integer(compute="_compute_counts")
    error_ids = fields.One2many("svk.rent.run.error", "run_id", string="Errors", readonly=True)
    error_count = fields.Integer(compute="_compute_counts")
    skipped_count = fields.Integer(
        string="Made meanwhile by another run",
        readonly=True,
        help="Documents this run was about to make that another run made at the same "
        "time: the database let only one of them through.",
    )
    job_graph_uuid = fields.Char(readonly=True, copy=False, index="btree_not_null")
    job_failed_count = fields.Integer(string="Failed jobs", compute="_compute_job_counts")
    job_open_count = fields.Integer(string="Jobs to do", compute="_compute_job_counts")
    date_started = fields.Datetime(string="Started", readonly=True)
    date_finished = fields.Datetime(string="Finished", readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True)

    @api.depends("period", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "Rent %(month)s", month=format_date(self.env, run.period, date_format="MMMM y")
            )

    def _compute_progress(self):
        for run in self:
            if run.state in ("draft", "running"):
                run.lease_done = len(run._running_leases()) - len(run._leases_to_invoice(False))
                run.contract_done = len(run._running_contracts()) - len(
                    run._contracts_to_bill(False)
                )
            else:
                # a closed run did all but what failed: no need to count again
                errors = run.error_ids
                run.lease_done = run.lease_total - len(errors.lease_id)
                run.contract_done = run.contract_total - len(errors.owner_contract_id)
            total = run.lease_total + run.contract_total
            done = min(run.lease_done, run.lease_total) + min(run.contract_done, run.contract_total)
            run.progress = 100.0 * done / total if total else 0.0

    def _compute_counts(self):
        # counts, shown to staff who may not read invoices themselves
        counts = defaultdict(int)
        for run, kind, count in (
            self.env["account.move"]
            .sudo()
            ._read_group([("svk_run_id", "in", self.ids)], ["svk_run_id", "svk_kind"], ["__count"])
        ):
            counts[run.id, kind == "owner"] += count
        errors = dict(
            self.env["svk.rent.run.error"]._read_group(
                [("run_id", "in", self.ids)], ["run_id"], ["__count"]
            )
        )
        for run in self:
            run.invoice_count = counts[run.id, False]
            run.bill_count = counts[run.id, True]
            run.error_count = errors.get(run, 0)

    @api.depends("job_graph_uuid", "state")
    def _compute_job_counts(self):
        # the run's own jobs, shown to those who started it (queue jobs are for admins)
        counts = defaultdict(int)
        uuids = [uuid for uuid in self.mapped("job_graph_uuid") if uuid]
        if uuids:
            for uuid, state, count in (
                self.env["queue.job"]
                .sudo()
                ._read_group([("graph_uuid", "in", uuids)], ["graph_uuid", "state"], ["__count"])
            ):
                counts[uuid, state] += count
        for run in self:
            uuid = run.job_graph_uuid
            run.job_failed_count = counts[uuid, "failed"] if uuid else 0
            run.job_open_count = (
                sum(counts[uuid, state] for state in JOB_OPEN_STATES) if uuid else 0
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("period"):
                vals["period"] = fields.Date.to_date(vals["period"]).replace(day=1)
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions
    def action_start(self):
        """Run (or resume, or catch up) the month in the background; safe to call
        again, it only does what is left."""
        for run in self:
            if run.job_open_count:
                if not run.job_failed_count or run._jobs(("pending", "enqueued", "started")):
                    raise UserError(
                        self.env._(
                            "%(run)s is already running: %(count)s jobs are still to do.",
                            run=run.name,
                            count=run.job_open_count,
                        )
                    )
                # a job failed for good: what waited on it is dropped, the run starts
                # again from what is left to do
                run._jobs(("wait_dependencies", "failed")).button_cancelled()
            run._start()
        return True

    def _jobs(self, states):
        # the run's own jobs (queue jobs are for administrators)
        self.ensure_one()
        if not self.job_graph_uuid:
            return self.env["queue.job"].sudo()
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("graph_uuid", "=", self.job_graph_uuid),
                    ("model_name", "=", self._name),
                    ("state", "in", states),
                ]
            )
        )

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action.update(
            name=self.name,
            domain=[("svk_run_id", "=", self.id)],
            context={"create": False, "search_default_group_by_move_type": 1},
        )
        return action

    def action_view_jobs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("queue_job.action_queue_job")
        action.update(domain=[("graph_uuid", "=", self.job_graph_uuid)], context={})
        return action

    @api.model
    def _cron_monthly(self):
        """Daily: run the current month for every company with running leases or owner
        contracts, and catch up every earlier month (since the company's first run) in
        which a lease or owner contract was running but has no document: a lease
        activated late, or starting later in the month, is invoiced once for each month
        it missed, prorata."""
        today = fields.Date.context_today(self)
        running = [("state", "in", ("active", "notice", "ended"))]
        companies = (
            self.env["svk.lease"].search(running).company_id
            | self.env["svk.owner.contract"].search(running).company_id
        )
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    for period in self._periods_to_run(company, today):
                        run = self.search(
                            [("company_id", "=", company.id), ("period", "=", period)]
                        )
                        run = run[:1] or self.create({"company_id": company.id, "period": period})
                        if not run.job_open_count:
                            run.with_company(company).with_context(svk_automatic=True)._start()
            except UserError as error:
                # one agency's missing setting does not stop the others' month
                _logger.warning("rent run of %s not started: %s", company.name, error)

    @api.model
    def _periods_to_run(self, company, today):
        """The current month, and the earlier months since the company's first run in
        which a running lease or owner contract has no document yet, oldest first."""
        current = get_month(today)[0]
        self.env["account.move"].flush_model(
            ["svk_lease_id", "svk_owner_contract_id", "svk_period", "state"]
        )
        self.env["svk.lease"].flush_model(["company_id", "state", "date_start", "date_end"])
        self.env["svk.owner.contract"].flush_model(
            ["company_id", "state", "date_start", "date_end"]
        )
        # per kind of contract: the months in which one ran without a rent document
        missing = SQL(" UNION ").join(
            SQL(
                """
                SELECT DISTINCT months.first FROM months
                  JOIN %(table)s doc ON doc.company_id = %(company)s
                   AND doc.state IN ('active', 'notice', 'ended')
                   AND doc.date_start <= months.last
                   AND (doc.date_end IS NULL OR doc.date_end >= months.first)
                 WHERE NOT EXISTS (
                       SELECT 1 FROM account_move move
                        WHERE move.%(column)s = doc.id AND move.svk_period = months.first
                          AND move.svk_kind IS NOT NULL)
                """,
                table=SQL.identifier(table),
                column=SQL.identifier(column),
                company=company.id,
            )
            for table, column in (
                ("svk_lease", "svk_lease_id"),
                ("svk_owner_contract", "svk_owner_contract_id"),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                WITH months AS (
                    SELECT month::date AS first,
                           (month + interval '1 month - 1 day')::date AS last
                      FROM generate_series(
                               (SELECT min(period) FROM svk_rent_run
                                 WHERE company_id = %(company)s),
                               %(current)s::date, interval '1 month') AS month
                )
                %(missing)s
                """,
                company=company.id,
                current=current,
                missing=missing,
            )
        )
        periods = {row[0] for row in self.env.cr.fetchall()}
        return sorted(periods | {current})

    # -------------------------------------------------------------- the run
    def _start(self):
        """Queue the jobs of what is left to do in the month."""
        self.ensure_one()
        company = self.company_id
        company._svk_check_accounting()
        self.error_ids.unlink()  # what failed last time is tried again
        leases = self._leases_to_invoice()
        contracts = self._contracts_to_bill()
        if self.state == "done" and not (leases or contracts):
            return
        self.write(
            {
                "state": "running",
                "date_started": fields.Datetime.now(),
                "date_finished": False,
                "lease_total": len(self._running_leases()),
                "contract_total": len(self._running_contracts()),
            }
        )
        chunk = company.svk_rent_run_chunk or 200
        month = format_date(self.env, self.period, date_format="MMMM y")
        stages = []
        for records, method, label in (
            (
                leases,
                "_job_invoice_leases",
                self.env._("Rent %(month)s: invoice leases", month=month),
            ),
            (contracts, "_job_bill_owners", self.env._("Rent %(month)s: bill owners", month=month)),
        ):
            jobs = [
                getattr(self.delayable(channel=CHANNEL, description=label), method)(ids)
                for ids in split_every(chunk, records.ids)
            ]
            if jobs:
                stages.append(group(*jobs))
        finish = self.delayable(
            channel=CHANNEL, description=self.env._("Rent %(month)s: close the run", month=month)
        )._job_finish()
        stages.append(finish)
        flow = chain(*stages)
        flow.delay()
        job = finish._generated_job
        if getattr(job, "graph_uuid", None) and self.exists() and self.state == "running":
            self.job_graph_uuid = job.graph_uuid

    def _job_invoice_leases(self, lease_ids):
        """Invoice a chunk of leases of the month"""
        run = self.with_company(self.company_id)
        with run._job_errors():
            leases = run.env["svk.lease"].browse(lease_ids).exists()
            leases -= run._report_leases_without_owner(leases)
            made = run._documents_made("svk_lease_id")
            vals_by_lease = {
                lease_id: [vals for vals in vals_list if (lease_id, vals["svk_kind"]) not in made]
                for lease_id, vals_list in leases._rent_invoice_vals(run.period).items()
            }
            run._create_documents(leases, vals_by_lease)
            run.env["account.move.line"]._svk_apply_advances(leases)

    def _job_bill_owners(self, contract_ids):
        """Bill a chunk of owner contracts of the month"""
        run = self.with_company(self.company_id)
        with run._job_errors():
            contracts = run.env["svk.owner.contract"].browse(contract_ids).exists()
            made = run._documents_made("svk_owner_contract_id")
            contracts = contracts.filtered(lambda contract: (contract.id, "owner") not in made)
            run._create_documents(contracts, contracts._owner_bill_vals(run.period))

    def _job_finish(self):
        """Close the month's run"""
        self.ensure_one()
        # documents made at the same time by parallel jobs, each blind to the others
        # until they committed: settle the month once more, with everything in sight
        self.env["account.move"].sudo()._svk_clear_mandate_months(self.company_id, {self.period})
        finished = fields.Datetime.now()
        self.write(
            {
                "state": "done_errors" if self.error_ids else "done",
                "date_finished": finished,
                "duration": (finished - (self.date_started or finished)).total_seconds(),
            }
        )
        _logger.info(
            "rent run %s (%s): %s leases, %s contracts, %s errors",
            self.period,
            self.company_id.name,
            self.lease_done,
            self.contract_done,
            len(self.error_ids),
        )

    @contextmanager
    def _job_errors(self):
        """A job's errors that are not about one record's data (a bug, the database
        going away) are logged with their traceback and the job is retried; conflicts
        between transactions are retried by queue_job itself."""
        try:
            yield
        except (RetryableJobError, OperationalError):
            raise
        except Exception as error:
            _logger.exception("rent run %s: job failed, to be retried", self.id)
            raise RetryableJobError(str(error)) from error

    def _running(self, model):
        """Leases or owner contracts running at some point of the run's month, by their
        dates: one that ended during the month still owes (or is owed) its part."""
        first, last = get_month(self.period)
        return self.env[model].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("active", "notice", "ended")),
                ("date_start", "<=", last),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", first),
            ]
        )

    def _running_leases(self):
        return self._running("svk.lease")

    def _running_contracts(self):
        return self._running("svk.owner.contract")

    def _leases_without_owner(self, leases):
        """The leases whose rent of the month would be held for an owner who is not
        billed that month: under a management mandate the rent is the owner's money, on
        "rents collected for owners" until the owner's bill takes it out; with no owner
        contract of the unit running in the month, nothing would take it out."""
        collected = self.company_id.svk_owner_collected_account_id
        billed_units = set(self._running_contracts().line_ids.unit_id.ids)
        return leases.filtered(
            lambda lease: (
                lease.unit_id.id not in billed_units and lease._rent_account() == collected
            )
        )

    def _report_leases_without_owner(self, leases):
        """List the leases without an owner billed in the month as errors of the run,
        not invoiced: the agency activates or renews the unit's contract (the run
        started again, or the daily catch-up, then invoices the month) or ends the lease."""
        unbilled = self._leases_without_owner(leases)
        month = format_date(self.env, self.period, date_format="MMMM y")
        self.env["svk.rent.run.error"].create(
            [
                {
                    "run_id": self.id,
                    "lease_id": lease.id,
                    "message": self.env._(
                        "Not invoiced: the rent of unit %(unit)s is held for its owner, but "
                        "no owner contract of the unit runs in %(month)s. Activate or renew "
                        "its management mandate, or end the lease.",
                        unit=lease.unit_id.display_name,
                        month=month,
                    ),
                }
                for lease in unbilled
            ]
        )
        return unbilled

    def _documents_made(self, field):
        """{(lease or owner contract id, kind)} of the month's documents. A cancelled
        one counts too for the daily cron: someone decided the month was not due (rent
        waived, a rent-free month of works); only a person running the month again makes
        it anew."""
        self.env["account.move"].flush_model(
            ["svk_lease_id", "svk_owner_contract_id", "svk_period", "svk_kind", "state"]
        )
        cancelled = (
            SQL("TRUE") if self.env.context.get("svk_automatic") else SQL("state != 'cancel'")
        )
        self.env.cr.execute(
            SQL(
                "SELECT %s, svk_kind FROM account_move WHERE svk_period = %s "
                "AND %s IS NOT NULL AND svk_kind IS NOT NULL AND %s AND company_id = %s",
                SQL.identifier(field),
                self.period,
                SQL.identifier(field),
                cancelled,
                self.company_id.id,
            )
        )
        return set(self.env.cr.fetchall())

    def _leases_to_invoice(self, skip_errors=True):
        """Running leases missing one of the month's invoices they should have."""
        made = self._documents_made("svk_lease_id")
        skip = set(self.error_ids.lease_id.ids) if skip_errors else set()
        return self._running_leases().filtered(
            lambda lease: (
                lease.id not in skip
                and any((lease.id, kind) not in made for kind in lease._rent_kinds())
            )
        )

    def _contracts_to_bill(self, skip_errors=True):
        made = self._documents_made("svk_owner_contract_id")
        skip = set(self.error_ids.owner_contract_id.ids) if skip_errors else set()
        return self._running_contracts().filtered(
            lambda contract: contract.id not in skip and (contract.id, "owner") not in made
        )

    def _create_documents(self, records, vals_by_record):
        """Create and post the documents of a chunk in one go; if a record's data is at
        fault, redo the chunk one record at a time so that only the failing records are
        left out, each listed on the run with its reason (the pattern of
        _autopost_draft_entries). A document another run made meanwhile is skipped."""
        Move = self.env["account.move"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        for vals_list in vals_by_record.values():
            for vals in vals_list:
                vals["svk_run_id"] = self.id
        all_vals = [vals for record in records for vals in vals_by_record.get(record.id, [])]
        if not all_vals:
            return
        try:
            with self.env.cr.savepoint():
                Move.create(all_vals)._post(soft=False)
            return
        except (*BUSINESS_ERRORS, pg_errors.UniqueViolation):
            _logger.info("rent run %s: chunk failed, retrying one by one", self.id)
        skipped = 0
        for record in records:
            try:
                with self.env.cr.savepoint():
                    Move.create(vals_by_record.get(record.id, []))._post(soft=False)
            except pg_errors.UniqueViolation:
                # another run invoiced it meanwhile: nothing to do, nothing lost
                skipped += 1
            except BUSINESS_ERRORS as error:
                field = "lease_id" if record._name == "svk.lease" else "owner_contract_id"
                self.env["svk.rent.run.error"].create(
                    {
                        "run_id": self.id,
                        field: record.id,
                        "message": str(error.args[0] if error.args else error),
                    }
                )
        if skipped:
            self.env.cr.execute(
                SQL(
                    "UPDATE svk_rent_run SET skipped_count = COALESCE(skipped_count, 0) + %s "
                    "WHERE id = %s",
                    skipped,
                    self.id,
                )
            )
            self.invalidate_recordset(["skipped_count"])


class SvkRentRunError(models.Model):
    _name = "svk.rent.run.error"
    _description = "Monthly run error"
    _order = "id"
    _check_company_auto = True

    run_id = fields.Many2one(
        "svk.rent.run", string="Monthly run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    lease_id = fields.Many2one("svk.lease", ondelete="cascade", check_company=True)
    owner_contract_id = fields.Many2one(
        "svk.owner.contract", ondelete="cascade", check_company=True
    )
    message = fields.Text(required=True)
