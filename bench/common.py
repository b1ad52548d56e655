"""What every suite uses: the JSON line, notes and failures, timings, users, views."""

import importlib.util
import json
import os
import statistics
import sys
import time

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.fields import Command

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import svk_db  # noqa: E402 (tools/svk_db.py)

MODULES = ["l10n_be", "svk_housing", "svk_messaging", "svk_partners"]
# and the demo agency's generator (svk_demo), wherever a suite builds a demo agency
DEMO_MODULES = [*MODULES, svk_db.DEMO_MODULE]


def test_helper(addon, name):
    """`<addon>/tests/<name>.py` (the CODA builder, the providers' stand-in), loaded alone:
    importing it from its package would import the tests, and with them Odoo's test
    framework."""
    path = os.path.join(ROOT, addon, "tests", f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"svk_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def admin_env(cr, **context):
    """The administrator (an SVK manager, as the import requires), with the context the
    web client gives a request."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    admin = env.ref("base.user_admin")
    if not admin.has_group("svk_housing.group_svk_manager"):
        fail("the administrator is not an SVK manager: the import would be refused")
    return env(user=admin, context={"lang": admin.lang, "tz": admin.tz, **context})


def demo_site(env):
    """The demo agency's site: its building with the most units (130 at 800 units)."""
    per_building = env["svk.unit"]._read_group(
        [("building_id", "!=", False)], ["building_id"], ["__count"], order="__count desc"
    )
    return per_building[0][0]


def reference_vals(moves, period):
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
