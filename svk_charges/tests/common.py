from datetime import date

from odoo.fields import Command

from odoo.addons.svk_housing.tests.common import SvkRentCase

YEAR_FROM = date(2026, 1, 1)
YEAR_TO = date(2026, 12, 31)


class SvkChargesCase(SvkRentCase):
    """The building of svk_housing's rent case (4 units) through 2026, on provisions:

    - unit 0.1 (60 m²): Yonas (lease A, svk_housing's), all year, 120.00 a month; his
      December invoice was credited (11 months of provisions);
    - unit 0.2 (80 m²): Jan left on 30 June (80.00 a month), vacant since;
    - unit 1.1 (40 m²): vacant until the CPAS lease on flat charges starts on 16 November
      (no statement for it);
    - unit 1.2 (100 m²): Amina arrived on 1 April (100.00 a month).

    Provisions are invoiced by the real monthly run (January to March) and by the
    leases' own `_prepare_rent_invoices` (April to December). Vendor bills of the year
    carry heating (shared by heating meter readings), water (by surface), cleaning
    (equal shares; one bill split with another building) and garbage (no key of the
    building: the charge type's default, occupancy days), with noise around them: another
    building's bill, a line without a charge type, a draft bill, last year's bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fr_BE", "nl_BE"):
            cls.env["res.lang"]._activate_lang(code)
        for unit, surface in zip(cls.units, (60.0, 80.0, 40.0, 100.0), strict=True):
            unit.surface = surface
        cls.units[3].state = "available"
        Partner = cls.env["res.partner"]
        cls.lease.charges_amount = 120.0
        cls.tenant_left = Partner.create({"name": "Jan Peeters", "lang": "nl_BE"})
        cls.lease_left = cls._lease(cls.units[1], cls.tenant_left, rent=550.0, charges_amount=80.0)
        cls.lease_left.write({"date_end": "2026-06-30", "state": "ended"})
        cls.tenant_new = Partner.create({"name": "Amina Benali", "lang": "fr_BE"})
        cls.lease_new = cls._lease(
            cls.units[3],
            cls.tenant_new,
            rent=650.0,
            charges_amount=100.0,
            date_start="2026-04-01",
        )
        cls.provision_leases = cls.lease | cls.lease_left | cls.lease_new
        cls._invoice_provisions()
        cls.other_building = cls.env["svk.building"].create({"name": "Rue Blaes 10"})
        cls.heating = cls.env.ref("svk_charges.svk_charge_type_heating")
        cls.water = cls.env.ref("svk_charges.svk_charge_type_water")
        cls.cleaning = cls.env.ref("svk_charges.svk_charge_type_cleaning")
        cls.garbage = cls.env.ref("svk_charges.svk_charge_type_waste")
        cls._meters()
        cls.keys = cls.env["svk.charge.key"].create(
            [
                {
                    "building_id": cls.building.id,
                    "charge_type_id": cls.heating.id,
                    "method": "meter",
                    "meter_type": "heating",
                },
                {
                    "building_id": cls.building.id,
                    "charge_type_id": cls.water.id,
                    "method": "surface",
                },
                {
                    "building_id": cls.building.id,
                    "charge_type_id": cls.cleaning.id,
                    "method": "equal",
                },
            ]
        )
        cls._bills()

    @classmethod
    def _invoice_provisions(cls):
        for period in ("2026-01-01", "2026-02-01", "2026-03-01"):
            run = (
                cls.env["svk.rent.run"]
                .with_user(cls.accountant)
                .with_context(queue_job__no_delay=True)
                .create({"period": period})
            )
            run.action_start()
            assert run.state == "done", run.error_ids.mapped("message")
        vals_list = [
            vals
            for month in range(4, 13)
            for invoices in cls.provision_leases._rent_invoice_vals(date(2026, month, 1)).values()
            for vals in invoices
        ]
        cls.env["account.move"].create(vals_list)._post(soft=False)
        # December's rent of lease A waived: its invoice credited in full
        december = cls.env["account.move"].search(
            [
                ("svk_lease_id", "=", cls.lease.id),
                ("svk_period", "=", "2026-12-01"),
                ("svk_kind", "=", "tenant"),
            ]
        )
        december._reverse_moves(
            [{"date": date(2026, 12, 5), "invoice_date": date(2026, 12, 5)}], cancel=True
        )

    @classmethod
    def _meters(cls):
        """A heating meter in each unit, read at the turn of the year and at the
        tenants' entry and exit."""
        cls.meters = cls.env["svk.meter"].create(
            [
                {"meter_type": "heating", "unit_id": unit.id, "name": f"H-{unit.name}"}
                for unit in cls.units
            ]
        )
        readings = {
            # unit 0.1: 600 in the year
            0: [("2025-12-31", 1000.0), ("2026-12-31", 1600.0)],
            # unit 0.2: 400 until Jan left, 50 while vacant
            1: [("2025-12-31", 500.0), ("2026-06-30", 900.0), ("2026-12-31", 950.0)],
            # unit 1.1: 150, vacant (and on flat charges)
            2: [("2025-12-31", 200.0), ("2026-12-31", 350.0)],
            # unit 1.2: 100 before Amina, 800 since 1 April
            3: [("2025-12-31", 3000.0), ("2026-03-31", 3100.0), ("2026-12-31", 3900.0)],
        }
        cls.env["svk.meter.reading"].create(
            [
                {"meter_id": cls.meters[index].id, "date": day, "value": value}
                for index, points in readings.items()
                for day, value in points
            ]
        )

    @classmethod
    def _bill(cls, vendor, day, lines, move_type="in_invoice", post=True):
        bill = (
            cls.env["account.move"]
            .with_user(cls.accountant)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": vendor.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1.0,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": distribution,
                                "svk_charge_type_id": charge_type.id,
                            }
                        )
                        for label, amount, charge_type, distribution in lines
                    ],
                }
            )
        )
        if post:
            bill.action_post()
        return bill

    @classmethod
    def _bills(cls):
        Partner = cls.env["res.partner"]
        engie = Partner.create({"name": "Engie Electrabel", "is_company": True})
        vivaqua = Partner.create({"name": "Vivaqua", "is_company": True})
        cleaner = Partner.create({"name": "Net & Clean SRL", "is_company": True})
        waste_collector = Partner.create({"name": "Bruxelles-Propreté", "is_company": True})
        here = {str(cls.building.analytic_account_id.id): 100.0}
        there = {str(cls.other_building.analytic_account_id.id): 100.0}
        split = {
            str(cls.building.analytic_account_id.id): 50.0,
            str(cls.other_building.analytic_account_id.id): 50.0,
        }
        none = cls.env["svk.charge.type"]
        cls.bills = (
            # heating: 900 + 300 - 150 = 1,050.00
            cls._bill(engie, "2026-01-15", [("Gas Q4-Q1", 900.0, cls.heating, here)])
            | cls._bill(engie, "2026-10-15", [("Gas Q2-Q3", 300.0, cls.heating, here)])
            | cls._bill(
                engie,
                "2026-11-05",
                [("Gas: regularisation", 150.0, cls.heating, here)],
                move_type="in_refund",
            )
            # water: 1,460.00
            | cls._bill(vivaqua, "2026-12-10", [("Water 2026", 1460.0, cls.water, here)])
            # cleaning: 600 + 400 + half of 400 = 1,200.00
            | cls._bill(
                cleaner,
                "2026-03-31",
                [
                    ("Cleaning Q1", 600.0, cls.cleaning, here),
                    ("Windows of the halls", 400.0, cls.cleaning, here),
                ],
            )
            | cls._bill(
                cleaner, "2026-09-30", [("Cleaning Q3, both buildings", 400.0, cls.cleaning, split)]
            )
            # garbage: 730.00
            | cls._bill(
                waste_collector, "2026-02-28", [("Containers 2026", 730.0, cls.garbage, here)]
            )
        )
        # not the building's costs of 2026
        cls.noise = (
            cls._bill(cleaner, "2026-06-30", [("Cleaning Rue Blaes", 500.0, cls.cleaning, there)])
            | cls._bill(cleaner, "2026-05-05", [("Door repair", 250.0, none, here)])
            | cls._bill(
                engie, "2026-07-01", [("Gas (draft)", 777.0, cls.heating, here)], post=False
            )
            | cls._bill(engie, "2025-12-20", [("Gas 2025", 999.0, cls.heating, here)])
        )

    def _statement(self, user=None, **vals):
        return (
            self.env["svk.charges.statement"]
            .with_user(user or self.svk_user)
            .create(
                {
                    "building_id": self.building.id,
                    "date_from": YEAR_FROM,
                    "date_to": YEAR_TO,
                    **vals,
                }
            )
        )

    def _line(self, statement, lease):
        return statement.line_ids.filtered(lambda line: line.lease_id == lease)

    def _shares(self, line):
        return {detail.charge_type_id: detail.share_amount for detail in line.detail_ids}
