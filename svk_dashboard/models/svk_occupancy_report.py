from odoo import fields, models, tools
from odoo.tools import SQL

# the months the report covers: the current one (up to today) and the eleven before
MONTHS = 12
# a unit is managed while an owner contract on it runs or ran (a draft one is not yet),
# and occupied while a lease on it runs or ran: the states svk_housing gives them
CONTRACT_STATES = ("active", "notice", "ended")
LEASE_STATES = ("active", "notice", "ended")


class SvkOccupancyReport(models.Model):
    """Occupancy and vacancy days per unit and month, over the last twelve months.

    One row per unit and month in which an owner contract on the unit ran: the days the
    agency managed the unit (a contract ran), the days a lease ran in them, and the
    difference, the vacancy days the agency carries (it pays the owner's guaranteed rent
    whether the unit is let or not). Overlapping contracts or leases count each day once.
    The current month counts up to today."""

    _name = "svk.occupancy.report"
    _description = "Occupancy and vacancy days"
    _auto = False
    _order = "month desc, building_id, unit_id"
    _rec_name = "unit_id"

    company_id = fields.Many2one("res.company", readonly=True)
    unit_id = fields.Many2one("svk.unit", readonly=True)
    building_id = fields.Many2one("svk.building", readonly=True)
    month = fields.Date(readonly=True)
    days_managed = fields.Integer(
        string="Days managed", readonly=True, help="Days an owner contract on the unit ran."
    )
    days_let = fields.Integer(
        string="Days let", readonly=True, help="Days of them a lease on the unit ran."
    )
    days_vacant = fields.Integer(
        string="Vacancy days",
        readonly=True,
        help="Days managed that no lease ran: the agency paid the owner and collected no rent.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        days = "(SELECT COALESCE(SUM(upper(r) - lower(r)), 0) FROM unnest(%s) r)"
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    WITH months AS (
                        SELECT month::date AS month,
                               datemultirange(daterange(
                                   month::date,
                                   LEAST((month + interval '1 month')::date, CURRENT_DATE + 1)
                               )) AS days
                          FROM generate_series(
                                   %(start)s,
                                   date_trunc('month', CURRENT_DATE),
                                   interval '1 month'
                               ) AS month
                    ), managed AS (
                        SELECT line.unit_id,
                               range_agg(daterange(contract.date_start, contract.date_end, '[]'))
                                   AS days
                          FROM svk_owner_contract_line line
                          JOIN svk_owner_contract contract ON contract.id = line.contract_id
                         WHERE contract.state IN %(contract_states)s
                           AND contract.date_start <= CURRENT_DATE
                           AND (contract.date_end IS NULL OR contract.date_end
                                >= %(start)s)
                         GROUP BY line.unit_id
                    ), let AS (
                        SELECT lease.unit_id,
                               range_agg(daterange(lease.date_start, lease.date_end, '[]')) AS days
                          FROM svk_lease lease
                         WHERE lease.state IN %(lease_states)s
                           AND lease.date_start <= CURRENT_DATE
                           AND (lease.date_end IS NULL OR lease.date_end
                                >= %(start)s)
                         GROUP BY lease.unit_id
                    )
                    SELECT unit.id * %(months)s + EXTRACT(MONTH FROM months.month)::int - 1 AS id,
                           unit.id AS unit_id, unit.building_id, unit.company_id, months.month,
                           %(days_managed)s AS days_managed,
                           %(days_let)s AS days_let,
                           %(days_managed)s - %(days_let)s AS days_vacant
                      FROM managed
                      JOIN svk_unit unit ON unit.id = managed.unit_id
                      JOIN months ON managed.days && months.days
                      LEFT JOIN let ON let.unit_id = managed.unit_id
                      CROSS JOIN LATERAL (
                          SELECT managed.days * months.days AS managed_days
                      ) m
                      CROSS JOIN LATERAL (
                          SELECT m.managed_days * COALESCE(let.days, '{}'::datemultirange)
                                 AS let_days
                      ) l
                )
                """,
                view=SQL.identifier(self._table),
                start=SQL(
                    "(date_trunc('month', CURRENT_DATE) - %s * interval '1 month')", MONTHS - 1
                ),
                months=MONTHS,
                contract_states=CONTRACT_STATES,
                lease_states=LEASE_STATES,
                days_managed=SQL(days, SQL("m.managed_days")),
                days_let=SQL(days, SQL("l.let_days")),
            )
        )
