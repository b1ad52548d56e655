"""The demo agency's referral organisations on the partners' portal (svk.demo.generator).

One portal user per referral organisation, its first social worker, with a known login
to try the portal: ``<organisation>@demo.svk`` (the organisation's name before its dash,
e.g. ``housing-first-brussels@demo.svk``, ``cpas-de-forest@demo.svk``) and the password
``partner``. The referrals' consents (arrears, end of lease, contact details) are drawn
with the referrals (applications.py)."""

import re
import unicodedata

DEMO_PASSWORD = "partner"
DOMAIN = "demo.svk"


def organisation_login(name, taken):
    """`name`'s login on the demo: its part before the dash, lowercase ASCII words joined
    by hyphens, numbered when `taken` already holds it."""
    short = name.split(" – ")[0]
    ascii_name = unicodedata.normalize("NFKD", short).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "organisation"
    login, number = f"{slug}@{DOMAIN}", 2
    while login in taken:
        login, number = f"{slug}-{number}@{DOMAIN}", number + 1
    return login


def generate_organisation_users(gen):
    """A portal user for the first social worker of each referral organisation of the
    company that has none yet. Returns the count."""
    company = gen.env.company
    organisations = gen.env["res.partner"].search(
        [("svk_referral_org", "=", True), ("company_id", "=", company.id)], order="id"
    )
    users = gen.env["res.users"].with_context(active_test=False)
    taken = set(users.search([("login", "=like", f"%@{DOMAIN}")]).mapped("login"))
    portal = gen.env.ref("base.group_portal")
    vals_list = []
    for org in organisations:
        worker = org.child_ids[:1]
        if not worker or worker.with_context(active_test=False).user_ids:
            continue
        login = organisation_login(org.name, taken)
        taken.add(login)
        vals_list.append(
            {
                "login": login,
                "password": DEMO_PASSWORD,
                "partner_id": worker.id,
                "groups_id": [(6, 0, portal.ids)],
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
            }
        )
    created = users.with_context(no_reset_password=True).create(vals_list)
    return {"organisation_users": len(created)}
