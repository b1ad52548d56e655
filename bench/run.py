"""`make bench`: the suite's performance figures, one JSON line per figure.

    python bench/run.py [--suite all|housing] [--size 800,8000] [--repeat 20]

Each figure is measured on a database built for the run (a copy of a cached PostgreSQL
template with the addons installed, then the demo agency of the given size), as a user
with the rights of an agency manager, together with a reference measured in the same run
on the same database: Odoo's own res.partner doing the same kind of work.

Figures (suite "rent_run"), at 800 and 3,200 leases:
- rent_run: the monthly run (an invoice per lease, one to each third payer, a bill per
  owner contract), committing per chunk; reference: Odoo's own create and post of the
  same invoices and bills (same partners, journals, lines, chunk size, commits).
- rent_run_per_lease: the same, per lease (to compare 800 with 3,200).

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
import hashlib
import json
import os
import statistics
import sys
import time

from lxml import etree

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import svk_db  # noqa: E402

MODULES = ["l10n_be", "svk_housing"]
SUITES = {}


def suite(name):
    def register(func):
        SUITES[name] = func
        return func

    return register


def emit(bench, size, value, reference, reference_value, unit="s"):
    line = {
        "bench": bench,
        "size": size,
        "value": round(value, 4),
        "unit": unit,
        "reference": reference,
        "reference_value": round(reference_value, 4),
        "ratio": round(value / reference_value, 2) if reference_value else None,
    }
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    return line


def template_name():
    """Installed databases are cached as PostgreSQL templates, keyed on the addons' code."""
    digest = hashlib.sha1()
    for addon in MODULES:
        folder = os.path.join(ROOT, addon)
        if not os.path.isdir(folder):
            continue
        for base, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.endswith((".py", ".xml", ".csv")):
                    with open(os.path.join(base, name), "rb") as handle:
                        digest.update(handle.read())
    return f"svk_bench_tpl_{digest.hexdigest()[:10]}"


def prepare_template():
    name = template_name()
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT datname FROM pg_database WHERE datname LIKE 'svk_bench_tpl_%%'")
        stale = [row[0] for row in cr.fetchall() if row[0] != name]
    for db in stale:
        svk_db._drop(db)
    if not svk_db._exists(name):
        svk_db.create(name, MODULES)
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


@suite("housing")
def housing(db, size, repeat):
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        stats = env["svk.demo.generator"].generate(size=size, seed=1)
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


@suite("rent_run")
def rent_run(db, leases_wanted, repeat):
    """The monthly run at `leases_wanted` leases against Odoo creating and posting the
    same invoices and bills, in chunks of the same size, committing after each."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # ~96.5% of the demo agency's units are let
        env["svk.demo.generator"].generate(size=round(leases_wanted / 0.965), seed=1)
        env.company._svk_ensure_accounting()
        cr.commit()
        accountant = bench_user(env)
        accountant.groups_id |= env.ref("account.group_account_invoice")
        cr.commit()
        period = fields.Date.to_date("2026-11-01")
        run = env["svk.rent.run"].with_user(accountant).create({"period": period})
        cr.commit()
        started = time.perf_counter()
        run.action_start()  # commits after each chunk, as in production
        ours = time.perf_counter() - started
        leases = run.lease_done
        chunk = env.company.svk_rent_run_chunk
        moves = run.move_ids.sorted("id")
        vals_list = _reference_vals(moves, fields.Date.to_date("2026-12-01"))
        Move = (
            env["account.move"]
            .with_user(accountant)
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        )
        cr.commit()
        started = time.perf_counter()
        for index in range(0, len(vals_list), chunk):
            with cr.savepoint():
                Move.create(vals_list[index : index + chunk])._post(soft=False)
            cr.commit()
        reference = time.perf_counter() - started
        emit(
            "rent_run",
            leases,
            ours,
            f"account.move create+post of the same {len(moves)} invoices and bills",
            reference,
        )
        emit("rent_run_per_lease", leases, ours / leases, "reference per lease", reference / leases)


def main():
    parser = argparse.ArgumentParser(description="SVK suite benchmarks")
    parser.add_argument("--suite", default="all")
    parser.add_argument(
        "--size",
        default="",
        help="comma-separated sizes: units for 'housing' (800,8000), leases for 'rent_run' "
        "(800,3200)",
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    names = list(SUITES) if args.suite == "all" else args.suite.split(",")
    unknown = set(names) - set(SUITES)
    if unknown:
        raise SystemExit(
            f"unknown suite(s) {', '.join(sorted(unknown))}; known: {', '.join(SUITES)}"
        )
    default_sizes = {"housing": "800,8000", "rent_run": "800,3200"}

    svk_db._load_config()
    template = prepare_template()
    for name in names:
        sizes = [
            int(size) for size in (args.size or default_sizes[name]).split(",") if size.strip()
        ]
        for size in sizes:
            db = f"svk_bench_{name}_{size}"
            if svk_db._exists(db):
                svk_db._drop(db)
            svk_db._copy_from_template(db, template)
            try:
                SUITES[name](db, size, args.repeat)
            finally:
                odoo.sql_db.close_db(db)
                svk_db._drop(db)


if __name__ == "__main__":
    main()
