"""`make bench`: the suite's performance figures, one JSON line per figure.

    python bench/run.py [--suite all|housing|rent_run|bank|month_end|messaging|partners|import|
                                 indexation]
                        [--size 800,8000]
                        [--repeat 20]

Each figure is measured on a database built for the run (a copy of a cached PostgreSQL
template with the addons installed, then the demo agency of the given size), as a user
with the rights of an agency manager, together with a reference measured in the same run
on the same database: Odoo's own res.partner doing the same kind of work.

The monthly run is measured as production runs it: its button queues OCA queue_job jobs
(a chunk of leases each, then the owner contracts, then one closing the run) and an Odoo
server started on the bench database with two workers and the job runner (channels
"root:2,root.svk_rent_run:2") does them; the figure is the time from the button to the
run done. How the jobs ran (how many at once, retries) is written to stderr, with the
counts behind each figure; stdout has the JSON lines only.

Figures (suite "rent_run"), at 800, 3,200 and 8,000 leases:
- rent_run: the monthly run (an invoice per lease, one to each third payer, a bill per
  owner contract) through the job queue, as above; the number of documents in
  "documents"; the bench stops with an error if the run did not invoice every lease.
  Reference: Odoo's own create and post of the same invoices and bills in this process
  (same partners, journals, lines, chunk size, a commit per chunk).
- rent_run_per_lease: the same, per lease (to compare the sizes).
- rent_run_inline: the same jobs run one after the other in this process, in one
  transaction (queue_job__no_delay), on a copy of the database made before the run;
  against the same reference. With rent_run, it shows what the two workers gain.

Figures (suite "month_end"), at 800 units: the demo agency's month-end, each step
committed, against the budget of 5 minutes of machine time:
- month_end_run: the month's run through the job queue, as above.
- month_end_payment_order: the owners' payment order prepared from the month-end screen,
  confirmed, its SEPA file generated and marked sent.
- month_end_coda: the month's CODA statement imported and auto-reconciled (a line per
  tenant and third-payer invoice, with the bank suite's mix of payments).
- month_end_plans: the daily check of the payment plans (2% of the leases have one,
  about half of them broken by the check).
- month_end: the four together. The reference of each line is the whole budget (300 s).

Figures (suite "bank"), at 800 and 3,200 bank lines: the demo agency (a lease per
line, about), its November run, then one CODA statement of the month with a line per
payment: 70% tenants paying their invoice with their lease's structured communication,
8% paying half, 4% double, 6% paying the right amount with a free-text message (half of
them from a bank account registered for the tenant), 4% CPAS paying their part with the
lease's third-payer communication, 3% strangers with a valid structured communication no
lease has, and namesakes for the rest (a tenant's rent paid by someone called like another
tenant, or a stranger called like a tenant paying that tenant's amount).
- coda_import_reconcile: importing the file as an accountant (account_reconcile_oca
  reconciles each line as it is created), committing at the end; reference: the same
  file imported into a copy of the database made before the import, with the
  lease-matching reconcile model archived (Odoo's and the OCA's matching only).
- coda_import_reconcile_per_line: the same, per bank line.
- coda_lines_reconciled: how many of the file's lines end up reconciled, against the
  reference's count.

Figures (suite "messaging"), on the demo agency of 800 units (its 130-unit site), the
agency's providers being a local stand-in of Twilio and the WhatsApp Cloud API (the one
the tests use) that refuses more than the account's rate:
- mass_message_site: a works notice to every household of the site, from the click
  (preview, send) to every message handed to the stand-in by the job queue of a
  two-worker server, in messages per second; reference: Odoo's own SMS composer in mass
  mode sending the same text to the same tenants in this process.
- webhook_inbound: signed Twilio replies from distinct tenants, 200 concurrent
  connections for 30 s against that server, in requests per second with p95 and errors;
  the bench fails unless every answered request landed exactly one message. Reference:
  Odoo's /web/login page under the same load.

Figures (suite "partners"), at 400 and 8,000 applications (the demo agency of 800 units
has about 400; more are added by its application builder):
- partners_eligibility_recompute: a new income ceilings row (the yearly indexation)
  created and every open application judged again; reference: Odoo reading the same
  fields of the same applications with read().
- partners_matching_list: the server side of opening a vacant unit's matching
  applications (web_search_read of the matching list view, 80 rows and the count, in
  register order); reference: the same read of crm.lead without the matching domain.

Figures (suite "import"), at 800 units: the demo agency of that size (three months run,
paid and reconciled) exported by svk_import as its workbook (xls, French headers) and
imported into a new agency's database (the Belgian chart, the addons, French and Dutch,
no demo agency; a copy of its cached template for each measure), as the administrator:
- import_agency_workbook: the whole workbook (portfolio, owners, contracts, tenants,
  leases, opening balances) through svk.import as production does a big file: the record
  with the file and the cut-over date, its check, then the import inline in one
  transaction, committed; with the workbook's "rows", the check's seconds and the
  "records" created. The bench fails if the import ends with errors, or if it takes
  more than the issue's budget of 5 minutes ("budget_s").
  Reference: Odoo's base_import loading the same buildings and units sheets (csv files
  with Odoo's field names, the units' meters as one2many lines), as the web client does
  (preview, then execute_import in batches); the bench fails unless it imports every row.
- import_portfolio_sheets: svk.import of a workbook of the buildings and units sheets
  alone, against the same reference: like with like.

Figures (suite "indexation"), at 8,000 leases: the demo agency of about that many leases
(cached as a template, with its January 2026 run: an invoice per lease, a bill per owner
contract), the health index of data/reference loaded, and bench-only synthetic figures for
the months of 2026 the year's anniversaries need (data/reference stops at 2025-12: the last
figure plus 0.2 a month, written into the bench database only, never into data/):
- indexation_year: the indexations of every month of 2026 for the whole agency (leases and
  indexed owner contracts), each month created and proposed, then approved, by the
  administrator (an SVK manager), each click committed, the time frozen on the month's
  first day (freezegun) so that no anniversary is more than three months old and the
  retroactivity rule moves no date; with the "leases" running, the lines "proposed",
  "approved" and "blocked" (not indexed, with the reason), "propose_s" and "approve_s",
  and "catch_up_documents": January, invoiced before its indexations are approved, gets
  its catch-up invoices and bills. The bench fails if a running lease with an anniversary
  in the month is neither proposed nor blocked with a reason. Reference: on a copy of the
  database made before, the administrator writing the same new rents on the same leases
  and owner contract lines (write grouped by value, with tracking, as in production),
  month by month; the bench fails if any rent differs between the two databases.
- charges_site (once a run, whatever the sizes; skipped, as stderr says, without
  svk_charges): the 2025 charges statement of the 130-unit site of the 800-unit demo
  agency (a cached template of its own, with svk_charges: the year's rent invoices of the
  site's leases, a heating meter per flat read at the turn of the years and at each
  entry, the site's keys, the year's vendor bills and a credit note on the site's
  analytic account, each line with its charge type), computed then approved by the
  administrator, each committed; with "compute_s", "approve_s" and the counts of leases,
  costs, claims and refunds. Reference: Odoo creating and posting as many invoices and
  credit notes (same tenants, journal, lines, in one call) in the same database.

Figures (suite "housing"):
- demo_build: building the demo agency (buildings, units, owners, bank accounts,
  contracts, meters); reference: creating as many res.partner records in batch.
- unit_list_read: the server side of opening the unit list (80 rows, the list view's
  fields, plus the count), as the web client asks it (web_search_read); reference: the
  res.partner list of the same size.
- unit_form_read: the server side of opening a unit form (web_read of the form view's
  fields, its meters and contract lines included); reference: a res.partner form.
"""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import argparse
import base64
import calendar
import csv
import datetime
import functools
import hashlib
import importlib.util
import io
import itertools
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta
from freezegun import api as freezegun_api
from freezegun import freeze_time
from lxml import etree

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command
from odoo.tools import SQL, date_utils

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import svk_db  # noqa: E402

MODULES = ["l10n_be", "svk_housing", "svk_messaging", "svk_partners"]
SUITES = {}


def suite(name, template=None):
    """Register a suite; `template` prepares the cached template its database is copied
    from (by default the addons' installed template, `prepare_template`)."""

    def register(func):
        func.template = template or prepare_template
        SUITES[name] = func
        return func

    return register


def emit(bench, size, value, reference, reference_value, unit="s", **extra):
    line = {
        "bench": bench,
        "size": size,
        "value": round(value, 4),
        "unit": unit,
        "reference": reference,
        "reference_value": round(reference_value, 4),
        "ratio": round(value / reference_value, 2) if reference_value else None,
        **extra,
    }
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    return line


TEMPLATE_PREFIX = "svk_bench_tpl_"


def template_name(modules=None, variant=""):
    """Installed databases are cached as PostgreSQL templates, keyed on the addons' code:
    svk_bench_tpl_<digest of the code of `modules` (MODULES)><variant>."""
    return f"{TEMPLATE_PREFIX}{_code_digest(tuple(modules or MODULES))}{variant}"


