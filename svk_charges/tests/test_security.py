from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import SvkChargesCase


@tagged("post_install", "-at_install")
class TestChargesSecurity(SvkChargesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.statement = cls.env["svk.charges.statement"].create(
            {"building_id": cls.building.id, "date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        cls.statement.action_compute()

    def test_an_svk_user_computes_and_reads(self):
        statement = self._statement(building_id=self.other_building.id, date_to="2026-06-30")
        self.assertEqual(statement.create_uid, self.svk_user)
        mine = self.statement.with_user(self.svk_user)
        mine.action_compute()
        self.assertEqual(mine.share_total, 2897.88)
        self.assertEqual(mine.line_ids.detail_ids.mapped("share_amount").count(300.0), 2)
        with self.assertRaises(AccessError):
            mine.action_approve()
        with self.assertRaises(AccessError):
            mine.unlink()
        # keys and charge types are the manager's configuration
        with self.assertRaises(AccessError):
            self.keys[0].with_user(self.svk_user).method = "equal"
        with self.assertRaises(AccessError):
            self.heating.with_user(self.svk_user).default_method = "equal"
        # the figures are the computation's: a user chooses the proposals, nothing else
        line = mine.line_ids[:1]
        line.apply_provision = not line.apply_provision
        with self.assertRaises(AccessError):
            line.provision_amount = 0.0
        with self.assertRaises(AccessError):
            line.detail_ids[:1].share_amount = 0.0
        with self.assertRaises(AccessError):
            mine.cost_ids[:1].amount = 1.0
        with self.assertRaises(UserError):
            mine.state = "cancel"
        # readings are everyday work
        self.env["svk.meter.reading"].with_user(self.svk_user).create(
            {"meter_id": self.meters[0].id, "date": "2027-01-05", "value": 1610.0}
        )

    def test_the_keys_tab_of_a_building(self):
        """An SVK Manager edits the building's keys in its form, an SVK User reads them."""
        with Form(self.building.with_user(self.svk_manager)) as form:
            with form.svk_charge_key_ids.new() as key:
                key.charge_type_id = self.env.ref("svk_charges.svk_charge_type_lift")
                self.assertEqual(key.method, "equal", "the charge type's default key")
                key.unit_ids.add(self.units[2])
                key.unit_ids.add(self.units[3])
        self.assertEqual(len(self.building.svk_charge_key_ids), 4)
        form = Form(self.building.with_user(self.svk_user))
        self.assertEqual(len(form.svk_charge_key_ids), 4)
        with self.assertRaises(AssertionError):
            form.svk_charge_key_ids.new()  # read-only for them

    def test_an_accountant_reads_statements_and_tags_bills(self):
        bookkeeper = new_test_user(
            self.env,
            login="svk_bookkeeper",
            groups="account.group_account_invoice",
            name="Bo Bookkeeper",
        )
        statement = self.statement.with_user(bookkeeper)
        self.assertEqual(statement.cost_total, 4440.0)
        self.assertEqual(len(statement.line_ids.detail_ids), 12)
        with self.assertRaises(AccessError):
            statement.action_compute()
        # the charge types on vendor bill lines
        self.assertEqual(self.heating.with_user(bookkeeper).name, "Heating")
        bill = self.bills[:1].with_user(bookkeeper)
        self.assertEqual(bill.invoice_line_ids.svk_charge_type_id, self.heating)

    def test_shared_charge_types_are_the_administrators(self):
        """The shipped types serve every agency: one agency's manager adds its own, and
        does not change the shared ones."""
        shared = self.env.ref("svk_charges.svk_charge_type_water").with_user(self.svk_manager)
        with self.assertRaises(AccessError):
            shared.default_method = "equal"
        own = (
            self.env["svk.charge.type"]
            .with_user(self.svk_manager)
            .create({"name": "Parlophone", "code": "INTERCOM", "company_id": self.company.id})
        )
        own.default_method = "equal"
        self.assertEqual(own.default_method, "equal")

    def test_agencies_see_their_own_statements(self):
        other = self.env["res.company"].create({"name": "AIS Ailleurs"})
        building = self.env["svk.building"].create({"name": "Elsewhere", "company_id": other.id})
        theirs = self.env["svk.charges.statement"].create(
            {
                "company_id": other.id,
                "building_id": building.id,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
            }
        )
        Statement = self.env["svk.charges.statement"].with_user(self.svk_manager)
        self.assertNotIn(theirs, Statement.search([]))
        self.assertIn(self.statement, Statement.search([]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.svk_manager).check_access("read")
        shared = self.env["svk.charge.type"].with_user(self.svk_manager).search([])
        self.assertIn(self.heating, shared, "the shipped charge types are every agency's")
