"""18.0.1.1.0: the rent cycle's accounts, payment modes and reconciliation model come
from the chart of accounts' template; those an earlier version created are kept (by
their codes) and given the template's ids. Invoice lines of leases get their unit, so
that what is held for owners reads per unit and month."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            UPDATE account_move_line line
               SET svk_unit_id = lease.unit_id
              FROM svk_lease lease
             WHERE line.svk_lease_id = lease.id
               AND line.svk_unit_id IS NULL
               AND line.display_type = 'product'
            """
        )
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].search([("chart_template", "!=", False)])
    env["account.chart.template"]._svk_load_into(companies)