@functools.cache
def _code_digest(modules):
    """The digest of the addons' code, read once per run: the templates a run builds
    are named after the same code, should it be edited meanwhile."""
    digest = hashlib.sha1()
    for addon in modules:
        folder = os.path.join(ROOT, addon)
        if not os.path.isdir(folder):
            continue
        for base, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.endswith((".py", ".xml", ".csv")):
                    with open(os.path.join(base, name), "rb") as handle:
                        digest.update(handle.read())
    return digest.hexdigest()[:10]


def _template_kind(name):
    """What a template holds, without the code it was built from: its variant, less
    a trailing size ("_import_demo800" and "_import_demo8000" are one kind)."""
    return re.sub(r"\d+$", "", name[len(TEMPLATE_PREFIX) + 10 :])


def prepare_template(modules=None, variant="", build=None):
    """The cached template of `modules` (MODULES; `variant`: what `build(name)` puts in it
    besides the installed addons), built if missing; the templates of the same kind built
    from other code are dropped. A build that fails leaves no template behind."""
    modules = modules or MODULES
    name = template_name(modules, variant)
    kind, digest = _template_kind(name), name[: len(TEMPLATE_PREFIX) + 10]
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT datname FROM pg_database WHERE datname LIKE 'svk_bench_tpl_%%'")
        stale = [
            row[0]
            for row in cr.fetchall()
            if _template_kind(row[0]) == kind and not row[0].startswith(digest)
        ]
    for db in stale:
        svk_db._drop(db)
    if not svk_db._exists(name):
        try:
            (build or (lambda db: svk_db.create(db, modules)))(name)
        except BaseException:
            svk_db._drop(name)
            raise
        odoo.sql_db.close_db(name)
    return name


def spec_from_arch(env, model, node):
    """The `specification` the web client sends for the fields of a view node."""
    spec = {}
    fields = env[model]._fields
    for field_node in node.iter("field"):
        # only the fields of this view level, not those of embedded sub-views
        parent = field_node.getparent()
        while (
            parent is not None
            and parent is not node
            and parent.tag not in ("list", "form", "kanban")
        ):
            parent = parent.getparent()
        if parent is not node:
            continue
        name = field_node.get("name")
        field = fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = field_node.find("list")
            spec[name] = {
                "fields": spec_from_arch(env, field.comodel_name, sub)
                if sub is not None
                else {"display_name": {}},
                "limit": 40,
            }
        else:
            spec[name] = {}
    return spec


def view_spec(env, model, view_type, view_ref=None):
    view_id = env.ref(view_ref).id if view_ref else False
    views = env[model].get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    spec = spec_from_arch(env, model, arch)
    spec.setdefault("display_name", {})
    return spec


def timed(env, func, repeat):
    """Median wall time of `func` over `repeat` runs, with cold ORM caches each time."""
    func()  # warm-up: Python code paths, PostgreSQL plans
    samples = []
    for _i in range(repeat):
        env.invalidate_all()
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bench_user(env):
    user = env["res.users"].search([("login", "=", "svk_bench")])
    if not user:
        user = env["res.users"].create(
            {
                "name": "Bench Manager",
                "login": "svk_bench",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            env.ref("svk_housing.group_svk_manager").id,
                            env.ref("base.group_partner_manager").id,
                        ],
                    )
                ],
            }
        )
    return user


def note(text):
    """What a figure does not say (counts, how the jobs ran), on stderr: stdout is JSON."""
    sys.stderr.write(f"# {text}\n")
    sys.stderr.flush()


def fail(text):
    sys.stderr.write(f"ERROR: {text}\n")
    sys.stderr.flush()
    raise SystemExit(1)


# ----------------------------------------------------------- the job queue's server
# as in production (odoo.conf): two jobs at once, two of them the monthly run's, one
# sending messages (the provider's rate)
JOB_CHANNELS = "root:2,root.svk_rent_run:2,root.svk_messaging:1"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def job_server(db):
    """An Odoo server on `db` as production runs it: two HTTP workers and OCA
    queue_job's runner (odoo.conf loads queue_job server-wide), on free ports, no cron.
    Ready when the runner has loaded the database's jobs; stopped on exit. Its log goes
    to a temporary file (the runner's lines included), kept and named if it fails."""
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    log = tempfile.NamedTemporaryFile("w+", prefix=f"{db}_server_", suffix=".log", delete=False)
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            odoo_bin,
            "-c",
            os.path.join(ROOT, "odoo.conf"),
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--workers=2",
            f"--http-port={port}",
            f"--gevent-port={_free_port()}",
            "--max-cron-threads=0",
            "--log-level=warn",
            "--log-handler=odoo.addons.queue_job.jobrunner:INFO",
        ],
        env=dict(
            os.environ,
            ODOO_QUEUE_JOB_CHANNELS=JOB_CHANNELS,
            SVK_ROOT=os.environ.get("SVK_ROOT", ROOT),
            ODOO_SRC=os.environ.get("ODOO_SRC", os.path.dirname(odoo_bin)),
        ),
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,  # its workers in a group of their own, to stop them all
    )
    process.log = log.name
    process.port = port
    ok = False
    try:
        deadline = time.monotonic() + 180
        ready = f"queue job runner ready for db {db}"
        while ready not in _read(log.name):
            if process.poll() is not None or time.monotonic() > deadline:
                fail(
                    f"the job server did not start; its log: {log.name}\n{_read(log.name)[-3000:]}"
                )
            time.sleep(0.2)
        yield process
        ok = True
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        log.close()
        if ok:
            os.unlink(log.name)


