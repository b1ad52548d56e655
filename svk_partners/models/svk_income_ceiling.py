from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SvkIncomeCeiling(models.Model):
    """The social-housing income ceilings, indexed every year: one dated row per
    indexation. An application is judged against the latest row in force on its
    registration date (today while the file is not complete)."""

    _name = "svk.income.ceiling"
    _description = "Income ceilings for social housing"
    _order = "date_from desc, company_id, id desc"
    _check_company_auto = True

    date_from = fields.Date(string="Valid from", required=True)
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        help="Leave empty for a row that applies to every agency.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    single_amount = fields.Monetary(string="Single person", required=True)
    one_income_amount = fields.Monetary(string="Household with one income", required=True)
    several_incomes_amount = fields.Monetary(string="Household with several incomes", required=True)
    per_child_amount = fields.Monetary(
        string="Per dependent child", help="A disabled child counts twice."
    )
    per_disabled_adult_amount = fields.Monetary(string="Per disabled adult")
    band_max_percent = fields.Float(
        string="Band up to (% of the ceiling)",
        default=150.0,
        help="Households above the ceiling but at most at this percentage of it fall in the "
        "band that may receive up to one third of the agency's stock.",
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        euro = self.env.ref("base.EUR")
        for row in self:
            row.currency_id = row.company_id.currency_id or euro

    @api.depends("date_from", "company_id")
    def _compute_display_name(self):
        for row in self:
            date = fields.Date.to_string(row.date_from) if row.date_from else ""
            if row.company_id:
                row.display_name = self.env._(
                    "Ceilings from %(date)s (%(company)s)", date=date, company=row.company_id.name
                )
            else:
                row.display_name = self.env._("Ceilings from %(date)s", date=date)

    @api.constrains(
        "single_amount",
        "one_income_amount",
        "several_incomes_amount",
        "per_child_amount",
        "per_disabled_adult_amount",
        "band_max_percent",
    )
    def _check_amounts(self):
        for row in self:
            if min(row.single_amount, row.one_income_amount, row.several_incomes_amount) <= 0:
                raise ValidationError(self.env._("The base ceilings must be positive."))
            if min(row.per_child_amount, row.per_disabled_adult_amount) < 0:
                raise ValidationError(self.env._("The increases cannot be negative."))
            if row.band_max_percent < 100:
                raise ValidationError(self.env._("The band ends at 100% of the ceiling or above."))

    @api.constrains("date_from", "company_id")
    def _check_unique_date(self):
        for row in self:
            if self.search_count(
                [
                    ("id", "!=", row.id),
                    ("date_from", "=", row.date_from),
                    ("company_id", "=", row.company_id.id),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "There already are ceilings from %(date)s for this agency.",
                        date=row.date_from,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        rows._svk_recompute_applications()
        return rows

    def write(self, vals):
        res = super().write(vals)
        if set(vals) - {"display_name"}:
            self._svk_recompute_applications()
        return res

    def unlink(self):
        companies = self.company_id
        everyone = not all(row.company_id for row in self)
        res = super().unlink()
        self.env["crm.lead"]._svk_recompute_eligibility(None if everyone else companies)
        return res

    def _svk_recompute_applications(self):
        """A new or changed row may change the verdict of every open application of the
        agencies it applies to."""
        if not self:
            return
        if all(row.company_id for row in self):
            self.env["crm.lead"]._svk_recompute_eligibility(self.company_id)
        else:
            self.env["crm.lead"]._svk_recompute_eligibility()

    @api.model
    def _svk_find(self, company, date):
        """The row in force for `company` on `date`: the latest one dated on or before it,
        an agency's own row before the shared one of the same date."""
        rows = self._svk_rows()
        return self._svk_pick(rows, company, date)

    @api.model
    def _svk_rows(self):
        """Every row, newest first. Reference data: every application is judged against
        the same table, whatever the record rules of the user who triggers the computation."""
        return self.sudo().search([("date_from", "!=", False)], order="date_from desc, id desc")

    @api.model
    def _svk_pick(self, rows, company, date):
        """Among `rows` (newest first), the one in force for `company` on `date`."""
        for row in rows:
            if row.date_from <= date and row.company_id in (company, self.env["res.company"]):
                candidates = rows.filtered(
                    lambda r, d=row.date_from: r.date_from == d and r.company_id == company
                )
                return candidates[:1] or row
        return self.browse()
