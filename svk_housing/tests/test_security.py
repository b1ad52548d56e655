from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import SvkHousingCase


class TestSecurity(SvkHousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "AIS Autre Agence"})
        cls.other_user = new_test_user(
            cls.env,
            login="other_agency",
            groups="svk_housing.group_svk_manager",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.other_building = cls.env["svk.building"].create(
            {"name": "Autre site", "company_id": cls.other_company.id}
        )
        cls.other_unit = cls.env["svk.unit"].create(
            {"name": "X1", "building_id": cls.other_building.id, "company_id": cls.other_company.id}
        )
        cls.contract = cls._contract()
        cls.employee = new_test_user(cls.env, login="employee", groups="base.group_user")

    def test_agency_cannot_read_another_agencys_units(self):
        units_seen = self.env["svk.unit"].with_user(self.other_user).search([])
        self.assertEqual(units_seen, self.other_unit)
        with self.assertRaises(AccessError):
            self.units[0].with_user(self.other_user).read(["name"])
        with self.assertRaises(AccessError):
            self.building.with_user(self.other_user).read(["name"])
        with self.assertRaises(AccessError):
            self.contract.with_user(self.other_user).read(["name"])
        self.assertFalse(self.env["svk.owner.contract.line"].with_user(self.other_user).search([]))
        # ...and the reverse
        self.assertNotIn(self.other_unit, self.env["svk.unit"].with_user(self.svk_user).search([]))

    def test_plain_user_works_with_the_portfolio(self):
        env = self.env(user=self.svk_user)
        building = env["svk.building"].create({"name": "Rue Gray 8"})
        unit = env["svk.unit"].create({"name": "1", "building_id": building.id, "epc_class": "C"})
        unit.write({"state": "available", "bedrooms": 2})
        env["svk.meter"].create({"unit_id": unit.id, "ean": "541448820000000015"})
        contract = env["svk.owner.contract"].create(
            {
                "owner_id": self.owner.id,
                "line_ids": [(0, 0, {"unit_id": unit.id, "owner_rent": 650})],
            }
        )
        self.assertEqual(contract.state, "draft")
        self.assertEqual(building.unit_count, 1)

    def test_plain_user_cannot_delete_or_commit_the_agency(self):
        env = self.env(user=self.svk_user)
        for record in (self.units[0], self.building, self.contract):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_env(env).unlink()
        with self.assertRaises(AccessError):
            self.contract.with_env(env).action_activate()
        with self.assertRaises(AccessError):
            env["res.config.settings"].create({"svk_contract_expiry_lead_days": 10})
        self.assertTrue(self.units[0].exists() and self.contract.state == "draft")

    def test_manager_may_delete(self):
        unit = self.env["svk.unit"].create({"name": "to delete"})
        unit.with_user(self.svk_manager).unlink()
        self.assertFalse(unit.exists())

    def test_employee_without_svk_group_sees_nothing(self):
        for model in ("svk.unit", "svk.building", "svk.owner.contract", "svk.meter"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.employee).search([])
        # ...but can still open an owner's contact card
        self.owner.with_user(self.employee).read(["name", "phone"])
