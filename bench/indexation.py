"""Suite "indexation": a year of indexations, then the charges statement of a site."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import calendar
import datetime
import functools
import json
import re
import time
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from freezegun import api as freezegun_api
from freezegun import freeze_time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from . import charges_site
from .cache import prepare_template
from .common import DEMO_MODULES, admin_env, check_run, emit, fail, note, svk_db

SIZES = "8000"

INDEXATION_MODULES = [*DEMO_MODULES, "svk_indexation"]
INDEXATION_YEAR = 2026
# the demo agency's January is invoiced before its indexations are approved (as when the
# manager approves a few days late): their approval makes January's catch-up documents
INDEXATION_RUN_PERIOD = "2026-01-01"
# Bench-only health index figures, synthetic, never written into data/: data/reference
# stops at 2025-12 and the demo's dates are relative to today. Each month after the last
# one data/reference has, up to the last month the year's anniversaries need (November,
# for December's), is the figure of the month before plus this.
SYNTHETIC_INDEX_STEP = 0.2
INDEXATION_REFERENCE = (
    "Odoo writing the same new rents on the same leases and owner contract lines "
    "(write grouped by value, tracking on), month by month"
)


def indexation_template():
    """The addons with svk_indexation (svk_db.create loads data/reference's health index)."""
    return prepare_template(INDEXATION_MODULES, "_indexation")


template = indexation_template


def indexation_demo_template(units):
    """The demo agency of `units` units in a copy of the indexation's template, with its
    January run (INDEXATION_RUN_PERIOD: an invoice per lease, a bill per owner contract)."""
    target = indexation_template()

    def build(db):
        svk_db._copy_from_template(db, target)
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            started = time.perf_counter()
            stats = env["svk.demo.generator"]._generate(size=units, seed=1)
            env.company._svk_check_accounting()
            cr.commit()
            built = time.perf_counter() - started
            run = (
                env["svk.rent.run"]
                .with_context(queue_job__no_delay=True)
                .create({"period": INDEXATION_RUN_PERIOD})
            )
            run.action_start()
            cr.commit()
            check_run(env, run, f"the indexation demo's run of {INDEXATION_RUN_PERIOD}")
            note(
                f"indexation demo of {units} units built in {built:.0f} s ({stats}); its "
                f"{INDEXATION_RUN_PERIOD} run: {len(run.move_ids)} documents in "
                f"{time.perf_counter() - started - built:.0f} s"
            )
        odoo.sql_db.close_db(db)

    return prepare_template(INDEXATION_MODULES, f"_indexation_demo{units}", build)


def _indexation_prepare(db):
    """data/reference's health index loaded again (the template may be older than the
    file) and the bench's synthetic figures after it (SYNTHETIC_INDEX_STEP), committed.
    Returns the synthetic months."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        svk_db._load_reference_tables(env)
        last = env["svk.health.index"].search([], order="month desc", limit=1)
        if not last:
            fail("no health index loaded: data/reference/health_index.csv is missing")
        needed = datetime.date(INDEXATION_YEAR, 11, 1)
        known, known_value = last.month, last.value
        month, value, synthetic = known, known_value, []
        while month < needed:
            month += relativedelta(months=1)
            value += SYNTHETIC_INDEX_STEP
            synthetic.append({"month": month, "value": round(value, 2)})
        env["svk.health.index"].create(synthetic)
        cr.commit()
    if synthetic:
        note(
            f"indexation: synthetic health index (bench only) {synthetic[0]['month']:%Y-%m}"
            f"..{synthetic[-1]['month']:%Y-%m}, {known_value:.2f} + {SYNTHETIC_INDEX_STEP} a "
            f"month after {known:%Y-%m}"
        )
    return [vals["month"] for vals in synthetic]


def _due_leases(env, month):
    """The running leases (active or under notice) with an anniversary in `month`, at least
    a year after they started, before they end: found from their dates by the bench, not by
    the addon."""
    env.cr.execute(
        SQL(
            "SELECT id, date_start, date_end FROM svk_lease WHERE company_id = %s "
            "AND state IN ('active', 'notice') AND date_start < %s "
            "AND EXTRACT(MONTH FROM date_start) = %s",
            env.company.id,
            month,
            month.month,
        )
    )
    last_day = calendar.monthrange(month.year, month.month)[1]
    return {
        lease_id
        for lease_id, start, end in env.cr.fetchall()
        if not end or end >= month.replace(day=min(start.day, last_day))
    }


def _propose(env, month):
    """A month's indexations created and proposed (the form's button)."""
    batch = env["svk.indexation"].create({"month": month})
    batch.action_propose()
    return batch


def _run_catch_up_jobs(env, batch):
    """The catch-up jobs the approval of `batch` queued, done one after the other in this
    process as the job runner would (started, performed, done); returns how many."""
    # queue_job's modules import other addons': loaded with the registry, not before
    from odoo.addons.queue_job.job import Job  # pylint: disable=import-outside-toplevel

    uuids = sorted(set(batch.line_ids.mapped("catch_up_job_uuid")) - {False})
    for uuid in uuids:
        job = Job.load(env, uuid)
        job.set_started()
        job.store()
        job.perform()
        job.set_done()
        job.store()
    return len(uuids)


def _index_year(db):
    """Each month of INDEXATION_YEAR: its indexations created and proposed, then approved,
    by the administrator (an SVK manager), each click a transaction of its own (committed,
    the caches cold), the time frozen on the month's first day: no anniversary is then
    more than three months old, the retroactivity rule leaves every date alone. The
    approval queues the catch-up documents of the months already invoiced: their jobs
    are then done here, timed apart (the reference makes no document). Returns the
    seconds by step, the counts, the rents written by month ({(model, field): {value:
    ids}}) and the due leases the proposals left out ({month: ids})."""
    registry = odoo.modules.registry.Registry(db)
    seconds = {"propose": 0.0, "approve": 0.0, "catch_up": 0.0}
    counts = defaultdict(int)
    writes, left_out = [], {}
    with registry.cursor() as cr:
        env = admin_env(cr)
        counts["leases"] = env["svk.lease"].search_count([("state", "in", ("active", "notice"))])

        def click(step, action):
            env.invalidate_all()
            # freezegun freezes time.perf_counter too
            started = freezegun_api.real_perf_counter()
            result = action()
            cr.commit()
            seconds[step] += freezegun_api.real_perf_counter() - started
            return result

        for month_number in range(1, 13):
            month = datetime.date(INDEXATION_YEAR, month_number, 1)
            with freeze_time(f"{month} 08:00:00"):
                batch = click("propose", functools.partial(_propose, env, month))
                lines = batch.line_ids
                for line in lines:
                    counts[f"{line.state}_{line.kind}"] += 1
                counts["proposed"] += len(lines.filtered(lambda line: line.state == "proposed"))
                blocked = lines.filtered(lambda line: line.state == "blocked")
                counts["blocked"] += len(blocked)
                for line in blocked:
                    for reason in (line.reason or "").splitlines():
                        counts[f"reason: {re.sub(r'[0-9]{4}-[0-9]{2}', 'YYYY-MM', reason)}"] += 1
                covered = {
                    line.lease_id.id
                    for line in lines
                    if line.lease_id and (line.state != "blocked" or line.reason)
                }
                missing = _due_leases(env, month) - covered
                if missing:
                    left_out[month] = sorted(missing)
                # a month without a selected proposal has nothing to approve: no click
                if lines.filtered(lambda line: line.state == "proposed" and line.selected):
                    click("approve", batch.action_approve)
                    counts["catch_up_jobs"] += click(
                        "catch_up", functools.partial(_run_catch_up_jobs, env, batch)
                    )
                approved = batch.line_ids.filtered(lambda line: line.state == "approved")
                counts["approved"] += len(approved)
                counts["catch_up_documents"] += len(approved.catch_up_move_ids)
                counts["retroactive"] += len(
                    approved.filtered(lambda line: line.effective_date != line.anniversary)
                )
                month_writes = defaultdict(lambda: defaultdict(list))
                for line in approved:
                    if line.kind == "tenant":
                        month_writes["svk.lease", "rent"][line.new_rent].append(line.lease_id.id)
                    else:
                        month_writes["svk.owner.contract.line", "owner_rent"][line.new_rent].append(
                            line.contract_line_id.id
                        )
                writes.append(month_writes)
    return seconds, counts, writes, left_out


def _index_reference(db, writes):
    """The reference: the administrator writing the same rents, month by month, a write
    per value (as a list view's mass edit does), committed each month, the caches cold."""
    registry = odoo.modules.registry.Registry(db)
    seconds = 0.0
    with registry.cursor() as cr:
        env = admin_env(cr)
        for month_writes in writes:
            env.invalidate_all()
            started = time.perf_counter()
            for (model, field), by_value in month_writes.items():
                for value, ids in by_value.items():
                    env[model].browse(ids).write({field: value})
            cr.commit()
            seconds += time.perf_counter() - started
    return seconds


def _rents(db):
    """{lease id: rent}, {owner contract line id: owner rent} of `db`."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        cr.execute(SQL("SELECT id, rent FROM svk_lease"))
        leases = dict(cr.fetchall())
        cr.execute(SQL("SELECT id, owner_rent FROM svk_owner_contract_line"))
        return leases, dict(cr.fetchall())


def measure(db, leases_wanted, repeat):
    """Figure (suite "indexation"), the demo agency of about `leases_wanted` leases with its
    January run, the health index of data/reference and the bench's synthetic figures:
    - indexation_year: the twelve months of INDEXATION_YEAR proposed and approved, against
      Odoo writing the same rents on a copy of the database made before."""
    # ~96.5% of the demo agency's units are let
    template = indexation_demo_template(round(leases_wanted / 0.965))
    svk_db._drop(db)
    svk_db._copy_from_template(db, template)
    synthetic = _indexation_prepare(db)
    odoo.sql_db.close_db(db)
    reference_db = f"{db}_reference"
    if svk_db._exists(reference_db):
        svk_db._drop(reference_db)
    svk_db._copy_from_template(reference_db, db)
    try:
        seconds, counts, writes, left_out = _index_year(db)
        reference = _index_reference(reference_db, writes)
        ours_rents, reference_rents = _rents(db), _rents(reference_db)
    finally:
        odoo.sql_db.close_db(reference_db)
        svk_db._drop(reference_db)
    note(f"indexation {leases_wanted}: {json.dumps(counts, sort_keys=True)}")
    if left_out:
        fail(
            "due leases neither proposed nor blocked with a reason: "
            + "; ".join(f"{month:%Y-%m}: {ids[:20]}" for month, ids in left_out.items())
        )
    if counts["retroactive"]:
        fail(
            f"{counts['retroactive']} approved rents start later than their anniversary: the "
            "time was not frozen on each month, the retroactivity rule moved them"
        )
    for label, ours_by_id, reference_by_id in zip(
        ("lease rents", "owner rents"), ours_rents, reference_rents, strict=True
    ):
        differ = sorted(
            record_id
            for record_id, rent in ours_by_id.items()
            if rent != reference_by_id.get(record_id)
        )
        if differ:
            fail(f"{len(differ)} {label} differ between the two databases: ids {differ[:20]}")
    emit(
        "indexation_year",
        leases_wanted,
        seconds["propose"] + seconds["approve"],
        INDEXATION_REFERENCE,
        reference,
        leases=counts["leases"],
        proposed=counts["proposed"],
        approved=counts["approved"],
        blocked=counts["blocked"],
        propose_s=round(seconds["propose"], 2),
        approve_s=round(seconds["approve"], 2),
        catch_up_documents=counts["catch_up_documents"],
        catch_up_jobs=counts["catch_up_jobs"],
        catch_up_s=round(seconds["catch_up"], 2),
        year=INDEXATION_YEAR,
        index_synthetic=[f"{month:%Y-%m}" for month in synthetic[:1] + synthetic[-1:]],
    )
    charges_site.measure()
