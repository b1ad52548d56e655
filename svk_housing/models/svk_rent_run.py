import calendar
import logging
import time
from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import api, fields, models, tools
from odoo.fields import Command
from odoo.tools import SQL, format_date, split_every

from .svk_lease import month_bounds

_logger = logging.getLogger(__name__)


class SvkRentRun(models.Model):
    """The agency's month: one invoice per running lease (and one to its third payer),
    one bill per running owner contract, created and posted in chunks.

    Outside tests the run commits after each chunk, deliberately: 8,000 leases never sit
    in one transaction, progress is visible while it works, and a run that stopped half
    way is resumed by starting it again. What a chunk created is never created twice:
    the database refuses a second rent document of a kind for a lease (or owner
    contract) and month (see account_move.init), even to a concurrent run.
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
    lease_done = fields.Integer(string="Leases invoiced", readonly=True)
    contract_total = fields.Integer(string="Owner contracts to bill", readonly=True)
    contract_done = fields.Integer(string="Owner contracts billed", readonly=True)
    progress = fields.Float(compute="_compute_progress")
    move_ids = fields.One2many("account.move", "svk_run_id", string="Documents", readonly=True)
    invoice_count = fields.Integer(compute="_compute_counts")
    bill_count = fields.Integer(compute="_compute_counts")
    error_ids = fields.One2many("svk.rent.run.error", "run_id", string="Errors", readonly=True)
    error_count = fields.Integer(compute="_compute_counts")
    date_started = fields.Datetime(string="Started", readonly=True)
    date_finished = fields.Datetime(string="Finished", readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True)

    @api.depends("period", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "Rent %(month)s", month=format_date(self.env, run.period, date_format="MMMM y")
            )

    @api.depends("lease_total", "lease_done", "contract_total", "contract_done")
    def _compute_progress(self):
        for run in self:
            total = run.lease_total + run.contract_total
            run.progress = 100.0 * (run.lease_done + run.contract_done) / total if total else 0.0

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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("period"):
                vals["period"] = fields.Date.to_date(vals["period"]).replace(day=1)
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions
    def action_start(self):
        """Run (or resume) the month; safe to call again, it only does what is left."""
        for run in self:
            run._run()
        return True

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action.update(
            name=self.name,
            domain=[("svk_run_id", "=", self.id)],
            context={"create": False, "search_default_group_by_move_type": 1},
        )
        return action

    @api.model
    def _cron_monthly(self):
        """Daily: run (or catch up) the current month for every company with running
        leases or owner contracts. The first call of a month invoices it; the next ones
        only pick up what started since (a lease activated on the 10th for the 15th),
        since a month is never invoiced twice."""
        period = fields.Date.context_today(self).replace(day=1)
        running = [("state", "in", ("active", "notice"))]
        companies = (
            self.env["svk.lease"].search(running).company_id
            | self.env["svk.owner.contract"].search(running).company_id
        )
        for company in companies:
            run = self.search([("company_id", "=", company.id), ("period", "=", period)], limit=1)
            run = run or self.create({"company_id": company.id, "period": period})
            run.with_company(company)._run()

    # -------------------------------------------------------------- the run
    def _commit(self):
        """Commit between chunks, outside tests only (see the class docstring)."""
        if not tools.config["test_enable"] and not self.env.context.get("svk_no_commit"):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _run(self):
        self.ensure_one()
        self.error_ids.unlink()  # what failed last time is tried again
        if self.state == "done" and not (self._leases_to_invoice() or self._contracts_to_bill()):
            return
        company = self.company_id
        company._svk_ensure_accounting()
        run = self.with_company(company)
        started = time.monotonic()
        first, _last = month_bounds(self.period)
        run.write(
            {
                "state": "running",
                "date_started": fields.Datetime.now(),
                "lease_total": len(run._running_leases()),
                "contract_total": len(run._running_contracts()),
            }
        )
        run._commit()
        chunk = company.svk_rent_run_chunk or 200
        for lease_ids in split_every(chunk, run._leases_to_invoice().ids):
            leases = run.env["svk.lease"].browse(lease_ids)
            run._create_documents(leases, leases._rent_move_vals(run))
            run.lease_done = run.lease_total - len(run._leases_to_invoice())
            run._commit()
            self.env.invalidate_all()  # keep memory flat over thousands of leases
        for contract_ids in split_every(chunk, run._contracts_to_bill().ids):
            contracts = run.env["svk.owner.contract"].browse(contract_ids)
            run._create_documents(contracts, contracts._owner_bill_vals(run))
            run.contract_done = run.contract_total - len(run._contracts_to_bill())
            run._commit()
            self.env.invalidate_all()
        run.write(
            {
                "state": "done_errors" if run.error_ids else "done",
                "date_finished": fields.Datetime.now(),
                "duration": (self.duration or 0.0) + time.monotonic() - started,
            }
        )
        run._commit()
        _logger.info(
            "rent run %s (%s): %s leases, %s contracts, %s errors",
            first,
            company.name,
            run.lease_done,
            run.contract_done,
            len(run.error_ids),
        )

    def _running(self, model):
        """Leases or owner contracts running at some point of the run's month, by their
        dates: one that ended during the month still owes (or is owed) its part."""
        first, last = month_bounds(self.period)
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

    def _invoiced_ids(self, field, kinds):
        self.env["account.move"].flush_model(
            ["svk_lease_id", "svk_owner_contract_id", "svk_period", "svk_kind", "state"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM account_move WHERE svk_period = %s AND svk_kind IN %s "
                "AND state != 'cancel' AND company_id = %s",
                SQL.identifier(field),
                self.period,
                tuple(kinds),
                self.company_id.id,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _leases_to_invoice(self):
        # a lease whose rent a third payer pays in full only has a third-payer invoice
        skip = self._invoiced_ids("svk_lease_id", ("tenant", "third_payer"))
        skip.update(self.error_ids.lease_id.ids)
        return self._running_leases().filtered(lambda lease: lease.id not in skip)

    def _contracts_to_bill(self):
        skip = self._invoiced_ids("svk_owner_contract_id", ("owner",))
        skip.update(self.error_ids.owner_contract_id.ids)
        return self._running_contracts().filtered(lambda c: c.id not in skip)

    def _create_documents(self, records, vals_by_record):
        """Create and post the documents of a chunk in one go; if anything fails, redo the
        chunk one record at a time so that only the failing records are left out, each
        listed on the run with its reason (the pattern of _autopost_draft_entries)."""
        Move = self.env["account.move"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        all_vals = [vals for record in records for vals in vals_by_record.get(record.id, [])]
        if not all_vals:
            return
        try:
            with self.env.cr.savepoint():
                Move.create(all_vals)._post(soft=False)
            return
        except Exception:
            _logger.info("rent run %s: chunk failed, retrying one by one", self.id)
        for record in records:
            try:
                with self.env.cr.savepoint():
                    Move.create(vals_by_record.get(record.id, []))._post(soft=False)
            except pg_errors.UniqueViolation:
                # another run invoiced it meanwhile: nothing to do, nothing lost
                continue
            except Exception as error:
                field = "lease_id" if record._name == "svk.lease" else "owner_contract_id"
                self.env["svk.rent.run.error"].create(
                    {
                        "run_id": self.id,
                        field: record.id,
                        "message": str(error.args[0] if error.args else error),
                    }
                )


def rent_line(label, amount, account, analytic):
    """An invoice or bill line of the rent cycle: no product, no tax (rent is exempt)."""
    return Command.create(
        {
            "name": label,
            "quantity": 1.0,
            "price_unit": amount,
            "account_id": account.id,
            "tax_ids": [Command.clear()],
            "analytic_distribution": analytic,
        }
    )


class SvkRentRunError(models.Model):
    _name = "svk.rent.run.error"
    _description = "Monthly run error"
    _order = "id"

    run_id = fields.Many2one(
        "svk.rent.run", string="Monthly run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    lease_id = fields.Many2one("svk.lease", ondelete="cascade")
    owner_contract_id = fields.Many2one("svk.owner.contract", ondelete="cascade")
    message = fields.Text(required=True)


class SvkLease(models.Model):
    _inherit = "svk.lease"

    def _rent_move_vals(self, run):
        """{lease id: [invoice values]} for the month of `run`: the tenant's invoice (rent
        and charges, prorata of a partial month, under the lease's structured
        communication) and, with a third payer, its own invoice for its part."""
        company = run.company_id
        first, last = month_bounds(run.period)
        plans = self.env["svk.payment.plan"].search(
            [("lease_id", "in", self.ids), ("state", "in", ("active", "broken"))]
        )
        plan_of = {plan.lease_id.id: plan for plan in plans}
        result = {}
        for lease in self:
            fraction = lease._occupied_fraction(first)
            if not fraction:
                continue
            rent_account = (
                company.svk_owner_collected_account_id
                if lease.unit_id.contract_type == "mandate"
                else company.svk_rent_income_account_id
            )
            charges_account = (
                company.svk_charges_provision_account_id
                if lease.charges_mode == "provision"
                else company.svk_charges_income_account_id
            )
            analytic = lease.unit_id._analytic_distribution()
            month = format_date(
                self.env, first, date_format="MMMM y", lang_code=lease.tenant_id.lang
            )
            label_lang = self.with_context(lang=lease.tenant_id.lang or self.env.lang).env
            days = round(fraction * calendar.monthrange(first.year, first.month)[1])
            prorata = (
                " " + label_lang._("(prorata: %(days)s days)", days=days) if fraction < 1 else ""
            )
            tenant_rent = company.currency_id.round(
                (lease.rent - lease.third_payer_amount) * fraction
            )
            lines = []
            if tenant_rent:
                lines.append(
                    rent_line(
                        label_lang._(
                            "Rent %(month)s – %(unit)s",
                            month=month,
                            unit=lease.unit_id.display_name,
                        )
                        + prorata,
                        tenant_rent,
                        rent_account,
                        analytic,
                    )
                )
            charges = company.currency_id.round(lease.charges_amount * fraction)
            if charges:
                lines.append(
                    rent_line(
                        (
                            label_lang._("Charges provision %(month)s", month=month)
                            if lease.charges_mode == "provision"
                            else label_lang._("Charges %(month)s", month=month)
                        )
                        + prorata,
                        charges,
                        charges_account,
                        analytic,
                    )
                )
            vals_list = []
            base = {
                "move_type": "out_invoice",
                "journal_id": company.svk_rent_journal_id.id,
                "company_id": company.id,
                "invoice_date": first,
                "date": first,
                "invoice_date_due": first,
                "svk_lease_id": lease.id,
                "svk_period": first,
                "svk_run_id": run.id,
            }
            if lines:
                vals = {
                    **base,
                    "partner_id": lease.tenant_id.id,
                    "payment_reference": lease.payment_reference,
                    "svk_kind": "tenant",
                    "invoice_line_ids": lines,
                }
                if "mandate_id" in self.env["account.move"]._fields:
                    mandate = lease.tenant_id.valid_mandate_id
                    if mandate and company.svk_tenant_debit_mode_id:
                        vals.update(
                            mandate_id=mandate.id,
                            payment_mode_id=company.svk_tenant_debit_mode_id.id,
                        )
                plan = plan_of.get(lease.id)
                if plan:
                    vals["narration"] = plan._notice_text(first, last, tenant_rent + charges)
                vals_list.append(vals)
            third_rent = company.currency_id.round(lease.third_payer_amount * fraction)
            if lease.third_payer_id and third_rent:
                third_lang = self.with_context(lang=lease.third_payer_id.lang or self.env.lang).env
                vals_list.append(
                    {
                        **base,
                        "partner_id": lease.third_payer_id.id,
                        "payment_reference": lease.third_payer_payment_reference,
                        "svk_kind": "third_payer",
                        "invoice_line_ids": [
                            rent_line(
                                third_lang._(
                                    "Rent %(month)s – %(unit)s – part of %(tenant)s",
                                    month=format_date(
                                        self.env,
                                        first,
                                        date_format="MMMM y",
                                        lang_code=lease.third_payer_id.lang,
                                    ),
                                    unit=lease.unit_id.display_name,
                                    tenant=lease.tenant_id.name,
                                )
                                + prorata,
                                third_rent,
                                rent_account,
                                analytic,
                            )
                        ],
                    }
                )
            result[lease.id] = vals_list
        return result


class SvkOwnerContract(models.Model):
    _inherit = "svk.owner.contract"

    def _owner_bill_vals(self, run):
        """{contract id: [bill values]}: the owner's guaranteed rent of the month, one line
        per unit whatever its occupancy. Under a management mandate, what was invoiced
        for the unit this month is the owner's money (debited from "rents collected for
        owners"); what is missing to the guaranteed rent is the agency's guarantee cost."""
        company = run.company_id
        first, last = month_bounds(run.period)
        days_in_month = calendar.monthrange(first.year, first.month)[1]
        collected = self._collected_by_unit(run)
        result = {}
        for contract in self:
            start = max(first, contract.date_start)
            end = min(last, contract.date_end) if contract.date_end else last
            if end < start:
                continue
            fraction = ((end - start).days + 1) / days_in_month
            lang_env = self.with_context(lang=contract.owner_id.lang or self.env.lang).env
            month = format_date(
                self.env, first, date_format="MMMM y", lang_code=contract.owner_id.lang
            )
            lines = []
            for line in contract.line_ids:
                unit = line.unit_id
                guaranteed = company.currency_id.round(line.owner_rent * fraction)
                analytic = unit._analytic_distribution()
                label = lang_env._(
                    "Guaranteed rent %(month)s – %(unit)s", month=month, unit=unit.display_name
                )
                if contract.contract_type == "main_lease":
                    lines.append(
                        rent_line(
                            label, guaranteed, company.svk_owner_rent_expense_account_id, analytic
                        )
                    )
                    continue
                from_tenants = min(guaranteed, collected.get(unit.id, 0.0))
                if from_tenants:
                    lines.append(
                        rent_line(
                            label, from_tenants, company.svk_owner_collected_account_id, analytic
                        )
                    )
                if company.currency_id.compare_amounts(guaranteed, from_tenants) > 0:
                    lines.append(
                        rent_line(
                            lang_env._(
                                "Guarantee: rent not collected %(month)s – %(unit)s",
                                month=month,
                                unit=unit.display_name,
                            ),
                            guaranteed - from_tenants,
                            company.svk_guarantee_cost_account_id,
                            analytic,
                        )
                    )
            if not lines:
                continue
            vals = {
                "move_type": "in_invoice",
                "journal_id": company.svk_owner_journal_id.id,
                "company_id": company.id,
                "partner_id": contract.owner_id.id,
                "partner_bank_id": contract.bank_account_id.id,
                "invoice_date": first,
                "date": first,
                "invoice_date_due": first.replace(
                    day=min(contract.payment_day or 1, days_in_month)
                ),
                "ref": f"{contract.name} {first:%Y-%m}",
                "payment_reference": f"{contract.name} {first:%Y-%m}",
                "svk_owner_contract_id": contract.id,
                "svk_period": first,
                "svk_kind": "owner",
                "svk_run_id": run.id,
                "invoice_line_ids": lines,
            }
            if (
                company.svk_owner_payment_mode_id
                and "payment_mode_id" in self.env["account.move"]._fields
            ):
                vals["payment_mode_id"] = company.svk_owner_payment_mode_id.id
            result[contract.id] = [vals]
        return result

    def _collected_by_unit(self, run):
        """Rent invoiced this month on the mandate account, per unit (tenants and third
        payers together)."""
        company = run.company_id
        first, _last = month_bounds(run.period)
        result = defaultdict(float)
        groups = self.env["account.move.line"]._read_group(
            [
                ("move_id.svk_period", "=", first),
                ("move_id.svk_kind", "in", ("tenant", "third_payer")),
                ("move_id.company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_id", "=", company.svk_owner_collected_account_id.id),
                ("svk_lease_id.unit_id", "in", self.line_ids.unit_id.ids),
            ],
            ["svk_lease_id"],
            ["balance:sum"],
        )
        for lease, balance in groups:
            result[lease.unit_id.id] += -balance
        return result
