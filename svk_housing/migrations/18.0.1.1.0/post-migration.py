"""18.0.1.1.0: the rent cycle's accounts, payment modes and reconciliation model come
from the chart of accounts' template; those an earlier version created are kept (by
their codes) and given the template's ids."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].search([("chart_template", "!=", False)])
    env["account.chart.template"]._svk_load_into(companies)
