"""Deterministic generator of a realistic demo agency (not Odoo XML demo data).

``env["svk.demo.generator"]._generate(size=800, seed=1)`` builds, in the current company,
about ``size`` units in buildings of a few units, one 130-unit site per 800 units,
single houses, their owners (0.625 per unit) with Belgian bank accounts, owner contracts
of both types in every state and meters with valid EAN codes. The same size and seed give
the same agency. Later addons extend ``_generate`` (tenants, leases...).

It is private (no RPC reaches it), a system administrator's or a script's only, and it
refuses a company that holds real data (see ``_check_demo_allowed``).
"""

import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .svk_lease import structured_communication

# (street, postcode, municipality): real streets of the 19 Brussels municipalities.
STREETS = [
    ("Rue Haute", "1000", "Bruxelles"),
    ("Rue Blaes", "1000", "Bruxelles"),
    ("Rue de Laeken", "1000", "Bruxelles"),
    ("Rue des Tanneurs", "1000", "Bruxelles"),
    ("Boulevard d'Anvers", "1000", "Bruxelles"),
    ("Rue de la Senne", "1000", "Bruxelles"),
    ("Rue Royale Sainte-Marie", "1030", "Schaerbeek"),
    ("Avenue Louis Bertrand", "1030", "Schaerbeek"),
    ("Rue Josaphat", "1030", "Schaerbeek"),
    ("Rue de Brabant", "1030", "Schaerbeek"),
    ("Chaussée de Haecht", "1030", "Schaerbeek"),
    ("Rue des Coteaux", "1030", "Schaerbeek"),
    ("Avenue de Tervueren", "1040", "Etterbeek"),
    ("Rue des Champs", "1040", "Etterbeek"),
    ("Chaussée de Wavre", "1050", "Ixelles"),
    ("Rue de la Croix", "1050", "Ixelles"),
    ("Rue Gray", "1050", "Ixelles"),
    ("Chaussée de Waterloo", "1060", "Saint-Gilles"),
    ("Rue de Mérode", "1060", "Saint-Gilles"),
    ("Rue Théodore Verhaegen", "1060", "Saint-Gilles"),
    ("Chaussée de Mons", "1070", "Anderlecht"),
    ("Rue Wayez", "1070", "Anderlecht"),
    ("Boulevard de la Révision", "1070", "Anderlecht"),
    ("Rue de Fiennes", "1070", "Anderlecht"),
    ("Chaussée de Gand", "1080", "Molenbeek-Saint-Jean"),
    ("Rue de Ribaucourt", "1080", "Molenbeek-Saint-Jean"),
    ("Rue Vandenpeereboom", "1080", "Molenbeek-Saint-Jean"),
    ("Boulevard Léopold II", "1080", "Molenbeek-Saint-Jean"),
    ("Rue Herkoliers", "1081", "Koekelberg"),
    ("Avenue du Roi Albert", "1082", "Berchem-Sainte-Agathe"),
    ("Avenue Charles-Quint", "1083", "Ganshoren"),
    ("Rue Léon Theodor", "1090", "Jette"),
    ("Avenue de Jette", "1090", "Jette"),
    ("Rue de Heembeek", "1120", "Bruxelles"),
    ("Rue de Verdun", "1130", "Bruxelles"),
    ("Chaussée de Louvain", "1140", "Evere"),
    ("Avenue Henri Dietrich", "1140", "Evere"),
    ("Rue au Bois", "1150", "Woluwe-Saint-Pierre"),
    ("Chaussée de Wavre", "1160", "Auderghem"),
    ("Boulevard du Souverain", "1170", "Watermael-Boitsfort"),
    ("Chaussée d'Alsemberg", "1180", "Uccle"),
    ("Rue Vanderkindere", "1180", "Uccle"),
    ("Avenue Van Volxem", "1190", "Forest"),
    ("Chaussée de Neerstalle", "1190", "Forest"),
    ("Rue de la Station de Woluwe", "1200", "Woluwe-Saint-Lambert"),
    ("Rue Saint-Josse", "1210", "Saint-Josse-ten-Noode"),
    ("Rue de la Limite", "1210", "Saint-Josse-ten-Noode"),
    ("Chaussée de Louvain", "1210", "Saint-Josse-ten-Noode"),
]
SITE_NAMES = [
    "Cité Modèle",
    "Résidence Les Étangs",
    "Site Van Volxem",
    "Site Heembeek",
    "Résidence Bempt",
    "Site Peterbos",
    "Cité Reine Astrid",
    "Site Saint-Lazare",
    "Résidence Bon Air",
    "Site Helmet",
]
# Family and first names reflecting Brussels' population.
LAST_NAMES = [
    "Peeters",
    "Janssens",
    "Maes",
    "Dubois",
    "Lambert",
    "Dupont",
    "Claes",
    "Wouters",
    "Goossens",
    "Lemaire",
    "Jacobs",
    "Mertens",
    "Willems",
    "Leclercq",
    "Martin",
    "Simon",
    "El Amrani",
    "Benali",
    "Bennani",
    "El Idrissi",
    "Ouali",
    "Boukhari",
    "Azzouzi",
    "Yilmaz",
    "Demir",
    "Kaya",
    "Öztürk",
    "Çelik",
    "Kabongo",
    "Mbuyi",
    "Tshibanda",
    "Ilunga",
    "Popescu",
    "Ionescu",
    "Kowalski",
    "Nowak",
    "Rossi",
    "Esposito",
    "García",
    "Fernández",
    "Silva",
    "Ferreira",
    "Al-Hassan",
    "Haddad",
    "Ahmadi",
    "Rahimi",
    "Tesfay",
    "Gebremedhin",
    "Diallo",
    "Bah",
    "Barry",
    "Sow",
    "Van den Broeck",
    "De Smet",
    "Vermeulen",
    "Van Damme",
    "Nguyen",
]
FIRST_NAMES = [
    "Marie",
    "Sophie",
    "Julie",
    "Anne",
    "Lucas",
    "Thomas",
    "Nicolas",
    "Pieter",
    "Jan",
    "Els",
    "An",
    "Fatima",
    "Mohamed",
    "Yassine",
    "Khadija",
    "Amina",
    "Karim",
    "Mehmet",
    "Ayşe",
    "Emre",
    "Elif",
    "Jean-Pierre",
    "Christelle",
    "Patrick",
    "Grace",
    "Andrei",
    "Elena",
    "Ioana",
    "Piotr",
    "Agnieszka",
    "Giulia",
    "Marco",
    "Carmen",
    "João",
    "Ana",
    "Omar",
    "Layla",
    "Ahmad",
    "Zahra",
    "Yonas",
    "Selam",
    "Mamadou",
    "Aïssatou",
    "Linh",
]
COMPANY_OWNERS = [
    "Immo Brabant SA",
    "Patrimoine Sainte-Catherine SRL",
    "Vastgoed Zennevallei BV",
    "Foncière du Canal SA",
    "Woonfonds Noord BV",
    "Immobilière Mérode SRL",
    "Brussels Housing Invest SA",
    "Fondation Logement Solidaire",
]
BANK_CODES = ["001", "068", "063", "310", "363", "651", "733", "979", "143", "000"]
EPC_WEIGHTS = {"A": 3, "B": 8, "C": 18, "D": 25, "E": 22, "F": 15, "G": 9}


