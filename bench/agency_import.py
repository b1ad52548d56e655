"""Suite "import": an agency's workbook through svk.import, against base_import."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import base64
import csv
import datetime
import io
import os
import re
import sys
import tempfile
import time

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command
from odoo.tools import SQL, date_utils

from .cache import prepare_template
from .common import MODULES, admin_env, emit, fail, note, svk_db

SIZES = "800"

IMPORT_MODULES = [*MODULES, "svk_import"]
IMPORT_LANGS = ("fr_BE", "nl_BE")
IMPORT_BUDGET = 300.0  # issue 9: the 800-unit agency's workbook in under 5 minutes
IMPORT_REFERENCE = "Odoo base_import, buildings + units sheets"
# the models an agency's import writes: their new rows are a figure's "records"
IMPORT_MODELS = (
    "svk.building",
    "svk.unit",
    "svk.meter",
    "account.analytic.account",
    "res.partner",
    "res.partner.bank",
    "svk.owner.contract",
    "svk.owner.contract.line",
    "svk.lease",
    "account.move",
    "account.move.line",
)
# what the web client sends base_import for a csv file (its defaults, the separators
# and date format of the files the bench writes)
BASE_IMPORT_OPTIONS = {
    "encoding": "utf-8",
    "separator": ",",
    "quoting": '"',
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": "",
    "float_decimal_separator": ".",
    "advanced": True,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,
    "sheets": [],
    "sheet": "",
    "skip": 0,
    "tracking_disable": True,
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
}


def import_template():
    """A new agency's database, as `tools/svk_db.py create NAME --from ...` makes it: the
    Belgian chart, the addons with svk_import, French and Dutch; no demo agency."""
    return prepare_template(
        IMPORT_MODULES,
        "_import",
        lambda db: svk_db.create(db, IMPORT_MODULES, langs=IMPORT_LANGS),
    )


template = import_template


def import_demo_template(size):
    """The demo agency of `size` units (built, then its last three months run, paid and
    reconciled: svk_db's demo) in a copy of the import's template."""
    target = import_template()

    def build(db):
        svk_db._copy_from_template(db, target)
        svk_db.demo(db, size)

    # svk_db.demo installs svk_demo: its code is part of what the template holds
    return prepare_template([*IMPORT_MODULES, svk_db.DEMO_MODULE], f"_import_demo{size}", build)


def _import_workbooks(size, folder):
    """The demo agency of `size` units exported by svk.import.export into `folder`, as
    xls workbooks in French (what agencies mostly have): the whole agency, and its
    buildings and units sheets alone. Returns their paths, the sheets ({key: [headers,
    row, ...]}) and the cut-over date (the last day of this month)."""
    template = import_demo_template(size)
    source = f"svk_bench_import_{size}_source"  # a copy: a template is never opened
    if svk_db._exists(source):
        svk_db._drop(source)
    svk_db._copy_from_template(source, template)
    paths = {}
    try:
        registry = odoo.modules.registry.Registry(source)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cutover = date_utils.end_of(fields.Date.today(), "month")
            export = env["svk.import.export"]
            sheets = export._agency_sheets(lang="fr", cutover=cutover)
            for label, keys in (("agency", list(sheets)), ("portfolio", ["building", "unit"])):
                paths[label] = os.path.join(folder, f"{label}_{size}.xls")
                with open(paths[label], "wb") as handle:
                    handle.write(export._write_xls({key: sheets[key] for key in keys}, "fr"))
    finally:
        odoo.sql_db.close_db(source)
        svk_db._drop(source)
    return paths, sheets, cutover


def _import_counts(env):
    """How many rows the tables of the models an import writes hold (archived too)."""
    counts = {}
    for model in IMPORT_MODELS:
        env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(env[model]._table)))
        counts[model] = env.cr.fetchone()[0]
    return counts


def _created(env, before):
    return {
        model: count - before[model]
        for model, count in _import_counts(env).items()
        if count != before[model]
    }


def _svk_import(db, path, cutover):
    """Import the workbook at `path` into `db` as production does a big file, as the
    administrator: the import record with the file and the cut-over date (the opening
    journal and counterpart account its defaults), its check (a request of its own,
    committed), then the import itself inline, in one transaction committed at the end.
    Returns (seconds, check's seconds, rows read, records created by model); stops the
    bench, with the errors, if the import did not write everything."""
    with open(path, "rb") as handle:
        data = handle.read()
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = admin_env(cr)
        before = _import_counts(env)
        cr.commit()
        started = time.perf_counter()
        attachment = env["ir.attachment"].create(
            {
                "name": os.path.basename(path),
                "datas": base64.b64encode(data),
                "res_model": "svk.import",
            }
        )
        record = env["svk.import"].create(
            {
                "name": os.path.basename(path),
                "cutover_date": cutover,
                "attachment_ids": [Command.set(attachment.ids)],
            }
        )
        check_started = time.perf_counter()
        record.action_check()
        cr.commit()
        check = time.perf_counter() - check_started
        if not record.message_line_ids:
            record._run_import()
            cr.commit()
        elapsed = time.perf_counter() - started
        errors = [
            f"{line.sheet_name or line.sheet or '-'}, row {line.row}"
            f"{', ' + line.column if line.column else ''}: {line.reason}"
            for line in record.message_line_ids
        ]
        if record.state != "done" or errors:
            for error in errors:
                sys.stderr.write(f"  {error}\n")
            fail(
                f"importing {os.path.basename(path)}: state {record.state!r}, "
                f"{len(errors)} errors (above), nothing imported"
            )
        rows = sum(record.sheet_ids.mapped("row_count"))
        counts = {
            sheet.sheet: (sheet.row_count, sheet.create_count, sheet.update_count)
            for sheet in record.sheet_ids
        }
        created = _created(env, before)
    note(
        f"svk.import of {os.path.basename(path)} in {elapsed:.1f} s (check {check:.1f} s): "
        f"sheets (rows, created, updated) {counts}; records created {created}"
    )
    return elapsed, check, rows, created


def _csv(rows):
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                ""
                if value is None
                else value.isoformat()
                if isinstance(value, datetime.date)
                else str(value)
                for value in row
            ]
        )
    return output.getvalue().encode()


def _base_import_files(sheets):
    """The buildings and units sheets as one fills them in for base_import: csv files
    with Odoo's field names as headers and the values Odoo expects (selection keys, 1/0,
    ISO dates); an external id on each row (the import keeps one per row too) by which
    a unit names its building; a unit's meters as one2many lines, one per row from the
    unit's own (an EAN column each, in ours); a unit's address written out, its
    building's when it has one (an empty cell would blank the address Odoo computes
    from the building). Returns [(model, file name, data, records, meters)]."""
    from odoo.addons.svk_import.importer.columns import (
        METER_COLUMNS,
        SHEET_BY_KEY,
        YES_NO,
        normalize,
    )
    from odoo.addons.svk_import.importer.loader import PLAIN

    def records(key):
        keys = [column.key for column in SHEET_BY_KEY[key].columns]
        return [dict(zip(keys, row, strict=True)) for row in sheets[key][1:]]

    def xmlid(kind, ref):
        return f"svk_bench_{kind}_{re.sub(r'[^0-9A-Za-z]+', '_', str(ref))}"

    def plain(key, values):
        """The columns the import writes as they are on the record (its loader's
        `PLAIN`), as base_import wants them: 1/0, selection keys."""
        row = []
        for name in PLAIN[key]:
            column, value = SHEET_BY_KEY[key].column(name), values[name]
            if value is not None and column.kind == "bool":
                value = "1" if YES_NO[normalize(value)] else "0"
            elif value is not None and column.kind == "choice":
                value = column.selection[normalize(value)]
            row.append(value)
        return row

    buildings = records("building")
    building_rows = [["id", "code", "country_id/id", *PLAIN["building"]]]
    address = {}
    for values in buildings:
        building_rows.append(
            [
                xmlid("building", values["ref"]),
                values["ref"],
                "base.be",
                *plain("building", values),
            ]
        )
        address[values["ref"]] = values
    unit_fields = [
        "id",
        "code",
        "building_id/id",
        "use_building_address",
        "street2",
        "street",
        "zip",
        "city",
        "country_id/id",
        *PLAIN["unit"],
    ]
    unit_rows = [[*unit_fields, "meter_ids/meter_type", "meter_ids/ean"]]
    units = records("unit")
    meters = 0
    for values in units:
        building = address.get(values["building"]) or values
        row = [
            xmlid("unit", values["ref"]),
            values["ref"],
            values["building"] and xmlid("building", values["building"]),
            "1" if values["building"] else "0",
            values["box"],
            building["street"],
            building["zip"],
            building["city"],
            "base.be",
            *plain("unit", values),
        ]
        unit_meters = [
            [meter_type, values[column]]
            for column, meter_type in METER_COLUMNS.items()
            if values.get(column)
        ] or [[None, None]]
        unit_rows.append(row + unit_meters[0])
        unit_rows += [[None] * len(unit_fields) + meter for meter in unit_meters[1:]]
        meters += sum(1 for meter in unit_meters if meter[0])
    return [
        ("svk.building", "buildings.csv", _csv(building_rows), len(buildings), 0),
        ("svk.unit", "units.csv", _csv(unit_rows), len(units), meters),
    ]


def _base_import(db, files):
    """Odoo's own import of `files` (see `_base_import_files`) into `db` as the
    administrator, as the web client does it: a base_import.import record per file,
    its preview (parse_preview, on upload), then execute_import with the columns
    mapped, in batches of the web client's 2000 records, each call committed. Returns
    (seconds, records created by model); stops the bench unless every row is imported."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = admin_env(cr, tracking_disable=True)
        before = _import_counts(env)
        cr.commit()
        started = time.perf_counter()
        imported = {}
        for model, file_name, data, _records, _meters in files:
            wizard = env["base_import.import"].create(
                {"res_model": model, "file": data, "file_name": file_name, "file_type": "text/csv"}
            )
            cr.commit()
            preview = wizard.parse_preview(dict(BASE_IMPORT_OPTIONS))
            if preview.get("error"):
                fail(f"base_import cannot read {file_name}: {preview['error']}")
            headers = preview["headers"]
            ids, skip = [], 0
            while True:
                # the web client sends its options afresh with each batch
                result = wizard.execute_import(
                    headers,
                    [header.lower() for header in headers],
                    dict(BASE_IMPORT_OPTIONS, skip=skip),
                )
                cr.commit()
                messages = result.get("messages") or []
                if messages or not result.get("ids"):
                    for message in messages[:20]:
                        sys.stderr.write(f"  {file_name}: {message.get('message')}\n")
                    fail(f"base_import of {file_name}: {len(messages)} messages (above)")
                ids += result["ids"]
                if not result.get("nextrow"):
                    break
                skip = result["nextrow"]
            imported[model] = len(ids)
        elapsed = time.perf_counter() - started
        created = _created(env, before)
    for model, file_name, _data, records, meters in files:
        if imported[model] != records or created.get(model, 0) != records:
            fail(
                f"base_import of {file_name}: {records} rows, {imported[model]} ids returned, "
                f"{created.get(model, 0)} {model} records created"
            )
        if meters and created.get("svk.meter", 0) != meters:
            fail(
                f"base_import of {file_name}: {meters} meters, "
                f"{created.get('svk.meter', 0)} created"
            )
    note(f"base_import in {elapsed:.1f} s: records created {created}")
    return elapsed, created


