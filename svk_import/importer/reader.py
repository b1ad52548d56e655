"""Read an agency's files into sheets of rows, and parse every cell.

The files are read through Odoo's base_import readers (xls, xlsx, ods, csv); each sheet is
recognised by its name or its headers, each header matched to one of the import's columns
(`columns.py`), and each cell parsed by its column's kind (`parsers.py`). Nothing here
reads or writes the database but the reader base_import gives.
"""

import csv
import io
import mimetypes
import os

from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from .columns import (
    IGNORED_HEADERS,
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

INSTRUCTIONS = {"instructions", "instructies", "mode d emploi", "handleiding"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# the key of the agency's choices of what a sheet holds, in the mappings
SHEET_CHOICE = "__sheet__"
# the key of the agency's own words for a choice column's values, in the mappings:
# (VALUE_CHOICE, sheet key, column key, normalized word): value
VALUE_CHOICE = "__value__"
# the choice columns whose words an agency may add to
AGENCY_WORDS = {("unit", "unit_type")}
HEADER_ROWS_SEARCHED = 10


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


class SheetReader:
    """Reads `files` into `sheets` ({sheet key: SheetData}), noting what it cannot read in
    `file_errors`, `unknown_sheets`, `unknown_words` and `notes`; the analysis that
    inherits it sets those attributes."""

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
