"""Suite "partners": eligibility recomputed, the matching list read."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import random
import time

import odoo
from odoo import SUPERUSER_ID, api

from .cache import demo_template
from .common import bench_user, emit, note, timed, view_spec

SIZES = "400,8000"
template = demo_template

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


def measure(db, applications, repeat):
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
