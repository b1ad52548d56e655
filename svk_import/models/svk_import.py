import base64
import io
import logging
import time

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.svk_housing.models.svk_unit import UNIT_TYPES

from ..importer.analysis import MODULE, Analysis
from ..importer.columns import ORDER, SHEET_BY_KEY, SHEETS
from ..importer.loader import ImportFailed, Loader

_logger = logging.getLogger(__name__)

STATES = [
    ("draft", "To check"),
    ("checked", "Checked"),
    ("queued", "Importing"),
    ("done", "Imported"),
]
SHEET_KEYS = [
    ("building", "Buildings"),
    ("unit", "Units"),
    ("owner", "Owners"),
    ("contract", "Owner contracts"),
    ("tenant", "Tenants"),
    ("lease", "Leases"),
    ("balance", "Opening balances"),
]
MATCHES = [
    ("exact", "Known header"),
    ("agency", "Agency's choice"),
    ("fuzzy", "Close header"),
    ("ignored", "Ignored"),
]
# above this many rows, the import runs as a background job with a progress bar
BACKGROUND_ROWS = 1500


def column_choices(_model):
    lang = _model.env.lang
    return [("__ignore__", _model.env._("Ignore this column"))] + [
        (
            f"{sheet.key}.{column.key}",
            f"{sheet.label._translate(lang)} ‣ {column.label._translate(lang)}",
        )
        for sheet in SHEETS
        for column in sheet.columns
    ]


