"""The demo agency's leases as indexation finds them: their EPC handed over (all but
about one in twenty), their base rent the rent they were signed at."""


def generate_indexation(gen, rng):
    leases = gen.env["svk.lease"].search([("company_id", "=", gen.env.company.id)], order="id")
    handed = leases.filtered(lambda lease: rng.random() >= 0.05)
    handed.with_context(tracking_disable=True).write({"epc_handed_over": True})
    return {"EPC handed over": len(handed)}
