"""The agency's records written back in the workbook the import reads.

`_agency_sheets()` gives, sheet by sheet, the header row and the rows of the current
company's agency as Python values (dates, numbers, text, and yes/no, types and languages
as words the import accepts in the chosen language); `_write_xlsx`, `_write_xls` and
`_write_csv` lay them out as the files people keep. Export then import is a round trip:
the references are the records' own (building, unit, contract and lease references; owners
and tenants by their partner id), and the states follow from the dates again.
"""

import csv
import datetime
import io

import xlsxwriter
import xlwt

from odoo import api, fields, models

from ..importer.columns import SHEET_BY_KEY, SHEETS

LANG_INDEX = {"fr": 0, "nl": 1, "en": 2}
INSTRUCTIONS_SHEET = {"fr": "Instructions", "nl": "Instructies", "en": "Instructions"}
# xlsxwriter writes this creation date: the same records give the same bytes
FIXED_CREATED = datetime.datetime(2024, 1, 1)
# the words written for a field's values, in French, Dutch and English: each one is a word
# the column's parser accepts (columns.py)
WORDS = {
    "bool": {True: ("oui", "ja", "yes"), False: ("non", "nee", "no")},
    "unit_type": {
        "studio": ("studio", "studio", "studio"),
        "apartment": ("appartement", "appartement", "apartment"),
        "house": ("maison", "woning", "house"),
        "room": ("chambre", "kamer", "room"),
    },
    "contract_type": {
        "mandate": ("mandat de gestion", "beheersmandaat", "management mandate"),
        "main_lease": ("bail principal", "hoofdhuur", "main lease"),
    },
    "lease_type": {
        "standard": ("standard", "standaard", "standard"),
        "short": ("courte durée", "korte duur", "short term"),
        "transit": ("transitoire", "transit", "transit"),
        "sliding": ("bail glissant", "glijdende huur", "sliding"),
    },
    "charges_mode": {
        "provision": ("provision", "voorschot", "provision"),
        "flat": ("forfait", "forfaitair", "flat"),
    },
    "guarantee_form": {
        "blocked_account": ("compte bloqué", "geblokkeerde rekening", "blocked account"),
        "cpas_bank": ("garantie CPAS", "OCMW-waarborg", "CPAS"),
        "bank_instalments": ("garantie bancaire", "bankwaarborg", "bank guarantee"),
        "bank_security": ("sûreté", "zekerheid", "security"),
        "surety": ("caution personnelle", "borgstelling", "surety"),
    },
}
DATE_FORMAT = "dd/mm/yyyy"
AMOUNT_FORMAT = "#,##0.00"
STYLE_OF_KIND = {
    "amount": "amount",
    "amount_signed": "amount",
    "int": "int",
    "year": "int",
    "date": "date",
}


