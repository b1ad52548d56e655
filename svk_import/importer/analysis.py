"""Read an agency's files and check every row before anything is written.

`Analysis(env, company, files, cutover, mappings).run()` reads the files through Odoo's
base_import readers (`reader.py`), recognises each sheet and its columns, parses every
cell, finds the rows imported before, runs the checks (`checks.py`: the references between
sheets, the duplicates in the files and against the database, the lease and contract
rules) and decides for each row whether it creates a record, updates one imported before
(its external reference) or changes nothing. It writes nothing.
"""

from collections import defaultdict

from odoo.addons.svk_housing.rules import lease_default_end, term_end

from .checks import CHECKS
from .columns import ORDER, REFERENCES, SHEET_BY_KEY, normalize
from .reader import SheetReader

MODULE = "svk_import"


class Analysis(SheetReader):
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
        self._find_existing()
        for check in CHECKS:
            check(self)
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

    def rows(self, key):
        """The rows of sheet `key`, none if the sheet cannot be read."""
        sheet = self.sheets.get(key)
        return sheet.rows if sheet and not sheet.errors else []

    def add_error(self, row, sheet_key, column_key, reason):
        row.errors.append((str(SHEET_BY_KEY[sheet_key].column(column_key).label), reason))

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
            for row in self.rows(key):
                if row.values.get("ref"):
                    row.xmlid = self.xmlid_name(key, self.company, row.values["ref"])
                    names.setdefault(row.xmlid, []).append(row)
        for row in self.rows("balance"):
            if row.values.get("lease"):
                row.xmlid = self.xmlid_name("balance", self.company, row.values["lease"])
                names.setdefault(row.xmlid, []).append(row)
        self.existing = {}  # xmlid: res_id, for the files' rows and their references
        wanted = set(names)
        for key, column in REFERENCES:
            for row in self.rows(key):
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

    def ref_id(self, kind, ref):
        return self.existing.get(self.xmlid_name(kind, self.company, ref))

    def contract_end(self, values):
        if values.get("date_end"):
            return values["date_end"]
        if values.get("duration") and values.get("date_start"):
            return term_end(values["date_start"], values["duration"])
        return None

    def lease_end(self, values):
        if values.get("date_end"):
            return values["date_end"]
        return lease_default_end(values.get("lease_type", "standard"), values["date_start"])

    def contract_state(self, values):
        start, end = values.get("date_start"), values.get("date_end")
        if not start:
            return None
        if not end and values.get("duration"):
            end = term_end(start, values["duration"])
        if start > self.cutover:
            return "draft"
        if end and end < self.cutover:
            return "ended"
        return "notice" if values.get("date_notice") else "active"

    def lease_state(self, values):
        start = values.get("date_start")
        if not start:
            return None
        end = values.get("date_end")
        if not end:
            end = lease_default_end(values.get("lease_type", "standard"), start)
        if start > self.cutover:
            return "draft"
        if end and end < self.cutover:
            return "ended"
        return "notice" if values.get("date_notice") else "active"

    # ---------------------------------------------------------------- the plan
    def _decide(self):
        for key in ORDER:
            for row in self.rows(key):
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
