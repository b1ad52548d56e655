from odoo import api, fields, models

from .columns import normalize
from .svk_import import SHEET_KEYS


class SvkImportMapping(models.Model):
    """An agency's own header for a column (or a header to ignore), kept from one import
    to the next, as Odoo's import keeps a mapping per file layout."""

    _name = "svk.import.mapping"
    _description = "Header of an agency's files and the column it stands for"
    _order = "company_id, sheet, header"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    sheet = fields.Selection(SHEET_KEYS, required=True)
    header = fields.Char(required=True, help="The header as the files write it.")
    header_key = fields.Char(compute="_compute_header_key", store=True, index=True)
    column = fields.Char(help="The column it stands for; empty: the column is ignored.")

    _sql_constraints = [
        (
            "header_unique",
            "UNIQUE(company_id, sheet, header_key)",
            "A header stands for one column per sheet.",
        ),
    ]

    @api.depends("header")
    def _compute_header_key(self):
        for mapping in self:
            mapping.header_key = normalize(mapping.header)

    @api.model
    def _mappings(self, company):
        return {
            (m.sheet, m.header_key): m.column or ""
            for m in self.search([("company_id", "=", company.id)])
        }

    @api.model
    def _remember(self, company, sheet, header, column):
        mapping = self.search(
            [
                ("company_id", "=", company.id),
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
