"""The demo agency's tenants as messaging finds them: their channel preferences and
consents; then, through the agency's sandbox providers (which reach nobody), a few
conversations, a mass message with its delivery statuses and messages from unknown
numbers waiting in the triage list."""

from odoo.fields import Command

# what tenants write, and what the agency answers, by language
REPLIES = {
    "fr": [
        ("Bonjour, le chauffage ne marche plus depuis hier.", "Un technicien passe demain matin."),
        ("Je paierai le loyer vendredi, désolé pour le retard.", "Merci de nous prévenir."),
    ],
    "nl": [
        ("Goedemiddag, er is een lek in de badkamer.", "We sturen deze week een loodgieter."),
        ("Mag ik mijn huur in twee keer betalen?", "Ja, bel ons om een afbetaling te regelen."),
    ],
    "en": [
        ("Hello, the front door lock is broken.", "We will call you today to fix a time."),
    ],
}
UNKNOWN = [
    ("+32478000101", "Bonjour, je cherche un logement pour ma famille."),
    ("+32478000102", "Hallo, ik ben de nieuwe buurman van nummer 12."),
    ("+32478000103", "Hi, is the office open on Saturday?"),
]


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
    stats = {"consents": len(consents)}
    stats.update(generate_conversations(gen, rng, leases))
    return stats


def generate_conversations(gen, rng, leases):
    """Conversations, a mass message and triage items through the sandbox providers:
    nothing when an agency's channel has a real provider (a demo never writes to
    anyone). The sandbox's delivery reports are applied at once (no job waits)."""
    company = gen.env.company
    Provider = gen.env["svk.messaging.provider"]
    Provider._create_sandboxes(company)
    providers = [Provider._for_company(company, channel) for channel in ("sms", "whatsapp")]
    if not all(provider.provider_type == "sandbox" for provider in providers):
        return {"sandbox_messages": 0}
    env = gen.with_context(queue_job__no_delay=True).env
    Reply, Message = env["svk.message.sandbox.reply"], env["svk.message"]
    agreed = set(
        env["svk.messaging.consent"]
        .search(
            [
                ("company_id", "=", company.id),
                ("channel", "=", "whatsapp"),
                ("state", "=", "opt_in"),
            ]
        )
        .mapped("number")
    )
    talkers = [
        lease.tenant_id
        for lease in leases.sorted("id")
        if lease.tenant_id.phone_sanitized in agreed
        and lease.tenant_id.svk_message_channel == "whatsapp"
    ][:6]
    before = Message.search_count([("company_id", "=", company.id)])
    for tenant in talkers:
        lang = (tenant.lang or "fr").split("_")[0]
        question, answer = rng.choice(REPLIES.get(lang, REPLIES["en"]))
        Reply.create(
            {"partner_id": tenant.id, "channel": "whatsapp", "body": question}
        ).action_receive()
        Message._send_to_partner(tenant, company, body=answer)
    for number, body in UNKNOWN:
        Reply.create(
            {"number": number, "channel": rng.choice(["sms", "whatsapp"]), "body": body}
        ).action_receive()
    # a mass message to the tenants of the largest building, sent and reported
    [(building, _count)] = env["svk.lease"]._read_group(
        [("id", "in", leases.ids), ("building_id", "!=", False)],
        ["building_id"],
        ["__count"],
        order="__count desc",
        limit=1,
    ) or [(env["svk.building"], 0)]
    if building:
        mass = env["svk.message.mass"].create(
            {
                "name": "Water cut on Tuesday",
                "target": "building",
                "building_ids": [Command.set(building.ids)],
                "body": (
                    "The water will be cut on Tuesday from 9:00 to 12:00 for works. Your agency."
                ),
            }
        )
        mass.action_preview()
        todo = mass.recipient_ids.filtered(lambda r: r.state == "to_send")
        if todo:
            mass.state = "sending"
            mass._job_send(todo.ids)
    return {"sandbox_messages": Message.search_count([("company_id", "=", company.id)]) - before}
