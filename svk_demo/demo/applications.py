"""The demo agency's partners and applicants (svk.demo.generator).

Per 800 units: about 15 referral organisations (CPAS, Housing First, refugee and
minors' services, justice assistance) with one to three social workers each and a running
convention, referrals for about a fifth of the running leases' tenants and a few
applicants, and about 400 applications in every stage of the register with households and
incomes around the ceilings. A few units are transit units (those let on a transit lease,
and some vacant ones). The same size and seed give the same data.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields

from .names import FIRST_NAMES, LAST_NAMES

# (name, type): organisations of the kinds that refer households to a Brussels agency
ORGANISATIONS = [
    ("CPAS de Forest – Service logement", "cpas"),
    ("OCMW Jette – Woonbegeleiding", "cpas"),
    ("CPAS d'Ixelles – Cellule logement", "cpas"),
    ("CPAS d'Etterbeek – Insertion", "cpas"),
    ("Housing First Brussels", "homeless"),
    ("Abri de nuit Saint-Gilles", "homeless"),
    ("Straatverplegers Brussel", "homeless"),
    ("Accueil Réfugiés Bruxelles", "refugees"),
    ("Vluchtelingenwerk Brussel", "refugees"),
    ("Maison des Mineurs Non Accompagnés", "minors"),
    ("MENA Brussels Begeleiding", "minors"),
    ("Service d'aide aux justiciables", "justice"),
    ("Justitieel Welzijnswerk Brussel", "justice"),
    ("Maison d'accueil Les Trois Pommiers", "other"),
    ("Centre de santé mentale Le Méridien", "other"),
]
PRIORITY_CRITERIA = [
    ("Homeless or in emergency accommodation", 5),
    ("Victim of domestic violence", 5),
    ("Housing declared unfit", 3),
    ("Eviction notice (not for arrears)", 3),
    ("Overcrowded housing", 2),
    ("Rent over half the household's income", 2),
    ("Living in the municipality", 1),
]
# share of the applications in each stage of the register
STAGES = [
    ("registered", 12),
    ("complete", 10),
    ("eligible", 46),
    ("proposed", 4),
    ("allocated", 10),
    ("closed", 18),
]


def generate_partners(gen, rng, size):
    scale = size / 800
    build_transit_units(gen, rng, scale)
    agreements = build_organisations(gen, rng, max(3, round(15 * scale)))
    applications = build_applications(gen, rng, max(5, round(400 * scale)))
    referrals = build_referrals(gen, rng, agreements, applications)
    return {
        "organisations": len(agreements.organisation_id),
        "referrals": len(referrals),
        "applications": len(applications),
    }


def build_transit_units(gen, rng, scale):
    """Units let on a transit lease are transit units, plus a few vacant ones."""
    company = gen.env.company
    transit = (
        gen.env["svk.lease"]
        .search(
            [
                ("company_id", "=", company.id),
                ("lease_type", "=", "transit"),
                ("state", "in", ("active", "notice")),
            ]
        )
        .unit_id
    )
    vacant = gen.env["svk.unit"].search(
        [("company_id", "=", company.id), ("state", "=", "available")], order="id"
    )
    count = min(len(vacant) // 3, max(1, round(3 * scale)))
    transit |= vacant.browse(rng.sample(vacant.ids, count)) if count else vacant.browse()
    transit.write({"svk_transit": True})
    return transit


def build_organisations(gen, rng, count):
    """Organisations with their social workers and a running convention each."""
    company = gen.env.company
    today = fields.Date.context_today(gen)
    be = gen.env.ref("base.be")
    org_vals = []
    for index in range(count):
        name, org_type = ORGANISATIONS[index % len(ORGANISATIONS)]
        if index >= len(ORGANISATIONS):
            name = f"{name} ({index // len(ORGANISATIONS) + 1})"
        org_vals.append(
            {
                "name": name,
                "is_company": True,
                "svk_referral_org": True,
                "svk_org_type": org_type,
                "country_id": be.id,
                "city": "Bruxelles",
                "email": f"contact{index + 1}@partner.example.be",
                "company_id": company.id,
            }
        )
    organisations = gen.env["res.partner"].create(org_vals)
    worker_vals = []
    for index, org in enumerate(organisations):
        for number in range(rng.randint(1, 3)):
            worker_vals.append(
                {
                    "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "parent_id": org.id,
                    "type": "contact",
                    "function": gen.env._("Social worker"),
                    "email": f"worker{index + 1}.{number + 1}@partner.example.be",
                    "phone": f"+32 2 {rng.randint(200, 599)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)}",
                    "company_id": company.id,
                }
            )
    gen.env["res.partner"].create(worker_vals)
    agreement_vals = []
    for org in organisations:
        start = today - timedelta(days=rng.randint(60, 3 * 365))
        agreement_vals.append(
            {
                "name": gen.env._("Convention %(organisation)s", organisation=org.name),
                "organisation_id": org.id,
                "contact_id": org.child_ids[:1].id,
                "date_start": start,
                "date_end": start + relativedelta(years=3, days=-1)
                if start + relativedelta(years=3) > today
                else start + relativedelta(years=5, days=-1),
                "units_quota": rng.choice([3, 5, 5, 8, 10, 12]),
                "commitments": gen.env._(
                    "<p>The organisation keeps supporting the household at home (a visit "
                    "a month at least) and warns the agency of any difficulty.</p>"
                ),
                "company_id": company.id,
            }
        )
    agreements = gen.env["svk.partner.agreement"].create(agreement_vals)
    agreements.action_start()
    return agreements


def priority_criteria(gen):
    criteria = gen.env["svk.priority.criterion"].search(
        [("company_id", "in", [gen.env.company.id, False])], order="id"
    )
    if criteria:
        return criteria
    return criteria.create(
        [
            {"name": name, "weight": weight, "company_id": gen.env.company.id}
            for name, weight in PRIORITY_CRITERIA
        ]
    )


def build_applications(gen, rng, count):
    """`count` applications in every stage of the register, files completed in the
    order of their (past) registration dates; their incomes around the ceilings."""
    company = gen.env.company
    today = fields.Date.context_today(gen)
    team = gen.env.ref("svk_partners.crm_team_candidates")
    criteria = priority_criteria(gen)
    langs = gen.env["res.lang"].search([("active", "=", True)], order="id")
    # the register starts with the oldest ceilings row the agency has
    first_row = gen.env["svk.income.ceiling"].search(
        [("company_id", "in", [company.id, False])], order="date_from", limit=1
    )
    oldest = max(first_row.date_from or today, today - timedelta(days=4 * 365))
    span = max(1, (today - oldest).days - 1)
    stages = rng.choices([s for s, _w in STAGES], [w for _s, w in STAGES], k=count)

    specs, lead_vals = [], []
    for index, stage in enumerate(stages):
        adults = rng.choices([1, 2, 3], [55, 40, 5])[0]
        children = rng.choices([0, 1, 2, 3, 4, 5], [40, 20, 20, 11, 6, 3])[0]
        disabled_children = 1 if children and rng.random() < 0.04 else 0
        kind = (
            "single"
            if adults == 1 and not children
            else rng.choices(["one_income", "several_incomes"], [65, 35])[0]
        )
        people = adults + children + disabled_children
        bedrooms = 0 if people == 1 else max(1, (people + 0) // 2)
        if adults == 2 and not (children + disabled_children):
            bedrooms = 1
        last, first = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
        full_name = f"{first} {last}"
        lang = rng.choice(langs)
        registered = oldest + timedelta(days=rng.randrange(span))
        lead_vals.append(
            {
                "name": gen.env._("Application %(name)s", name=full_name),
                "type": "opportunity",
                "team_id": team.id,
                "user_id": False,
                "company_id": company.id,
                "contact_name": f"{first} {last}",
                "email_from": f"applicant{index + 1}@example.be" if rng.random() < 0.6 else False,
                "phone": f"+32 4{rng.randint(60, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                "lang_id": lang.id,
                "svk_income_kind": kind,
                "svk_adults": adults,
                "svk_children": children + disabled_children,
                "svk_disabled_children": disabled_children,
                "svk_disabled_adults": 1 if rng.random() < 0.05 else 0,
                "svk_wanted_unit_type": rng.choices(
                    ["any", "apartment", "studio", "house"], [55, 30, 8, 7]
                )[0]
                if people > 1
                else rng.choice(["any", "studio", "apartment"]),
                "svk_bedrooms_needed": bedrooms,
                "svk_needs_accessible": rng.random() < 0.05,
                "svk_transit": rng.random() < 0.06,
                "svk_absolute_priority": rng.random() < 0.01,
                "svk_priority_ids": [
                    (6, 0, rng.sample(criteria.ids, rng.choices([0, 1, 2], [60, 30, 10])[0]))
                ],
            }
        )
        # income as a share of the ceiling: most under it, some in the 100-150% band
        share = rng.choices(
            [rng.uniform(0.45, 1.0), rng.uniform(1.0, 1.5), rng.uniform(1.5, 1.9)],
            [72, 20, 8],
        )[0]
        specs.append((stage, registered, share))
    leads = gen.env["crm.lead"].create(lead_vals)
    for lead, (stage, _registered, share) in zip(leads, specs, strict=True):
        if stage == "registered" and rng.random() < 0.4:
            continue  # income not declared yet
        lead.svk_net_income = round(lead.svk_ceiling * share, -1)

    # the files completed, in the order of their registration dates
    completed = sorted(
        (
            (registered, lead)
            for lead, (stage, registered, _s) in zip(leads, specs, strict=True)
            if stage != "registered"
        ),
        key=lambda pair: (pair[0], pair[1].id),
    )
    for registered, lead in completed:
        lead.action_svk_complete()
        vals = {"svk_register_date": registered}
        if registered < today - relativedelta(years=2):
            vals["svk_last_renewal"] = registered + relativedelta(
                years=2 * ((today - registered).days // 730)
            )
        lead.write(vals)

    leases = gen.env["svk.lease"].search(
        [
            ("company_id", "=", company.id),
            ("state", "in", ("active", "notice")),
            ("date_start", ">=", oldest),
        ],
        order="date_start desc, id",
    )
    taken = gen.env["crm.lead"].search([("svk_allocated_lease_id", "!=", False)])
    free_leases = list(leases - taken.svk_allocated_lease_id)
    stage_ref = "svk_partners.crm_stage_svk_%s"
    for lead, (stage, registered, _s) in zip(leads, specs, strict=True):
        if stage == "proposed" and lead.svk_eligibility in ("eligible", "band"):
            lead.stage_id = gen.env.ref(stage_ref % "proposed")
        elif stage == "allocated" and free_leases and lead.svk_eligibility != "not_eligible":
            lease = free_leases.pop(rng.randrange(len(free_leases)))
            lead.write(
                {
                    "partner_id": lease.tenant_id.id,
                    "svk_allocated_lease_id": lease.id,
                    "svk_exit_reason": "allocated",
                    "svk_exit_date": max(registered, lease.date_start - timedelta(days=20)),
                    "stage_id": gen.env.ref(stage_ref % "allocated").id,
                }
            )
        elif stage == "closed" or (stage == "allocated" and not lead.svk_allocated_lease_id):
            reason = (
                "ineligible"
                if lead.svk_eligibility == "not_eligible"
                else rng.choices(["withdrawn", "expired", "other"], [55, 35, 10])[0]
            )
            lead.write(
                {
                    "svk_exit_reason": reason,
                    "svk_exit_date": min(today, registered + timedelta(days=rng.randint(30, 700))),
                    "stage_id": gen.env.ref(stage_ref % "closed").id,
                }
            )
    return leads


def build_referrals(gen, rng, agreements, applications):
    """Referrals for about a fifth of the running leases' tenants (most still
    supported, some ended) and for a few open applications."""
    company = gen.env.company
    today = fields.Date.context_today(gen)
    admin = gen.env.ref("base.user_admin")
    leases = gen.env["svk.lease"].search(
        [("company_id", "=", company.id), ("state", "in", ("active", "notice"))], order="id"
    )
    open_leads = applications.filtered(lambda lead: not lead.svk_exit_date)
    households = [("lease", lease) for lease in leases if rng.random() < 0.2] + [
        ("lead", lead) for lead in open_leads if rng.random() < 0.1
    ]
    allocated = {
        lead.svk_allocated_lease_id.id: lead for lead in applications if lead.svk_allocated_lease_id
    }
    vals_list = []
    for kind, record in households:
        agreement = rng.choice(agreements)
        org = agreement.organisation_id
        if kind == "lease":
            date = max(agreement.date_start, record.date_start - timedelta(days=30))
            ended = rng.random() < 0.15
            support_end = (
                today - timedelta(days=rng.randint(10, 400))
                if ended
                else today + timedelta(days=rng.randint(10, 700))
            )
            vals = {
                "partner_id": record.tenant_id.id,
                "lead_id": allocated.get(record.id, applications.browse()).id,
                "date": date,
                "status": "ended" if ended else "active",
                "support_end_date": support_end,
                "date_end": support_end if ended else False,
            }
        else:
            vals = {
                "lead_id": record.id,
                "date": max(
                    agreement.date_start,
                    (record.svk_register_date or today) - timedelta(days=15),
                ),
                "status": "active",
                "support_end_date": today + timedelta(days=rng.randint(90, 700)),
            }
        vals.update(
            organisation_id=org.id,
            social_worker_id=rng.choice(org.child_ids).id,
            agreement_id=agreement.id,
            user_id=admin.id,
            consent_arrears=rng.random() < 0.7,
            consent_lease_end=rng.random() < 0.6,
            consent_contact=rng.random() < 0.8,
            support_plan=gen.env._(
                "<p>Monthly home visit by the referring social worker; budget guidance.</p>"
            ),
            company_id=company.id,
        )
        vals_list.append(vals)
    return gen.env["svk.referral"].create(vals_list)
