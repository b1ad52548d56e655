import base64
import io
from datetime import date

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

TRANSIT_MAX_PERCENT = 20.0
# owner contracts that held a unit in the agency's stock on their dates (a contract ended
# since still held its units before its end date)
STOCK_CONTRACT_STATES = ("active", "notice", "ended")
SOCIAL = "svk_housing.group_svk_social"
# the column of the health flag in the register (social workers' exports only)
HEALTH_COLUMN = 6


class SvkRegisterExport(models.TransientModel):
    """The applicant register as the decree wants it kept (art. 39/3): anonymised, in the
    chronological order of complete files, as a spreadsheet; with the share of transit
    units in the agency's stock."""

    _name = "svk.register.export"
    _description = "Export of the anonymised applicant register"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    date_from = fields.Date(string="Registered from")
    date_to = fields.Date(string="Registered until")
    reference_date = fields.Date(
        string="Stock on",
        required=True,
        default=fields.Date.context_today,
        help="The transit share counts the units held under an owner contract on this date.",
    )
    transit_units = fields.Integer(compute="_compute_transit_share")
    stock_units = fields.Integer(compute="_compute_transit_share")
    transit_percent = fields.Float(
        string="Transit units (% of stock)", digits=(16, 1), compute="_compute_transit_share"
    )
    transit_warning = fields.Char(compute="_compute_transit_share")

    @api.depends("company_id", "reference_date")
    def _compute_transit_share(self):
        # Read as superuser: the share is the whole agency's stock, whatever the record
        # rules of the staff member who exports (the company is checked on export).
        Line = self.env["svk.owner.contract.line"].sudo()
        for wizard in self:
            day = wizard.reference_date or fields.Date.context_today(wizard)
            units = Line.search(
                [
                    ("contract_id.company_id", "=", wizard.company_id.id),
                    ("contract_id.state", "in", STOCK_CONTRACT_STATES),
                    ("contract_id.date_start", "<=", day),
                    "|",
                    ("contract_id.date_end", "=", False),
                    ("contract_id.date_end", ">=", day),
                ]
            ).unit_id
            wizard.stock_units = len(units)
            wizard.transit_units = len(units.filtered("svk_transit"))
            wizard.transit_percent = (
                wizard.transit_units / wizard.stock_units * 100 if wizard.stock_units else 0.0
            )
            wizard.transit_warning = (
                self.env._(
                    "Transit units are %(percent)s%% of the stock, above the %(max)s%% the "
                    "decree allows.",
                    percent=round(wizard.transit_percent, 1),
                    max=TRANSIT_MAX_PERCENT,
                )
                if wizard.transit_percent > TRANSIT_MAX_PERCENT
                else False
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from and wizard.date_to and wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period ends before it starts."))

    def _register_domain(self):
        self.ensure_one()
        domain = [
            ("svk_application", "=", True),
            ("svk_register_number", "!=", False),
            ("company_id", "=", self.company_id.id),
        ]
        if self.date_from:
            domain.append(("svk_register_date", ">=", self.date_from))
        if self.date_to:
            domain.append(("svk_register_date", "<=", self.date_to))
        return domain

    def _register_leads(self):
        """The agency's registered applications, chronologically. Read as superuser: the
        register is the whole agency's, not the applications a salesperson's record
        rules let them see, and only anonymised columns leave it."""
        self.ensure_one()
        if self.company_id not in self.env.companies:
            raise AccessError(
                self.env._(
                    "You cannot export the register of %(company)s.", company=self.company_id.name
                )
            )
        return (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search(self._register_domain(), order="svk_register_date, svk_register_number, id")
        )

    def _register_with_health(self):
        """Whether the register shows the health flag: next to an application number,
        which every staff member can look up, it is health data (GDPR art. 9), so only a
        social worker's export carries it."""
        return self.env.user.has_group(SOCIAL)

    def _register_headers(self):
        headers = [
            self.env._("Application number"),
            self.env._("Registration date"),
            self.env._("Adults"),
            self.env._("Children"),
            self.env._("Suitable unit type"),
            self.env._("Bedrooms"),
            self.env._("Health or disability taken into account"),
            self.env._("Priority criteria"),
            self.env._("Unit allocated"),
            self.env._("Exit date"),
            self.env._("Exit reason"),
            self.env._("Absolute priority (successful appeal)"),
            self.env._("Renewal due"),
        ]
        if not self._register_with_health():
            del headers[HEALTH_COLUMN]
        return headers

    def _register_rows(self, leads):
        """One anonymised row per application: counts and flags, never a name nor a
        social note."""
        # Only a yes/no flag leaves the social fields, in a social worker's export: they are
        # read as superuser (see _register_leads) for the same register whoever exports it.
        leads = leads.sudo()
        unit_types = dict(leads._fields["svk_wanted_unit_type"]._description_selection(self.env))
        reasons = dict(leads._fields["svk_exit_reason"]._description_selection(self.env))
        yes, no = self.env._("yes"), self.env._("no")
        with_health = self._register_with_health()
        rows = []
        for lead in leads:
            health = bool(
                lead.svk_disabled_children
                or lead.svk_disabled_adults
                or lead.svk_health_note
                or lead.svk_needs_accessible
            )
            row = [
                lead.svk_register_number,
                lead.svk_register_date,
                lead.svk_adults,
                lead.svk_children,
                unit_types.get(lead.svk_wanted_unit_type, ""),
                lead.svk_bedrooms_needed,
                yes if health else no,
                ", ".join(lead.svk_priority_ids.mapped("name")),
                lead.svk_allocated_lease_id.unit_id.code or "",
                lead.svk_exit_date or "",
                reasons.get(lead.svk_exit_reason, ""),
                yes if lead.svk_absolute_priority else no,
                lead.svk_renewal_date or "",
            ]
            if not with_health:
                del row[HEALTH_COLUMN]
            rows.append(row)
        return rows

    def _build_xlsx(self):
        self.ensure_one()
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True})
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        warning_format = book.add_format({"bold": True, "font_color": "#C00000"})
        sheet = book.add_worksheet(self.env._("Register"))
        sheet.write_row(0, 0, self._register_headers(), bold)
        for row_index, row in enumerate(self._register_rows(self._register_leads()), start=1):
            for col, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(row_index, col, value, date_format)
                else:
                    sheet.write(row_index, col, value)
        sheet.set_column(0, 12, 18)
        stock = book.add_worksheet(self.env._("Transit units"))
        stock.write_row(0, 0, [self.env._("Transit units"), self.transit_units], bold)
        stock.write_row(1, 0, [self.env._("Units in stock"), self.stock_units])
        stock.write_row(2, 0, [self.env._("Share (%)"), round(self.transit_percent, 1)])
        stock.write_datetime(3, 1, self.reference_date, date_format)
        stock.write(3, 0, self.env._("Stock on"))
        if self.transit_warning:
            stock.write(4, 0, self.transit_warning, warning_format)
        stock.set_column(0, 0, 30)
        book.close()
        return buffer.getvalue()

    def action_export(self):
        self.ensure_one()
        name = self.env._(
            "register-%(company)s-%(date)s.xlsx",
            company=self.company_id.name,
            date=fields.Date.context_today(self),
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(self._build_xlsx()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
