"""Figure "charges_site" (suite "indexation"): a site's yearly charges statement."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import datetime
import functools
import os
import random
import time

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command

from .cache import prepare_template
from .common import (
    DEMO_MODULES,
    ROOT,
    admin_env,
    demo_site,
    emit,
    fail,
    note,
    reference_vals,
    svk_db,
)

CHARGES_MODULES = [*DEMO_MODULES, "svk_charges"]
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
    site = demo_site(env)
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
def measure():
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
            env = admin_env(cr)
            site = demo_site(env)
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
            vals_list = reference_vals(moves, statement.date)
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
