"""Suite "rent_run": the monthly run through the job queue, and inline."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import json
import time

import odoo
from odoo import SUPERUSER_ID, api, fields

from .bank import bank_journal
from .cache import demo_template
from .common import bench_user, check_run, emit, note, reference_vals, svk_db
from .server import job_server, run_report, run_through_queue

SIZES = "800,3200,8000"
template = demo_template

RENT_PERIOD = "2026-11-01"


def prepare_run(db, size, groups, bank_account=False):
    """Build the demo agency of `size` units in `db` (its bank journal given the
    agency's account if `bank_account`), give the bench user `groups` (xml ids) and
    create the month's run as that user, committed. Returns the ids of the run and of
    the user."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["svk.demo.generator"]._generate(size=size, seed=1)
        env.company._svk_check_accounting()
        if bank_account:
            bank_journal(env)
        cr.commit()
        accountant = bench_user(env)
        for group in groups:
            accountant.groups_id |= env.ref(group)
        cr.commit()
        run = env["svk.rent.run"].with_user(accountant).create({"period": RENT_PERIOD})
        cr.commit()
        return run.id, accountant.id


def measure(db, leases_wanted, repeat):
    """The monthly run at `leases_wanted` leases as production runs it (queued jobs
    done by a server's two workers), against Odoo creating and posting the same
    invoices and bills, in chunks of the same size, committing after each; and the
    same jobs run one after the other in this process, in one transaction."""
    # ~96.5% of the demo agency's units are let
    run_id, user_id = prepare_run(
        db, round(leases_wanted / 0.965), ["account.group_account_invoice"]
    )
    # the database of the in-process variant: a copy made before the run
    inline_db = f"{db}_inline"
    odoo.sql_db.close_db(db)
    if svk_db._exists(inline_db):
        svk_db._drop(inline_db)
    svk_db._copy_from_template(inline_db, db)
    try:
        with job_server(db) as server:
            ours, _state = run_through_queue(
                db, run_id, user_id, server, timeout=1800 + leases_wanted
            )
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            run = env["svk.rent.run"].browse(run_id)
            check_run(env, run, "rent_run")
            leases = run.lease_done
            moves = run.move_ids.sorted("id")
            note(
                f"rent_run {leases} leases: {len(moves)} documents ({run.invoice_count} "
                f"invoices, {run.bill_count} owner bills), {run.contract_done} owner "
                f"contracts; jobs: {json.dumps(run_report(env, run))}"
            )
            chunk = env.company.svk_rent_run_chunk
            vals_list = reference_vals(moves, fields.Date.to_date("2026-12-01"))
            Move = (
                env["account.move"]
                .with_user(user_id)
                .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
            )
            cr.commit()
            started = time.perf_counter()
            for index in range(0, len(vals_list), chunk):
                with cr.savepoint():
                    Move.create(vals_list[index : index + chunk])._post(soft=False)
                cr.commit()
            reference = time.perf_counter() - started
        odoo.sql_db.close_db(db)
        registry = odoo.modules.registry.Registry(inline_db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            run = (
                env["svk.rent.run"]
                .with_user(user_id)
                .with_context(queue_job__no_delay=True)
                .browse(run_id)
            )
            started = time.perf_counter()
            run.action_start()
            cr.commit()
            inline = time.perf_counter() - started
            check_run(env, run, "rent_run_inline")
    finally:
        odoo.sql_db.close_db(inline_db)
        svk_db._drop(inline_db)
    label = f"account.move create+post of the same {len(moves)} invoices and bills"
    emit("rent_run", leases, ours, label, reference, documents=len(moves))
    emit("rent_run_per_lease", leases, ours / leases, "reference per lease", reference / leases)
    emit(
        "rent_run_inline",
        leases,
        inline,
        f"{label} (ours: the same jobs run in this process, one transaction)",
        reference,
        documents=len(moves),
    )
