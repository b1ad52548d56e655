"""The demo agency's tenants and their leases: one for every let unit (notice given where
the tenant is leaving), within the unit's owner contract, some with a CPAS as third
payer, with their households and guarantees."""

from datetime import timedelta

from odoo import fields
from odoo.fields import Command

from .names import FIRST_NAMES, LAST_NAMES


def generate_tenants(gen, rng):
    """Tenants and their leases for every let unit (notice given where the tenant is
    leaving), some with a CPAS as third payer, their households and guarantees."""
    today = fields.Date.context_today(gen)
    company = gen.env.company
    langs = [code for code, _name in gen.env["res.lang"].get_installed()]
    be = gen.env.ref("base.be")
    units = gen.env["svk.unit"].search(
        [("company_id", "=", company.id), ("state", "in", ("let", "leaving"))], order="id"
    )
    cpas = gen.env["res.partner"].create(
        [
            {"name": name, "is_company": True, "country_id": be.id, "company_id": company.id}
            for name in (
                "CPAS d'Anderlecht",
                "CPAS de Molenbeek-Saint-Jean",
                "OCMW Brussel",
                "CPAS de Schaerbeek",
                "CPAS de Saint-Gilles",
            )
        ]
    )
    tenant_vals = []
    for index, unit in enumerate(units):
        tenant_vals.append(
            {
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "street": unit.street,
                "street2": unit.street2,
                "zip": unit.zip,
                "city": unit.city,
                "country_id": be.id,
                "mobile": f"+32 4{rng.randint(60, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                "email": f"tenant{index + 1}@example.be" if rng.random() < 0.35 else False,
                "lang": rng.choice(langs),
                "company_id": company.id,
            }
        )
    tenants = gen.env["res.partner"].create(tenant_vals)
    lease_vals = []
    for unit, tenant in zip(units, tenants, strict=True):
        start = today - timedelta(days=rng.randint(40, 8 * 365))
        start = start.replace(day=1) if rng.random() < 0.7 else start
        rent = float(round(300 + 85 * unit.bedrooms + rng.randint(-30, 60)))
        lease_type = rng.choices(["standard", "short", "transit"], [88, 7, 5])[0]
        months = {"standard": 108, "short": 36, "transit": 18}[lease_type]
        if lease_type != "standard":
            start = today - timedelta(days=rng.randint(40, months * 28))
        # a lease starts once the unit's owner contract runs: before, no owner is
        # billed for the rent it would collect
        start = max(start, unit.owner_contract_id.date_start or start)
        vals = {
            "unit_id": unit.id,
            "tenant_id": tenant.id,
            "lease_type": lease_type,
            "date_signature": start - timedelta(days=rng.randint(5, 30)),
            "date_start": start,
            "duration_months": months,
            "rent": rent,
            "charges_amount": float(rng.choice([35, 45, 60, 75, 90, 110])),
            "charges_mode": "provision" if rng.random() < 0.7 else "flat",
            "guarantee_amount": 2 * rent,
            "guarantee_form": rng.choices(
                [form for form, _label in gen.env["svk.lease"]._fields["guarantee_form"].selection],
                [35, 30, 15, 5, 15],
            )[0],
            "guarantee_state": "constituted",
            "registration_date": start + timedelta(days=rng.randint(5, 55)),
            "entry_inspection_date": start + timedelta(days=rng.randint(0, 20)),
            "state": "notice" if unit.state == "leaving" else "active",
            "user_id": gen.env.ref("base.user_admin").id,
            "company_id": company.id,
            "member_ids": [
                Command.create(
                    {
                        "name": f"{rng.choice(FIRST_NAMES)} {tenant.name.split(' ', 1)[1]}",
                        "relation": relation,
                        "birth_date": today - timedelta(days=rng.randint(*ages) * 365),
                    }
                )
                for relation, ages in ([("partner", (20, 70))] if rng.random() < 0.4 else [])
                + [("child", (0, 17))] * rng.choice([0, 0, 1, 2, 3])
            ],
        }
        if rng.random() < 0.08:
            vals.update(
                third_payer_id=rng.choice(cpas).id,
                third_payer_amount=float(rng.choice([100, 150, 200])),
            )
        if unit.state == "leaving":
            vals.update(date_notice=today - timedelta(days=rng.randint(5, 60)))
        lease_vals.append(vals)
    leases = gen.env["svk.lease"].create(lease_vals)
    for lease in leases.filtered(lambda lease: lease.state == "notice"):
        lease.date_end = min(
            lease.date_end,
            max(lease.date_start, today) + timedelta(days=rng.randint(20, 90)),
        )
    # nor does it run on after the contract ends
    for lease in leases:
        contract_end = lease.unit_id.owner_contract_id.date_end
        if contract_end and (not lease.date_end or lease.date_end > contract_end):
            lease.date_end = contract_end
    return {"tenants": len(tenants), "leases": len(leases)}