def _read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def run_through_queue(db, run_id, user_id, server, timeout):
    """Start the run `run_id` as user `user_id` (its button: the jobs are queued and
    committed) and wait for the server's workers to close it. Returns the seconds from
    the click to the run done, and the run's state. Stops the bench (with the failed
    jobs' tracebacks) if the run cannot finish."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        run = api.Environment(cr, user_id, {})["svk.rent.run"].browse(run_id)
        started = time.perf_counter()
        run.action_start()
        cr.commit()
        graph = run.job_graph_uuid
    deadline = time.monotonic() + timeout
    while True:
        with registry.cursor() as cr:
            cr.execute("SELECT state FROM svk_rent_run WHERE id = %s", (run_id,))
            state = cr.fetchone()[0]
            if state in ("done", "done_errors"):
                return time.perf_counter() - started, state
            cr.execute(
                "SELECT state, count(*) FROM queue_job WHERE graph_uuid = %s GROUP BY state",
                (graph,),
            )
            jobs = dict(cr.fetchall())
            stuck = jobs.get("failed") and not any(
                jobs.get(open_state) for open_state in ("pending", "enqueued", "started")
            )
            if stuck or server.poll() is not None or time.monotonic() > deadline:
                env = api.Environment(cr, SUPERUSER_ID, {})
                failed = env["queue.job"].search(
                    [("graph_uuid", "=", graph), ("state", "=", "failed")]
                )
                for job in failed:
                    sys.stderr.write(
                        f"--- failed job {job.uuid} {job.method_name} {job.name}:\n"
                        f"{job.exc_info or job.exc_message}\n"
                    )
                fail(
                    f"run {run_id} still {state!r} after "
                    f"{time.perf_counter() - started:.0f} s (jobs by state: {jobs}, server "
                    f"{'stopped' if server.poll() is not None else 'up'}); server log: "
                    f"{server.log}"
                )
        time.sleep(0.2)


def run_report(env, run):
    """How the run's jobs ran: how many, in how many worker processes, how much of
    the time two ran at once (their busy seconds over the span from the first start to
    the last end), how long the first waited, retries."""
    jobs = env["queue.job"].search([("graph_uuid", "=", run.job_graph_uuid)], order="id")
    work = jobs.filtered(lambda job: job.method_name != "_job_finish")
    report = {
        "jobs": len(jobs),
        "states": sorted(set(jobs.mapped("state"))),
        "worker_pids": len(set(jobs.mapped("worker_pid"))),
        "retries": sum(jobs.mapped("retry")) - len(jobs),
    }
    if work and all(work.mapped("date_started")) and all(work.mapped("date_done")):
        span = (max(work.mapped("date_done")) - min(work.mapped("date_started"))).total_seconds()
        busy = sum(work.mapped("exec_time"))
        events = sorted(
            [(job.date_started, 1) for job in work] + [(job.date_done, -1) for job in work],
            key=lambda event: (event[0], event[1]),
        )
        running = most = 0
        for _when, step in events:
            running += step
            most = max(most, running)
        report.update(
            chunk_seconds=[round(t, 1) for t in work.mapped("exec_time")],
            busy_s=round(busy, 1),
            span_s=round(span, 1),
            parallelism=round(busy / span, 2) if span else None,
            most_at_once=most,
            first_wait_s=round(
                (
                    min(work.mapped("date_started")) - min(jobs.mapped("date_created"))
                ).total_seconds(),
                1,
            ),
        )
    retried = jobs.filtered(lambda job: job.retry > 1)
    if retried:
        report["retried"] = [
            f"{job.method_name} x{job.retry - 1}: {job.exc_message or job.result or ''}"[:300]
            for job in retried
        ]
    return report


def check_run(env, run, label):
    """Every running lease invoiced, or the bench stops with why not."""
    leases = env["account.move"].search([("svk_run_id", "=", run.id)]).svk_lease_id
    if run.lease_done != run.lease_total or len(leases) != run.lease_total:
        errors = "; ".join(run.error_ids[:5].mapped("message"))
        fail(
            f"{label}: the run invoiced {run.lease_done} leases of {run.lease_total} "
            f"({len(leases)} leases have a document of the run; state {run.state}; "
            f"{run.error_count} errors{': ' + errors if errors else ''})"
        )


@suite("housing")
def housing(db, size, repeat):
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        stats = env["svk.demo.generator"]._generate(size=size, seed=1)
        cr.commit()
        build = time.perf_counter() - started
        context = {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "mail_notrack": True,
        }
        started = time.perf_counter()
        env["res.partner"].with_context(**context).create(
            [
                {"name": f"Reference {i}", "street": "Rue Haute 1", "zip": "1000"}
                for i in range(sum(stats.values()))
            ]
        )
        cr.commit()
        reference = time.perf_counter() - started
        emit("demo_build", size, build, "res.partner create (as many records)", reference)

        user_env = env(user=bench_user(env))
        cr.commit()
        unit_list = view_spec(user_env, "svk.unit", "list")
        partner_list = view_spec(user_env, "res.partner", "list", "base.view_partner_tree")

        def read_units():
            user_env["svk.unit"].web_search_read([], unit_list, limit=80)

        def read_partners():
            user_env["res.partner"].web_search_read([], partner_list, limit=80)

        emit(
            "unit_list_read",
            size,
            timed(user_env, read_units, repeat),
            "res.partner list read",
            timed(user_env, read_partners, repeat),
        )

        unit_form = view_spec(user_env, "svk.unit", "form")
        partner_form = view_spec(user_env, "res.partner", "form", "base.view_partner_form")
        unit = user_env["svk.unit"].search(
            [("building_id", "!=", False), ("meter_ids", "!=", False)], limit=1
        )
        partner = unit.owner_id

        emit(
            "unit_form_read",
            size,
            timed(user_env, lambda: unit.web_read(unit_form), repeat),
            "res.partner form read",
            timed(user_env, lambda: partner.web_read(partner_form), repeat),
        )


def _reference_vals(moves, period):
    """Plain Odoo values for the same documents as `moves` (same partners, journals,
    lines, accounts, analytics), dated `period`: what the reference creates and posts."""
    vals_list = []
    for move in moves:
        vals_list.append(
            {
                "move_type": move.move_type,
                "journal_id": move.journal_id.id,
                "partner_id": move.partner_id.id,
                "partner_bank_id": move.partner_bank_id.id,
                "invoice_date": period,
                "date": period,
                "invoice_date_due": period,
                "payment_reference": move.payment_reference,
                "ref": move.ref and f"{move.ref} ref",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": line.name,
                            "quantity": 1.0,
                            "price_unit": line.price_unit,
                            "account_id": line.account_id.id,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": line.analytic_distribution,
                        }
                    )
                    for line in move.invoice_line_ids
                ],
            }
        )
    return vals_list


RENT_PERIOD = "2026-11-01"


def _rent_run_prepare(db, size, groups, bank_account=False):
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
            _bank_journal(env)
        cr.commit()
        accountant = bench_user(env)
        for group in groups:
            accountant.groups_id |= env.ref(group)
        cr.commit()
        run = env["svk.rent.run"].with_user(accountant).create({"period": RENT_PERIOD})
        cr.commit()
        return run.id, accountant.id


@suite("rent_run")
def rent_run(db, leases_wanted, repeat):
    """The monthly run at `leases_wanted` leases as production runs it (queued jobs
    done by a server's two workers), against Odoo creating and posting the same
    invoices and bills, in chunks of the same size, committing after each; and the
    same jobs run one after the other in this process, in one transaction."""
    # ~96.5% of the demo agency's units are let
    run_id, user_id = _rent_run_prepare(
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
            vals_list = _reference_vals(moves, fields.Date.to_date("2026-12-01"))
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


# ---------------------------------------------------------------------- month-end
MONTH_END_BUDGET = 300.0


@suite("month_end")
def month_end(db, units, repeat):
    """The machine time of the demo agency's month-end, step by step, each committed:
    the month's run through the job queue (a server with two workers), the owners'
    payment order from the month-end screen (confirmed, its SEPA file generated and
    sent), the month's CODA statement imported (a line per tenant and third-payer
    invoice, the bank suite's mix) and the check of the payment plans."""
    run_id, user_id = _rent_run_prepare(
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
        data = _bank_statement(env, run, invoices, random.Random(1), order="svk_lease_id, id")
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


# ---------------------------------------------------------------------------- bank
BANK_PERIOD = "2026-11-01"
BANK_DAY = "2026-11-20"
AGENCY_IBAN = "BE68539007547034"
# share of the statement's lines by kind of payment; namesakes make up the rest
BANK_MIX = {
    "exact": 0.70,
    "half": 0.08,
    "double": 0.04,
    "free_known_iban": 0.03,
    "free_unknown_iban": 0.03,
    "third_payer": 0.04,
    "stranger": 0.03,
}


def _belgian_iban(rng):
    """A valid Belgian IBAN: a real bank's code, an account number, both check digits."""
    number = int(rng.choice(("001", "063", "068", "310", "363", "734"))) * 10**7
    number += rng.randrange(10**7)
    bban = f"{number:010d}{number % 97 or 97:02d}"
    check = 98 - int(f"{bban}111400") % 97  # "BE00" moved to the end, B=11, E=14
    return f"BE{check:02d}{bban}"


def _ogm(number):
    """The 12 digits of the structured communication of a 10-digit number."""
    return f"{number:010d}{number % 97 or 97:02d}"


def _bank_text(text):
    """A text as a CODA file carries it (Latin-1: no 'ş', no '–')."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text


def _coda_builder():
    """svk_housing/tests/coda_builder.py, loaded alone: importing it from its package
    would import the tests, and with them Odoo's test framework."""
    path = os.path.join(ROOT, "svk_housing", "tests", "coda_builder.py")
    spec = importlib.util.spec_from_file_location("svk_coda_builder", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bank_journal(env):
    """The agency's bank journal, given the agency's own account if it has none (the
    account CODA files and SEPA orders name)."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    if not journal.bank_account_id:
        journal.bank_account_id = env["res.partner.bank"].create(
            {"partner_id": company.partner_id.id, "acc_number": AGENCY_IBAN}
        )
    return journal


def _bank_prepare(env, lines_wanted, seed=1):
    """Build the demo agency, run November as the bench user, register some tenants'
    bank accounts and return the CODA file of the month's payments: `lines_wanted`
    movements mixed as BANK_MIX says, in a deterministic order."""
    rng = random.Random(seed)
    env["svk.demo.generator"]._generate(size=max(round(lines_wanted / 0.965), 10), seed=seed)
    company = env.company
    company._svk_check_accounting()
    accountant = bench_user(env)
    accountant.groups_id |= env.ref("account.group_account_user")
    env.cr.commit()
    # queue_job__no_delay: run the month in this transaction should it queue jobs
    run = (
        env["svk.rent.run"]
        .with_user(accountant)
        .with_context(queue_job__no_delay=True)
        .create({"period": BANK_PERIOD})
    )
    env.cr.commit()
    run.action_start()
    env.cr.commit()
    return _bank_statement(env, run, lines_wanted, rng)


def _bank_statement(env, run, lines_wanted, rng, order="id"):
    """Register some tenants' bank accounts (committed) and return the CODA file of
    what was paid for `run`'s invoices: `lines_wanted` movements mixed as BANK_MIX
    says, in an order drawn from `rng` (the same file each time if the invoices, read
    in `order`, come in the same order)."""
    assert lines_wanted <= 9999, "a CODA statement numbers its movements on 4 digits"
    company = env.company
    builder = _coda_builder()
    journal = _bank_journal(env)
    invoices = env["account.move"].search(
        [
            ("svk_run_id", "=", run.id),
            ("svk_kind", "in", ("tenant", "third_payer")),
            ("state", "=", "posted"),
        ],
        order=order,
    )
    tenant_invoices, third_payer_invoices = {}, {}
    for invoice in invoices:
        by_lease = tenant_invoices if invoice.svk_kind == "tenant" else third_payer_invoices
        by_lease.setdefault(invoice.svk_lease_id, invoice)
    tenant_leases = list(tenant_invoices)
    third_payer_leases = list(third_payer_invoices)
    rng.shuffle(tenant_leases)
    rng.shuffle(third_payer_leases)
    assert tenant_leases, "the run invoiced no tenant"
    known = set(env["res.partner.bank"].search([]).mapped("sanitized_acc_number"))

    def unknown_iban():
        while True:
            iban = _belgian_iban(rng)
            if iban not in known:
                known.add(iban)
                return iban

    counts = {kind: round(share * lines_wanted) for kind, share in BANK_MIX.items()}
    counts["namesake"] = max(lines_wanted - sum(counts.values()), 0)
    while sum(counts.values()) > lines_wanted:  # tiny sizes: rounding overshoots
        counts[max(counts, key=counts.get)] -= 1
    tenants = itertools.cycle(tenant_leases)
    third_payers = itertools.cycle(third_payer_leases)
    bank_vals, movements = [], []

    def tenant_pays(lease, amount, structured, free="", registered=False, name=None):
        iban = unknown_iban()
        if registered:
            bank_vals.append({"partner_id": lease.tenant_id.id, "acc_number": iban})
        movements.append((amount, structured, free, iban, _bank_text(name or lease.tenant_id.name)))

    for kind, count in counts.items():
        for index in range(count):
            if kind == "third_payer" and third_payer_leases:  # a CPAS pays its part
                lease = next(third_payers)
                invoice = third_payer_invoices[lease]
                movements.append(
                    (
                        invoice.amount_total,
                        builder.ogm_digits(lease.third_payer_payment_reference),
                        "",
                        unknown_iban(),
                        _bank_text(lease.third_payer_id.name),
                    )
                )
                continue
            if kind == "stranger":
                # valid, but no lease's: company ids lead the leases' numbers
                movements.append(
                    (
                        float(rng.randint(300, 900)),
                        _ogm(9 * 10**9 + rng.randrange(10**9)),
                        "",
                        unknown_iban(),
                        f"PAYER {rng.randrange(10**6):06d}",
                    )
                )
                continue
            if kind == "namesake" and index % 2:
                # a stranger called like a tenant, paying that tenant's amount
                other = rng.choice(tenant_leases)
                tenant_pays(
                    other,
                    tenant_invoices[other].amount_total,
                    None,
                    free="huur november",
                    name=other.tenant_id.name,
                )
                continue
            lease = next(tenants)
            total = tenant_invoices[lease].amount_total
            reference = builder.ogm_digits(lease.payment_reference)
            if kind == "exact":
                # one tenant in four pays from an account the agency knows
                tenant_pays(lease, total, reference, registered=rng.random() < 0.25)
            elif kind == "half":
                tenant_pays(lease, round(total / 2, 2), reference)
            elif kind == "double":
                tenant_pays(lease, 2 * total, reference)
            elif kind in ("free_known_iban", "free_unknown_iban"):
                tenant_pays(
                    lease,
                    total,
                    None,
                    free=_bank_text(f"loyer novembre {lease.unit_id.display_name}"),
                    registered=kind == "free_known_iban",
                )
            else:  # namesake: the tenant's rent, paid by someone called like another
                other = rng.choice(tenant_leases)
                tenant_pays(lease, total, reference, name=other.tenant_id.name)
    env["res.partner.bank"].create(bank_vals)
    rng.shuffle(movements)
    env.cr.commit()
    day = fields.Date.to_date(BANK_DAY)
    iban = journal.bank_account_id.sanitized_acc_number
    return builder.coda_file(iban, company.name, day, movements)


def _bank_import(db, data, svk_matching=True):
    """Import `data` into `db` as the bench user, committing; the lease-matching
    reconcile model archived first if not `svk_matching`. Returns the wall time, the
    number of the statement's lines and how many of them are reconciled."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if not svk_matching:
            env["account.reconcile.model"].search(
                [("svk_lease_matching", "=", True)]
            ).active = False
        cr.commit()
        wizard = (
            env["account.statement.import"]
            .with_user(bench_user(env))
            .create({"statement_file": base64.b64encode(data), "statement_filename": "bench.cod"})
        )
        started = time.perf_counter()
        wizard.import_file_button()
        cr.commit()
        elapsed = time.perf_counter() - started
        lines = env["account.bank.statement.line"].search([("date", "=", BANK_DAY)])
        return elapsed, len(lines), len(lines.filtered("is_reconciled"))


@suite("bank")
def bank(db, lines_wanted, repeat):
    """A month's CODA statement imported and auto-reconciled, against the same file
    imported into an identical copy of the database without the lease matching."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = _bank_prepare(env, lines_wanted)
    # the reference database: a copy of this one, made before anything is imported
    reference_db = f"{db}_reference"
    odoo.sql_db.close_db(db)
    if svk_db._exists(reference_db):
        svk_db._drop(reference_db)
    svk_db._copy_from_template(reference_db, db)
    try:
        ours, size, ours_reconciled = _bank_import(db, data)
        reference, _size, reference_reconciled = _bank_import(
            reference_db, data, svk_matching=False
        )
    finally:
        odoo.sql_db.close_db(reference_db)
        svk_db._drop(reference_db)
    label = (
        "the same file into an identical copy of the database, without the lease-matching "
        "reconcile model"
    )
    emit("coda_import_reconcile", size, ours, label, reference)
    emit(
        "coda_import_reconcile_per_line", size, ours / size, "reference per line", reference / size
    )
    emit(
        "coda_lines_reconciled",
        size,
        ours_reconciled,
        "lines reconciled without the lease-matching reconcile model",
        reference_reconciled,
        unit="lines",
    )


# ----------------------------------------------------------------- messaging
def _standin_module():
    """svk_messaging/tests/provider_standin.py, loaded alone (as the CODA builder)."""
    path = os.path.join(ROOT, "svk_messaging", "tests", "provider_standin.py")
    spec = importlib.util.spec_from_file_location("svk_provider_standin", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MESSAGING_RATE = 200  # messages per second the bench's provider account allows
WEBHOOK_CONNECTIONS = 200
WEBHOOK_SECONDS = 30


def _messaging_prepare(env, standin):
    """The agency's Twilio and WhatsApp accounts at the stand-in, every tenant agreeing
    to both channels, and the 130-unit site."""
    company = env.company
    Provider = env["svk.messaging.provider"]
    twilio = Provider.create(
        {
            "name": "Twilio (bench)",
            "provider_type": "twilio",
            "channel": "sms",
            "api_url": standin.url,
            "twilio_account_sid": standin.twilio_sid,
            "twilio_auth_token": standin.twilio_token,
            "twilio_from": "+3225550001",
            "rate_limit": MESSAGING_RATE,
            "price_ids": [Command.create({"price": 0.08})],
        }
    )
    Provider.create(
        {
            "name": "WhatsApp (bench)",
            "provider_type": "whatsapp_cloud",
            "channel": "whatsapp",
            "api_url": standin.url + "/v21.0",
            "wa_phone_number_id": standin.wa_phone_number_id,
            "wa_access_token": standin.wa_token,
            "wa_app_secret": standin.wa_app_secret,
            "rate_limit": MESSAGING_RATE,
            "price_ids": [Command.create({"price": 0.05})],
        }
    )
    leases = env["svk.lease"].search(
        [("company_id", "=", company.id), ("state", "in", ("active", "notice"))]
    )
    numbers = {}
    for tenant in leases.tenant_id:
        if tenant.phone_sanitized:
            numbers.setdefault(tenant.phone_sanitized, tenant)
    # the demo agency's tenants who were never asked agree (those who opted out do not)
    known = set(env["svk.messaging.consent"].search([]).mapped("number"))
    env["svk.messaging.consent"].create(
        [
            {
                "company_id": company.id,
                "partner_id": tenant.id,
                "number": number,
                "channel": channel,
                "source": "form",
            }
            for number, tenant in numbers.items()
            if number not in known
            for channel in ("sms", "whatsapp")
        ]
    )
    per_building = env["svk.unit"]._read_group(
        [("building_id", "!=", False)], ["building_id"], ["__count"], order="__count desc"
    )
    site = per_building[0][0]
    return twilio, site, numbers


def _load(port, request_for, connections, seconds, expected_status):
    """`connections` clients, each sending a request, reading the answer, and sending
    the next (a new connection each: Odoo's workers close them), for `seconds`. Returns
    (requests done, requests per second, p95 in ms, {error kind: count})."""
    import asyncio

    latencies, errors = [], {}
    counter = itertools.count()

    async def client(stop_at):
        while time.monotonic() < stop_at:
            raw = request_for(next(counter))
            started = time.perf_counter()
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", port), 30
                )
                writer.write(raw)
                await writer.drain()
                answer = await asyncio.wait_for(reader.read(-1), 60)
                writer.close()
                status = int(answer.split(b" ", 2)[1]) if answer else "empty answer"
            except TimeoutError:
                status = "timeout"
            except OSError as error:
                status = type(error).__name__
            except (ValueError, IndexError):
                status = "unreadable answer"
            if status == expected_status:
                latencies.append(time.perf_counter() - started)
            else:
                errors[status] = errors.get(status, 0) + 1

    async def run():
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(client(stop_at) for _i in range(connections)))

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    done = len(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000 if done >= 20 else 0.0
    return done, done / elapsed, p95, errors


def _http_request(method, path, body=b"", headers=None):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@suite("messaging")
def messaging(db, size, repeat):
    """Figures (suite "messaging"), on the demo agency of `size` units (its 130-unit site):
    - mass_message_site: a works notice to every household of the site, from the click
      (preview and send) to every message handed to the local provider stand-in, sent by
      the job queue of a two-worker server; in messages per second. Reference: Odoo's own
      SMS composer in mass mode sending the same text to the same tenants in this process
      (through the agency's provider as well).
    - webhook_inbound: signed Twilio replies from distinct tenants, 200 concurrent
      connections for 30 s against the two-worker server; requests per second, p95 and
      errors. Reference: Odoo's /web/login page under the same load."""
    from urllib.parse import urlencode

    standin_module = _standin_module()
    registry = odoo.modules.registry.Registry(db)
    with standin_module.ProviderStandIn(rate_limit=MESSAGING_RATE) as standin:
        standin.wa_templates.update({("svk_works_notice", lang) for lang in ("fr", "nl", "en")})
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["svk.demo.generator"]._generate(size=size, seed=1)
            twilio, site, numbers = _messaging_prepare(env, standin)
            user = bench_user(env)
            mass = env(user=user)["svk.message.mass"].create(
                {
                    "name": "Works notice (bench)",
                    "target": "building",
                    "building_ids": [Command.set(site.ids)],
                    "template_id": env.ref("svk_messaging.sms_template_svk_works_notice").id,
                    "event_date": fields.Datetime.now(),
                }
            )
            cr.commit()
            mass_id, user_id, twilio_id = mass.id, user.id, twilio.id

        with job_server(db) as server:
            with registry.cursor() as cr:
                mass = api.Environment(cr, user_id, {})["svk.message.mass"].browse(mass_id)
                started = time.perf_counter()
                mass.action_preview()
                mass.action_send()
                cr.commit()
                expected = mass.todo_count
                excluded = mass.excluded_count
            deadline = time.monotonic() + 600
            while True:
                # done: every recipient handled (handed to the provider, or e-mailed)
                with registry.cursor() as cr:
                    cr.execute("SELECT state FROM svk_message_mass WHERE id = %s", (mass_id,))
                    state = cr.fetchone()[0]
                handed = len(standin.whatsapp_messages) + len(standin.twilio_messages)
                if state == "done":
                    break
                if time.monotonic() > deadline or server.poll() is not None:
                    fail(f"mass message: {handed} of {expected} handed, state {state!r}")
                time.sleep(0.05)
            elapsed = time.perf_counter() - started

            # reference: Odoo's mass SMS composer, same tenants, same text, this process
            with registry.cursor() as cr:
                env = api.Environment(cr, user_id, {})
                mass = env["svk.message.mass"].browse(mass_id)
                recipients = mass.recipient_ids.filtered(lambda r: r.state != "excluded")
                text = mass.recipient_ids.message_id[:1].body
                standin.twilio_messages.clear()
                started = time.perf_counter()
                composer = (
                    env["sms.composer"]
                    .with_context(
                        active_model="res.partner",
                        active_ids=recipients.partner_id.ids,
                        default_composition_mode="mass",
                    )
                    .create({"body": text, "mass_keep_log": True, "mass_force_send": True})
                )
                composer.action_send_sms()
                cr.commit()
                reference = time.perf_counter() - started
                reference_sent = len(standin.twilio_messages)
            note(
                f"mass message: {expected} recipients ({excluded} excluded), {handed} handed "
                f"to the stand-in (the others e-mailed) in {elapsed:.2f} s; reference: "
                f"{reference_sent} SMS in {reference:.2f} s; provider rate "
                f"{MESSAGING_RATE}/s; stand-in saw at most "
                f"{standin.max_rate_seen('whatsapp')} WhatsApp requests in a second"
            )
            emit(
                "mass_message_site",
                expected,
                handed / elapsed,
                "Odoo sms.composer mass SMS, same tenants",
                reference_sent / reference if reference else 0.0,
                unit="msg/s",
                seconds=round(elapsed, 2),
                reference_seconds=round(reference, 2),
            )

            # inbound webhooks: distinct tenants writing, under 200 connections
            port = server.port
            base = f"http://127.0.0.1:{port}"
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["svk.messaging.provider"].browse(twilio_id).webhook_base_url = base
                cr.execute("SELECT count(*) FROM svk_message WHERE direction = 'in'")
                before = cr.fetchone()[0]
                cr.commit()
            path = f"/svk_messaging/twilio/{twilio_id}/inbound"
            senders = sorted(numbers)

            def inbound(index):
                params = {
                    "AccountSid": standin.twilio_sid,
                    "MessageSid": f"SM{index:032x}",
                    "From": senders[index % len(senders)],
                    "To": "+3225550001",
                    "Body": f"Bonjour, question {index}",
                    "NumMedia": "0",
                }
                signature = standin.sign_twilio(base + path, params)
                body = urlencode(params).encode()
                return _http_request(
                    "POST",
                    path,
                    body,
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-Twilio-Signature": signature,
                    },
                )

            done, rps, p95, errors = _load(port, inbound, WEBHOOK_CONNECTIONS, WEBHOOK_SECONDS, 200)
            login = _http_request("GET", "/web/login")
            ref_done, ref_rps, ref_p95, ref_errors = _load(
                port, lambda _i: login, WEBHOOK_CONNECTIONS, WEBHOOK_SECONDS, 200
            )
            with registry.cursor() as cr:
                cr.execute("SELECT count(*) FROM svk_message WHERE direction = 'in'")
                landed = cr.fetchone()[0] - before
            note(
                f"webhooks: {done} answered 200 and {landed} messages landed (one each), "
                f"errors {errors}; /web/login: {ref_done} pages, errors {ref_errors}"
            )
            if landed != done:
                fail(f"{done} webhooks answered 200 but {landed} messages landed")
            emit(
                "webhook_inbound",
                WEBHOOK_CONNECTIONS,
                rps,
                "/web/login",
                ref_rps,
                unit="req/s",
                p95_ms=round(p95, 1),
                errors=sum(errors.values()),
                reference_p95_ms=round(ref_p95, 1),
                reference_errors=sum(ref_errors.values()),
            )


ELIGIBILITY_FIELDS = ["svk_ceiling_id", "svk_ceiling", "svk_income_percent", "svk_eligibility"]


def _partners_prepare(env, applications):
    """The demo agency with `applications` applications: the 800-unit agency has about
    400; more are added by the generator's own application builder."""
    generator = env["svk.demo.generator"].with_context(
        tracking_disable=True,
        mail_create_nolog=True,
        mail_create_nosubscribe=True,
        mail_notrack=True,
    )
    stats = generator._generate(size=min(800, 2 * applications), seed=1)
    missing = applications - stats["applications"]
    if missing > 0:
        generator._demo_applications(random.Random(7), missing)
    return stats


@suite("partners")
def partners(db, applications, repeat):
    """Figures at `applications` applications (about 400 come with 800 units)."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        stats = _partners_prepare(env, applications)
        cr.commit()
        Lead = env["crm.lead"]
        total = Lead.search_count([("svk_application", "=", True)])
        open_leads = Lead.search(Lead._svk_open_domain())
        note(
            f"partners {applications}: demo built in {time.perf_counter() - started:.0f} s, "
            f"{total} applications ({len(open_leads)} open), {stats.get('referrals')} "
            f"referrals, {stats.get('organisations')} organisations"
        )
        user = bench_user(env)
        user.groups_id |= env.ref("sales_team.group_sale_salesman_all_leads")
        cr.commit()
        user_env = env(user=user)

        # a new ceilings row (the yearly indexation) judges every open application again
        def new_ceilings():
            savepoint = cr.savepoint()
            try:
                user_env["svk.income.ceiling"].create(
                    {
                        "date_from": "2025-01-01",
                        "single_amount": 28049.08,
                        "one_income_amount": 31165.67,
                        "several_incomes_amount": 35617.96,
                        "per_child_amount": 2671.34,
                        "per_disabled_adult_amount": 5342.67,
                    }
                )
                user_env.flush_all()
            finally:
                savepoint.close(rollback=True)

        leads = user_env["crm.lead"].browse(open_leads.ids)
        emit(
            "partners_eligibility_recompute",
            applications,
            timed(user_env, new_ceilings, min(repeat, 5)),
            "crm.lead read() of the same fields and records",
            timed(user_env, lambda: leads.read(ELIGIBILITY_FIELDS), min(repeat, 5)),
            applications_open=len(open_leads),
        )

        # the matching list of a vacant two-bedroom apartment, as the web client reads it
        Unit = env["svk.unit"]
        unit = Unit.search(
            [
                ("state", "=", "available"),
                ("unit_type", "=", "apartment"),
                ("bedrooms", "=", 2),
                ("svk_transit", "=", False),
            ],
            order="id",
            limit=1,
        ) or Unit.search(
            [("unit_type", "=", "apartment"), ("bedrooms", "=", 2), ("svk_transit", "=", False)],
            order="id",
            limit=1,
        )
        unit.state = "available"
        cr.commit()
        from odoo.addons.svk_partners.models.svk_unit import MATCHING_ORDER as order

        domain = unit.with_user(user)._svk_matching_domain()
        spec = view_spec(
            user_env, "crm.lead", "list", "svk_partners.crm_lead_view_list_svk_matching"
        )
        found = user_env["crm.lead"].search_count(domain)
        note(f"partners {applications}: {found} applications fit unit {unit.code}")

        def matching():
            user_env["crm.lead"].web_search_read(
                domain, spec, limit=80, order=order, count_limit=10001
            )

        def plain():
            user_env["crm.lead"].web_search_read([], spec, limit=80, order=order, count_limit=10001)

        emit(
            "partners_matching_list",
            applications,
            timed(user_env, matching, repeat),
            "crm.lead list read without the matching domain",
            timed(user_env, plain, repeat),
            matching=found,
        )


# ---------------------------------------------------------------------- import
IMPORT_MODULES = [*MODULES, "svk_import"]
IMPORT_LANGS = ("fr_BE", "nl_BE")
IMPORT_BUDGET = 300.0  # issue 9: the 800-unit agency's workbook in under 5 minutes
IMPORT_REFERENCE = "Odoo base_import, buildings + units sheets"
# the models an agency's import writes: their new rows are a figure's "records"
IMPORT_MODELS = (
    "svk.building",
    "svk.unit",
    "svk.meter",
    "account.analytic.account",
    "res.partner",
    "res.partner.bank",
    "svk.owner.contract",
    "svk.owner.contract.line",
    "svk.lease",
    "account.move",
    "account.move.line",
)
# what the web client sends base_import for a csv file (its defaults, the separators
# and date format of the files the bench writes)
BASE_IMPORT_OPTIONS = {
    "encoding": "utf-8",
    "separator": ",",
    "quoting": '"',
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": "",
    "float_decimal_separator": ".",
    "advanced": True,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,
    "sheets": [],
    "sheet": "",
    "skip": 0,
    "tracking_disable": True,
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
}


def import_template():
    """A new agency's database, as `tools/svk_db.py create NAME --from ...` makes it: the
    Belgian chart, the addons with svk_import, French and Dutch; no demo agency."""
    return prepare_template(
        IMPORT_MODULES,
        "_import",
        lambda db: svk_db.create(db, IMPORT_MODULES, langs=IMPORT_LANGS),
    )


def import_demo_template(size):
    """The demo agency of `size` units (built, then its last three months run, paid and
    reconciled: svk_db's demo) in a copy of the import's template."""
    target = import_template()

    def build(db):
        svk_db._copy_from_template(db, target)
        svk_db.demo(db, size)

    return prepare_template(IMPORT_MODULES, f"_import_demo{size}", build)


def _import_workbooks(size, folder):
    """The demo agency of `size` units exported by svk.import.export into `folder`, as
    xls workbooks in French (what agencies mostly have): the whole agency, and its
    buildings and units sheets alone. Returns their paths, the sheets ({key: [headers,
    row, ...]}) and the cut-over date (the last day of this month)."""
    template = import_demo_template(size)
    source = f"svk_bench_import_{size}_source"  # a copy: a template is never opened
    if svk_db._exists(source):
        svk_db._drop(source)
    svk_db._copy_from_template(source, template)
    paths = {}
    try:
        registry = odoo.modules.registry.Registry(source)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cutover = date_utils.end_of(fields.Date.today(), "month")
            export = env["svk.import.export"]
            sheets = export._agency_sheets(lang="fr", cutover=cutover)
            for label, keys in (("agency", list(sheets)), ("portfolio", ["building", "unit"])):
                paths[label] = os.path.join(folder, f"{label}_{size}.xls")
                with open(paths[label], "wb") as handle:
                    handle.write(export._write_xls({key: sheets[key] for key in keys}, "fr"))
    finally:
        odoo.sql_db.close_db(source)
        svk_db._drop(source)
    return paths, sheets, cutover


def _import_counts(env):
    """How many rows the tables of the models an import writes hold (archived too)."""
    counts = {}
    for model in IMPORT_MODELS:
        env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(env[model]._table)))
        counts[model] = env.cr.fetchone()[0]
    return counts


def _created(env, before):
    return {
        model: count - before[model]
        for model, count in _import_counts(env).items()
        if count != before[model]
    }


def _admin_env(cr, **context):
    """The administrator (an SVK manager, as the import requires), with the context the
    web client gives a request."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    admin = env.ref("base.user_admin")
    if not admin.has_group("svk_housing.group_svk_manager"):
        fail("the administrator is not an SVK manager: the import would be refused")
    return env(user=admin, context={"lang": admin.lang, "tz": admin.tz, **context})


def _svk_import(db, path, cutover):
    """Import the workbook at `path` into `db` as production does a big file, as the
    administrator: the import record with the file and the cut-over date (the opening
    journal and counterpart account its defaults), its check (a request of its own,
    committed), then the import itself inline, in one transaction committed at the end.
    Returns (seconds, check's seconds, rows read, records created by model); stops the
    bench, with the errors, if the import did not write everything."""
    with open(path, "rb") as handle:
        data = handle.read()
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = _admin_env(cr)
        before = _import_counts(env)
        cr.commit()
        started = time.perf_counter()
        attachment = env["ir.attachment"].create(
            {
                "name": os.path.basename(path),
                "datas": base64.b64encode(data),
                "res_model": "svk.import",
            }
        )
        record = env["svk.import"].create(
            {
                "name": os.path.basename(path),
                "cutover_date": cutover,
                "attachment_ids": [Command.set(attachment.ids)],
            }
        )
        check_started = time.perf_counter()
        record.action_check()
        cr.commit()
        check = time.perf_counter() - check_started
        if not record.message_line_ids:
            record._run_import()
            cr.commit()
        elapsed = time.perf_counter() - started
        errors = [
            f"{line.sheet_name or line.sheet or '-'}, row {line.row}"
            f"{', ' + line.column if line.column else ''}: {line.reason}"
            for line in record.message_line_ids
        ]
        if record.state != "done" or errors:
            for error in errors:
                sys.stderr.write(f"  {error}\n")
            fail(
                f"importing {os.path.basename(path)}: state {record.state!r}, "
                f"{len(errors)} errors (above), nothing imported"
            )
        rows = sum(record.sheet_ids.mapped("row_count"))
        counts = {
            sheet.sheet: (sheet.row_count, sheet.create_count, sheet.update_count)
            for sheet in record.sheet_ids
        }
        created = _created(env, before)
    note(
        f"svk.import of {os.path.basename(path)} in {elapsed:.1f} s (check {check:.1f} s): "
        f"sheets (rows, created, updated) {counts}; records created {created}"
    )
    return elapsed, check, rows, created


def _csv(rows):
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                ""
                if value is None
                else value.isoformat()
                if isinstance(value, datetime.date)
                else str(value)
                for value in row
            ]
        )
    return output.getvalue().encode()


def _base_import_files(sheets):
    """The buildings and units sheets as one fills them in for base_import: csv files
    with Odoo's field names as headers and the values Odoo expects (selection keys, 1/0,
    ISO dates); an external id on each row (the import keeps one per row too) by which
    a unit names its building; a unit's meters as one2many lines, one per row from the
    unit's own (an EAN column each, in ours); a unit's address written out, its
    building's when it has one (an empty cell would blank the address Odoo computes
    from the building). Returns [(model, file name, data, records, meters)]."""
    from odoo.addons.svk_import.models.columns import (
        METER_COLUMNS,
        SHEET_BY_KEY,
        UNIT_TYPES,
        YES_NO,
        normalize,
    )

    def records(key):
        keys = [column.key for column in SHEET_BY_KEY[key].columns]
        return [dict(zip(keys, row, strict=True)) for row in sheets[key][1:]]

    def xmlid(kind, ref):
        return f"svk_bench_{kind}_{re.sub(r'[^0-9A-Za-z]+', '_', str(ref))}"

    def yes_no(word):
        return "" if word is None else ("1" if YES_NO[normalize(word)] else "0")

    buildings = records("building")
    building_rows = [
        [
            "id",
            "name",
            "code",
            "street",
            "zip",
            "city",
            "country_id/id",
            "floor_count",
            "construction_year",
        ]
    ]
    address = {}
    for values in buildings:
        building_rows.append(
            [
                xmlid("building", values["ref"]),
                values["name"],
                values["ref"],
                values["street"],
                values["zip"],
                values["city"],
                "base.be",
                values["floor_count"],
                values["construction_year"],
            ]
        )
        address[values["ref"]] = values
    unit_fields = [
        "id",
        "name",
        "code",
        "building_id/id",
        "use_building_address",
        "street2",
        "street",
        "zip",
        "city",
        "country_id/id",
        "unit_type",
        "bedrooms",
        "floor",
        "surface",
        "epc_class",
        "epc_number",
        "epc_date",
        "wheelchair_accessible",
        "has_elevator",
    ]
    unit_rows = [[*unit_fields, "meter_ids/meter_type", "meter_ids/ean"]]
    units = records("unit")
    meters = 0
    for values in units:
        building = address.get(values["building"]) or values
        row = [
            xmlid("unit", values["ref"]),
            values["name"],
            values["ref"],
            values["building"] and xmlid("building", values["building"]),
            "1" if values["building"] else "0",
            values["box"],
            building["street"],
            building["zip"],
            building["city"],
            "base.be",
            UNIT_TYPES[normalize(values["unit_type"])],
            values["bedrooms"],
            values["floor"],
            values["surface"],
            values["epc_class"],
            values["epc_number"],
            values["epc_date"],
            yes_no(values["wheelchair_accessible"]),
            yes_no(values["has_elevator"]),
        ]
        unit_meters = [
            [meter_type, values[column]]
            for column, meter_type in METER_COLUMNS.items()
            if values.get(column)
        ] or [[None, None]]
        unit_rows.append(row + unit_meters[0])
        unit_rows += [[None] * len(unit_fields) + meter for meter in unit_meters[1:]]
        meters += sum(1 for meter in unit_meters if meter[0])
    return [
        ("svk.building", "buildings.csv", _csv(building_rows), len(buildings), 0),
        ("svk.unit", "units.csv", _csv(unit_rows), len(units), meters),
    ]


def _base_import(db, files):
    """Odoo's own import of `files` (see `_base_import_files`) into `db` as the
    administrator, as the web client does it: a base_import.import record per file,
    its preview (parse_preview, on upload), then execute_import with the columns
    mapped, in batches of the web client's 2000 records, each call committed. Returns
    (seconds, records created by model); stops the bench unless every row is imported."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = _admin_env(cr, tracking_disable=True)
        before = _import_counts(env)
        cr.commit()
        started = time.perf_counter()
        imported = {}
        for model, file_name, data, _records, _meters in files:
            wizard = env["base_import.import"].create(
                {"res_model": model, "file": data, "file_name": file_name, "file_type": "text/csv"}
            )
            cr.commit()
            preview = wizard.parse_preview(dict(BASE_IMPORT_OPTIONS))
            if preview.get("error"):
                fail(f"base_import cannot read {file_name}: {preview['error']}")
            headers = preview["headers"]
            ids, skip = [], 0
            while True:
                # the web client sends its options afresh with each batch
                result = wizard.execute_import(
                    headers,
                    [header.lower() for header in headers],
                    dict(BASE_IMPORT_OPTIONS, skip=skip),
                )
                cr.commit()
                messages = result.get("messages") or []
                if messages or not result.get("ids"):
                    for message in messages[:20]:
                        sys.stderr.write(f"  {file_name}: {message.get('message')}\n")
                    fail(f"base_import of {file_name}: {len(messages)} messages (above)")
                ids += result["ids"]
                if not result.get("nextrow"):
                    break
                skip = result["nextrow"]
            imported[model] = len(ids)
        elapsed = time.perf_counter() - started
        created = _created(env, before)
    for model, file_name, _data, records, meters in files:
        if imported[model] != records or created.get(model, 0) != records:
            fail(
                f"base_import of {file_name}: {records} rows, {imported[model]} ids returned, "
                f"{created.get(model, 0)} {model} records created"
            )
        if meters and created.get("svk.meter", 0) != meters:
            fail(
                f"base_import of {file_name}: {meters} meters, "
                f"{created.get('svk.meter', 0)} created"
            )
    note(f"base_import in {elapsed:.1f} s: records created {created}")
    return elapsed, created


@suite("import", template=import_template)
def import_agency(db, units, repeat):
    """Figures (suite "import"), the demo agency of `units` units exported as the
    import's xls workbook, imported into a new agency's database (a copy of its template
    each time):
    - import_agency_workbook: the whole workbook through svk.import, as production does
      a big file (check, then import inline, one transaction), against the budget and
      against Odoo's base_import loading the same buildings and units sheets.
    - import_portfolio_sheets: a workbook of the buildings and units sheets alone, against
      the same reference: like with like."""
    template = import_template()
    copies = [f"{db}_portfolio", f"{db}_reference"]
    try:
        with tempfile.TemporaryDirectory(prefix="svk_bench_import_") as folder:
            paths, sheets, cutover = _import_workbooks(units, folder)
            rows = {key: len(sheet_rows) - 1 for key, sheet_rows in sheets.items()}
            note(
                f"import {units}: workbook of {sum(rows.values())} rows {rows}, cut-over "
                f"{cutover}, {os.path.getsize(paths['agency'])} bytes"
            )
            for copy in copies:
                if svk_db._exists(copy):
                    svk_db._drop(copy)
                svk_db._copy_from_template(copy, template)
            ours = _svk_import(db, paths["agency"], cutover)
            portfolio = _svk_import(copies[0], paths["portfolio"], cutover)
        reference, _created_ref = _base_import(copies[1], _base_import_files(sheets))
    finally:
        for copy in copies:
            odoo.sql_db.close_db(copy)
            svk_db._drop(copy)
    for (_seconds, _check, read, _created), expected in (
        (ours, sum(rows.values())),
        (portfolio, rows["building"] + rows["unit"]),
    ):
        if read != expected:
            fail(f"the import read {read} rows of the workbook's {expected}")
    seconds, check, read, created = ours
    emit(
        "import_agency_workbook",
        units,
        seconds,
        IMPORT_REFERENCE,
        reference,
        rows=read,
        check_seconds=round(check, 2),
        records=sum(created.values()),
        budget_s=IMPORT_BUDGET,
    )
    seconds_p, check_p, read_p, created_p = portfolio
    emit(
        "import_portfolio_sheets",
        units,
        seconds_p,
        IMPORT_REFERENCE,
        reference,
        rows=read_p,
        check_seconds=round(check_p, 2),
        records=sum(created_p.values()),
    )
    if seconds > IMPORT_BUDGET:
        fail(
            f"the agency's workbook took {seconds:.0f} s, over the budget of {IMPORT_BUDGET:.0f} s"
        )


# ---------------------------------------------------------------------- indexation
INDEXATION_MODULES = [*MODULES, "svk_indexation"]
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


def _index_year(db):
    """Each month of INDEXATION_YEAR: its indexations created and proposed, then approved,
    by the administrator (an SVK manager), each click a transaction of its own (committed,
    the caches cold), the time frozen on the month's first day: no anniversary is then
    more than three months old, the retroactivity rule leaves every date alone. Returns
    the seconds by step, the counts, the rents written by month ({(model, field): {value:
    ids}}) and the due leases the proposals left out ({month: ids})."""
    registry = odoo.modules.registry.Registry(db)
    seconds = {"propose": 0.0, "approve": 0.0}
    counts = defaultdict(int)
    writes, left_out = [], {}
    with registry.cursor() as cr:
        env = _admin_env(cr)
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
        env = _admin_env(cr)
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


@suite("indexation", template=indexation_template)
def indexation(db, leases_wanted, repeat):
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
        year=INDEXATION_YEAR,
        index_synthetic=[f"{month:%Y-%m}" for month in synthetic[:1] + synthetic[-1:]],
    )
    charges_site()


# --------------------------------------------------------------- charges statement
CHARGES_MODULES = [*MODULES, "svk_charges"]
CHARGES_UNITS = 800  # the demo agency whose site has 130 units
CHARGES_YEAR = 2025  # the last full year: a statement is approved once its period is over
CHARGES_REFERENCE = (
    "account.move create+post of as many invoices and credit notes (same partners, journal, lines)"
)
# a year of a 1960s site of 130 flats, in euros: (charge type, vendor, bills in the year,
# the year's total); a credit note of the gas supplier's regularisation comes on top
CHARGES_BILLS = [
    ("svk_charge_type_heating", "Engie Electrabel", 4, 45000.0),
    ("svk_charge_type_water", "Vivaqua", 4, 18000.0),
    ("svk_charge_type_electricity", "Sibelga / Engie Electrabel", 12, 6000.0),
    ("svk_charge_type_cleaning", "Net & Clean SRL", 12, 12000.0),
    ("svk_charge_type_lift", "Schindler SA", 4, 5000.0),
    ("svk_charge_type_waste", "Bruxelles-Propreté", 1, 3000.0),
    ("svk_charge_type_caretaker", "Conciergerie Bruxelloise ASBL", 12, 12000.0),
]


def _charges_available():
    return os.path.exists(os.path.join(ROOT, "svk_charges", "__manifest__.py"))


def _site(env):
    """The demo agency's site: its building with the most units (130)."""
    per_building = env["svk.unit"]._read_group(
        [("building_id", "!=", False)], ["building_id"], ["__count"], order="__count desc"
    )
    return per_building[0][0]


def charges_demo_template():
    """The demo agency of CHARGES_UNITS units with svk_charges, and what its site's
    statement of CHARGES_YEAR reads: the year's rent invoices of the site's leases
    (provisions included, as the monthly runs made them), a heating meter per flat read
    at the turn of the years and at each tenant's entry, the site's keys (heating by
    meter, water by surface, the lift without the ground floor; the others the charge
    types' defaults) and the year's vendor bills (CHARGES_BILLS) on the site's analytic
    account, each line with its charge type."""
    installed = prepare_template(CHARGES_MODULES, "_charges")

    def build(db):
        svk_db._copy_from_template(db, installed)
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["svk.demo.generator"]._generate(size=CHARGES_UNITS, seed=1)
            env.company._svk_check_accounting()
            cr.commit()
            _charges_year(env(user=env.ref("base.user_admin")), random.Random(5))
            cr.commit()
        odoo.sql_db.close_db(db)

    return prepare_template(CHARGES_MODULES, f"_charges_demo{CHARGES_UNITS}", build)


def _charges_year(env, rng):
    """CHARGES_YEAR at the demo agency's site, as `charges_demo_template` says."""
    site = _site(env)
    first, last = datetime.date(CHARGES_YEAR, 1, 1), datetime.date(CHARGES_YEAR, 12, 31)
    leases = env["svk.lease"].search([("building_id", "=", site.id)])
    Move = env["account.move"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    )
    invoices = 0
    for month in range(1, 13):
        vals_list = [
            vals
            for lease_vals in leases._rent_invoice_vals(
                datetime.date(CHARGES_YEAR, month, 1)
            ).values()
            for vals in lease_vals
        ]
        Move.create(vals_list)._post(soft=False)
        invoices += len(vals_list)
    # heat cost allocators: a flat's consumption follows its surface, give or take
    meters = env["svk.meter"].create(
        [
            {"meter_type": "heating", "unit_id": unit.id, "name": f"HCA-{unit.name}"}
            for unit in site.unit_ids
        ]
    )
    entries = {lease.unit_id: lease.date_start for lease in leases if first < lease.date_start}
    readings = []
    for meter in meters:
        yearly = meter.unit_id.surface * rng.uniform(60.0, 140.0)
        opening = float(rng.randint(1000, 40000))
        readings.append(
            {"meter_id": meter.id, "date": first - relativedelta(days=1), "value": opening}
        )
        entry = entries.get(meter.unit_id)
        if entry and entry <= last:
            share = min(max(((entry - first).days + rng.uniform(-10, 10)) / 365, 0.0), 0.99)
            readings.append(
                {
                    "meter_id": meter.id,
                    "date": entry - relativedelta(days=1),
                    "value": round(opening + yearly * share, 1),
                    "note": "Entry inspection",
                }
            )
        readings.append({"meter_id": meter.id, "date": last, "value": round(opening + yearly, 1)})
    env["svk.meter.reading"].create(readings)
    env["svk.charge.key"].create(
        [
            {
                "building_id": site.id,
                "charge_type_id": env.ref("svk_charges.svk_charge_type_heating").id,
                "method": "meter",
                "meter_type": "heating",
            },
            {
                "building_id": site.id,
                "charge_type_id": env.ref("svk_charges.svk_charge_type_water").id,
                "method": "surface",
            },
            {
                "building_id": site.id,
                "charge_type_id": env.ref("svk_charges.svk_charge_type_lift").id,
                "method": "equal",
                "unit_ids": [Command.set(site.unit_ids.filtered("floor").ids)],
                "note": "Not the ground floor",
            },
        ]
    )
    here = {str(site.analytic_account_id.id): 100.0}
    vendors = {}
    bill_vals = []
    for xmlid, vendor, count, total in CHARGES_BILLS:
        if vendor not in vendors:
            vendors[vendor] = env["res.partner"].create({"name": vendor, "is_company": True})
        kind = env.ref(f"svk_charges.{xmlid}")
        for index in range(count):
            day = datetime.date(CHARGES_YEAR, 12 * (index + 1) // count, 1) + relativedelta(
                days=rng.randint(4, 25)
            )
            bill_vals.append(
                (
                    "in_invoice",
                    vendors[vendor],
                    min(day, last),
                    [(f"{kind.name} {index + 1}/{count}", round(total / count, 2), kind)],
                )
            )
    heating = env.ref("svk_charges.svk_charge_type_heating")
    bill_vals.append(
        (
            "in_refund",
            vendors["Engie Electrabel"],
            datetime.date(CHARGES_YEAR, 11, 14),
            [("Gas: regularisation", 2150.0, heating)],
        )
    )
    bills = env["account.move"].create(
        [
            {
                "move_type": move_type,
                "partner_id": vendor.id,
                "invoice_date": day,
                "date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "quantity": 1.0,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": here,
                            "svk_charge_type_id": kind.id,
                        }
                    )
                    for label, amount, kind in lines
                ],
            }
            for move_type, vendor, day, lines in bill_vals
        ]
    )
    bills.action_post()
    note(
        f"charges: site {site.name} ({len(site.unit_ids)} units, {len(leases)} leases, "
        f"{len(leases.filtered(lambda lease: lease.charges_mode == 'provision'))} on "
        f"provisions): {invoices} rent invoices of {CHARGES_YEAR}, {len(readings)} meter "
        f"readings, {len(bills)} vendor bills and credit notes"
    )


