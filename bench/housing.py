"""Suite "housing": the demo agency built, the unit list and form read."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import time

import odoo
from odoo import SUPERUSER_ID, api

from .cache import demo_template
from .common import bench_user, emit, timed, view_spec

SIZES = "800,8000"
template = demo_template


def measure(db, size, repeat):
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
