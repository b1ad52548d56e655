"""The demo agency's portfolio: buildings and sites, units (grouped by the owner who lets
them to the agency), meters. Owners and their contracts: owners.py."""

from datetime import timedelta

from odoo import fields

from .codes import gs1_ean18
from .names import SITE_NAMES, STREETS
from .owners import build_owner_contracts, build_owners

EPC_WEIGHTS = {"A": 3, "B": 8, "C": 18, "D": 25, "E": 22, "F": 15, "G": 9}


def generate_housing(gen, rng, size):
    """About `size` units in sites, small buildings and single houses, their owners,
    owner contracts and meters."""
    n_sites, sizes, n_houses = build_layout(rng, size)
    buildings = build_buildings(gen, rng, n_sites, sizes)
    groups = build_unit_groups(gen, rng, buildings, n_sites, sizes, n_houses)
    owners, bank_of, group_owner = build_owners(gen, rng, size, groups)
    units, contract_specs = build_units(gen, rng, groups, group_owner)
    contracts = build_owner_contracts(gen, rng, units, contract_specs, bank_of)
    meters = build_meters(gen, rng, units, buildings)
    return {
        "buildings": len(buildings),
        "units": len(units),
        "owners": len(owners),
        "owner contracts": len(contracts),
        "meters": len(meters),
    }


