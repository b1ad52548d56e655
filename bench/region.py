"""Suite "region": the Region's 30 September inventory and the income mix, at 800 and
8,000 units of the demo agency, against Odoo's own read_group of the same records; then
the dashboards' figures (bench/region_dashboards.py, svk_dashboard's), when both exist."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import datetime
import importlib.util
import os
import time

import odoo
from odoo import SUPERUSER_ID, api

from .cache import prepare_template
from .common import DEMO_MODULES, ROOT, bench_user, emit, note, timed

SIZES = "800,8000"
DASHBOARDS = "bench.region_dashboards"


def _with_dashboards():
    """Whether svk_dashboard's bench module and its addon are both in the repository."""
    return bool(importlib.util.find_spec(DASHBOARDS)) and os.path.exists(
        os.path.join(ROOT, "svk_dashboard", "__manifest__.py")
    )


def region_modules():
    modules = [*DEMO_MODULES, "svk_indexation", "svk_region"]
    if _with_dashboards():
        modules.append("svk_dashboard")
    return modules


def region_template():
    """The addons with svk_region (and svk_dashboard when it exists) and svk_demo."""
    return prepare_template(region_modules(), "_region")


template = region_template


def _last_30_september(today):
    day = datetime.date(today.year, 9, 30)
    return day if day <= today else datetime.date(today.year - 1, 9, 30)


def measure(db, size, repeat):
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        stats = env["svk.demo.generator"]._generate(size=size, seed=1)
        cr.commit()
        note(
            f"region {size}: demo built in {time.perf_counter() - started:.0f} s "
            f"({stats.get('units')} units, {stats.get('leases')} leases)"
        )
        user = bench_user(env)
        cr.commit()
        user_env = env(user=user)
        company = user_env.company
        day = _last_30_september(datetime.date.today())
        inventory = user_env["svk.region.inventory"].create({"date": day})
        inventory.action_compute()
        cr.commit()
        units = user_env["svk.unit"].browse(inventory.line_ids.unit_id.ids)
        note(
            f"region {size}: stock at {day}: {inventory.unit_count} units, "
            f"{inventory.entry_count} entries, {inventory.exit_count} exits"
        )
        rounds = min(repeat, 5)

        def unit_read_group():
            Unit = user_env["svk.unit"]
            Unit._read_group(
                [("id", "in", units.ids)], ["city"], ["__count", "bedrooms:sum", "surface:sum"]
            )
            Unit._read_group(
                [("id", "in", units.ids)], ["bedrooms"], ["__count", "bedrooms:sum", "surface:sum"]
            )

        reference = timed(user_env, unit_read_group, repeat)
        emit(
            "region_inventory_compute",
            size,
            timed(user_env, inventory.action_compute, rounds),
            "svk.unit _read_group of the same units by commune and by bedrooms",
            reference,
            units=inventory.unit_count,
            entries=inventory.entry_count,
            exits=inventory.exit_count,
        )
        cr.commit()

        # the same lines stored through Odoo's ORM create, into another draft (rolled back)
        line_vals = inventory._prepare_lines()
        other = user_env["svk.region.inventory"].create({"date": day - datetime.timedelta(days=1)})
        for vals in line_vals:
            vals["inventory_id"] = other.id
        Line = user_env["svk.region.inventory.line"].sudo()

        def orm_create():
            savepoint = cr.savepoint()
            try:
                Line.create(line_vals)
                user_env.flush_all()
            finally:
                savepoint.close(rollback=True)

        emit(
            "region_inventory_compute_vs_create",
            size,
            timed(user_env, inventory.action_compute, rounds),
            "svk.region.inventory.line create() of the same lines (Odoo's ORM)",
            timed(user_env, orm_create, rounds),
            units=inventory.unit_count,
        )
        cr.commit()

        def inventory_totals():
            inventory._totals_by("city")
            inventory._totals_by("bedrooms")

        emit(
            "region_inventory_totals",
            size,
            timed(user_env, inventory_totals, repeat),
            "svk.unit _read_group of the same units by commune and by bedrooms",
            reference,
            units=inventory.unit_count,
        )

        def lease_read_group():
            user_env["svk.lease"]._read_group(
                [("company_id", "=", company.id), ("state", "in", ("active", "notice"))],
                ["svk_income_position"],
                ["__count"],
            )

        mix = company._svk_income_mix()[company.id]
        emit(
            "region_income_mix",
            size,
            timed(user_env, company._svk_income_mix, repeat),
            "svk.lease _read_group of the same running leases by income position",
            timed(user_env, lease_read_group, repeat),
            leases=mix["total"],
        )
        if _with_dashboards():
            dashboards = importlib.import_module(DASHBOARDS)
            dashboards.run(user_env, size, emit)
        else:
            note(
                "region: no dashboards' figures (bench/region_dashboards.py or svk_dashboard "
                "is not in the repository)"
            )
