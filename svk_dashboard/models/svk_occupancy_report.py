from odoo import api, fields, models
from odoo.tools import SQL

# the months the report covers: the current one (up to today) and the eleven before
MONTHS = 12
# a unit is managed while an owner contract on it runs or ran (a draft one is not yet),
# and occupied while a lease on it runs or ran: the states svk_housing gives them
CONTRACT_STATES = ("active", "notice", "ended")
LEASE_STATES = ("active", "notice", "ended")
# what a unit's days depend on, per model: a change to one of them computes the unit again
LEASE_FIELDS = ("state", "date_start", "date_end", "unit_id")
CONTRACT_FIELDS = ("state", "date_start", "date_end")
CONTRACT_LINE_FIELDS = ("unit_id", "contract_id")
UNIT_FIELDS = ("building_id", "company_id")


class SvkOccupancyReport(models.Model):
    """Occupancy and vacancy days per unit and month, over the last twelve months.

    One row per unit and month in which an owner contract on the unit ran: the days the
    agency managed the unit (a contract ran), the days a lease ran in them, and the
    difference, the vacancy days the agency carries (it pays the owner's guaranteed rent
    whether the unit is let or not). Overlapping contracts or leases count each day once;
    the current month counts up to the day of the computation.

    The rows are stored and kept in bulk, one SQL statement for any number of units
    (`_refresh`): the units whose leases, owner contracts or building change are computed
    again in the same transaction, and a daily cron computes every unit (the day that
    passed, the month that begins) so that reading the figures is Odoo's read_group of a
    table (counting days over contracts and leases at each read took seconds at 8,000
    units)."""

    _name = "svk.occupancy.report"
    _description = "Occupancy and vacancy days"
    _order = "month desc, building_id, unit_id"
    _rec_name = "unit_id"
    _log_access = False
    _check_company_auto = True

    company_id = fields.Many2one("res.company", readonly=True, required=True, index=True)
    unit_id = fields.Many2one(
        "svk.unit", readonly=True, required=True, ondelete="cascade", check_company=True
    )
    building_id = fields.Many2one(
        "svk.building", readonly=True, index="btree_not_null", check_company=True
    )
    month = fields.Date(readonly=True, required=True, index=True)
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

    _sql_constraints = [
        ("unit_month_unique", "UNIQUE(unit_id, month)", "One row per unit and month."),
        (
            "days_consistent",
            "CHECK(days_let >= 0 AND days_let <= days_managed "
            "AND days_vacant = days_managed - days_let)",
            "Days let are days managed; the rest are vacancy days.",
        ),
    ]

    def init(self):
        # at install and upgrade: every unit, so that the report never starts empty
        self._refresh()

    @api.model
    def _cron_refresh(self):
        self._refresh()

    @api.model
    def _refresh(self, unit_ids=None):
        """Compute the rows of `unit_ids` (every unit if None) again, in one statement:
        upsert the fresh rows, delete the units' rows that are no longer (a month out of
        the window, a contract that never ran)."""
        if unit_ids is not None and not unit_ids:
            return

        def of_units(column):
            if unit_ids is None:
                return SQL("TRUE")
            return SQL("%s = ANY(%s)", SQL(column), list(unit_ids))

        self.flush_model()
        self.env["svk.lease"].flush_model(LEASE_FIELDS)
        self.env["svk.owner.contract"].flush_model(CONTRACT_FIELDS)
        self.env["svk.owner.contract.line"].flush_model(CONTRACT_LINE_FIELDS)
        self.env["svk.unit"].flush_model(UNIT_FIELDS)
        self.env.cr.execute(
            SQL(
                """
                WITH months AS (
                    SELECT month::date AS month,
                           daterange(month::date,
                                     LEAST((month + interval '1 month')::date, CURRENT_DATE + 1))
                               AS days
                      FROM generate_series(%(start)s, date_trunc('month', CURRENT_DATE),
                                           interval '1 month') AS month
                ), win AS (
                    SELECT daterange(%(start)s::date, CURRENT_DATE, '[]') AS days
                ), managed AS (
                    SELECT line.unit_id,
                           range_agg(daterange(contract.date_start, contract.date_end, '[]')
                                     * win.days) AS days
                      FROM svk_owner_contract_line line
                      JOIN svk_owner_contract contract ON contract.id = line.contract_id,
                           win
                     WHERE contract.state IN %(contract_states)s
                       AND daterange(contract.date_start, contract.date_end, '[]') && win.days
                       AND %(line_units)s
                     GROUP BY line.unit_id
                ), pieces AS (
                    -- each unit's days as disjoint ranges: managed, and let while managed
                    SELECT managed.unit_id, piece, FALSE AS let
                      FROM managed, unnest(managed.days) AS piece
                     UNION ALL
                    SELECT managed.unit_id, piece, TRUE
                      FROM managed
                     CROSS JOIN LATERAL (
                           -- the unit's leases, by the index of their unit only (a join
                           -- of two aggregates, or the index of their state, is planned
                           -- as a loop over all)
                           SELECT range_agg(daterange(lease.date_start, lease.date_end, '[]'))
                                      FILTER (WHERE lease.state IN %(lease_states)s) AS days
                             FROM svk_lease lease
                            WHERE lease.unit_id = managed.unit_id
                           ) AS let
                     CROSS JOIN unnest(managed.days * let.days) AS piece
                     WHERE let.days IS NOT NULL
                ), days AS (
                    SELECT pieces.unit_id, months.month,
                           SUM(upper(pieces.piece * months.days)
                               - lower(pieces.piece * months.days))
                               FILTER (WHERE NOT pieces.let) AS managed,
                           COALESCE(SUM(upper(pieces.piece * months.days)
                                        - lower(pieces.piece * months.days))
                                    FILTER (WHERE pieces.let), 0) AS let
                      FROM pieces JOIN months ON pieces.piece && months.days
                     GROUP BY pieces.unit_id, months.month
                ), fresh AS (
                    SELECT unit.company_id, days.unit_id, unit.building_id, days.month,
                           days.managed, days.let
                      FROM days JOIN svk_unit unit ON unit.id = days.unit_id
                ), upserted AS (
                    INSERT INTO %(table)s AS old
                        (company_id, unit_id, building_id, month,
                         days_managed, days_let, days_vacant)
                    SELECT company_id, unit_id, building_id, month, managed, let, managed - let
                      FROM fresh
                    ON CONFLICT (unit_id, month) DO UPDATE
                       SET company_id = EXCLUDED.company_id,
                           building_id = EXCLUDED.building_id,
                           days_managed = EXCLUDED.days_managed,
                           days_let = EXCLUDED.days_let,
                           days_vacant = EXCLUDED.days_vacant
                     WHERE (old.company_id, old.building_id, old.days_managed, old.days_let)
                           IS DISTINCT FROM (EXCLUDED.company_id, EXCLUDED.building_id,
                                             EXCLUDED.days_managed, EXCLUDED.days_let)
                )
                DELETE FROM %(table)s old
                 WHERE %(old_units)s
                   AND NOT EXISTS (
                       SELECT FROM fresh
                        WHERE fresh.unit_id = old.unit_id AND fresh.month = old.month
                   )
                """,
                table=SQL.identifier(self._table),
                start=SQL(
                    "(date_trunc('month', CURRENT_DATE) - %s * interval '1 month')", MONTHS - 1
                ),
                contract_states=CONTRACT_STATES,
                lease_states=LEASE_STATES,
                line_units=of_units("line.unit_id"),
                old_units=of_units("old.unit_id"),
            )
        )
        self.invalidate_model()
