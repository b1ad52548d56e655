"""Writes the dashboards' spreadsheet files (data/files/*_dashboard.json) from the
definitions below: Odoo Community shows spreadsheet dashboards but has no editor, so the
dashboards are kept here as code and their files regenerated after a change:

    .venv/bin/python svk_dashboard/tools/build_dashboards.py

Each block is a title and an Odoo pivot placed with the spreadsheet's =PIVOT() formula:
every figure of it is a read_group of the pivot's model and domain, and a click on it
opens the records behind it (the pivot's action)."""

import json
import pathlib

FILES = pathlib.Path(__file__).resolve().parent.parent / "data" / "files"
RUN_KINDS = ["tenant", "third_payer"]


def dim(field, granularity=None, order=None):
    dimension = {"fieldName": field}
    if granularity:
        dimension["granularity"] = granularity
    if order:
        dimension["order"] = order
    return dimension


def pivot(title, model, action, rows, measures, columns=(), domain=(), limit=None, sort=None):
    """One block: `limit` caps the rows shown (the latest months, the largest figures)."""
    return {
        "title": title,
        "limit": limit,
        "definition": {
            "type": "ODOO",
            "name": title,
            "model": model,
            "domain": list(domain),
            "context": {},
            "measures": [{"id": m, "fieldName": m} for m in measures],
            "rows": list(rows),
            "columns": list(columns),
            "sortedColumn": (
                {"groupId": [[], []], "measure": sort, "order": "desc"} if sort else None
            ),
            "fieldMatching": {},
            **({"actionXmlId": action} if action else {}),
        },
    }


OCCUPANCY_MONTHS = pivot(
    "Occupancy and vacancy days, month by month",
    "svk.occupancy.report",
    "svk_dashboard.svk_occupancy_report_action",
    [dim("month", "month", "desc")],
    ["days_managed", "days_let", "days_vacant"],
    limit=12,
)
VACANCY_BUILDINGS = pivot(
    "Vacancy days by building, last twelve months (the 15 highest)",
    "svk.occupancy.report",
    "svk_dashboard.svk_occupancy_report_action",
    [dim("building_id")],
    ["days_vacant", "days_let"],
    limit=15,
    sort="days_vacant",
)
ARREARS_AGE = pivot(
    "Arrears by age",
    "svk.arrears.report",
    "svk_housing.svk_arrears_report_action",
    [dim("age")],
    ["amount_residual", "__count"],
)
ARREARS_BUILDING = pivot(
    "Arrears by building and age (the 15 highest)",
    "svk.arrears.report",
    "svk_housing.svk_arrears_report_action",
    [dim("building_id")],
    ["amount_residual"],
    columns=[dim("age")],
    limit=15,
    sort="amount_residual",
)
PLANS = pivot(
    "Payment plans by state",
    "svk.payment.plan",
    "svk_housing.svk_payment_plan_action",
    [dim("state")],
    ["__count", "debt_amount", "instalment_amount"],
)
PLANS_BROKEN = pivot(
    "Payment plans broken, month by month",
    "svk.payment.plan",
    "svk_housing.svk_payment_plan_action",
    [dim("date_broken", "month", "desc")],
    ["__count", "debt_amount"],
    domain=[["state", "=", "broken"]],
    limit=12,
)
REFERRALS = pivot(
    "Referrals by organisation and status (the 15 largest)",
    "svk.referral",
    "svk_partners.svk_referral_action",
    [dim("organisation_id")],
    ["__count"],
    columns=[dim("status")],
    limit=15,
    sort="__count",
)
MESSAGES_CHANNEL = pivot(
    "Messages sent by channel and status",
    "svk.message",
    "svk_messaging.svk_message_action",
    [dim("channel")],
    ["__count"],
    columns=[dim("state")],
    domain=[["direction", "=", "out"]],
)
MESSAGES_MONTH = pivot(
    "Messages sent, month by month",
    "svk.message",
    "svk_messaging.svk_message_action",
    [dim("create_date", "month", "desc")],
    ["__count"],
    columns=[dim("state")],
    domain=[["direction", "=", "out"]],
    limit=12,
)
RUNS = pivot(
    "Month-end: monthly runs by month and status",
    "svk.rent.run",
    "svk_housing.svk_rent_run_action",
    [dim("period", "month", "desc")],
    ["__count", "lease_total"],
    columns=[dim("state")],
    limit=12,
)
RENT_INVOICES = pivot(
    "Month-end: rent invoiced by month and payment status",
    "account.move",
    "account.action_move_out_invoice_type",
    [dim("svk_period", "month", "desc")],
    ["amount_total_signed", "amount_residual_signed"],
    columns=[dim("payment_state")],
    domain=[["svk_kind", "in", RUN_KINDS], ["state", "=", "posted"]],
    limit=12,
)
OWNER_BILLS = pivot(
    "Month-end: owner bills by month and payment status",
    "account.move",
    "account.action_move_in_invoice_type",
    [dim("svk_period", "month", "desc")],
    ["amount_total", "amount_residual"],
    columns=[dim("payment_state")],
    domain=[["svk_kind", "=", "owner"], ["state", "=", "posted"]],
    limit=12,
)
BANK = pivot(
    "Month-end: bank transactions to reconcile",
    "account.bank.statement.line",
    None,  # Odoo's own list of bank transactions
    [dim("date", "month", "desc")],
    ["__count", "amount"],
    domain=[["is_reconciled", "=", False], ["journal_id.type", "=", "bank"]],
    limit=12,
)