class SvkImport(models.Model):
    _name = "svk.import"
    _description = "Import of an agency's files"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("New import"))
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Files",
        help="One workbook (xls, xlsx, ods) with a sheet per kind of record, or one file "
        "per sheet (csv too).",
    )
    cutover_date = fields.Date(
        string="Cut-over date",
        required=True,
        default=fields.Date.context_today,
        help="The day the agency moves to Odoo: leases running that day are active, the "
        "opening balances are booked that day.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Opening journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        default=lambda self: self._default_journal(),
    )
    counterpart_account_id = fields.Many2one(
        "account.account",
        string="Counterpart account",
        check_company=True,
        default=lambda self: self._default_counterpart(),
        help="The other side of the opening balances (tenants' receivable on one side). "
        "By default the suspense account 499.",
    )
    state = fields.Selection(STATES, default="draft", required=True, tracking=True)
    sheet_ids = fields.One2many(
        "svk.import.sheet",
        "import_id",
        string="Sheets",
        domain=[("sheet", "!=", False)],
        help="The header row can be changed when the one found is not the right one.",
    )
    unknown_sheet_ids = fields.One2many(
        "svk.import.sheet",
        "import_id",
        string="Sheets not recognised",
        domain=[("sheet", "=", False)],
        help="Say what each sheet holds; the choice is kept for this agency's next imports.",
    )
    message_line_ids = fields.One2many(
        "svk.import.message", "import_id", string="Errors", readonly=True
    )
    column_ids = fields.One2many(
        "svk.import.column",
        "import_id",
        domain=[("word", "=", False)],
        string="Columns",
        help="Each header of the files and the column it was read as; change the column "
        "where it is wrong. The choice is kept for the next imports of this agency.",
    )

    word_ids = fields.One2many(
        "svk.import.column",
        "import_id",
        domain=[("word", "!=", False)],
        string="Unit types not recognised",
        help="Say which of the suite's types each of the agency's words stands for; the "
        "choice is kept for the next imports of this agency.",
    )
    error_count = fields.Integer(compute="_compute_counts", string="Errors found")
    create_count = fields.Integer(compute="_compute_counts", string="To create")
    update_count = fields.Integer(compute="_compute_counts", string="To update")
    unchanged_count = fields.Integer(compute="_compute_counts", string="Unchanged")
    notes = fields.Text(readonly=True)
    report_file = fields.Binary(string="Error report", attachment=True, readonly=True)
    report_filename = fields.Char()
    progress = fields.Float(readonly=True)
    progress_text = fields.Char(readonly=True)
    result = fields.Text(readonly=True)

    @api.model
    def _default_journal(self):
        # sudo: the SVK manager who imports need not read the books; the default is the
        # agency's miscellaneous journal
        Journal = self.env["account.journal"].sudo()
        return Journal.search(
            [*Journal._check_company_domain(self.env.company), ("type", "=", "general")],
            limit=1,
        )

    @api.model
    def _default_counterpart(self):
        Account = self.env["account.account"].sudo()
        return Account.search(
            [*Account._check_company_domain(self.env.company), ("code", "=like", "499%")],
            limit=1,
            order="code",
        )

    @api.depends("sheet_ids", "message_line_ids")
    def _compute_counts(self):
        for record in self:
            record.error_count = len(record.message_line_ids)
            record.create_count = sum(record.sheet_ids.mapped("create_count"))
            record.update_count = sum(record.sheet_ids.mapped("update_count"))
            record.unchanged_count = sum(record.sheet_ids.mapped("unchanged_count"))

    # ---------------------------------------------------------------- actions
    def action_check(self):
        """Read and check the files; write nothing but the report."""
        self.ensure_one()
        self._store(self._analyse())
        return True

    def action_save_columns(self):
        """Keep the agency's choices for the headers (the ones chosen or changed here) and
        for what the unrecognised sheets hold, then check again."""
        self.ensure_one()
        Mapping = self.env["svk.import.mapping"]
        for line in self.word_ids.filtered("unit_type"):
            Mapping._remember_unit_type(self.company_id, line.word, line.unit_type)
        for sheet in self.unknown_sheet_ids.filtered("holds"):
            Mapping._remember_sheet(self.company_id, sheet.holds, sheet.name or sheet.file_name)
        for line in self.column_ids.filtered(lambda c: c.target and c.target != c.found_target):
            sheet, column = ([*line.target.split("."), ""])[:2]
            if line.target == "__ignore__":
                sheet, column = line.sheet, ""
            if sheet != line.sheet:
                raise UserError(
                    self.env._(
                        "Header %(header)s of sheet %(sheet)s cannot be a column of another sheet.",
                        header=line.header,
                        sheet=line.sheet_label,
                    )
                )
            Mapping._remember(self.company_id, sheet, line.header, column)
        return self.action_check()

    def action_import(self):
        """Check again, then write everything or nothing."""
        self.ensure_one()
        if self.state in ("queued", "done"):
            raise UserError(self.env._("This import has already run."))
        analysis = self._analyse()
        if analysis.errors:
            self._store(analysis)
            raise UserError(
                self.env._(
                    "%(count)s errors remain: nothing was imported. Fix them in the files (the "
                    "error report lists them) and load the files again.",
                    count=len(analysis.errors),
                )
            )
        rows = sum(len(sheet.rows) for sheet in analysis.sheets.values())
        threshold = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("svk_import.background_rows", BACKGROUND_ROWS)
        )
        if rows > threshold and not self.env.context.get("svk_import_inline"):
            self.write({"state": "queued", "progress": 0.0, "progress_text": False})
            self.with_delay(description=self.display_name)._job_import()
            return True
        self._run_import()
        return True

    def action_reset(self):
        self.ensure_one()
        if self.state == "queued":
            raise UserError(self.env._("The import is running."))
        self.write({"state": "draft", "result": False})
        return True

    def action_download_report(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/svk.import/{self.id}/report_file/{self.report_filename}"
            "?download=true",
            "target": "self",
        }

    @api.model
    def _record_of(self, company, kind, ref):
        """The record an agency's file reference stands for (sheet key `kind`)."""
        name = Analysis.xmlid_name(kind, company, ref)
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", MODULE), ("name", "=", name)], limit=1)
        )
        return self.env[data.model].browse(data.res_id) if data else self.env["svk.building"]

    # ---------------------------------------------------------------- the work
    def _files(self):
        return [
            (attachment.name, base64.b64decode(attachment.datas or b""))
            for attachment in self.attachment_ids.sorted("id")
        ]

    def _analyse(self, progress=None):
        if not self.attachment_ids:
            raise UserError(self.env._("Add the agency's files first."))
        mappings = self.env["svk.import.mapping"]._mappings(self.company_id)
        # the header rows the admin changed in the preview
        header_rows = {
            (sheet.file_name, sheet.name): sheet.header_row
            for sheet in self.sheet_ids | self.unknown_sheet_ids
            if sheet.header_row and sheet.header_row != sheet.detected_header_row
        }
        analysis = Analysis(
            self.env,
            self.company_id,
            self._files(),
            self.cutover_date,
            mappings,
            progress,
            header_rows,
        ).run()
        self._check_balance_rights(analysis)
        return analysis

    def _check_balance_rights(self, analysis):
        """Opening balances are journal entries: only a user with Odoo's invoicing right
        (Accounting / Billing) imports them. For anyone else the sheet is an error, so that
        nothing of the import is written."""
        sheet = analysis.sheets.get("balance")
        if not sheet or not sheet.rows or self.env.su:
            return
        if not self.env.user.has_group("account.group_account_invoice"):
            sheet.errors.append(
                (
                    0,
                    "",
                    self.env._(
                        "Opening balances are journal entries: only a user with the "
                        "accounting right Invoicing (Billing) imports them. Ask your "
                        "accountant, or remove this sheet to import the rest."
                    ),
                )
            )

    def _store(self, analysis):
        """The preview: counts per sheet, each error, the headers not recognised and the
        error workbook."""
        errors = analysis.errors
        counts = analysis.counts()
        column_lines = [
            {
                "sheet": key,
                "header": header,
                "target": f"{key}.{target}" if target else ("__ignore__" if how else False),
                "found_target": f"{key}.{target}" if target else ("__ignore__" if how else False),
                "match": how or False,
                "confidence": round(100 * confidence),
            }
            for key in ORDER
            if key in analysis.sheets
            for _index, header, target, how, confidence in analysis.sheets[key].matches
        ] + [
            {
                "sheet": sheet_key,
                "header": str(SHEET_BY_KEY[sheet_key].column(column_key).label),
                "word": word,
            }
            for (sheet_key, column_key), words in analysis.unknown_words.items()
            for word in words.values()
        ]
        sheets = [
            {
                "sheet": key,
                "name": analysis.sheets[key].name,
                "file_name": analysis.sheets[key].file_name,
                "row_count": len(analysis.sheets[key].rows),
                "create_count": counts[key]["create"],
                "update_count": counts[key]["update"],
                "unchanged_count": counts[key]["unchanged"],
                "error_count": counts[key]["error"],
                "header_row": analysis.sheets[key].header_row,
                "detected_header_row": analysis.sheets[key].detected_header_row,
            }
            for key in ORDER
            if key in counts
        ] + [
            {
                "name": unknown["name"],
                "file_name": unknown["file_name"],
                "headers": ", ".join(h for h in unknown["headers"] if h),
                "header_row": unknown["header_row"],
                "detected_header_row": unknown["detected_header_row"],
            }
            for unknown in analysis.unknown_sheets
        ]
        (self.sheet_ids | self.unknown_sheet_ids).unlink()
        self.word_ids.unlink()
        self.message_line_ids.unlink()
        self.column_ids.unlink()
        vals = {
            "sheet_ids": [(0, 0, vals) for vals in sheets],
            "message_line_ids": [
                (
                    0,
                    0,
                    {
                        "sequence": index,
                        "sheet": label or name,
                        "sheet_name": name,
                        "row": row,
                        "column": column,
                        "reason": reason,
                    },
                )
                for index, (label, name, row, column, reason) in enumerate(errors)
            ],
            "column_ids": [(0, 0, vals) for vals in column_lines],
            "notes": "\n".join(analysis.notes) or False,
            "state": "checked",
            "report_file": False,
            "report_filename": False,
        }
        if errors:
            vals.update(
                report_file=base64.b64encode(self._error_workbook(analysis)),
                report_filename=self.env._("import errors") + ".xlsx",
            )
        self.write(vals)

    def _job_import(self):
        """The queued import: progress goes out through its own cursor (the job's
        transaction holds the records until it ends, and the user watches meanwhile)."""
        self.ensure_one()
        job = self.with_context(svk_import_progress_cursor=True)
        job._set_progress(1, 100, self.env._("Starting"))
        try:
            job._run_import()
        except Exception as exc:
            # the job's transaction is lost: say so on the import, from its own cursor,
            # so that it does not stay "importing" for ever
            with self.env.registry.cursor() as cr:
                cr.execute(
                    SQL(
                        "UPDATE svk_import SET state = 'checked', result = %s WHERE id = %s",
                        self.env._("The import failed, nothing was written: %(error)s", error=exc),
                        self.id,
                    )
                )
            raise

    def _run_import(self, progress=None):
        """Everything or nothing: the rows are written in one savepoint, rolled back on
        any row's error, which the preview then shows."""
        self.ensure_one()
        started = time.monotonic()
        progress = progress or self._set_progress
        analysis = self._analyse(progress)
        if analysis.errors:
            self._store(analysis)
            return False
        try:
            with self.env.cr.savepoint():
                done = Loader(
                    analysis, self.journal_id, self.counterpart_account_id, progress
                ).run()
                if "balance" in analysis.sheets and not (
                    self.journal_id and self.counterpart_account_id
                ):
                    raise UserError(
                        self.env._("Choose the opening journal and the counterpart account.")
                    )
        except ImportFailed:
            self._store(analysis)
            self.write({"state": "checked"})
            return False
        except UserError as exc:
            self._store(analysis)
            self.write(
                {
                    "state": "checked",
                    "message_line_ids": [
                        (0, 0, {"sequence": 0, "sheet": "", "row": 0, "reason": exc.args[0]})
                    ],
                }
            )
            return False
        counts = analysis.counts()
        lines = [
            self.env._(
                "%(sheet)s: %(create)s created, %(update)s updated, %(unchanged)s unchanged",
                sheet=analysis.sheets[key].label,
                create=counts[key]["create"],
                update=counts[key]["update"],
                unchanged=counts[key]["unchanged"],
            )
            for key in ORDER
            if key in counts
        ]
        seconds = round(time.monotonic() - started, 1)
        lines.append(self.env._("%(seconds)s seconds", seconds=seconds))
        self._store(analysis)
        self.write(
            {
                "state": "done",
                "result": "\n".join(lines),
                "progress": 100.0,
                "progress_text": self.env._("Done"),
            }
        )
        self._log_result(lines)
        _logger.info("svk_import %s: %s records written in %ss", self.id, done, seconds)
        return True

    def _log_result(self, lines):
        """The result in the chatter, once the data is written: a log note, which needs
        no sender's e-mail address (a manager may have none); a failure here is named
        on the import and undoes nothing."""
        try:
            with self.env.cr.savepoint():
                self._message_log(body="\n".join(lines))
        except (AccessError, UserError, ValidationError) as exc:
            _logger.warning("svk_import %s: result not posted: %s", self.id, exc)
            reason = exc.args[0] if exc.args else str(exc)
            failure = self.env._(
                "Imported; the result could not be posted in the chatter: %(reason)s",
                reason=reason,
            )
            self.result = "\n".join([*lines, failure])

    def _set_progress(self, done, total=100, text=""):
        if not self.env.context.get("svk_import_progress_cursor"):
            return
        with self.env.registry.cursor() as cr:
            # its own transaction, committed at once, so that the form shows it now
            cr.execute(
                SQL(
                    "UPDATE svk_import SET progress = %s, progress_text = %s WHERE id = %s",
                    round(100.0 * done / (total or 100), 1),
                    str(text),
                    self.id,
                )
            )

    def _error_workbook(self, analysis):
        """The files' rows again, a sheet per sheet, each faulty row in red with its
        reasons in an added column; first, the list of every error."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_numbers": False})
        bold = book.add_format({"bold": True})
        red = book.add_format({"bg_color": "#F8D7DA"})
        listing = book.add_worksheet(self.env._("Errors")[:31])
        for col, title in enumerate(
            (self.env._("Sheet"), self.env._("Row"), self.env._("Column"), self.env._("Error"))
        ):
            listing.write(0, col, title, bold)
        for index, (label, name, row, column, reason) in enumerate(analysis.errors, 1):
            listing.write_row(index, 0, [name or label, row or "", column, reason])
        listing.set_column(0, 0, 22)
        listing.set_column(2, 2, 22)
        listing.set_column(3, 3, 90)
        self._columns_worksheet(book, bold, analysis)
        used = set()
        for key in ORDER:
            sheet = analysis.sheets.get(key)
            if not sheet:
                continue
            title = (sheet.name or SHEET_BY_KEY[key].names[0])[:31]
            while title in used:
                title = title[:29] + f"{len(used)}"
            used.add(title)
            ws = book.add_worksheet(title)
            width = len(sheet.headers)
            ws.write_row(0, 0, sheet.headers, bold)
            ws.write(0, width, self.env._("Error"), bold)
            ws.write(0, width + 1, self.env._("Row"), bold)
            for index, row in enumerate(sheet.rows, 1):
                style = red if row.errors else None
                ws.write_row(index, 0, row.cells[:width], style)
                if row.errors:
                    ws.write(
                        index,
                        width,
                        "; ".join(
                            f"{column}: {reason}" if column else reason
                            for column, reason in row.errors
                        ),
                        style,
                    )
                ws.write(index, width + 1, row.number)
        book.close()
        return output.getvalue()

    def _columns_worksheet(self, book, bold, analysis):
        """Which header each column was read from, so that a wrong match shows."""
        found = book.add_worksheet(self.env._("Columns")[:31])
        titles = (
            self.env._("Sheet"),
            self.env._("Header"),
            self.env._("Read as"),
            self.env._("Match"),
            self.env._("Confidence"),
        )
        found.write_row(0, 0, titles, bold)
        hows = dict(self.env["svk.import.column"]._fields["match"]._description_selection(self.env))
        line = 1
        for key in ORDER:
            sheet = analysis.sheets.get(key)
            for _index, header, target, how, confidence in sheet.matches if sheet else ():
                label = str(SHEET_BY_KEY[key].column(target).label) if target else ""
                found.write_row(
                    line,
                    0,
                    [sheet.name, header, label, hows.get(how, ""), f"{round(100 * confidence)}%"],
                )
                line += 1
        found.set_column(0, 2, 26)


class SvkImportSheet(models.Model):
    _name = "svk.import.sheet"
    _description = "Sheet of an import"
    _order = "import_id, id"

    import_id = fields.Many2one("svk.import", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="import_id.company_id", store=True, index=True)
    sheet = fields.Selection(SHEET_KEYS, readonly=True, help="Empty: a sheet not recognised.")
    name = fields.Char(string="Sheet in the file", readonly=True)
    file_name = fields.Char(string="File", readonly=True)
    header_row = fields.Integer(
        help="The row of the headers, as the spreadsheet numbers it; the rows above are "
        "skipped. Change it and check again if the one found is wrong."
    )
    detected_header_row = fields.Integer(string="Header row found", readonly=True)
    headers = fields.Char(readonly=True)
    holds = fields.Selection(SHEET_KEYS, string="This sheet holds")
    row_count = fields.Integer(string="Rows", readonly=True)
    create_count = fields.Integer(string="To create", readonly=True)
    update_count = fields.Integer(string="To update", readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    error_count = fields.Integer(string="With errors", readonly=True)


class SvkImportMessage(models.Model):
    _name = "svk.import.message"
    _description = "Error found in an import's files"
    _order = "import_id, sequence, id"

    import_id = fields.Many2one("svk.import", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="import_id.company_id", store=True, index=True)
    sequence = fields.Integer()
    sheet = fields.Char()
    sheet_name = fields.Char(string="Sheet in the file")
    row = fields.Integer()
    column = fields.Char()
    reason = fields.Char(required=True)


class SvkImportColumn(models.Model):
    _name = "svk.import.column"
    _description = "Header of an import's files not recognised"
    _order = "import_id, id"

    import_id = fields.Many2one("svk.import", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="import_id.company_id", store=True, index=True)
    sheet = fields.Selection(SHEET_KEYS, required=True, readonly=True)
    sheet_label = fields.Char(compute="_compute_sheet_label")
    header = fields.Char(required=True, readonly=True)
    target = fields.Selection(column_choices, string="Stands for")
    found_target = fields.Selection(column_choices, string="Read as", readonly=True)
    match = fields.Selection(MATCHES, readonly=True)
    word = fields.Char(readonly=True, help="A value of the files the import does not know.")
    unit_type = fields.Selection(UNIT_TYPES, string="Stands for the type")
    confidence = fields.Integer(readonly=True, help="How close the header is to a known one (%).")

    @api.depends("sheet")
    def _compute_sheet_label(self):
        labels = dict(self._fields["sheet"]._description_selection(self.env))
        for line in self:
            line.sheet_label = labels.get(line.sheet)
