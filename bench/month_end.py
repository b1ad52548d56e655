"""Suite "month_end": the demo agency's month-end, step by step."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import base64
import json
import random
import time

import odoo
from odoo import SUPERUSER_ID, api, fields

from .bank import BANK_DAY, bank_statement
from .cache import demo_template
from .common import check_run, emit, note
from .rent_run import RENT_PERIOD, prepare_run
from .server import job_server, run_report, run_through_queue

SIZES = "800"
template = demo_template

MONTH_END_BUDGET = 300.0


def measure(db, units, repeat):
    """The machine time of the demo agency's month-end, step by step, each committed:
    the month's run through the job queue (a server with two workers), the owners'
    payment order from the month-end screen (confirmed, its SEPA file generated and
    sent), the month's CODA statement imported (a line per tenant and third-payer
    invoice, the bank suite's mix) and the check of the payment plans."""
    run_id, user_id = prepare_run(
        db,
        units,
        ["account.group_account_user", "account_payment_order.group_account_payment"],
        bank_account=True,  # the owners are paid by SEPA transfer from it
    )
    steps = {}
    with job_server(db) as server:
        steps["month_end_run"], _state = run_through_queue(
            db, run_id, user_id, server, timeout=1800 + units
        )
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        run = env["svk.rent.run"].browse(run_id)
        check_run(env, run, "month_end")
        note(
            f"month_end {units} units: run of {run.lease_done} leases, {len(run.move_ids)} "
            f"documents; jobs: {json.dumps(run_report(env, run))}"
        )
        user_env = env(user=user_id)
        period = fields.Date.to_date(RENT_PERIOD)

        started = time.perf_counter()
        laps = {}

        def lap(name, func):
            lap_started = time.perf_counter()
            func()
            laps[name] = round(time.perf_counter() - lap_started, 1)

        lap(
            "prepare",
            lambda: (
                user_env["svk.month.end"]._ensure(company, [period]).action_prepare_payment_order()
            ),
        )
        orders = user_env["account.payment.order"].search(
            [
                ("state", "=", "draft"),
                ("payment_mode_id", "=", company.svk_owner_payment_mode_id.id),
            ]
        )
        lap("draft2open", orders.draft2open)
        lap("open2generated", orders.open2generated)
        lap("generated2uploaded", orders.generated2uploaded)
        lap("commit", cr.commit)
        steps["month_end_payment_order"] = time.perf_counter() - started
        note(
            f"month_end payment order: {len(orders)} order(s), "
            f"{len(orders.payment_line_ids)} payment lines, state {orders.mapped('state')}, "
            f"seconds by step {laps}"
        )

        invoices = env["account.move"].search_count(
            [("svk_run_id", "=", run.id), ("svk_kind", "in", ("tenant", "third_payer"))]
        )
        # the run's jobs ran side by side: the invoices' ids are in no fixed order
        data = bank_statement(env, run, invoices, random.Random(1), order="svk_lease_id, id")
        wizard = user_env["account.statement.import"].create(
            {"statement_file": base64.b64encode(data), "statement_filename": "month.cod"}
        )
        started = time.perf_counter()
        wizard.import_file_button()
        cr.commit()
        steps["month_end_coda"] = time.perf_counter() - started
        lines = env["account.bank.statement.line"].search([("date", "=", BANK_DAY)])
        note(
            f"month_end CODA: {len(lines)} lines, {len(lines.filtered('is_reconciled'))} reconciled"
        )

        plans = _month_end_plans(env, run)
        cr.commit()
        started = time.perf_counter()
        env["svk.payment.plan"]._cron_check()  # as the cron does: as superuser
        cr.commit()
        steps["month_end_plans"] = time.perf_counter() - started
        note(
            f"month_end plans: {len(plans)} running plans checked, "
            f"{len(plans.filtered(lambda plan: plan.state == 'broken'))} found broken"
        )
    budget = "budget: 5 minutes of machine time"
    emit("month_end", units, sum(steps.values()), budget, MONTH_END_BUDGET)
    for name, seconds in steps.items():
        emit(
            name,
            units,
            seconds,
            f"{budget} (the whole month-end's, not a share)",
            MONTH_END_BUDGET,
        )


def _month_end_plans(env, run):
    """Payment plans on 2% of the run's leases whose tenant still owes after the
    statement (what an agency has running), every other one started in October and
    paid nothing since (broken by the check), the others with a first instalment in
    December (not due yet)."""
    leases = run.move_ids.svk_lease_id.sorted("id").filtered(
        lambda lease: lease.state == "active" and lease.overdue_amount > 0
    )
    wanted = max(1, round(0.02 * len(run.move_ids.svk_lease_id)))
    october = fields.Date.to_date("2026-10-01")
    Plan = env["svk.payment.plan"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    )
    plans = Plan.browse()
    for index, lease in enumerate(leases[:: max(1, len(leases) // wanted)][:wanted]):
        plan = Plan.create(
            {
                "lease_id": lease.id,
                "date_start": october,
                "first_due_date": fields.Date.to_date("2026-10-15" if index % 2 else "2026-12-15"),
                "instalment_amount": max(50.0, round(lease.overdue_amount / 6, -1)),
            }
        )
        if plan.debt_amount <= 0:  # what is overdue is the third payer's part
            plan.unlink()
            continue
        plan.action_confirm()
        plans |= plan
    return plans