def belgian_iban(rng):
    """A valid Belgian IBAN: bank code + account number, mod-97 checked twice."""
    base = f"{rng.choice(BANK_CODES)}{rng.randrange(10**7):07d}"
    national = base + f"{int(base) % 97 or 97:02d}"
    check = 98 - int(national + "111400") % 97  # B=11, E=14, then "00"
    return f"BE{check:02d}{national}"


def gs1_ean18(serial):
    """An 18-digit EAN code of the Belgian grid (541...) with its GS1 check digit."""
    body = f"5414{serial:013d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


# the companies the generator filled (ids, comma-separated): it may fill them again
DEMO_COMPANIES_PARAM = "svk_housing.demo_company_ids"


class SvkDemoGenerator(models.AbstractModel):
    _name = "svk.demo.generator"
    _description = "Demo agency generator"

    @api.model
    def _generate(self, size=800, seed=1):
        """Build a demo agency of about `size` units; return counts of what was made."""
        self._check_demo_allowed()
        self._mark_demo_company()
        gen = self.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
        )
        stats = gen._generate_housing(random.Random(seed), size)
        stats.update(gen._generate_tenants(random.Random(seed + 1)))
        return stats

    @api.model
    def _check_demo_allowed(self):
        """The demo agency is built by a system administrator (or a script running as
        superuser) only, and only into a company without real data: one with no building,
        unit, owner contract, lease or posted journal entry yet, or one the generator
        filled itself. Nothing is written when it refuses."""
        if not (self.env.su or self.env.user._is_system()):
            raise AccessError(self.env._("Only a system administrator can build the demo agency."))
        company = self.env.company
        if company.id in self._demo_company_ids():
            return
        # sudo: the administrator may not see every record of the company; the counts
        # are the company's whole content
        env = self.sudo().with_context(active_test=False).env
        domain = [("company_id", "=", company.id)]
        real = [
            model
            for model in ("svk.building", "svk.unit", "svk.owner.contract", "svk.lease")
            if env[model].search_count(domain, limit=1)
        ]
        if env["account.move"].search_count([*domain, ("state", "=", "posted")], limit=1):
            real.append("account.move")
        if real:
            raise UserError(
                self.env._(
                    "The demo agency is built only into an empty company: %(company)s "
                    "already holds real data (%(what)s). Use a new database or company.",
                    company=company.name,
                    what=", ".join(env["ir.model"]._get(model).name for model in real),
                )
            )

    @api.model
    def _demo_company_ids(self):
        value = self.env["ir.config_parameter"].sudo().get_param(DEMO_COMPANIES_PARAM) or ""
        return {int(part) for part in value.split(",") if part.strip().isdigit()}

    @api.model
    def _mark_demo_company(self):
        """Remember that the generator filled this company: it may fill it again."""
        ids = self._demo_company_ids() | {self.env.company.id}
        self.env["ir.config_parameter"].sudo().set_param(
            DEMO_COMPANIES_PARAM, ",".join(str(i) for i in sorted(ids))
        )

    def _generate_housing(self, rng, size):
        today = fields.Date.context_today(self)
        company = self.env.company
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        be = self.env.ref("base.be")
        staff = self.env.ref("base.user_admin")

        # --- where the units are: sites, small buildings, single houses ---
        n_sites = size // 800 if size >= 400 else 0
        rest = size - 130 * n_sites
        n_houses = int(rest * 0.12)
        in_buildings = rest - n_houses
        n_buildings = max(1, min(in_buildings // 2, round(size * 0.186) - n_sites))
        sizes = [2] * n_buildings
        for _i in range(in_buildings - 2 * n_buildings):
            sizes[rng.randrange(n_buildings)] += 1

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
        buildings = self.env["svk.building"].create(building_vals)

        # --- units, grouped by who owns them (one owner contract per group) ---
        groups = []  # (units' values, is_site)
        for index, building in enumerate(buildings):
            if index < n_sites:
                units = [
                    self._unit_vals(rng, building, floor, door, site=True)
                    for floor in range(13)
                    for door in range(10)
                ]
                groups.append((units, True))
                continue
            units = []
            for door in range(sizes[index - n_sites]):
                units.append(self._unit_vals(rng, building, door // 2, door % 2))
            if rng.random() < 0.35:
                groups.append((units, False))
            else:
                groups.extend(([unit], False) for unit in units)
        for _i in range(n_houses):
            street, zip_code, city = rng.choice(STREETS)
            unit = self._unit_vals(rng, None, 0, 0)
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

        # --- owners and their bank accounts ---
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
        owners = self.env["res.partner"].create(partner_vals)
        ibans = set()
        bank_vals = []
        for owner in owners:
            iban = belgian_iban(rng)
            while iban in ibans:
                iban = belgian_iban(rng)
            ibans.add(iban)
            bank_vals.append({"partner_id": owner.id, "acc_number": iban, "company_id": company.id})
        banks = self.env["res.partner.bank"].create(bank_vals)
        bank_of = dict(zip(owners.ids, banks.ids, strict=True))
        group_owner = list(owners) + [owners[rng.randrange(n_owners)] for _g in groups[n_owners:]]

        # --- contract and unit states ---
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
                unit["state"] = self._unit_state(rng, state)
            contract_specs.append((owner, state, is_site, len(unit_vals), len(units)))
            unit_vals.extend(units)
        units = self.env["svk.unit"].create(unit_vals)

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
        contracts = self.env["svk.owner.contract"].create(contract_vals)
        for contract in contracts.filtered(lambda c: c.state == "notice"):
            contract.date_notice = today - timedelta(days=rng.randint(10, 120))
            contract.date_end = today + timedelta(days=rng.randint(30, 150))
        for contract in contracts.filtered(lambda c: c.state == "ended"):
            contract.date_end = min(contract.date_end, today - timedelta(days=rng.randint(1, 300)))
        # the agency's managers vouched for the accounts of the contracts they started
        contracts.filtered(lambda c: c.state in ("active", "notice")).bank_account_id.write(
            {"allow_out_payment": True}
        )

        # --- meters: every unit has electricity, most gas and water; sites a common meter ---
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
                    "note": self.env._("Common areas"),
                    "company_id": company.id,
                }
            )
        meters = self.env["svk.meter"].create(meter_vals)
        return {
            "buildings": len(buildings),
            "units": len(units),
            "owners": len(owners),
            "owner contracts": len(contracts),
            "meters": len(meters),
        }

    def _unit_vals(self, rng, building, floor, door, site=False):
        unit_type = rng.choices(["studio", "apartment", "room"], [20, 75, 5])[0]
        bedrooms = 0 if unit_type != "apartment" else rng.choices([1, 2, 3, 4], [35, 40, 20, 5])[0]
        surface = {"studio": 32, "room": 18}.get(unit_type, 45 + 17 * bedrooms)
        epc = rng.choices(list(EPC_WEIGHTS), list(EPC_WEIGHTS.values()))[0]
        epc_date = fields.Date.context_today(self) - timedelta(days=rng.randint(30, 3650))
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
            "user_id": self.env.ref("base.user_admin").id,
            "company_id": self.env.company.id,
        }

    def _unit_state(self, rng, contract_state):
        if contract_state == "draft":
            return "prospect"
        if contract_state == "ended":
            return "withdrawn"
        if contract_state == "notice":
            return rng.choice(["let", "leaving"])
        return rng.choices(["let", "available", "renovation", "leaving"], [96, 1.5, 1.5, 3])[0]

    def _generate_tenants(self, rng):
        """Tenants and their leases for every let unit (notice given where the tenant is
        leaving), some with a CPAS as third payer, their households and guarantees."""
        today = fields.Date.context_today(self)
        company = self.env.company
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        be = self.env.ref("base.be")
        units = self.env["svk.unit"].search(
            [("company_id", "=", company.id), ("state", "in", ("let", "leaving"))], order="id"
        )
        cpas = self.env["res.partner"].create(
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
        tenants = self.env["res.partner"].create(tenant_vals)
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
                    [
                        form
                        for form, _label in self.env["svk.lease"]
                        ._fields["guarantee_form"]
                        .selection
                    ],
                    [35, 30, 15, 5, 15],
                )[0],
                "guarantee_state": "constituted",
                "registration_date": start + timedelta(days=rng.randint(5, 55)),
                "entry_inspection_date": start + timedelta(days=rng.randint(0, 20)),
                "state": "notice" if unit.state == "leaving" else "active",
                "user_id": self.env.ref("base.user_admin").id,
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
        leases = self.env["svk.lease"].create(lease_vals)
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

    @api.model
    def _generate_months(self, months=3, seed=1):
        """Run, pay and reconcile the last `months` months of the demo agency (this one
        included): the monthly runs, a bank statement per month of what tenants and
        third payers paid (most the exact amount with their structured communication,
        some half, some double, some by a bank account the agency knows, some
        nothing), payment plans for part of the arrears (some already broken). The
        month-end screen and the aged arrears then have something to show."""
        self._check_demo_allowed()
        rng = random.Random(seed + 2)
        gen = self.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            queue_job__no_delay=True,
        )
        company = self.env.company
        company._svk_check_accounting()
        today = fields.Date.context_today(self)
        stats = {"runs": 0, "payments": 0}
        tenants = self.env["svk.lease"].search([("company_id", "=", company.id)]).tenant_id
        # a fifth of the tenants pay from a bank account the agency knows
        self.env["res.partner.bank"].create(
            [
                {"partner_id": tenant.id, "acc_number": belgian_iban(rng)}
                for tenant in tenants
                if rng.random() < 0.2 and not tenant.bank_ids
            ]
        )
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "bank")],
            limit=1,
        )
        if not journal.bank_account_id:
            # the agency's own account, which CODA files and SEPA orders name
            journal.bank_account_id = self.env["res.partner.bank"].create(
                {"partner_id": company.partner_id.id, "acc_number": belgian_iban(rng)}
            )
        for offset in reversed(range(months)):
            period = (today - relativedelta(months=offset)).replace(day=1)
            run = gen.env["svk.rent.run"].create({"company_id": company.id, "period": period})
            run.action_start()
            stats["runs"] += 1
            stats["payments"] += gen._pay_month(rng, journal, period, today)
            if offset:
                # past months: the owners were paid by SEPA credit transfer
                gen._pay_owners(period)
        gen._demo_payment_plans(rng, today)
        return stats

    def _pay_month(self, rng, journal, period, today):
        """One bank statement with what tenants and third payers paid for `period`."""
        invoices = self.env["account.move"].search(
            [
                ("svk_period", "=", period),
                ("svk_kind", "in", ("tenant", "third_payer")),
                ("state", "=", "posted"),
                ("company_id", "=", self.env.company.id),
            ],
            order="id",
        )
        last_day = min(today, period + relativedelta(months=1, days=-1))
        line_vals = []
        for invoice in invoices:
            payer = invoice.partner_id
            amount = invoice.amount_total
            reference = invoice.payment_reference
            bank = payer.bank_ids[:1]
            if invoice.svk_kind == "tenant":
                draw = rng.random()
                if draw < 0.04:
                    continue  # not paid: arrears
                if draw < 0.08:
                    amount = invoice.currency_id.round(amount / 2)
                elif draw < 0.11:
                    amount = 2 * amount
                elif draw < 0.18:
                    # no communication: applied if the agency knows the bank account,
                    # otherwise it waits with its candidate leases
                    reference = rng.choice(["loyer", "huur", "rent", "loyer + charges"])
                    bank = bank if rng.random() < 0.7 else bank.browse()
            day = min(last_day, invoice.invoice_date_due + timedelta(days=rng.randint(-3, 12)))
            line_vals.append(
                {
                    "date": max(period, day),
                    "payment_ref": reference,
                    "amount": amount,
                    "partner_name": payer.name.upper(),
                    "account_number": bank.acc_number if bank else belgian_iban(rng),
                    "journal_id": journal.id,
                }
            )
        for _stranger in range(2):
            # someone nobody knows, with a valid communication that is no lease's
            number = rng.randrange(10**9)
            line_vals.append(
                {
                    "date": last_day,
                    "payment_ref": structured_communication(number),
                    "amount": float(rng.choice([50, 120, 400])),
                    "partner_name": "M. DUPONT",
                    "account_number": belgian_iban(rng),
                    "journal_id": journal.id,
                }
            )
        line_vals.sort(key=lambda vals: vals["date"])
        # the rent rules apply at once, as after a CODA import (the context key only
        # matters under tests, where account_reconcile_oca otherwise waits)
        self.env["account.bank.statement"].with_context(_test_account_reconcile_oca=True).create(
            {
                "name": f"{journal.code} {period:%Y-%m}",
                "journal_id": journal.id,
                "date": line_vals[-1]["date"],
                "line_ids": [Command.create(vals) for vals in line_vals],
            }
        )
        return len(line_vals)

    def _pay_owners(self, period):
        """The month's owner bills paid by a SEPA credit transfer order (OCA
        account_payment_order), prepared from the month-end screen, its file generated
        and sent."""
        month_end = self.env["svk.month.end"]._ensure(self.env.company, [period])
        month_end.action_prepare_payment_order()
        orders = self.env["account.payment.order"].search(
            [
                ("state", "=", "draft"),
                ("payment_mode_id", "=", self.env.company.svk_owner_payment_mode_id.id),
            ]
        )
        for order in orders:
            order.draft2open()
            order.open2generated()
            order.generated2uploaded()
        return orders

    def _demo_payment_plans(self, rng, today):
        """Payment plans for a few leases in arrears: the schedule starts last month,
        so those that paid nothing since are broken today."""
        leases = self.env["svk.lease"].search(
            [("company_id", "=", self.env.company.id), ("state", "=", "active")]
        )
        in_arrears = leases.filtered(lambda lease: lease.overdue_amount > 0)
        start = (today - relativedelta(months=1)).replace(day=1)
        plans = self.env["svk.payment.plan"]
        for lease in in_arrears[:: max(1, len(in_arrears) // 6)][:6]:
            plan = plans.create(
                {
                    "lease_id": lease.id,
                    "date_start": start,
                    "first_due_date": start + timedelta(days=14),
                    "instalment_amount": max(50.0, round(lease.overdue_amount / 6, -1)),
                }
            )
            plan.action_confirm()
            plans |= plan
        plans._check_schedule(today)
        return plans