class SvkImportExport(models.AbstractModel):
    _name = "svk.import.export"
    _description = "Export of an agency in the import's workbook"

    # ---------------------------------------------------------------- names
    @api.model
    def _lang_index(self, lang):
        return LANG_INDEX.get((lang or "fr")[:2], 0)

    @api.model
    def _sheet_name(self, key, lang="fr"):
        return SHEET_BY_KEY[key].names[self._lang_index(lang)]

    @api.model
    def _headers(self, key, lang="fr"):
        index = self._lang_index(lang)
        return [column.headers[index] for column in SHEET_BY_KEY[key].columns]

    @api.model
    def _word(self, field, value, lang="fr"):
        if value is None or (value is False and field != "bool"):
            return None
        return WORDS[field][value][self._lang_index(lang)]

    @api.model
    def _empty_sheets(self, lang="fr"):
        """The workbook's sheets with their headers only: the template."""
        return {sheet.key: [self._headers(sheet.key, lang)] for sheet in SHEETS}

    # ---------------------------------------------------------------- the rows
    @api.model
    def _agency_sheets(self, lang="fr", cutover=None):
        """{sheet key: [headers, row, ...]} of the current company's agency, in the
        order of SHEETS; a row holds one value per column (None when empty)."""
        cutover = cutover or fields.Date.context_today(self)
        company = self.env.company
        in_company = [("company_id", "=", company.id)]
        buildings = self.env["svk.building"].search(in_company, order="code, id")
        units = self.env["svk.unit"].search(in_company, order="code, id")
        contracts = self.env["svk.owner.contract"].search(in_company, order="name, id")
        unit_ids = set(units.ids)
        contract_lines = contracts.line_ids.filtered(lambda line: line.unit_id.id in unit_ids)
        contracts = contract_lines.contract_id.sorted(lambda c: (c.name, c.id))
        leases = self.env["svk.lease"].search(
            [*in_company, ("unit_id", "in", units.ids)], order="name, id"
        )
        owners = contracts.owner_id.sorted("id")
        tenants = leases.tenant_id.sorted("id")
        rows = {
            "building": [self._building_row(building) for building in buildings],
            "unit": [self._unit_row(unit, lang) for unit in units],
            "owner": [self._owner_row(owner, contracts, lang) for owner in owners],
            "contract": [
                self._contract_row(line, lang)
                for contract in contracts
                for line in (contract.line_ids & contract_lines).sorted(
                    lambda line: (line.unit_id.code, line.id)
                )
            ],
            "tenant": [self._tenant_row(tenant) for tenant in tenants],
            "lease": [self._lease_row(lease, lang) for lease in leases],
            "balance": self._balance_rows(leases, cutover),
        }
        return {
            sheet.key: [
                self._headers(sheet.key, lang),
                *(
                    [values.get(column.key) for column in sheet.columns]
                    for values in rows[sheet.key]
                ),
            ]
            for sheet in SHEETS
        }

    @api.model
    def _partner_ref(self, partner, prefix):
        return f"{prefix}{partner.id:05d}"

    @api.model
    def _building_row(self, building):
        return {
            "ref": building.code,
            "name": building.name,
            "street": building.street or None,
            "zip": building.zip or None,
            "city": building.city or None,
            "floor_count": building.floor_count or None,
            "construction_year": building.construction_year or None,
        }

    @api.model
    def _unit_row(self, unit, lang):
        values = {
            "ref": unit.code,
            "building": unit.building_id.code or None,
            "name": unit.name,
            "box": unit.street2 or None,
            "unit_type": self._word("unit_type", unit.unit_type, lang),
            "bedrooms": unit.bedrooms,
            "floor": unit.floor,
            "surface": unit.surface or None,
            "epc_class": unit.epc_class or None,
            "epc_number": unit.epc_number or None,
            "epc_date": unit.epc_date or None,
            "wheelchair_accessible": self._word("bool", unit.wheelchair_accessible, lang),
            "has_elevator": self._word("bool", unit.has_elevator, lang),
        }
        if not unit.building_id:
            values.update(street=unit.street or None, zip=unit.zip or None, city=unit.city or None)
        for meter_type, column in (
            ("electricity", "ean_electricity"),
            ("gas", "ean_gas"),
            ("water", "ean_water"),
        ):
            meter = unit.meter_ids.filtered(lambda m, t=meter_type: m.meter_type == t and m.ean)
            values[column] = meter.sorted("id")[:1].ean or None
        return values

    @api.model
    def _owner_row(self, owner, contracts, lang):
        # the account the owner is paid on, else the first one Odoo knows
        bank = (
            contracts.filtered(lambda c: c.owner_id == owner and c.bank_account_id)[
                :1
            ].bank_account_id
            or owner.bank_ids[:1]
        )
        return {
            "ref": self._partner_ref(owner, "P"),
            "name": owner.name,
            "is_company": self._word("bool", owner.is_company, lang),
            "street": owner.street or None,
            "zip": owner.zip or None,
            "city": owner.city or None,
            "phone": owner.phone or None,
            "email": owner.email or None,
            "lang": (owner.lang or "")[:2] or None,
            "iban": bank.sanitized_acc_number or None,
        }

    @api.model
    def _contract_row(self, line, lang):
        contract = line.contract_id
        return {
            "ref": contract.name,
            "owner": self._partner_ref(contract.owner_id, "P"),
            "contract_type": self._word("contract_type", contract.contract_type, lang),
            "date_signature": contract.date_signature or None,
            "date_start": contract.date_start,
            "date_end": contract.date_end or None,
            "duration": int(contract.duration) if contract.duration != "custom" else None,
            "payment_day": contract.payment_day or None,
            "date_notice": contract.date_notice or None,
            "unit": line.unit_id.code,
            "owner_rent": line.owner_rent,
        }

    @api.model
    def _tenant_row(self, tenant):
        return {
            "ref": self._partner_ref(tenant, "T"),
            "name": tenant.name,
            "lang": (tenant.lang or "")[:2] or None,
            "phone": tenant.phone or None,
            "mobile": tenant.mobile or None,
            "email": tenant.email or None,
        }

    @api.model
    def _lease_row(self, lease, lang):
        return {
            "ref": lease.name,
            "unit": lease.unit_id.code,
            "tenant": self._partner_ref(lease.tenant_id, "T"),
            "lease_type": self._word("lease_type", lease.lease_type, lang),
            "date_signature": lease.date_signature or None,
            "date_start": lease.date_start,
            "date_end": lease.date_end or None,
            "rent": lease.rent,
            "charges_amount": lease.charges_amount or None,
            "charges_mode": self._word("charges_mode", lease.charges_mode, lang),
            "guarantee_amount": lease.guarantee_amount or None,
            "guarantee_form": self._word("guarantee_form", lease.guarantee_form, lang),
            "registration_date": lease.registration_date or None,
            "third_payer": lease.third_payer_id.name or None,
            "third_payer_amount": (lease.third_payer_id and lease.third_payer_amount) or None,
            "date_notice": lease.date_notice or None,
            "payment_reference": lease.payment_reference or None,
            "third_payer_payment_reference": lease.third_payer_payment_reference or None,
        }

    @api.model
    def _balance_rows(self, leases, cutover):
        """What each tenant still owed at the cut-over date, lease by lease: the open
        rent documents of the tenant (not the third payer's part) and the payments not
        yet matched, with the oldest due date of what is unpaid."""
        AML = self.env["account.move.line"]
        # read as the accounting sees it: exporting the agency is a manager's, who need not
        # be an accountant
        lines = AML.sudo().search(
            [
                *AML._svk_open_receivable_domain(),
                ("svk_lease_id", "in", leases.ids),
                ("date", "<=", cutover),
                ("move_id.svk_kind", "in", ["tenant", False]),
            ],
            order="date_maturity, id",
        )
        by_lease = {}
        for line in lines:
            lease = line.svk_lease_id
            if line.partner_id.commercial_partner_id != lease.tenant_id.commercial_partner_id:
                continue
            by_lease.setdefault(lease.id, []).append(line)
        rows = []
        for lease in leases:
            open_lines = by_lease.get(lease.id, [])
            amount = lease.currency_id.round(sum(line.amount_residual for line in open_lines))
            if lease.currency_id.is_zero(amount):
                continue
            unpaid = [line for line in open_lines if line.amount_residual > 0] or open_lines
            due = min(line.date_maturity or line.date for line in unpaid)
            # the import books the balance at the cut-over date: nothing is due after it
            rows.append({"lease": lease.name, "amount": amount, "date_due": min(due, cutover)})
        return rows

    # ---------------------------------------------------------------- writers
    @api.model
    def _column_styles(self, key, width):
        """The style of each column of a sheet: text, date, amount or int."""
        kinds = [column.kind for column in SHEET_BY_KEY[key].columns]
        return [STYLE_OF_KIND.get(kind, "text") for kind in (kinds + ["text"] * width)[:width]]

    @staticmethod
    def _cell(value, column_style):
        """(style, value) of a cell: a date, a number (int or amount) or text; None
        when the cell stays empty. A text in a date or amount column stays text."""
        if value is None or value == "":
            return None, None
        if isinstance(value, datetime.date):
            return "date", value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if column_style == "amount" or isinstance(value, float):
                return "amount", value
            return "int", value
        return "text", str(value)

    @api.model
    def _write_xlsx(self, sheets, lang="fr", instructions=None):
        """The sheets as an xlsx workbook: dates as date cells (31/12/2024), amounts and
        counts as numbers, everything else as text, so that 0470... and EANs survive. A
        column keeps its style for the rows people add (a template's phone column is
        text). `instructions`: lines of text, on a first sheet."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        book.set_properties({"created": FIXED_CREATED})
        bold = book.add_format({"bold": True})
        styles = {
            "text": book.add_format({"num_format": "@"}),
            "date": book.add_format({"num_format": DATE_FORMAT}),
            "amount": book.add_format({"num_format": AMOUNT_FORMAT}),
            "int": book.add_format({"num_format": "0"}),
        }
        if instructions:
            sheet = book.add_worksheet(INSTRUCTIONS_SHEET.get(lang[:2], "Instructions"))
            sheet.set_column(0, 0, 120)
            for rowx, line in enumerate(instructions):
                sheet.write_string(rowx, 0, line, bold if rowx == 0 else styles["text"])
        for key, rows in sheets.items():
            headers = rows[0]
            column_styles = self._column_styles(key, len(headers))
            sheet = book.add_worksheet(self._sheet_name(key, lang))
            for colx, header in enumerate(headers):
                width = max(12, len(header) + 2)
                sheet.set_column(colx, colx, width, styles[column_styles[colx]])
                sheet.write_string(0, colx, header, bold)
            sheet.freeze_panes(1, 0)
            for rowx, row in enumerate(rows[1:], 1):
                for colx, value in enumerate(row):
                    style, value = self._cell(value, column_styles[colx])
                    if style == "date":
                        sheet.write_datetime(rowx, colx, value, styles["date"])
                    elif style in ("int", "amount"):
                        sheet.write_number(rowx, colx, value, styles[style])
                    elif style == "text":
                        sheet.write_string(rowx, colx, value, styles["text"])
        book.close()
        return output.getvalue()

    @api.model
    def _write_xls(self, sheets, lang="fr", instructions=None):
        """The sheets as an Excel 97-2003 workbook (xlwt), by the rules of `_write_xlsx`."""
        book = xlwt.Workbook(encoding="utf-8")
        bold = xlwt.easyxf("font: bold on")
        styles = {
            "text": xlwt.easyxf(num_format_str="@"),
            "date": xlwt.easyxf(num_format_str="DD/MM/YYYY"),
            "amount": xlwt.easyxf(num_format_str=AMOUNT_FORMAT),
            "int": xlwt.easyxf(num_format_str="0"),
        }
        if instructions:
            sheet = book.add_sheet(INSTRUCTIONS_SHEET.get(lang[:2], "Instructions"))
            sheet.col(0).width = 256 * 120
            for rowx, line in enumerate(instructions):
                sheet.write(rowx, 0, line, bold if rowx == 0 else styles["text"])
        for key, rows in sheets.items():
            headers = rows[0]
            column_styles = self._column_styles(key, len(headers))
            sheet = book.add_sheet(self._sheet_name(key, lang))
            for colx, header in enumerate(headers):
                sheet.col(colx).width = 256 * max(12, len(header) + 2)
                sheet.col(colx).set_style(styles[column_styles[colx]])
                sheet.write(0, colx, header, bold)
            sheet.set_panes_frozen(True)
            sheet.set_horz_split_pos(1)
            for rowx, row in enumerate(rows[1:], 1):
                for colx, value in enumerate(row):
                    style, value = self._cell(value, column_styles[colx])
                    if style:
                        sheet.write(rowx, colx, value, styles[style])
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    @api.model
    def _write_csv(self, rows):
        """One sheet as Excel writes a csv in Belgium: ';' between cells, dates
        31/12/2024, comma decimals, utf-8 with a BOM."""
        output = io.StringIO()
        writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        for row in rows:
            cells = []
            for value in row:
                style, value = self._cell(value, "text")
                if style == "date":
                    value = value.strftime("%d/%m/%Y")
                elif style == "amount":
                    value = f"{value:.2f}".replace(".", ",")
                cells.append("" if value is None else str(value))
            writer.writerow(cells)
        return output.getvalue().encode("utf-8-sig")
