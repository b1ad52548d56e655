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
        # the lines are those of "what tenants still owe", the one definition the
        # leases, partners and payment plans use too
        AML = self.env["account.move.line"].sudo().with_context(active_test=False)
        query = AML._where_calc(AML._svk_open_receivable_domain())
        aml = SQL.identifier(query.table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT %(aml)s.id, %(aml)s.id AS move_line_id, %(aml)s.move_id,
                           %(aml)s.company_id, lease.id AS lease_id, lease.unit_id,
                           unit.building_id, %(aml)s.partner_id, lease.user_id,
                           %(aml)s.date_maturity,
                           GREATEST(CURRENT_DATE - %(aml)s.date_maturity, 0) AS days_overdue,
                           CASE
                               WHEN %(aml)s.date_maturity >= CURRENT_DATE THEN '0_not_due'
                               WHEN CURRENT_DATE - %(aml)s.date_maturity <= 30 THEN '1_30'
                               WHEN CURRENT_DATE - %(aml)s.date_maturity <= 60 THEN '2_60'
                               WHEN CURRENT_DATE - %(aml)s.date_maturity <= 90 THEN '3_90'
                               ELSE '4_older'
                           END AS age,
                           %(aml)s.amount_residual
                      FROM %(from)s
                      JOIN svk_lease lease ON lease.id = %(aml)s.svk_lease_id
                      JOIN svk_unit unit ON unit.id = lease.unit_id
                     WHERE %(where)s AND %(aml)s.amount_residual != 0
                )
                """,
                view=SQL.identifier(self._table),
                aml=aml,
                **{"from": query.from_clause, "where": query.where_clause},
            )
        )
