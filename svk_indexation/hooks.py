from odoo import fields
from odoo.tools import SQL

from .models.svk_lease import last_anniversary_month


def post_init_hook(env):
    """The leases and owner contracts already there: their rent today is the base the
    next indexation starts from (the rent they were signed at is not known), at the
    index of the month before their last anniversary."""
    env.cr.execute(SQL("UPDATE svk_lease SET base_rent = rent WHERE base_rent IS NULL"))
    env.cr.execute(
        SQL("UPDATE svk_owner_contract_line SET base_rent = owner_rent WHERE base_rent IS NULL")
    )
    today = fields.Date.context_today(env["svk.lease"])
    for model in ("svk.lease", "svk.owner.contract"):
        records = env[model].search([("index_start_month", "=", False)])
        by_month = {}
        for record in records:
            month = last_anniversary_month(record.date_start, today)
            if month:
                by_month.setdefault(month, []).append(record.id)
        for month, ids in by_month.items():
            env[model].browse(ids).write({"index_start_month": month})