def measure(db, units, repeat):
    """Figures (suite "import"), the demo agency of `units` units exported as the
    import's xls workbook, imported into a new agency's database (a copy of its template
    each time):
    - import_agency_workbook: the whole workbook through svk.import, as production does
      a big file (check, then import inline, one transaction), against the budget and
      against Odoo's base_import loading the same buildings and units sheets.
    - import_portfolio_sheets: a workbook of the buildings and units sheets alone, against
      the same reference: like with like."""
    template = import_template()
    copies = [f"{db}_portfolio", f"{db}_reference"]
    try:
        with tempfile.TemporaryDirectory(prefix="svk_bench_import_") as folder:
            paths, sheets, cutover = _import_workbooks(units, folder)
            rows = {key: len(sheet_rows) - 1 for key, sheet_rows in sheets.items()}
            note(
                f"import {units}: workbook of {sum(rows.values())} rows {rows}, cut-over "
                f"{cutover}, {os.path.getsize(paths['agency'])} bytes"
            )
            for copy in copies:
                if svk_db._exists(copy):
                    svk_db._drop(copy)
                svk_db._copy_from_template(copy, template)
            ours = _svk_import(db, paths["agency"], cutover)
            portfolio = _svk_import(copies[0], paths["portfolio"], cutover)
        reference, _created_ref = _base_import(copies[1], _base_import_files(sheets))
    finally:
        for copy in copies:
            odoo.sql_db.close_db(copy)
            svk_db._drop(copy)
    for (_seconds, _check, read, _created), expected in (
        (ours, sum(rows.values())),
        (portfolio, rows["building"] + rows["unit"]),
    ):
        if read != expected:
            fail(f"the import read {read} rows of the workbook's {expected}")
    seconds, check, read, created = ours
    emit(
        "import_agency_workbook",
        units,
        seconds,
        IMPORT_REFERENCE,
        reference,
        rows=read,
        check_seconds=round(check, 2),
        records=sum(created.values()),
        budget_s=IMPORT_BUDGET,
    )
    seconds_p, check_p, read_p, created_p = portfolio
    emit(
        "import_portfolio_sheets",
        units,
        seconds_p,
        IMPORT_REFERENCE,
        reference,
        rows=read_p,
        check_seconds=round(check_p, 2),
        records=sum(created_p.values()),
    )
    if seconds > IMPORT_BUDGET:
        fail(
            f"the agency's workbook took {seconds:.0f} s, over the budget of {IMPORT_BUDGET:.0f} s"
        )
