from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.svk_housing.models.svk_unit import UNIT_TYPES

from ..importer.columns import normalize
from ..importer.reader import SHEET_CHOICE, VALUE_CHOICE
from .svk_import import SHEET_KEYS, column_choices


class SvkImportMapping(models.Model):
    """An agency's own header for a column (or a header to ignore), or its own name for a
    sheet, kept from one import to the next, as Odoo's import keeps a mapping per file
    layout."""

    _name = "svk.import.mapping"
    _description = "Header of an agency's files and the column it stands for"
    _order = "company_id, sheet, header"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        [("column", "A column's header"), ("sheet", "A sheet's name"), ("value", "A unit type")],
        required=True,
        default="column",
    )
    sheet = fields.Selection(SHEET_KEYS, required=True)
    header = fields.Char(
        required=True, help="The header (or the sheet's name) as the files write it."
    )
    header_key = fields.Char(compute="_compute_header_key", store=True, index=True)
    column = fields.Char(help="The column's key; empty: the column is ignored.")
    target = fields.Selection(
        column_choices,
        string="Stands for",
        compute="_compute_target",
        inverse="_inverse_target",
        help="One of the import's columns, or Ignore this column.",
    )

    unit_type = fields.Selection(
        UNIT_TYPES, help="The suite's unit type an agency's word (Header) stands for."
    )

    _sql_constraints = [
        (
            "header_unique",
            "UNIQUE(company_id, kind, sheet, header_key)",
            "A header stands for one column per sheet.",
        ),
    ]

    @api.depends("header")
    def _compute_header_key(self):
        for mapping in self:
            mapping.header_key = normalize(mapping.header)

    @api.depends("sheet", "column", "kind")
    def _compute_target(self):
        for mapping in self:
            if mapping.kind != "column" or not mapping.sheet:
                mapping.target = False
            else:
                mapping.target = (
                    f"{mapping.sheet}.{mapping.column}" if mapping.column else "__ignore__"
                )

    def _inverse_target(self):
        for mapping in self.filtered(lambda m: m.kind == "column"):
            if mapping.target and mapping.target != "__ignore__":
                sheet, column = mapping.target.split(".")
                mapping.sheet = mapping.sheet or sheet
                mapping.column = column
            else:
                mapping.column = False

    @api.constrains("sheet", "column", "kind")
    def _check_column(self):
        choices = {value for value, _label in column_choices(self)}
        for mapping in self.filtered(lambda m: m.kind == "column" and m.column):
            if f"{mapping.sheet}.{mapping.column}" not in choices:
                raise ValidationError(
                    self.env._(
                        "Header %(header)s: %(column)s is not a column of this sheet.",
                        header=mapping.header,
                        column=mapping.column,
                    )
                )

    @api.model
    def _mappings(self, company):
        result = {}
        for mapping in self.search([("company_id", "=", company.id)]):
            if mapping.kind == "sheet":
                result[(SHEET_CHOICE, mapping.header_key)] = mapping.sheet
            elif mapping.kind == "value":
                if mapping.unit_type:
                    key = (VALUE_CHOICE, "unit", "unit_type", mapping.header_key)
                    result[key] = mapping.unit_type
            else:
                result[(mapping.sheet, mapping.header_key)] = mapping.column or ""
        return result

    @api.model
    def _remember_unit_type(self, company, word, unit_type):
        """The agency's `word` for a unit type stands for the suite's `unit_type`."""
        domain = [
            ("company_id", "=", company.id),
            ("kind", "=", "value"),
            ("header_key", "=", normalize(word)),
        ]
        mapping = self.search(domain)
        if mapping:
            mapping.unit_type = unit_type
        else:
            self.create(
                {
                    "company_id": company.id,
                    "kind": "value",
                    "sheet": "unit",
                    "header": word,
                    "unit_type": unit_type,
                }
            )

    @api.model
    def _remember_sheet(self, company, sheet, name):
        """The agency's sheet `name` holds `sheet` (a sheet key)."""
        mapping = self.search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "sheet"),
                ("header_key", "=", normalize(name)),
            ]
        )
        if mapping:
            mapping.sheet = sheet
        else:
            self.create({"company_id": company.id, "kind": "sheet", "sheet": sheet, "header": name})

    @api.model
    def _remember(self, company, sheet, header, column):
        mapping = self.search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "column"),
                ("sheet", "=", sheet),
                ("header_key", "=", normalize(header)),
            ]
        )
        if mapping:
            mapping.column = column
        else:
            self.create(
                {"company_id": company.id, "sheet": sheet, "header": header, "column": column}
            )
