"""`make bench`: the suite's performance figures, one JSON line per figure.

    python bench/run.py [--suite all|housing|rent_run|bank|month_end|messaging|partners|import|
                                 indexation|agencies|region|portal]
                        [--size 800,8000]
                        [--repeat 20]
                        [--count 24]  (agencies)

Each figure is measured on a database built for the run (a copy of a cached PostgreSQL
template with the addons and svk_demo installed, then the demo agency of the given size,
built by svk_demo's generator), as a user
with the rights of an agency manager, together with a reference measured in the same run
on the same database: Odoo's own res.partner doing the same kind of work.

The monthly run is measured as production runs it: its button queues OCA queue_job jobs
(a chunk of leases each, then the owner contracts, then one closing the run) and an Odoo
server started on the bench database with two workers and the job runner (channels
"root:2,root.svk_rent_run:2") does them; the figure is the time from the button to the
run done. How the jobs ran (how many at once, retries) is written to stderr, with the
counts behind each figure; stdout has the JSON lines only.

The package: this entry point; `common` (the JSON line, notes and failures, timings, the
bench user, the view specifications the web client sends), `cache` (installed databases
cached as PostgreSQL templates; `demo_template`: the addons and svk_demo), `server` (an
Odoo server with the job runner, and the monthly run through it); one module per suite
(`housing`, `rent_run`, `month_end`, `bank`, `messaging`, `partners`, `agency_import`,
`indexation` with `charges_site`), each with its default `SIZES`, the `template` its
databases are copied from and `measure(db, size, repeat)`, which prints the suite's JSON
lines.

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

Figures (suite "agencies", not part of "all"), at 24 agencies of 350 units (`--count`,
`--size`): every agency of a region on one Odoo server configured as DEPLOY.md says, all
clicking their month's run at once over HTTP (each through its host name); the slowest
agency's wait from click to done, the machine time, the server's memory and whether any
agency's month waited for another's to finish, against one agency of 24 x 350 units on
the same configuration. See bench/agencies.py.

Figures (suite "region"), at 800 and 8,000 units: the demo agency of that size, with
svk_region (and svk_dashboard when it exists), as an agency manager:
- region_inventory_compute: the inventory of the last 30 September computed (the stock on
  that date, each unit's figures, the entries and exits since a year before, stored as its
  lines); with the "units", "entries" and "exits". Reference: Odoo's _read_group of the
  same units by commune and by bedrooms (what the inventory's totals say).
- region_inventory_compute_vs_create: the same computation against Odoo's ORM create() of
  the same lines (what storing them the ORM's way would cost).
- region_inventory_totals: the inventory's totals by commune and by bedrooms read from its
  lines; same reference.
- region_income_mix: the agency's income mix (running leases by income position at
  entry); reference: Odoo's _read_group of the same running leases by that position, as
  the manager.
- then the dashboards' figures of bench/region_dashboards.py (svk_dashboard's), when it
  exists.

Figures (suite "portal"), at 800 units: the demo agency of that size with three months run,
paid and reconciled, and 50 of its tenants invited to the portal, each logged in through
Odoo's login page (distinct sessions), against a two-worker server:
- portal_browse: 50 tenants at once, each fetching its home, what it owes, its documents
  and its messages one request after the other for 30 s: the p95 in ms, with requests per
  second and errors (the bench fails on any HTTP error answer). Reference: the same 50 sessions
  fetching Odoo's own /my/invoices under the same load; the ratio is ours over Odoo's.
- portal_browse_rps: the same run's requests per second against the reference's.

Figures (suite "housing"):
- demo_build: building the demo agency (buildings, units, owners, bank accounts,
  contracts, meters); reference: creating as many res.partner records in batch.
- unit_list_read: the server side of opening the unit list (80 rows, the list view's
  fields, plus the count), as the web client asks it (web_search_read); reference: the
  res.partner list of the same size.
- unit_form_read: the server side of opening a unit form (web_read of the form view's
  fields, its meters and contract lines included); reference: a res.partner form.
"""

import argparse
import os
import sys

import odoo

# `python bench/run.py` puts bench/ first on the path: the package's parent instead
BENCH = os.path.dirname(os.path.abspath(__file__))
if os.path.abspath(sys.path[0]) == BENCH:
    sys.path[0] = os.path.dirname(BENCH)

from bench import (  # noqa: E402
    agencies,
    agency_import,
    bank,
    housing,
    indexation,
    messaging,
    month_end,
    partners,
    portal,
    region,
    rent_run,
)
from bench.common import note, svk_db  # noqa: E402

# the suites, in the order "all" runs them
SUITES = {
    "housing": housing,
    "rent_run": rent_run,
    "month_end": month_end,
    "bank": bank,
    "messaging": messaging,
    "partners": partners,
    "import": agency_import,
    "indexation": indexation,
    "agencies": agencies,
    "region": region,
    "portal": portal,
}


def main():
    parser = argparse.ArgumentParser(description="SVK suite benchmarks")
    parser.add_argument("--suite", default="all")
    parser.add_argument(
        "--size",
        default="",
        help="comma-separated sizes: units for 'housing' (800,8000), leases for 'rent_run' "
        "(800,3200,8000), bank lines for 'bank' (800,3200), units for 'month_end' and "
        "'messaging' (800), applications for 'partners' (400,8000), units for 'import' (800), "
        "leases for 'indexation' (8000), units for 'region' (800,8000)",
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--count", type=int, default=0, help="agencies for 'agencies' (24); --size: units each"
    )
    args = parser.parse_args()
    # "all": every suite but those that provision a region of their own (agencies)
    names = (
        [name for name in SUITES if not hasattr(SUITES[name], "run")]
        if args.suite == "all"
        else args.suite.split(",")
    )
    unknown = set(names) - set(SUITES)
    if unknown:
        raise SystemExit(
            f"unknown suite(s) {', '.join(sorted(unknown))}; known: {', '.join(SUITES)}"
        )

    svk_db._load_config()
    templates = {}
    for name in names:
        sizes = [int(size) for size in (args.size or SUITES[name].SIZES).split(",") if size.strip()]
        if hasattr(SUITES[name], "run"):  # a suite that provisions its own databases
            SUITES[name].run(sizes, args.count, args.repeat)
            continue
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
                SUITES[name].measure(db, size, args.repeat)
                note(f"{name} {size} done: load average {os.getloadavg()}")
            finally:
                odoo.sql_db.close_db(db)
                svk_db._drop(db)


if __name__ == "__main__":
    main()
