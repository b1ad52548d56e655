"""18.0.1.0.1: applications that lost their company (CRM's own compute blanked it when
their salesperson or team was cleared, and the applications' company rule then hid them
from every agency) get it back from their lease, household or team, or the database's
only company; those that cannot be placed are logged."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.lead"]._svk_restore_company()
