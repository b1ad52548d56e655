from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class SvkHealthIndex(models.Model):
    """Belgium's health index (indice santé / gezondheidsindex), published by Statbel each
    month, base 2013 = 100: the one series every Brussels rent is indexed on."""

    _name = "svk.health.index"
    _description = "Health index (base 2013)"
    _order = "month desc"
    _rec_name = "name"

    month = fields.Date(required=True, help="The first day of the month the figure is for.")
    name = fields.Char(compute="_compute_name", store=True, string="Month (YYYY-MM)")
    value = fields.Float(required=True, digits=(10, 2), help="Health index, base 2013 = 100.")

    _sql_constraints = [
        ("month_unique", "UNIQUE(month)", "The health index of a month is given once."),
        ("value_positive", "CHECK(value > 0)", "The health index is a positive figure."),
        (
            "month_first_day",
            "CHECK(EXTRACT(DAY FROM month) = 1)",
            "The month is given by its first day.",
        ),
    ]

    @api.depends("month")
    def _compute_name(self):
        for index in self:
            index.name = f"{index.month:%Y-%m}" if index.month else False

    @api.model
    def _values(self, months):
        """{first day of month: value} for the `months` known."""
        months = {month.replace(day=1) for month in months if month}
        if not months:
            return {}
        return {index.month: index.value for index in self.search([("month", "in", list(months))])}

    @staticmethod
    def _month_before(day):
        """The month whose index a date calls for: the month before it."""
        return (day - relativedelta(months=1)).replace(day=1)
