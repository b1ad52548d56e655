"""The dashboards' figures (svk_dashboard), called by the "region" suite (bench/region.py)
as `run(env, size, emit)` on the demo agency it built.

Each dashboard's figures are read as the dashboard reads them, by a user of the
dashboard's group: every pivot's read_group calls, with its model, domain, measures and
groupings (svk_dashboard/pivots.py, the calls Odoo's pivot model makes). The reference is
Odoo's own read_group of the records behind the same figures, with the same groupings
where the records have them: for a pivot of a stored model, that model itself (the
dashboard adds nothing to Odoo's read_group); for the two reports, the leases of the
twelve months (occupancy) and the open receivable lines of the rent cycle (aged arrears)
the reports read. One JSON line per dashboard and one per pivot of a report; the time of
the daily computation of occupancy and vacancy days as a note."""

import time

from odoo.addons.svk_dashboard.models.svk_occupancy_report import LEASE_STATES, MONTHS
from odoo.addons.svk_dashboard.pivots import dashboard_pivots, pivot_groupbys, read_pivot

from .common import note, timed

REPEAT = 5
DASHBOARDS = {
    # dashboard: the groups of the user that reads it
    "svk_dashboard.spreadsheet_dashboard_director": ("svk_housing.group_svk_manager",),
    "svk_dashboard.spreadsheet_dashboard_accountant": (
        "account.group_account_invoice",
        "svk_housing.group_svk_user",
    ),
}


def _user(env, xmlid, groups):
    login = f"svk_bench_{xmlid.rsplit('_', 1)[-1]}"
    user = env["res.users"].sudo().search([("login", "=", login)])
    if not user:
        user = (
            env["res.users"]
            .sudo()
            .create(
                {
                    "name": login,
                    "login": login,
                    "company_id": env.company.id,
                    "company_ids": [(6, 0, env.company.ids)],
                    "groups_id": [(6, 0, [env.ref(group).id for group in groups])],
                }
            )
        )
    return env(user=user)


def _window_start(env):
    env.cr.execute(
        "SELECT (date_trunc('month', CURRENT_DATE) - %s * interval '1 month')::date",
        [MONTHS - 1],
    )
    return env.cr.fetchone()[0]


def _reference(env, pivot):
    """The read_group calls of Odoo on the records behind `pivot`'s figures."""
    model = pivot["model"]
    if model == "svk.occupancy.report":
        start = _window_start(env)
        target, domain, mapping, measures = (
            "svk.lease",
            [
                ("state", "in", LEASE_STATES),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", start),
            ],
            {"month:month": "date_start:month"},
            ["__count"],
        )
    elif model == "svk.arrears.report":
        AML = env["account.move.line"]
        target, domain, mapping, measures = (
            "account.move.line",
            [*AML._svk_open_receivable_domain(), ("amount_residual", "!=", 0)],
            {"age": "date_maturity:month", "building_id": "svk_unit_id"},
            ["__count", "amount_residual:sum"],
        )
    else:
        target, domain, mapping, measures = (
            model,
            pivot["domain"],
            {},
            [m["fieldName"] for m in pivot["measures"]],
        )
    # the aged arrears' journal items, read as superuser: the director may not read
    # journal items, the report shows their open amounts to staff (as the month-end does)
    Model = env[target].sudo() if target == "account.move.line" else env[target]
    calls = [[mapping.get(g, g) for g in groupby] for groupby in pivot_groupbys(pivot)]

    def read():
        for groupby in calls:
            Model.read_group(domain, measures, groupby, lazy=False)

    return read


def run(env, size, emit):
    Report = env["svk.occupancy.report"].sudo()
    started = time.perf_counter()
    Report._cron_refresh()
    note(
        f"region {size}: occupancy and vacancy days of every unit computed again (the daily "
        f"cron) in {time.perf_counter() - started:.2f} s, {Report.search_count([])} rows"
    )
    for xmlid, groups in DASHBOARDS.items():
        user_env = _user(env, xmlid, groups)
        dashboard = user_env.ref(xmlid)
        pivots = dashboard_pivots(dashboard)
        totals = [0.0, 0.0]
        for pivot in pivots:
            value = timed(
                user_env, lambda pivot=pivot, user_env=user_env: read_pivot(user_env, pivot), REPEAT
            )
            reference = timed(user_env, _reference(user_env, pivot), REPEAT)
            totals[0] += value
            totals[1] += reference
            if pivot["model"] in ("svk.occupancy.report", "svk.arrears.report"):
                cells = read_pivot(user_env, pivot)[tuple(pivot_groupbys(pivot)[-1])]
                emit(
                    f"region_dashboard_pivot_{pivot['model'].split('.')[1]}",
                    size,
                    value,
                    f"read_group of the {_reference_label(pivot)} with the same groupings",
                    reference,
                    pivot=pivot["name"],
                    groups=len(cells),
                )
        emit(
            f"region_dashboard_{dashboard.with_context(lang='en_US').name.lower()}",
            size,
            totals[0],
            "Odoo's read_group of the records behind the same figures",
            totals[1],
            pivots=len(pivots),
        )
        note(f"region {size}: dashboard {dashboard.name}: {len(pivots)} pivots read")


def _reference_label(pivot):
    if pivot["model"] == "svk.occupancy.report":
        return "leases of the twelve months"
    return "open receivable lines of the rent cycle"