@functools.cache
def charges_site():
    """Figure charges_site (suite "indexation"), once a run: the yearly charges statement
    of the demo agency's site computed, then approved, by the administrator (an SVK
    manager), each committed; against Odoo creating and posting as many invoices and
    credit notes, to the same tenants, with the same lines, in the same database."""
    if not _charges_available():
        note("charges_site skipped: svk_charges is not in the repository")
        return
    template = charges_demo_template()
    db = f"svk_bench_charges_{CHARGES_UNITS}"
    if svk_db._exists(db):
        svk_db._drop(db)
    svk_db._copy_from_template(db, template)
    try:
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            env = _admin_env(cr)
            site = _site(env)
            seconds = {}

            def click(step, action):
                env.invalidate_all()
                started = time.perf_counter()
                result = action()
                cr.commit()
                seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - started
                return result

            statement = click(
                "compute",
                lambda: env["svk.charges.statement"].create(
                    {
                        "building_id": site.id,
                        "date_from": datetime.date(CHARGES_YEAR, 1, 1),
                        "date_to": datetime.date(CHARGES_YEAR, 12, 31),
                    }
                ),
            )
            click("compute", statement.action_compute)
            click("approve", statement.action_approve)
            moves = env["account.move"].search(
                [("svk_charges_statement_id", "=", statement.id)], order="id"
            )
            if statement.state != "posted" or len(moves) != len(
                statement.line_ids.filtered(lambda line: line._needs_move())
            ):
                fail(
                    f"the statement of {site.name} is {statement.state} with {len(moves)} "
                    f"documents for {len(statement.line_ids)} leases"
                )
            counts = {
                "leases": len(statement.line_ids),
                "costs": len(statement.cost_ids),
                "documents": len(moves),
                "claims": len(moves.filtered(lambda move: move.move_type == "out_invoice")),
                "refunds": len(moves.filtered(lambda move: move.move_type == "out_refund")),
            }
            vals_list = _reference_vals(moves, statement.date)
            Move = env["account.move"].with_context(
                tracking_disable=True, mail_create_nolog=True, mail_notrack=True
            )
            cr.commit()
            env.invalidate_all()
            started = time.perf_counter()
            Move.create(vals_list)._post(soft=False)
            cr.commit()
            reference = time.perf_counter() - started
            site_units = len(site.unit_ids)
    finally:
        odoo.sql_db.close_db(db)
        svk_db._drop(db)
    note(f"charges_site: {counts}, seconds {seconds}")
    emit(
        "charges_site",
        site_units,
        seconds["compute"] + seconds["approve"],
        CHARGES_REFERENCE,
        reference,
        year=CHARGES_YEAR,
        compute_s=round(seconds["compute"], 2),
        approve_s=round(seconds["approve"], 2),
        **counts,
    )


