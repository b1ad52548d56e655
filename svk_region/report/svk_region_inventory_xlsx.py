from odoo import models

# The workbook's layout, the same every year (the Region's files are compared year on
# year): the sheets in this order, each with its columns in this order. Tests read a file
# back and check it against these lists.
UNIT_COLUMNS = [
    "unit_code",
    "street",
    "zip",
    "city",
    "unit_type",
    "bedrooms",
    "surface",
    "epc_class",
    "contract_type",
    "lease_type",
    "transit",
    "rent",
    "rent_cap",
    "at_cap",
    "zone_uplift",
    "income_position",
]
TOTAL_COLUMNS = ["units", "bedrooms", "surface", "rent"]
MOVE_COLUMNS = ["kind", "date", "unit_code", "street", "zip", "city", "contract_type", "reason"]
SHEETS = ["units", "by_commune", "by_bedrooms", "moves"]


class SvkRegionInventoryXlsx(models.AbstractModel):
    """The inventory as the workbook sent to the Region (OCA report_xlsx)."""

    _name = "report.svk_region.inventory_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Stock inventory workbook"

    def _sheet_names(self):
        return {
            "units": self.env._("Units"),
            "by_commune": self.env._("By commune"),
            "by_bedrooms": self.env._("By bedrooms"),
            "moves": self.env._("Entries and exits"),
        }

    def _total_headers(self, first):
        return [
            first,
            self.env._("Units"),
            self.env._("Bedrooms"),
            self.env._("Surface (m²)"),
            self.env._("Tenant rents"),
        ]

    def generate_xlsx_report(self, workbook, data, objs):
        bold = workbook.add_format({"bold": True})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        money = workbook.add_format({"num_format": "#,##0.00"})
        names = self._sheet_names()
        sheets = {key: workbook.add_worksheet(names[key]) for key in SHEETS}
        Line = self.env["svk.region.inventory.line"]
        Move = self.env["svk.region.inventory.move"]
        # one inventory per workbook, or several one after the other on the same sheets
        rows = dict.fromkeys(SHEETS, 1)
        self._write_headers(sheets["units"], [Line._fields[f].string for f in UNIT_COLUMNS], bold)
        self._write_headers(
            sheets["by_commune"], self._total_headers(Line._fields["city"].string), bold
        )
        self._write_headers(
            sheets["by_bedrooms"], self._total_headers(Line._fields["bedrooms"].string), bold
        )
        self._write_headers(sheets["moves"], [Move._fields[f].string for f in MOVE_COLUMNS], bold)
        for inventory in objs:
            for line in inventory.line_ids:
                self._write_record(sheets["units"], rows["units"], line, UNIT_COLUMNS, day, money)
                rows["units"] += 1
            for key, groupby in (("by_commune", "city"), ("by_bedrooms", "bedrooms")):
                for value, units, bedrooms, surface, rent in inventory._totals_by(groupby):
                    sheet, row = sheets[key], rows[key]
                    sheet.write(row, 0, value if value is not False else "")
                    sheet.write_number(row, 1, units)
                    sheet.write_number(row, 2, bedrooms or 0)
                    sheet.write_number(row, 3, surface or 0.0)
                    sheet.write_number(row, 4, rent or 0.0, money)
                    rows[key] += 1
            for move in inventory.move_ids:
                self._write_record(sheets["moves"], rows["moves"], move, MOVE_COLUMNS, day, money)
                rows["moves"] += 1

    def _write_headers(self, sheet, headers, bold):
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
        sheet.freeze_panes(1, 0)

    def _write_record(self, sheet, row, record, columns, day, money):
        yes, no = self.env._("yes"), self.env._("no")
        for col, fname in enumerate(columns):
            field = record._fields[fname]
            value = record[fname]
            if field.type == "selection":
                labels = dict(field._description_selection(self.env))
                sheet.write(row, col, labels.get(value, ""))
            elif field.type == "boolean":
                sheet.write(row, col, yes if value else no)
            elif field.type == "date":
                if value:
                    sheet.write_datetime(row, col, value, day)
            elif field.type in ("monetary", "float"):
                sheet.write_number(
                    row, col, value or 0.0, money if field.type == "monetary" else None
                )
            elif field.type == "integer":
                sheet.write_number(row, col, value or 0)
            else:
                sheet.write(row, col, value or "")
