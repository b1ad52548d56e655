"""The demo agency's owners, their Belgian bank accounts and their owner contracts of
both types in every state (the units they cover: portfolio.py)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command

from .codes import belgian_iban
from .names import COMPANY_OWNERS, FIRST_NAMES, LAST_NAMES, STREETS


def build_owners(gen, rng, size, groups):
    """About 0.625 owners per unit, each with a bank account; return them, their
    accounts by owner id and the owner of each group of units."""
    company = gen.env.company
    langs = [code for code, _name in gen.env["res.lang"].get_installed()]
    be = gen.env.ref("base.be")
    n_owners = min(len(groups), max(1, round(size * 0.625)))
    partner_vals = []
    for index in range(n_owners):
        is_company = groups[index][1] or rng.random() < 0.08
        if is_company:
            name = rng.choice(COMPANY_OWNERS)
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        street, zip_code, city = rng.choice(STREETS)
        partner_vals.append(
            {
                "name": name,
                "is_company": is_company,
                "street": f"{street} {rng.randint(1, 300)}",
                "zip": zip_code,
                "city": city,
                "country_id": be.id,
                "phone": f"+32 4{rng.randint(70, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                "email": f"owner{index + 1}@example.be",
                "lang": rng.choice(langs),
                "company_id": company.id,
            }
        )
    owners = gen.env["res.partner"].create(partner_vals)
    ibans = set()
    bank_vals = []
    for owner in owners:
        iban = belgian_iban(rng)
        while iban in ibans:
            iban = belgian_iban(rng)
        ibans.add(iban)
        bank_vals.append({"partner_id": owner.id, "acc_number": iban, "company_id": company.id})
    banks = gen.env["res.partner.bank"].create(bank_vals)
    bank_of = dict(zip(owners.ids, banks.ids, strict=True))
    group_owner = list(owners) + [owners[rng.randrange(n_owners)] for _g in groups[n_owners:]]
    return owners, bank_of, group_owner


def build_owner_contracts(gen, rng, units, contract_specs, bank_of):
    """One contract per group of units, in the state chosen for its units; the
    running ones' payout accounts trusted."""
    today = fields.Date.context_today(gen)
    company = gen.env.company
    staff = gen.env.ref("base.user_admin")
    contract_vals = []
    for owner, state, is_site, first, count in contract_specs:
        duration = "9" if is_site else rng.choices(["1", "3", "9", "15"], [5, 30, 50, 15])[0]
        years = int(duration)
        if state == "draft":
            start = today + timedelta(days=rng.randint(15, 90))
        elif state == "ended":
            start = today - relativedelta(years=years, days=rng.randint(30, 700))
        else:
            start = today - timedelta(days=rng.randint(30, years * 365 - 30))
        base_rent = rng.randint(550, 1050)
        contract_vals.append(
            {
                "owner_id": owner.id,
                "contract_type": "main_lease" if is_site or rng.random() < 0.45 else "mandate",
                "duration": duration,
                "date_start": start,
                "date_signature": start - timedelta(days=rng.randint(10, 60)),
                "payment_day": rng.choice([1, 1, 1, 5, 10]),
                "bank_account_id": bank_of[owner.id],
                "user_id": staff.id,
                "state": state,
                "company_id": company.id,
                "line_ids": [
                    Command.create(
                        {
                            "unit_id": unit.id,
                            "owner_rent": float(
                                base_rent + 90 * unit.bedrooms + rng.randint(-40, 40)
                            ),
                        }
                    )
                    for unit in units[first : first + count]
                ],
            }
        )
    contracts = gen.env["svk.owner.contract"].create(contract_vals)
    for contract in contracts.filtered(lambda c: c.state == "notice"):
        contract.date_notice = today - timedelta(days=rng.randint(10, 120))
        contract.date_end = today + timedelta(days=rng.randint(30, 150))
    for contract in contracts.filtered(lambda c: c.state == "ended"):
        contract.date_end = min(contract.date_end, today - timedelta(days=rng.randint(1, 300)))
    # the agency's managers vouched for the accounts of the contracts they started
    contracts.filtered(lambda c: c.state in ("active", "notice")).bank_account_id.write(
        {"allow_out_payment": True}
    )
    return contracts
