"""The demo agency's tenants as messaging finds them: their channel preferences and
consents."""


def generate_messaging(gen, rng):
    """Tenants' channel preferences and consents as an agency has them: most agreed
    on a form or in their lease, a few opted out, some never asked."""
    company = gen.env.company
    leases = gen.env["svk.lease"].search(
        [("company_id", "=", company.id), ("state", "in", ("active", "notice"))]
    )
    tenants = leases.tenant_id
    by_preference = {"whatsapp": [], "sms": [], "email": []}
    # a number that already has its consent keeps it
    consents = []
    seen = set(
        gen.env["svk.messaging.consent"].search([("company_id", "=", company.id)]).mapped("number")
    )
    for tenant in tenants:
        by_preference[rng.choices(["whatsapp", "sms", "email"], [6, 3, 1])[0]].append(tenant.id)
        number = tenant.phone_sanitized
        if not number or number in seen:
            continue
        seen.add(number)
        draw = rng.random()
        if draw < 0.15:
            continue  # never asked
        state, source = ("opt_out", "keyword") if draw < 0.2 else ("opt_in", "form")
        if state == "opt_in" and rng.random() < 0.4:
            source = "lease"
        consents += [
            {
                "company_id": company.id,
                "partner_id": tenant.id,
                "number": number,
                "channel": channel,
                "state": state,
                "source": source,
            }
            for channel in ("sms", "whatsapp")
        ]
    Partner = gen.env["res.partner"]
    for preference, ids in by_preference.items():
        Partner.browse(ids).write({"svk_message_channel": preference})
    gen.env["svk.messaging.consent"].create(consents)
    return {"consents": len(consents)}
