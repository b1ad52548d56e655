"""The demo agency's repair requests: one in every state, the closed ones with each
payer (the tenant, the owner under a mandate and under a main lease, the agency), with
their contractors' bills; the first ones on the portal tenants' leases."""

from datetime import datetime, time, timedelta

from odoo import fields
from odoo.fields import Command

DESCRIPTIONS = {
    "heating": "Le radiateur du salon reste froid depuis hier.",
    "water": "Geen warm water meer in de badkamer.",
    "electricity": "The kitchen sockets stopped working.",
    "leak": "Water drips from the bathroom ceiling.",
    "lock": "La serrure de la porte d'entrée est cassée.",
    "pests": "Muizen in de kelder.",
    "other": "The letterbox door is broken.",
}
# (category, what happens to it, who pays): every state and every payer
SCENARIOS = [
    ("heating", "new", None),
    ("other", "new", None),
    ("lock", "assigned", None),
    ("water", "proposed", None),
    ("electricity", "confirmed", None),
    ("pests", "other_slot", None),
    ("leak", "done", None),
    ("other", "closed", "tenant"),
    ("leak", "closed", "owner_mandate"),
    ("heating", "closed", "owner_main_lease"),
    ("water", "closed", "agency"),
    ("pests", "cancelled", None),
]


def generate_repairs(gen, rng, size):
    """About one request per 40 units, at least one per scenario."""
    env = gen.env
    company = env.company
    leases = env["svk.lease"].search(
        [("company_id", "=", company.id), ("state", "=", "active")], order="id"
    )
    if not leases:
        return {"repair_requests": 0}
    contractors = env["res.partner"].create(
        [
            {"name": "Plomberie Saint-Gilles SRL", "is_company": True, "company_id": company.id},
            {"name": "Elektro Brussel BV", "is_company": True, "company_id": company.id},
        ]
    )
    technician = env.user
    by_type = {
        kind: leases.filtered(lambda lease, kind=kind: lease.unit_id.contract_type == kind)
        for kind in ("mandate", "main_lease")
    }
    scenarios = list(SCENARIOS)
    while len(scenarios) < max(len(SCENARIOS), size // 40):
        scenarios.append(rng.choice(SCENARIOS))
    requests = env["svk.repair.request"]
    used = set()
    for index, (category, step, payer) in enumerate(scenarios):
        lease = _lease_for(leases, by_type, payer, index, used)
        if not lease:
            continue
        used.add(lease.id)
        request = env["svk.repair.request"].create(
            {
                "lease_id": lease.id,
                "category": category,
                "description": DESCRIPTIONS[category],
                "source": rng.choice(["portal", "message", "staff"]),
            }
        )
        _advance(request, step, payer, rng, technician, contractors)
        requests |= request
    return {"repair_requests": len(requests)}


def _lease_for(leases, by_type, payer, index, used):
    """The lease of a scenario: under the contract its payer needs, else the first
    portal tenants' leases in turn."""
    if payer in ("owner_mandate", "owner_main_lease"):
        pool = by_type["mandate" if payer == "owner_mandate" else "main_lease"]
        return next((lease for lease in pool if lease.id not in used), pool[:1])
    return leases[index % len(leases)]


def _advance(request, step, payer, rng, technician, contractors):
    if step == "new":
        return
    if step == "cancelled":
        request.action_cancel()
        return
    contractor = rng.choice(contractors)
    request.write({"technician_id": technician.id, "contractor_id": contractor.id})
    request.action_assign()
    if step == "assigned":
        return
    day = fields.Date.context_today(request) + timedelta(days=rng.randint(1, 6))
    request.visit_date = datetime.combine(day, time(8 + rng.randint(0, 6), 0))
    request.action_propose_visit()
    if step == "confirmed":
        request._portal_answer_visit(True)
    elif step == "other_slot":
        request._portal_answer_visit(False, "Pas le matin, après 14h svp")
    if step in ("proposed", "confirmed", "other_slot"):
        return
    _contractor_bill(request, contractor, rng)
    request.action_done()
    if step == "done":
        return
    request.payer = "owner" if payer.startswith("owner") else payer
    request.action_close()


def _contractor_bill(request, contractor, rng):
    company = request.company_id
    bill = request.env["account.move"].create(
        {
            "move_type": "in_invoice",
            "company_id": company.id,
            "partner_id": contractor.id,
            "invoice_date": fields.Date.context_today(request),
            "ref": f"{contractor.name[:4].upper()}-{request.id:05d}",
            "svk_repair_id": request.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": request.description,
                        "quantity": 1,
                        "price_unit": rng.choice([95.0, 140.0, 185.0, 260.0, 420.0]),
                        "account_id": company.svk_repair_expense_account_id.id,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
    )
    bill.action_post()
    return bill
