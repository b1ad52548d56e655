"""The demo agency's tenants invited to the portal, with known logins (README)."""

PORTAL_TENANTS = 10
PORTAL_PASSWORD = "tenant"


def generate_portal(gen, count=PORTAL_TENANTS):
    """Invite the tenants of the first `count` running leases: tenant1@demo.svk ...
    with the password "tenant" (no message is sent: the demo has no provider), and give
    the agency its opening hours and emergency numbers."""
    company = gen.env.company
    company.write(
        {
            "svk_portal_hours": "Mon–Thu 9:00–12:00 and 13:30–16:00\nFri 9:00–12:00",
            "svk_portal_emergency": "Plumber (leak): 02 555 12 34\nHeating: 02 555 56 78",
        }
    )
    leases = gen.env["svk.lease"].search(
        [("company_id", "=", company.id), ("state", "=", "active")], order="id", limit=count
    )
    users = gen.env["res.users"]
    for index, lease in enumerate(leases, start=1):
        login = f"tenant{index}@demo.svk"
        if not lease.tenant_id.user_ids:
            lease.tenant_id.email = login
        user = lease._svk_portal_user()
        user.password = PORTAL_PASSWORD
        users |= user
    return {"portal_users": len(users)}
