from odoo.exceptions import AccessError
from odoo.fields import Command

from .common import SvkRegionCase


class TestInventorySecurity(SvkRegionCase):
    """A plain staff member reads the frozen inventory through every route a script
    takes, changes nothing, and never sees another agency's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls._unit("S1")
        cls._contract(cls.unit, "2024-01-01")
        cls.inventory = (
            cls.env["svk.region.inventory"].with_user(cls.manager).create({"date": "2026-09-30"})
        )
        cls.inventory.action_compute()
        cls.inventory.action_send()
        other = cls.env["res.company"].create({"name": "AIS Ailleurs"})
        unit = cls.env["svk.unit"].create(
            {"name": "O1", "city": "Ixelles", "company_id": other.id, "state": "available"}
        )
        owner = cls.env["res.partner"].create({"name": "Other owner", "company_id": other.id})
        cls.env["svk.owner.contract"].create(
            {
                "owner_id": owner.id,
                "company_id": other.id,
                "date_start": "2024-01-01",
                "state": "active",
                "line_ids": [Command.create({"unit_id": unit.id, "owner_rent": 500.0})],
            }
        )
        cls.foreign = cls.env["svk.region.inventory"].create(
            {"date": "2026-09-30", "company_id": other.id}
        )
        cls.foreign.action_compute()

    def test_staff_reads_the_frozen_inventory(self):
        # Odoo 18 lets users export who hold "Access to export feature"
        self.staff.groups_id |= self.env.ref("base.group_allow_export")
        Inventory = self.env["svk.region.inventory"].with_user(self.staff)
        rows = Inventory.search_read([], ["name", "unit_count", "state"])
        self.assertEqual([row["id"] for row in rows], self.inventory.ids)
        Line = self.env["svk.region.inventory.line"].with_user(self.staff)
        lines = Line.search_read([], ["unit_code", "city", "rent"])
        self.assertEqual({row["unit_code"] for row in lines}, {self.unit.code})
        groups = Line.read_group([], ["unit_count:count(id)"], ["city"])
        self.assertEqual([(g["city"], g["city_count"]) for g in groups], [("Bruxelles", 1)])
        exported = Inventory.browse(self.inventory.ids).export_data(
            ["name", "line_ids/unit_code", "line_ids/city"]
        )["datas"]
        self.assertEqual(exported[0][1:], [self.unit.code, "Bruxelles"])
        self.assertFalse(
            Line.search([("company_id", "=", self.foreign.company_id.id)]),
            "another agency's inventory stays out of sight",
        )
        with self.assertRaises(AccessError):
            Inventory.browse(self.foreign.ids).read(["name"])

    def test_staff_changes_nothing(self):
        inventory = self.inventory.with_user(self.staff)
        with self.assertRaises(AccessError):
            inventory.write({"date": "2026-09-29"})
        with self.assertRaises(AccessError):
            self.env["svk.region.inventory"].with_user(self.staff).create({"date": "2025-09-30"})
        with self.assertRaises(AccessError):
            inventory.line_ids[:1].write({"rent": 1.0})
        with self.assertRaises(AccessError):
            inventory.action_send()
        draft = (
            self.env["svk.region.inventory"].with_user(self.manager).create({"date": "2025-09-30"})
        )
        with self.assertRaises(AccessError):
            draft.with_user(self.staff).action_compute()
        with self.assertRaises(AccessError):
            draft.with_user(self.accountant).action_send()

    def test_staff_cannot_compute_anothers_agency(self):
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.manager).action_compute()
