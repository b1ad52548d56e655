from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.account.tools import is_valid_structured_reference_be

from .common import SvkRentCase


class TestLease(SvkRentCase):
    def test_each_lease_has_its_own_valid_structured_communication(self):
        references = {self.lease.payment_reference, self.lease_cpas.payment_reference}
        self.assertEqual(len(references), 2)
        for reference in references | {self.lease_cpas.third_payer_payment_reference}:
            self.assertRegex(reference, r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")
            self.assertTrue(is_valid_structured_reference_be(reference))
        self.assertNotEqual(
            self.lease_cpas.payment_reference, self.lease_cpas.third_payer_payment_reference
        )
        Lease = self.env["svk.lease"]
        self.assertEqual(Lease._find_by_communication(self.lease.payment_reference)[0], self.lease)
        # the bank gives it without the +++ and slashes, or with spaces
        digits = "".join(c for c in self.lease.payment_reference if c.isdigit())
        self.assertEqual(
            Lease._find_by_communication(f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++")[0],
            self.lease,
        )
        self.assertEqual(
            Lease._find_by_communication(self.lease_cpas.third_payer_payment_reference)[1],
            self.lease_cpas,
        )
        self.assertFalse(Lease._find_by_communication("loyer novembre")[0])

    def test_unit_follows_the_lease(self):
        self.assertEqual(self.units[0].state, "let")
        self.assertEqual(self.units[0].tenant_id, self.tenant)
        self.lease.date_end = "2027-03-31"
        self.lease.action_give_notice()
        self.assertEqual(self.units[0].state, "leaving")
        self.lease.action_end()
        self.assertEqual(self.units[0].state, "available")
        self.assertFalse(self.units[0].lease_id)

    def test_one_running_lease_per_unit(self):
        with self.assertRaises(ValidationError):
            self._lease(self.units[0], self.tenant_2, date_start="2026-06-01")
        # after the first lease ended, the unit can be let again
        self.lease.date_end = "2026-05-31"
        lease = self._lease(self.units[0], self.tenant_2, date_start="2026-06-01")
        self.assertEqual(lease.state, "active")

    def test_guarantee_is_at_most_two_months(self):
        self.lease.guarantee_amount = 1200.0
        with self.assertRaises(ValidationError):
            self.lease.guarantee_amount = 1200.01
        self.assertEqual(self.lease.guarantee_amount, 1200.0)

    def test_transit_lasts_at_most_18_months(self):
        lease = self.env["svk.lease"].create(
            {
                "unit_id": self.units[1].id,
                "tenant_id": self.tenant_2.id,
                "lease_type": "transit",
                "date_start": "2026-01-01",
                "duration_months": 18,
                "rent": 400.0,
            }
        )
        self.assertEqual(lease.date_end, date(2027, 6, 30))
        with self.assertRaises(ValidationError):
            lease.date_end = "2027-07-01"

    def test_third_payer_pays_at_most_the_rent(self):
        with self.assertRaises(ValidationError):
            self.lease_cpas.third_payer_amount = 700.01
        with self.assertRaises(ValidationError):
            self.lease.third_payer_amount = 100.0  # no third payer named

    def test_prorata_of_partial_months(self):
        self.assertEqual(self.lease_cpas._occupied_fraction(date(2026, 11, 1)), 0.5)
        self.assertEqual(self.lease._occupied_fraction(date(2026, 11, 1)), 1.0)
        self.assertEqual(self.lease_cpas._occupied_fraction(date(2026, 10, 1)), 0.0)
        self.lease.date_end = "2027-02-10"
        self.assertAlmostEqual(self.lease._occupied_fraction(date(2027, 2, 1)), 10 / 28)

    def test_lease_needs_a_unit_in_stock(self):
        self.units[3].state = "withdrawn"
        lease = self.env["svk.lease"].create(
            {
                "unit_id": self.units[3].id,
                "tenant_id": self.tenant_2.id,
                "date_start": "2026-01-01",
                "rent": 500.0,
            }
        )
        with self.assertRaises(UserError):
            lease.action_activate()
        self.assertEqual(lease.state, "draft")

    def test_plain_user_opens_a_lease_with_its_arrears(self):
        self._run()
        form = self.env["svk.lease"].with_user(self.svk_user).get_views([(False, "form")])
        fields = [
            name
            for name in form["models"]["svk.lease"]["fields"]
            if name in self.env["svk.lease"]._fields
        ]
        with freeze_time("2026-11-28"):
            values = self.lease.with_user(self.svk_user).read(fields)[0]
        self.assertEqual(values["balance_due"], 650.0)
        self.assertEqual(values["days_overdue"], 27)  # due 1 November
        self.assertEqual(self.lease.with_user(self.svk_user).invoice_count, 1)

    def test_disability_is_social_data(self):
        self.lease.member_ids = [
            (0, 0, {"name": "Selam Tesfay", "relation": "child", "disabled": True})
        ]
        member = self.lease.member_ids
        self.assertEqual(member.with_user(self.svk_user).read(["name"])[0]["name"], "Selam Tesfay")
        with self.assertRaises(AccessError):  # a field of the social workers' group
            member.with_user(self.svk_user).read(["disabled"])
        social = self.env["res.users"].create(
            {
                "name": "Sara Social",
                "login": "svk_social",
                "groups_id": [(6, 0, [self.env.ref("svk_housing.group_svk_social").id])],
            }
        )
        self.assertTrue(member.with_user(social).disabled)
