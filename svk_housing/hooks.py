def post_init_hook(env):
    """Companies that already have a chart of accounts get the rent cycle's accounts,
    journals, payment modes and the lease-communication reconciliation model at once."""
    env["res.company"].search([("chart_template", "!=", False)])._svk_ensure_accounting()