DASHBOARDS = {
    "director_dashboard.json": (
        "Director",
        [
            OCCUPANCY_MONTHS,
            VACANCY_BUILDINGS,
            ARREARS_AGE,
            PLANS,
            PLANS_BROKEN,
            REFERRALS,
            MESSAGES_CHANNEL,
            MESSAGES_MONTH,
        ],
    ),
    "accountant_dashboard.json": (
        "Accountant",
        [
            ARREARS_AGE,
            ARREARS_BUILDING,
            PLANS,
            PLANS_BROKEN,
            RUNS,
            RENT_INVOICES,
            OWNER_BILLS,
            BANK,
        ],
    ),
}
TITLE_STYLE, HEADING_STYLE = 1, 2


def spreadsheet(title, blocks):
    cells, pivots, row = {}, {}, 1
    cells["A1"] = {"content": f'=_t("{title}")', "style": TITLE_STYLE}
    row = 3
    for number, block in enumerate(blocks, start=1):
        definition = dict(block["definition"], formulaId=str(number), id=str(number))
        if not definition["sortedColumn"]:
            del definition["sortedColumn"]
        pivots[str(number)] = definition
        cells[f"A{row}"] = {"content": f'=_t("{block["title"]}")', "style": HEADING_STYLE}
        limit = block["limit"]
        cells[f"A{row + 1}"] = {
            "content": f"=PIVOT({number}, {limit})" if limit else f"=PIVOT({number})"
        }
        # the spilled table: its column headers, the rows shown and the total
        headers = len(definition["columns"]) + 1
        row += 1 + headers + (limit or 20) + 1 + 2
    return {
        "version": 21,
        "sheets": [
            {
                "id": "sheet1",
                "name": title,
                "colNumber": 26,
                "rowNumber": row + 10,
                "rows": {},
                "cols": {"0": {"size": 260}},
                "merges": [],
                "cells": cells,
                "conditionalFormats": [],
                "figures": [],
                "tables": [],
                "areGridLinesVisible": False,
                "isVisible": True,
                "headerGroups": {"ROW": [], "COL": []},
                "dataValidationRules": [],
                "comments": {},
            }
        ],
        "styles": {
            str(TITLE_STYLE): {"textColor": "#01666b", "bold": True, "fontSize": 16},
            str(HEADING_STYLE): {"textColor": "#434343", "bold": True, "fontSize": 11},
        },
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": pivots,
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": [],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


def main():
    for name, (title, blocks) in DASHBOARDS.items():
        data = spreadsheet(title, blocks)
        (FILES / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
