"""The figures of a dashboard as the dashboard reads them, in Python.

The dashboards' Odoo pivots (data/files/*_dashboard.json) are loaded in the browser by
Odoo's pivot model: for every prefix of the row groupings crossed with every prefix of
the column groupings it calls the model's `read_group` with the pivot's domain and
measures, `lazy=False` (web/static/src/views/pivot/pivot_model.js). These functions make
the same calls, for the tests (the figures equal a direct computation, each role reads
what it may) and the bench (their time against Odoo's read_group of the records behind
them)."""

import json


def dashboard_pivots(dashboard):
    """The pivot definitions of a `spreadsheet.dashboard` record, in sheet order."""
    data = json.loads(dashboard.spreadsheet_data)
    return [data["pivots"][key] for key in sorted(data["pivots"], key=int)]


def groupby_of(dimension):
    """The read_group groupby of a pivot dimension: "field" or "field:granularity"."""
    granularity = dimension.get("granularity")
    return f"{dimension['fieldName']}:{granularity}" if granularity else dimension["fieldName"]


def pivot_groupbys(definition):
    """The groupbys of the read_group calls that load a pivot, in the order it makes them."""
    rows = [groupby_of(dimension) for dimension in definition["rows"]]
    columns = [groupby_of(dimension) for dimension in definition["columns"]]
    return [rows[:i] + columns[:j] for i in range(len(rows) + 1) for j in range(len(columns) + 1)]


def pivot_measures(definition):
    return [measure["fieldName"] for measure in definition["measures"]]


def read_pivot(env, definition, domain=()):
    """{tuple(groupby): read_group result} of a pivot, read by `env`'s user as the
    dashboard does; `domain` narrows it (a test's own records)."""
    model = env[definition["model"]]
    orders = {
        groupby_of(dimension): f"{groupby_of(dimension)} {dimension['order']}"
        for dimension in definition["rows"] + definition["columns"]
        if dimension.get("order")
    }
    return {
        tuple(groupby): model.read_group(
            [*definition["domain"], *domain],
            pivot_measures(definition),
            groupby,
            lazy=False,
            orderby=",".join(orders[g] for g in groupby if g in orders) or None,
        )
        for groupby in pivot_groupbys(definition)
    }