def build_layout(rng, size):
    """Where the units are: the number of 130-unit sites, the size of each small
    building, the number of single houses."""
    n_sites = size // 800 if size >= 400 else 0
    rest = size - 130 * n_sites
    n_houses = int(rest * 0.12)
    in_buildings = rest - n_houses
    n_buildings = max(1, min(in_buildings // 2, round(size * 0.186) - n_sites))
    sizes = [2] * n_buildings
    for _i in range(in_buildings - 2 * n_buildings):
        sizes[rng.randrange(n_buildings)] += 1
    return n_sites, sizes, n_houses


def build_buildings(gen, rng, n_sites, sizes):
    company = gen.env.company
    be = gen.env.ref("base.be")
    staff = gen.env.ref("base.user_admin")
    building_vals = []
    for index in range(n_sites):
        street, zip_code, city = rng.choice(STREETS)
        building_vals.append(
            {
                "name": SITE_NAMES[index % len(SITE_NAMES)]
                + (f" {index // len(SITE_NAMES) + 1}" if index >= len(SITE_NAMES) else ""),
                "street": f"{street} {rng.randint(1, 300)}",
                "zip": zip_code,
                "city": city,
                "country_id": be.id,
                "floor_count": 13,
                "construction_year": rng.randint(1955, 1975),
                "user_id": staff.id,
                "company_id": company.id,
            }
        )
    for _size in sizes:
        street, zip_code, city = rng.choice(STREETS)
        number = rng.randint(1, 250)
        building_vals.append(
            {
                "name": f"{street} {number}",
                "street": f"{street} {number}",
                "zip": zip_code,
                "city": city,
                "country_id": be.id,
                "floor_count": max(2, (_size + 1) // 2),
                "construction_year": rng.randint(1890, 2015),
                "user_id": staff.id,
                "company_id": company.id,
            }
        )
    buildings = gen.env["svk.building"].create(building_vals)
    return buildings


def build_unit_groups(gen, rng, buildings, n_sites, sizes, n_houses):
    """The units' values, grouped by who owns them (one owner contract per group):
    a list of (units' values, is_site)."""
    be = gen.env.ref("base.be")
    groups = []  # (units' values, is_site)
    for index, building in enumerate(buildings):
        if index < n_sites:
            units = [
                unit_vals(gen, rng, building, floor, door, site=True)
                for floor in range(13)
                for door in range(10)
            ]
            groups.append((units, True))
            continue
        units = []
        for door in range(sizes[index - n_sites]):
            units.append(unit_vals(gen, rng, building, door // 2, door % 2))
        if rng.random() < 0.35:
            groups.append((units, False))
        else:
            groups.extend(([unit], False) for unit in units)
    for _i in range(n_houses):
        street, zip_code, city = rng.choice(STREETS)
        unit = unit_vals(gen, rng, None, 0, 0)
        unit.update(
            name=f"{street} {rng.randint(1, 300)}",
            street=f"{street} {rng.randint(1, 300)}",
            zip=zip_code,
            city=city,
            country_id=be.id,
            use_building_address=False,
            unit_type="house" if rng.random() < 0.7 else "apartment",
            bedrooms=rng.randint(2, 5),
            surface=float(rng.randint(75, 160)),
        )
        groups.append(([unit], False))
    return groups


def build_units(gen, rng, groups, group_owner):
    """The units, their owner and state (from their contract's state, chosen here);
    return them with what each group's contract needs."""
    unit_vals, contract_specs = [], []
    for (units, is_site), owner in zip(groups, group_owner, strict=True):
        state = "active"
        roll = rng.random()
        if not is_site:
            state = (
                "draft"
                if roll < 0.015
                else "notice"
                if roll < 0.045
                else "ended"
                if roll < 0.06
                else "active"
            )
        for unit in units:
            unit["owner_id"] = owner.id
            unit["state"] = unit_state(rng, state)
        contract_specs.append((owner, state, is_site, len(unit_vals), len(units)))
        unit_vals.extend(units)
    units = gen.env["svk.unit"].create(unit_vals)
    return units, contract_specs


def build_meters(gen, rng, units, buildings):
    """Every unit has electricity, most gas and water; each building a common meter."""
    company = gen.env.company
    serial = rng.randrange(10**9, 10**10)
    meter_vals = []
    for unit in units:
        for meter_type, chance in (("electricity", 1.0), ("gas", 0.6), ("water", 0.5)):
            if rng.random() < chance:
                serial += rng.randint(1, 97)
                meter_vals.append(
                    {
                        "meter_type": meter_type,
                        "ean": gs1_ean18(serial),
                        "name": f"{rng.randint(10**7, 10**8 - 1)}",
                        "unit_id": unit.id,
                        "company_id": company.id,
                    }
                )
    for building in buildings:
        serial += rng.randint(1, 97)
        meter_vals.append(
            {
                "meter_type": "electricity",
                "ean": gs1_ean18(serial),
                "building_id": building.id,
                "note": gen.env._("Common areas"),
                "company_id": company.id,
            }
        )
    meters = gen.env["svk.meter"].create(meter_vals)
    return meters


def unit_vals(gen, rng, building, floor, door, site=False):
    unit_type = rng.choices(["studio", "apartment", "room"], [20, 75, 5])[0]
    bedrooms = 0 if unit_type != "apartment" else rng.choices([1, 2, 3, 4], [35, 40, 20, 5])[0]
    surface = {"studio": 32, "room": 18}.get(unit_type, 45 + 17 * bedrooms)
    epc = rng.choices(list(EPC_WEIGHTS), list(EPC_WEIGHTS.values()))[0]
    epc_date = fields.Date.context_today(gen) - timedelta(days=rng.randint(30, 3650))
    return {
        "name": f"{floor}{'ABCDEFGHIJ'[door]}" if site else f"{floor}.{door + 1}",
        "building_id": building.id if building else False,
        "street2": f"bte {floor}{'ABCDEFGHIJ'[door]}" if building else False,
        "unit_type": unit_type,
        "bedrooms": bedrooms,
        "floor": floor,
        "surface": float(surface + rng.randint(-5, 12)),
        "epc_class": epc,
        "epc_number": f"{epc_date:%Y%m%d}-{rng.randrange(10**10):010d}-01",
        "epc_date": epc_date,
        "wheelchair_accessible": floor == 0 and rng.random() < 0.3,
        "has_elevator": bool(site or (building and floor > 0 and rng.random() < 0.3)),
        "user_id": gen.env.ref("base.user_admin").id,
        "company_id": gen.env.company.id,
    }


def unit_state(rng, contract_state):
    if contract_state == "draft":
        return "prospect"
    if contract_state == "ended":
        return "withdrawn"
    if contract_state == "notice":
        return rng.choice(["let", "leaving"])
    return rng.choices(["let", "available", "renovation", "leaving"], [96, 1.5, 1.5, 3])[0]