def main():
    parser = argparse.ArgumentParser(description="SVK suite benchmarks")
    parser.add_argument("--suite", default="all")
    parser.add_argument(
        "--size",
        default="",
        help="comma-separated sizes: units for 'housing' (800,8000), leases for 'rent_run' "
        "(800,3200,8000), bank lines for 'bank' (800,3200), units for 'month_end' and "
        "'messaging' (800), applications for 'partners' (400,8000), units for 'import' (800), "
        "leases for 'indexation' (8000)",
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    names = list(SUITES) if args.suite == "all" else args.suite.split(",")
    unknown = set(names) - set(SUITES)
    if unknown:
        raise SystemExit(
            f"unknown suite(s) {', '.join(sorted(unknown))}; known: {', '.join(SUITES)}"
        )
    default_sizes = {
        "housing": "800,8000",
        "rent_run": "800,3200,8000",
        "bank": "800,3200",
        "month_end": "800",
        "messaging": "800",
        "partners": "400,8000",
        "import": "800",
        "indexation": "8000",
    }

    svk_db._load_config()
    templates = {}
    for name in names:
        sizes = [
            int(size) for size in (args.size or default_sizes[name]).split(",") if size.strip()
        ]
        prepare = SUITES[name].template
        if prepare not in templates:
            templates[prepare] = prepare()
        template = templates[prepare]
        for size in sizes:
            db = f"svk_bench_{name}_{size}"
            if svk_db._exists(db):
                svk_db._drop(db)
            svk_db._copy_from_template(db, template)
            # the figures are wall times: say what else the machine was doing
            note(f"{name} {size}: load average {os.getloadavg()} on {os.cpu_count()} CPUs")
            try:
                SUITES[name](db, size, args.repeat)
                note(f"{name} {size} done: load average {os.getloadavg()}")
            finally:
                odoo.sql_db.close_db(db)
                svk_db._drop(db)


if __name__ == "__main__":
    main()
