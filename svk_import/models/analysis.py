"""Read an agency's files and check every row before anything is written.

`Analysis(env, company, files, cutover, mappings).run()` reads the files through Odoo's
base_import readers, recognises each sheet and its columns, parses every cell, checks
the references between sheets, the duplicates in the files and against the database, and
decides for each row whether it creates a record, updates one imported before (its
external reference) or changes nothing. It writes nothing.
"""

import base64
import csv
import datetime
import io
import mimetypes
import os
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from .columns import (
    IGNORED_HEADERS,
    METER_COLUMNS,
    SHEET_BY_KEY,
    SHEETS,
    Column,
    fuzzy_match,
    is_total,
    normalize,
    sheet_names,
    vocabulary,
)
from .parsers import PARSERS

MODULE = "svk_import"
OGM_COLUMNS = ("payment_reference", "third_payer_payment_reference")
INSTRUCTIONS = {"instructions", "instructies", "mode d emploi", "handleiding"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# (sheet, column) naming a row of the sheet of the column's name
REFERENCES = [
    ("unit", "building"),
    ("contract", "owner"),
    ("contract", "unit"),
    ("lease", "unit"),
    ("lease", "tenant"),
    ("balance", "lease"),
]
# the order in which sheets are written (each refers only to the ones before it)
ORDER = ["building", "unit", "owner", "contract", "tenant", "lease", "balance"]
# the key of the agency's choices of what a sheet holds, in the mappings
SHEET_CHOICE = "__sheet__"
# the key of the agency's own words for a choice column's values, in the mappings:
# (VALUE_CHOICE, sheet key, column key, normalized word): value
VALUE_CHOICE = "__value__"
# the choice columns whose words an agency may add to
AGENCY_WORDS = {("unit", "unit_type")}
HEADER_ROWS_SEARCHED = 10
# years after which a tenant's debt is time-barred (Civil Code art. 2277, periodic
# payments), unless the system parameter svk_import.debt_limitation_years says otherwise
DEBT_LIMITATION_YEARS = 5


class ImportRow:
    __slots__ = ("action", "cells", "errors", "number", "res_id", "values", "xmlid")

    def __init__(self, number, cells):
        self.number = number
        self.cells = cells
        self.values = {}
        self.errors = []  # (column label, reason)
        self.xmlid = None
        self.res_id = None
        self.action = None  # create, update, unchanged


class SheetData:
    def __init__(self, spec, name, file_name, headers, env):
        # the label's language is the env's: a queued import has no request to take it from
        self.env = env
        self.spec = spec
        self.name = name
        self.file_name = file_name
        self.headers = headers
        self.index = {}  # column key: cell index
        self.matches = []  # [cell index, header, column key, how, confidence]
        self.header_row = self.detected_header_row = 1
        self.unmapped = []  # (cell index, header)
        self.rows = []
        self.errors = []  # (row number, column label, reason): the sheet's own

    @property
    def label(self):
        return str(self.spec.label)


class Analysis:
    def __init__(
        self, env, company, files, cutover, mappings=None, progress=None, header_rows=None
    ):
        """`files`: [(file name, bytes)]; `mappings`: {(sheet key, normalized header):
        column key or "" to ignore, (SHEET_CHOICE, normalized sheet name): sheet key},
        the agency's saved choices; `header_rows`: {(file name, sheet name): the row of
        the headers}, the admin's choice where the detected one is wrong."""
        self.env = company.with_env(env).with_company(company).env
        self.company = company
        self.files = files
        self.cutover = cutover
        self.mappings = mappings or {}
        self.header_rows = header_rows or {}
        self.unknown_sheets = []  # {file_name, name, headers, header_row...}
        # words of a choice column the import does not know: {(sheet, column): {key: text}}
        self.unknown_words = defaultdict(dict)
        self.warnings = []  # (sheet key, row, column key, reason): shown, not blocking
        self.progress = progress or (lambda done, total, text: None)
        self.sheets = {}  # key: SheetData
        self.file_errors = []  # (file name, sheet name, reason)
        self.notes = []  # what was ignored, for the report

    # ---------------------------------------------------------------- reading
    def run(self):
        self.progress(0, 100, self.env._("Reading the files"))
        for file_name, content in self.files:
            self._read(file_name, content)
        if not any(sheet.rows for sheet in self.sheets.values()) and not self.file_errors:
            self.file_errors.append(
                ("", "", self.env._("The files hold no sheet of an agency's data (no rows)."))
            )
        self.progress(10, 100, self.env._("Checking the rows"))
        for key in ORDER:
            if key in self.sheets:
                self._parse(self.sheets[key])
        self._check_duplicates_in_files()
        self._find_existing()
        self._check_references()
        self._check_database()
        self._check_business()
        self._check_dates_across_sheets()
        self._decide()
        for key, number, column, reason in self.warnings:
            self.notes.append(
                self.env._(
                    "Warning: %(sheet)s, row %(row)s, %(column)s: %(reason)s",
                    sheet=self.sheets[key].name,
                    row=number,
                    column=SHEET_BY_KEY[key].column(column).label,
                    reason=reason,
                )
            )
        return self

    def _read(self, file_name, content):
        env = self.env
        if not content:
            self.file_errors.append((file_name, "", env._("The file is empty.")))
            return
        if content.startswith(OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in content:
            self.file_errors.append(
                (
                    file_name,
                    "",
                    env._("The file is protected by a password: save it without one and reload."),
                )
            )
            return
        importer = env["base_import.import"].create(
            {
                "res_model": "res.partner",
                "file": content,
                "file_name": file_name,
                "file_type": mimetypes.guess_type(file_name)[0] or guess_mimetype(content),
            }
        )
        options = {"quoting": '"', "separator": "", "encoding": "", "has_headers": True}
        try:
            first = importer._read_file(options)
        except (UserError, ValueError) as exc:
            self.file_errors.append((file_name, "", self._read_error(exc)))
            return
        sheets = options.get("sheets") or [os.path.splitext(os.path.basename(file_name))[0]]
        for index, sheet_name in enumerate(sheets):
            if index == 0:
                rows = first[1] if first else []
            else:
                options["sheet"] = sheet_name
                try:
                    rows = importer._read_file(options)[1]
                except (UserError, ValueError) as exc:
                    self.file_errors.append((file_name, sheet_name, self._read_error(exc)))
                    continue
            numbers = self._row_numbers(content, options, sheet_name, len(rows))
            self._add_sheet(file_name, sheet_name, list(rows), numbers)

    def _read_error(self, exc):
        text = str(exc.args[0] if exc.args else exc)
        cause = f"{exc.__cause__ or ''}".lower()
        if "encrypt" in cause or "password" in cause:
            return self.env._("The file is protected by a password: save it without one.")
        return self.env._(
            "The file cannot be read as a spreadsheet (xls, xlsx, ods or csv): %(reason)s",
            reason=text,
        )

    def _row_numbers(self, content, options, sheet_name, count):
        """The row numbers the spreadsheet shows for the non-empty rows base_import
        returns (it drops empty rows), so that an error names the row the user sees."""
        numbers = None
        try:
            if content.startswith(OLE_MAGIC):
                import xlrd

                sheet = xlrd.open_workbook(file_contents=content).sheet_by_name(sheet_name)
                numbers = [
                    rowx + 1
                    for rowx in range(sheet.nrows)
                    if any(
                        cell.ctype not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
                        and str(cell.value).strip()
                        for cell in sheet.row(rowx)
                    )
                ]
            elif content.startswith(b"PK") and options.get("sheet") in (None, sheet_name):
                import openpyxl

                try:
                    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
                except Exception:
                    book = None
                if book and sheet_name in book.sheetnames:
                    numbers = [
                        rowx
                        for rowx, row in enumerate(book[sheet_name].iter_rows(values_only=True), 1)
                        if any(value is not None and str(value).strip() for value in row)
                    ]
            elif options.get("encoding") and options.get("separator"):
                text = content.decode(options["encoding"])
                reader = csv.reader(
                    io.StringIO(text), quotechar='"', delimiter=options["separator"]
                )
                numbers = [
                    rowx for rowx, row in enumerate(reader, 1) if any(x.strip() for x in row)
                ]
        except (ValueError, KeyError, UnicodeDecodeError, csv.Error):
            numbers = None
        if not numbers or len(numbers) != count:
            numbers = list(range(1, count + 1))
        return numbers

    def _kind_by_name(self, file_name, sheet_name):
        names = {normalize(sheet_name)}
        names.add(normalize(os.path.splitext(os.path.basename(file_name))[0]))
        for name in names:
            chosen = self.mappings.get((SHEET_CHOICE, name))
            if chosen in SHEET_BY_KEY:
                return SHEET_BY_KEY[chosen]  # the agency said what this sheet holds
        for spec in SHEETS:
            if names & sheet_names(spec):
                return spec
        return None

    def _match_columns(self, spec, headers, fuzzy=True):
        """Each header's column: [(cell index, header, column key or None, how,
        confidence)], how being "exact" (the vocabulary), "agency" (the agency's choice),
        "fuzzy" (a close header, with its confidence) or "ignored"."""
        words = vocabulary(spec)
        found, taken, rest = [], set(), []
        for index, header in enumerate(headers):
            key = normalize(header)
            if not key or key in IGNORED_HEADERS:
                continue
            if (spec.key, key) in self.mappings:
                target = self.mappings[(spec.key, key)] or None
                how = "agency" if target else "ignored"
            else:
                target, how = words.get(key), "exact"
            if target in taken:
                target = None  # a second header for one column: the first one counts
            if target or how == "ignored":
                taken.add(target)
                found.append([index, header, target, how, 1.0])
            else:
                rest.append([index, header, None, None, 0.0])
        for line in rest:
            match = fuzzy and fuzzy_match(normalize(line[1]), words)
            if match and match[0] not in taken:
                taken.add(match[0])
                line[2:] = [match[0], "fuzzy", round(match[2], 2)]
            found.append(line)
        return sorted(found)

    def _header_score(self, spec, cells, fuzzy):
        headers = [str(c).strip() for c in cells]
        return sum(1 for line in self._match_columns(spec, headers, fuzzy) if line[2])

    def _kind_by_headers(self, headers):
        """The sheet whose required columns the headers all name, and most of its others."""
        best, best_score = None, 0
        for spec in SHEETS:
            matched = {line[2] for line in self._match_columns(spec, headers) if line[2]}
            required = {column.key for column in spec.columns if column.required}
            if required <= matched and len(matched) > best_score:
                best, best_score = spec, len(matched)
        return best

    def _header_index(self, file_name, sheet_name, rows, numbers, spec):
        """(index of the header row in `rows`, the index detected): the first row of the
        first ten that names the most columns (a title above it is not a header), unless
        the admin chose the row."""
        candidates = range(min(HEADER_ROWS_SEARCHED, len(rows)))
        specs = [spec] if spec else SHEETS
        detected, best = 0, 0
        for fuzzy in (False, True):
            for index in candidates:
                score = max(self._header_score(s, rows[index], fuzzy) for s in specs)
                if score > best:
                    detected, best = index, score
            if best >= 2:
                break
        chosen = self.header_rows.get((file_name, sheet_name))
        if chosen:
            later = [index for index, number in enumerate(numbers) if number >= chosen]
            return (later[0] if later else detected), detected
        return detected, detected

    def _add_sheet(self, file_name, sheet_name, rows, numbers):
        env = self.env
        where = sheet_name or file_name
        spec = self._kind_by_name(file_name, sheet_name)
        if not rows:
            if spec:
                self.notes.append(env._("Sheet %(sheet)s is empty.", sheet=where))
            return
        start, detected = self._header_index(file_name, sheet_name, rows, numbers, spec)
        headers = [str(h).strip() for h in rows[start]]
        spec = spec or self._kind_by_headers(headers)
        if not spec and normalize(sheet_name) in INSTRUCTIONS:
            return  # the templates' own explanations
        if not spec:
            self.unknown_sheets.append(
                {
                    "file_name": file_name,
                    "name": sheet_name,
                    "headers": headers,
                    "header_row": numbers[start],
                    "detected_header_row": numbers[detected],
                }
            )
            self.notes.append(
                env._(
                    "Sheet %(sheet)s of %(file)s is not one the import knows; it was ignored "
                    "(say what it holds under Sheets).",
                    sheet=sheet_name,
                    file=file_name,
                )
            )
            return
        if spec.key in self.sheets:
            other = self.sheets[spec.key]
            first = " / ".join((other.file_name, other.name))
            second = " / ".join((file_name, sheet_name))
            self.file_errors.append(
                (
                    file_name,
                    sheet_name,
                    env._(
                        "Two sheets hold %(kind)s: %(first)s and %(second)s. Keep one.",
                        kind=str(spec.label),
                        first=first,
                        second=second,
                    ),
                )
            )
            return
        sheet = SheetData(spec, sheet_name, file_name, headers, env)
        sheet.header_row = numbers[start]
        sheet.detected_header_row = numbers[detected]
        sheet.matches = self._match_columns(spec, headers)
        for index, header, target, _how, _confidence in sheet.matches:
            if target:
                sheet.index[target] = index
            elif _how != "ignored":
                sheet.unmapped.append((index, header))
        if start:
            self.notes.append(
                env._(
                    "Sheet %(sheet)s: the headers are on row %(row)s; the rows above them "
                    "(a title) were skipped.",
                    sheet=where,
                    row=numbers[start],
                )
            )
        for column in spec.columns:
            if column.required and column.key not in sheet.index:
                sheet.errors.append(
                    (
                        numbers[start],
                        str(column.label),
                        env._(
                            "The required column %(column)s is missing (headers: %(headers)s).",
                            column=str(column.label),
                            headers=", ".join(h for h in headers if h),
                        ),
                    )
                )
        totals = []
        for number, cells in zip(numbers[start + 1 :], rows[start + 1 :], strict=True):
            cells = [str(c) for c in cells]
            if is_total(cells):
                totals.append(str(number))
                continue
            sheet.rows.append(ImportRow(number, cells))
        if totals:
            self.notes.append(
                env._(
                    "Sheet %(sheet)s: rows %(rows)s are totals; they were skipped.",
                    sheet=where,
                    rows=", ".join(totals),
                )
            )
        blank = numbers[-1] - numbers[start] - (len(numbers) - start - 1)
        if blank > 0:
            self.notes.append(
                env._(
                    "Sheet %(sheet)s: %(count)s blank rows were skipped.", sheet=where, count=blank
                )
            )
        self.sheets[spec.key] = sheet

    # ---------------------------------------------------------------- parsing
    def _parse(self, sheet):
        env = self.env
        if sheet.errors:
            return  # a required column is missing: the rows cannot be read
        columns = [self._agency_column(sheet.spec.key, column) for column in sheet.spec.columns]
        for row in sheet.rows:
            for column in columns:
                index = sheet.index.get(column.key)
                text = row.cells[index] if index is not None and index < len(row.cells) else ""
                if not text.strip():
                    if column.required:
                        row.errors.append(
                            (str(column.label), env._("%(column)s is empty.", column=column.label))
                        )
                    continue
                value, error = PARSERS[column.kind](env, text, column)
                if error:
                    row.errors.append((str(column.label), error))
                    if (sheet.spec.key, column.key) in AGENCY_WORDS:
                        words = self.unknown_words[(sheet.spec.key, column.key)]
                        words.setdefault(normalize(text), text.strip())
                else:
                    row.values[column.key] = value

    def _agency_column(self, sheet_key, column):
        """The column with the agency's own words for its values added (a unit type)."""
        if (sheet_key, column.key) not in AGENCY_WORDS:
            return column
        words = {
            key[3]: value
            for key, value in self.mappings.items()
            if key[:3] == (VALUE_CHOICE, sheet_key, column.key)
        }
        if not words:
            return column
        return Column(
            column.key,
            column.label,
            column.kind,
            column.headers,
            column.required,
            {**column.selection, **words},
        )

    def _rows(self, key):
        sheet = self.sheets.get(key)
        return sheet.rows if sheet and not sheet.errors else []

    def _error(self, row, sheet_key, column_key, reason):
        row.errors.append((str(SHEET_BY_KEY[sheet_key].column(column_key).label), reason))

    def _check_duplicates_in_files(self):
        env = self.env
        # one row per reference (a contract has one row per unit)
        for key in ORDER:
            seen = {}
            for row in self._rows(key):
                if key == "balance":
                    ident = normalize(row.values.get("lease"))
                    column = "lease"
                elif key == "contract":
                    ident = (normalize(row.values.get("ref")), normalize(row.values.get("unit")))
                    column = "unit"
                else:
                    ident = normalize(row.values.get("ref"))
                    column = "ref"
                if not ident or (isinstance(ident, tuple) and not all(ident)):
                    continue
                if ident in seen:
                    self._error(
                        row,
                        key,
                        column,
                        env._("Duplicate of row %(row)s.", row=seen[ident].number),
                    )
                else:
                    seen[ident] = row
        self._same_value_twice("owner", "iban", env._("IBAN %(value)s is also on row %(row)s."))
        # a structured communication is one lease's, tenant or third payer side
        seen = {}
        for row in self._rows("lease"):
            for column in OGM_COLUMNS:
                value = row.values.get(column)
                if not value:
                    continue
                if value in seen:
                    self._error(
                        row,
                        "lease",
                        column,
                        env._(
                            "Structured communication %(value)s is also on row %(row)s.",
                            value=value,
                            row=seen[value],
                        ),
                    )
                else:
                    seen[value] = row.number
        eans = {}
        for row in self._rows("unit"):
            for column in METER_COLUMNS:
                ean = row.values.get(column)
                if ean and ean in eans:
                    self._error(
                        row,
                        "unit",
                        column,
                        env._("EAN %(value)s is also on row %(row)s.", value=ean, row=eans[ean]),
                    )
                elif ean:
                    eans[ean] = row.number
        addresses = {}
        for row in self._rows("unit"):
            address = self._unit_address_key(row.values)
            if not address:
                continue
            if address in addresses:
                self._error(
                    row,
                    "unit",
                    "box",
                    env._(
                        "Same address and box as row %(row)s: one unit is listed twice.",
                        row=addresses[address],
                    ),
                )
            else:
                addresses[address] = row.number

    def _same_value_twice(self, key, column, message):
        seen = {}
        for row in self._rows(key):
            value = row.values.get(column)
            if not value:
                continue
            if value in seen:
                self._error(row, key, column, message % {"value": value, "row": seen[value]})
            else:
                seen[value] = row.number

    def _unit_address_key(self, values):
        """Building (or street and zip) + box or name: where a unit is."""
        where = normalize(values.get("building")) or (
            normalize(values.get("street")) + "|" + normalize(values.get("zip"))
        )
        door = normalize(values.get("box")) or normalize(values.get("name"))
        if where.strip("|") and door:
            return (where, door)
        return None

    # ---------------------------------------------------------------- the database
    @staticmethod
    def xmlid_name(kind, company, ref):
        return f"{kind}_{company.id}_{normalize(ref).replace(' ', '_')}"

    def _find_existing(self):
        """Rows imported before are found by their external reference."""
        names = {}
        for key in ORDER:
            if key == "balance":
                continue
            for row in self._rows(key):
                if row.values.get("ref"):
                    row.xmlid = self.xmlid_name(key, self.company, row.values["ref"])
                    names.setdefault(row.xmlid, []).append(row)
        for row in self._rows("balance"):
            if row.values.get("lease"):
                row.xmlid = self.xmlid_name("balance", self.company, row.values["lease"])
                names.setdefault(row.xmlid, []).append(row)
        self.existing = {}  # xmlid: res_id, for the files' rows and their references
        wanted = set(names)
        for key, column in REFERENCES:
            for row in self._rows(key):
                if row.values.get(column):
                    # a column names the sheet of its own name: unit -> units...
                    wanted.add(self.xmlid_name(column, self.company, row.values[column]))
        if not wanted:
            return
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search_read(
                [("module", "=", MODULE), ("name", "in", list(wanted))], ["name", "res_id"]
            )
        )
        self.existing = {d["name"]: d["res_id"] for d in data}
        for name, rows in names.items():
            for row in rows:
                row.res_id = self.existing.get(name)

    def _ref_id(self, kind, ref):
        return self.existing.get(self.xmlid_name(kind, self.company, ref))

    def _check_references(self):
        env = self.env
        in_file = {
            key: {normalize(row.values.get("ref")): row for row in self._rows(key)}
            for key in ORDER
            if key != "balance"
        }
        for key, target in REFERENCES:
            column = target
            for row in self._rows(key):
                ref = row.values.get(column)
                if not ref:
                    continue
                if normalize(ref) in in_file[target] or self._ref_id(target, ref):
                    continue
                self._error(
                    row,
                    key,
                    column,
                    env._(
                        "%(kind)s %(ref)s is neither in sheet %(sheet)s nor imported before.",
                        kind=SHEET_BY_KEY[key].column(column).label,
                        ref=ref,
                        sheet=SHEET_BY_KEY[target].label,
                    ),
                )
        for row in self._rows("unit"):
            values = row.values
            if not values.get("building") and not (values.get("street") and values.get("zip")):
                self._error(
                    row,
                    "unit",
                    "building",
                    env._("A unit outside a building needs its street and postal code."),
                )

    def _check_database(self):
        """What the files would duplicate in the database: a bank account, a meter, a
        unit or a structured communication that is already another record's."""
        env = self.env
        company = self.company
        owners = [r for r in self._rows("owner") if r.values.get("iban")]
        if owners:
            banks = (
                env["res.partner.bank"]
                .sudo()
                .search_read(
                    [
                        ("sanitized_acc_number", "in", [r.values["iban"] for r in owners]),
                        ("company_id", "in", [company.id, False]),
                    ],
                    ["sanitized_acc_number", "partner_id"],
                )
            )
            holder = {b["sanitized_acc_number"]: b["partner_id"] for b in banks}
            for row in owners:
                partner = holder.get(row.values["iban"])
                if partner and partner[0] != row.res_id:
                    self._error(
                        row,
                        "owner",
                        "iban",
                        env._(
                            "IBAN %(iban)s already belongs to %(partner)s.",
                            iban=row.values["iban"],
                            partner=partner[1],
                        ),
                    )
        eans = {
            row.values[column]: (row, column)
            for row in self._rows("unit")
            for column in METER_COLUMNS
            if row.values.get(column)
        }
        if eans:
            meters = (
                env["svk.meter"]
                .sudo()
                .with_context(active_test=False)
                .search_read(
                    [("ean", "in", list(eans)), ("company_id", "=", company.id)],
                    ["ean", "unit_id", "display_name"],
                )
            )
            common = env._("a building's common areas")
            for meter in meters:
                row, column = eans[meter["ean"]]
                if not meter["unit_id"] or meter["unit_id"][0] != row.res_id:
                    self._error(
                        row,
                        "unit",
                        column,
                        env._(
                            "EAN %(ean)s is already the meter of %(unit)s.",
                            ean=meter["ean"],
                            unit=meter["unit_id"][1] if meter["unit_id"] else common,
                        ),
                    )
        new_units = [r for r in self._rows("unit") if not r.res_id]
        if new_units:
            boxes = {normalize(r.values.get("box")) for r in new_units if r.values.get("box")}
            if boxes:
                units = (
                    env["svk.unit"]
                    .sudo()
                    .with_context(active_test=False)
                    .search_read(
                        [("company_id", "=", company.id), ("street2", "!=", False)],
                        ["street", "zip", "street2", "display_name"],
                    )
                )
                where = {
                    (normalize(u["street"]), normalize(u["zip"]), normalize(u["street2"])): u
                    for u in units
                    if normalize(u["street2"]) in boxes
                }
                streets = self._unit_streets()
                for row in new_units:
                    street, zip_code = streets(row)
                    unit = where.get((street, zip_code, normalize(row.values.get("box"))))
                    if unit:
                        self._error(
                            row,
                            "unit",
                            "box",
                            env._(
                                "Unit %(unit)s is already at this address and box.",
                                unit=unit["display_name"],
                            ),
                        )
        for key, model, field in (
            ("building", "svk.building", "code"),
            ("unit", "svk.unit", "code"),
            ("contract", "svk.owner.contract", "name"),
            ("lease", "svk.lease", "name"),
        ):
            new = {
                r.values["ref"]: r for r in self._rows(key) if r.values.get("ref") and not r.res_id
            }
            if not new:
                continue
            taken = (
                env[model]
                .sudo()
                .with_context(active_test=False)
                .search_read([(field, "in", list(new)), ("company_id", "=", company.id)], [field])
            )
            for record in taken:
                self._error(
                    new[record[field]],
                    key,
                    "ref",
                    env._(
                        "Reference %(ref)s is already another record's in Odoo.", ref=record[field]
                    ),
                )
        ogms = {
            r.values["payment_reference"]: r
            for r in self._rows("lease")
            if r.values.get("payment_reference")
        }
        if ogms:
            leases = (
                env["svk.lease"]
                .sudo()
                .search_read(
                    [
                        "|",
                        ("payment_reference", "in", list(ogms)),
                        ("third_payer_payment_reference", "in", list(ogms)),
                        ("company_id", "=", company.id),
                    ],
                    ["name", "payment_reference", "third_payer_payment_reference"],
                )
            )
            for lease in leases:
                for reference in (
                    lease["payment_reference"],
                    lease["third_payer_payment_reference"],
                ):
                    row = ogms.get(reference)
                    if row and row.res_id != lease["id"]:
                        self._error(
                            row,
                            "lease",
                            "payment_reference",
                            self.env._(
                                "Structured communication %(ogm)s is already lease %(lease)s's.",
                                ogm=reference,
                                lease=lease["name"],
                            ),
                        )

    def _unit_streets(self):
        buildings = {normalize(r.values.get("ref")): r for r in self._rows("building")}
        db_buildings = {}
        refs = {
            r.values["building"]
            for r in self._rows("unit")
            if r.values.get("building") and normalize(r.values["building"]) not in buildings
        }
        ids = {ref: self._ref_id("building", ref) for ref in refs}
        if any(ids.values()):
            for building in self.env["svk.building"].sudo().browse([i for i in ids.values() if i]):
                db_buildings[building.id] = building

        def streets(row):
            values = row.values
            if values.get("building"):
                building = buildings.get(normalize(values["building"]))
                if building:
                    return normalize(building.values.get("street")), normalize(
                        building.values.get("zip")
                    )
                record = db_buildings.get(ids.get(values["building"]))
                if record:
                    return normalize(record.street), normalize(record.zip)
            return normalize(values.get("street")), normalize(values.get("zip"))

        return streets

    # ---------------------------------------------------------------- rules
    def _check_business(self):
        env = self.env
        # a contract is written on several rows: they must agree
        contracts = defaultdict(list)
        for row in self._rows("contract"):
            if row.values.get("ref"):
                contracts[normalize(row.values["ref"])].append(row)
        for rows in contracts.values():
            first = rows[0]
            for row in rows[1:]:
                for column in (
                    "owner",
                    "contract_type",
                    "date_start",
                    "date_end",
                    "duration",
                    "date_signature",
                    "payment_day",
                    "date_notice",
                ):
                    if row.values.get(column) != first.values.get(column):
                        self._error(
                            row,
                            "contract",
                            column,
                            env._(
                                "Contract %(ref)s says otherwise on row %(row)s.",
                                ref=row.values["ref"],
                                row=first.number,
                            ),
                        )
        for row in self._rows("contract"):
            values = row.values
            if values.get("payment_day") and not 1 <= values["payment_day"] <= 28:
                self._error(
                    row, "contract", "payment_day", env._("The payment day is between 1 and 28.")
                )
            if values.get("date_end") and values.get("date_start"):
                if values["date_end"] <= values["date_start"]:
                    self._error(
                        row, "contract", "date_end", env._("The contract ends before it starts.")
                    )
            elif values.get("date_start") and not values.get("duration"):
                self._error(
                    row,
                    "contract",
                    "date_end",
                    env._("Give the contract's end or its duration in years."),
                )
            if values.get("owner_rent") == 0:
                self._error(
                    row, "contract", "owner_rent", env._("The guaranteed rent cannot be zero.")
                )
        running_contract = {}
        for rows in contracts.values():
            for row in rows:
                if self._contract_state(row.values) not in ("active", "notice"):
                    continue
                unit = normalize(row.values.get("unit"))
                if unit in running_contract:
                    self._error(
                        row,
                        "contract",
                        "unit",
                        env._(
                            "The unit already has a running contract on row %(row)s.",
                            row=running_contract[unit],
                        ),
                    )
                else:
                    running_contract[unit] = row.number
        running_lease = defaultdict(list)
        for row in self._rows("lease"):
            values = row.values
            start, end = values.get("date_start"), values.get("date_end")
            if start and end and end < start:
                self._error(row, "lease", "date_end", env._("The lease ends before it starts."))
                continue
            kind = values.get("lease_type", "standard")
            limit = {"transit": 18, "short": 36}.get(kind)
            if limit and start and not end:
                self._error(row, "lease", "date_end", env._("A transit or short lease has an end."))
            elif limit and start and end > start + relativedelta(months=limit, days=-1):
                self._error(
                    row,
                    "lease",
                    "date_end",
                    env._("This lease type lasts at most %(months)s months.", months=limit),
                )
            rent = values.get("rent")
            if rent is not None and values.get("guarantee_amount", 0) > 2 * rent + 0.005:
                self._error(
                    row,
                    "lease",
                    "guarantee_amount",
                    env._("The rental guarantee is at most two months' rent in Brussels."),
                )
            if values.get("third_payer_amount"):
                if not values.get("third_payer"):
                    self._error(row, "lease", "third_payer", env._("Who is the third payer?"))
                elif rent is not None and values["third_payer_amount"] > rent + 0.005:
                    self._error(
                        row,
                        "lease",
                        "third_payer_amount",
                        env._("The third payer pays at most the rent."),
                    )
            if rent == 0:
                self._error(row, "lease", "rent", env._("The rent cannot be zero."))
            if self._lease_state(values) in ("active", "notice") and values.get("unit"):
                running_lease[normalize(values["unit"])].append(row)
        for rows in running_lease.values():
            for index, row in enumerate(rows):
                for other in rows[:index]:
                    if self._overlap(row.values, other.values):
                        self._error(
                            row,
                            "lease",
                            "unit",
                            env._(
                                "The unit is let to row %(row)s's tenant at the same time.",
                                row=other.number,
                            ),
                        )
                        break
        leases = {normalize(r.values.get("ref")): r for r in self._rows("lease")}
        for row in self._rows("balance"):
            due = row.values.get("date_due")
            if due and self.cutover and due > self.cutover:
                self._error(
                    row,
                    "balance",
                    "date_due",
                    env._(
                        "The oldest due date is after the cut-over date (%(date)s).",
                        date=self.cutover,
                    ),
                )
            lease = leases.get(normalize(row.values.get("lease")))
            if (
                lease
                and lease.values.get("date_start")
                and due
                and due < lease.values["date_start"] - relativedelta(months=1)
            ):
                self._error(
                    row,
                    "balance",
                    "date_due",
                    env._(
                        "The debt is older than the lease (it starts %(date)s).",
                        date=lease.values["date_start"],
                    ),
                )

    def _contract_end(self, values):
        if values.get("date_end"):
            return values["date_end"]
        if values.get("duration") and values.get("date_start"):
            return values["date_start"] + relativedelta(months=values["duration"], days=-1)
        return None

    def _lease_end(self, values):
        if values.get("date_end"):
            return values["date_end"]
        if values.get("lease_type", "standard") == "standard":
            return values["date_start"] + relativedelta(months=108, days=-1)
        return None

    def _check_dates_across_sheets(self):
        """The dates one sheet's rows set for another's: a unit is in one owner contract
        at a time, a lease runs inside its unit's contract, an ended lease's old debt."""
        env = self.env
        far = datetime.date.max
        periods = defaultdict(list)  # unit: [(start, end, contract row)]
        for row in self._rows("contract"):
            values = row.values
            if values.get("unit") and values.get("date_start"):
                periods[normalize(values["unit"])].append(
                    (values["date_start"], self._contract_end(values), row)
                )
        running = ("active", "notice")
        for unit_periods in periods.values():
            for index, (start, end, row) in enumerate(unit_periods):
                for other_start, other_end, other in unit_periods[:index]:
                    if normalize(other.values["ref"]) == normalize(row.values["ref"]):
                        continue  # the same contract twice: a duplicate row, said elsewhere
                    if self._contract_state(row.values) in running and (
                        self._contract_state(other.values) in running
                    ):
                        continue  # two running contracts: said in _check_business
                    if start <= (other_end or far) and other_start <= (end or far):
                        self._error(
                            row,
                            "contract",
                            "unit",
                            env._(
                                "The unit is also in contract %(ref)s (row %(row)s) over the "
                                "same period: a unit is in one owner contract at a time.",
                                ref=other.values["ref"],
                                row=other.number,
                            ),
                        )
                        break
        for row in self._rows("lease"):
            values = row.values
            unit_periods = periods.get(normalize(values.get("unit")))
            start = values.get("date_start")
            if not unit_periods or not start:
                continue
            first = min(unit_periods, key=lambda p: p[0])
            # from the cut-over on, the suite pays the owner and bills the tenant: the
            # agency must hold the unit then; before, only the history is at stake (a
            # renewed contract's predecessor is often not in the files)
            since = max(start, self.cutover)
            lease_end = self._lease_end(values) or far
            if since <= lease_end and not any(p[0] <= since <= (p[1] or far) for p in unit_periods):
                self._error(
                    row,
                    "lease",
                    "date_start",
                    env._(
                        "On %(date)s the lease runs but its unit is in no owner contract "
                        "(contract %(contract)s, row %(row)s, starts %(start)s): the agency "
                        "has no right to let the unit then.",
                        date=since,
                        contract=first[2].values["ref"],
                        row=first[2].number,
                        start=first[0],
                    ),
                )
                continue
            if start < first[0]:
                self.warnings.append(
                    (
                        "lease",
                        row.number,
                        "date_start",
                        env._(
                            "the lease starts before its unit's owner contract %(contract)s "
                            "(row %(row)s, from %(start)s); add the earlier contract if the "
                            "agency held the unit then.",
                            contract=first[2].values["ref"],
                            row=first[2].number,
                            start=first[0],
                        ),
                    )
                )
            last = max(unit_periods, key=lambda p: p[1] or far)
            if last[1] and lease_end > last[1]:
                self.warnings.append(
                    (
                        "lease",
                        row.number,
                        "date_end",
                        env._(
                            "the lease runs after its unit's owner contract %(contract)s "
                            "(row %(row)s) ends on %(end)s: renew the contract or end the lease.",
                            contract=last[2].values["ref"],
                            row=last[2].number,
                            end=last[1],
                        ),
                    )
                )
        years = int(
            env["ir.config_parameter"]
            .sudo()
            .get_param("svk_import.debt_limitation_years", DEBT_LIMITATION_YEARS)
        )
        leases = {normalize(r.values.get("ref")): r for r in self._rows("lease")}
        for row in self._rows("balance"):
            lease = leases.get(normalize(row.values.get("lease")))
            due = row.values.get("date_due")
            if (
                lease
                and due
                and row.values.get("amount", 0) > 0
                and self._lease_state(lease.values) == "ended"
                and due < self.cutover - relativedelta(years=years)
            ):
                self.warnings.append(
                    (
                        "balance",
                        row.number,
                        "date_due",
                        env._(
                            "lease %(lease)s has ended and its debt is due since %(date)s, more "
                            "than %(years)s years before the cut-over: it may be time-barred.",
                            lease=lease.values["ref"],
                            date=due,
                            years=years,
                        ),
                    )
                )

    @staticmethod
    def _overlap(first, second):
        far = first["date_start"] + relativedelta(years=999)
        return first["date_start"] <= (second.get("date_end") or far) and second["date_start"] <= (
            first.get("date_end") or far
        )

    def _contract_state(self, values):
        start, end = values.get("date_start"), values.get("date_end")
        if not start:
            return None
        if not end and values.get("duration"):
            end = start + relativedelta(months=values["duration"], days=-1)
        if start > self.cutover:
            return "draft"
        if end and end < self.cutover:
            return "ended"
        return "notice" if values.get("date_notice") else "active"

    def _lease_state(self, values):
        start = values.get("date_start")
        if not start:
            return None
        end = values.get("date_end")
        if not end and values.get("lease_type", "standard") == "standard":
            end = start + relativedelta(months=108, days=-1)
        if start > self.cutover:
            return "draft"
        if end and end < self.cutover:
            return "ended"
        return "notice" if values.get("date_notice") else "active"

    # ---------------------------------------------------------------- the plan
    def _decide(self):
        for key in ORDER:
            for row in self._rows(key):
                row.action = "update" if row.res_id else "create"

    @property
    def errors(self):
        """[(sheet label, sheet name, row, column, reason)], in the files' order."""
        result = [("", sheet or name, 0, "", reason) for name, sheet, reason in self.file_errors]
        for key in ORDER:
            sheet = self.sheets.get(key)
            if not sheet:
                continue
            for number, column, reason in sheet.errors:
                result.append((sheet.label, sheet.name, number, column, reason))
            for row in sheet.rows:
                for column, reason in row.errors:
                    result.append((sheet.label, sheet.name, row.number, column, reason))
        return result

    def counts(self):
        """{sheet key: {"create": n, "update": n, "unchanged": n, "error": n}}: a row
        imported before is "update" until the import finds nothing in it changed."""
        result = {}
        for key in ORDER:
            sheet = self.sheets.get(key)
            if not sheet:
                continue
            if key == "contract":
                rows = {}
                for row in sheet.rows:
                    rows.setdefault(normalize(row.values.get("ref")), []).append(row)
                groups = list(rows.values())
            else:
                groups = [[row] for row in sheet.rows]
            counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
            for group in groups:
                if any(row.errors for row in group) or sheet.errors:
                    counts["error"] += 1
                else:
                    counts[group[0].action] += 1
            result[key] = counts
        return result


def decode_file(data):
    return base64.b64decode(data) if data else b""
