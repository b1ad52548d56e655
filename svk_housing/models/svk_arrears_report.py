from odoo import fields, models, tools
from odoo.tools import SQL

AGE_BUCKETS = [
    ("0_not_due", "Not due"),
    ("1_30", "1–30 days"),
    ("2_60", "31–60 days"),
    ("3_90", "61–90 days"),
    ("4_older", "More than 90 days"),
]


class SvkArrearsReport(models.Model):
    """Aged arrears per building, unit, lease and tenant: the open receivable lines of
    the rent cycle, read by the database (one row per open line)."""

    _name = "svk.arrears.report"
    _description = "Aged arrears"
    _auto = False
    _order = "date_maturity"

    move_line_id = fields.Many2one("account.move.line", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    lease_id = fields.Many2one("svk.lease", readonly=True)
    unit_id = fields.Many2one("svk.unit", readonly=True)
    building_id = fields.Many2one("svk.building", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    date_maturity = fields.Date(string="Due date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    age = fields.Selection(AGE_BUCKETS, readonly=True)
    amount_residual = fields.Monetary(string="Amount due", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT aml.id, aml.id AS move_line_id, aml.move_id, aml.company_id,
                           lease.id AS lease_id, lease.unit_id, unit.building_id,
                           aml.partner_id, lease.user_id, aml.date_maturity,
                           GREATEST(CURRENT_DATE - aml.date_maturity, 0) AS days_overdue,
                           CASE
                               WHEN aml.date_maturity >= CURRENT_DATE THEN '0_not_due'
                               WHEN CURRENT_DATE - aml.date_maturity <= 30 THEN '1_30'
                               WHEN CURRENT_DATE - aml.date_maturity <= 60 THEN '2_60'
                               WHEN CURRENT_DATE - aml.date_maturity <= 90 THEN '3_90'
                               ELSE '4_older'
                           END AS age,
                           aml.amount_residual
                      FROM account_move_line aml
                      JOIN svk_lease lease ON lease.id = aml.svk_lease_id
                      JOIN svk_unit unit ON unit.id = lease.unit_id
                      JOIN account_account account ON account.id = aml.account_id
                     WHERE account.account_type = 'asset_receivable'
                       AND aml.parent_state = 'posted'
                       AND NOT aml.reconciled
                       AND aml.amount_residual != 0
                )
                """,
                SQL.identifier(self._table),
            )
        )
