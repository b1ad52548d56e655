from odoo.tools import SQL


def post_init_hook(env):
    """The leases and owner contracts already there: their rent today is the base the
    next indexation starts from (the rent they were signed at is not known)."""
    env.cr.execute(SQL("UPDATE svk_lease SET base_rent = rent WHERE base_rent IS NULL"))
    env.cr.execute(
        SQL("UPDATE svk_owner_contract_line SET base_rent = owner_rent WHERE base_rent IS NULL")
    )
