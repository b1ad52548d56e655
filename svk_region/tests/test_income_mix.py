from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SvkRegionCase


class TestIncomeMix(SvkRegionCase):
    """Housing Code art. 125: at least two thirds of the let stock to households at or
    under the admission ceiling; a band household that would take the share below
    warns, and a manager's decision is recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["svk.income.ceiling"].create(
            {
                "date_from": date(2025, 1, 1),
                "company_id": cls.company.id,
                "single_amount": 30000.0,
                "one_income_amount": 33000.0,
                "several_incomes_amount": 37000.0,
                "per_child_amount": 3000.0,
                "per_disabled_adult_amount": 5000.0,
            }
        )
        cls.team = cls.env.ref("svk_partners.crm_team_candidates")
        cls.vacant = cls._unit("V", bedrooms=1)
        cls.band_lead = cls._application("Band household", 40000.0)  # 133%
        cls.eligible_lead = cls._application("Eligible household", 20000.0)

    @classmethod
    def _application(cls, name, income):
        lead = cls.env["crm.lead"].create(
            {
                "name": name,
                "contact_name": name,
                "type": "opportunity",
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "svk_income_kind": "single",
                "svk_adults": 1,
                "svk_bedrooms_needed": 1,
                "svk_wanted_unit_type": "any",
                "svk_net_income": income,
            }
        )
        lead.action_svk_complete()
        lead.svk_register_date = "2025-03-01"
        return lead

    def _let(self, ceiling, band=0, unknown=0):
        positions = ["ceiling"] * ceiling + ["band"] * band + [False] * unknown
        for index, position in enumerate(positions):
            unit = self._unit(f"L{index}")
            self._lease(unit, svk_income_position=position)

    def _allocate(self, lead, user=None):
        wizard = (
            self.env["svk.allocation.wizard"]
            .with_user(user or self.allocator)
            .create(
                {
                    "lead_id": lead.id,
                    "unit_id": self.vacant.id,
                    "date_start": "2027-01-01",
                    "rent": 550.0,
                    "lease_type": "standard",
                }
            )
        )
        return wizard, wizard.action_allocate()

    def test_live_share(self):
        self._let(ceiling=4, band=1, unknown=1)
        company = self.company.with_user(self.staff)
        self.assertEqual(
            (company.svk_mix_ceiling, company.svk_mix_band, company.svk_mix_unknown),
            (4, 1, 1),
        )
        self.assertEqual(company.svk_mix_total, 6)
        self.assertAlmostEqual(company.svk_mix_share, 66.7, places=1)
        self.assertTrue(company.svk_mix_ok, "4 of 6 is exactly two thirds")
        action = company._svk_income_mix_action()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.company", self.company.id))

    def test_exactly_two_thirds_passes(self):
        self.assertEqual(self.band_lead.svk_eligibility, "band")
        self._let(ceiling=4, band=1)
        _wizard, action = self._allocate(self.band_lead)
        self.assertEqual(action["res_model"], "svk.lease", "4 of 6: no warning")
        lease = self.env["svk.lease"].browse(action["res_id"])
        self.assertEqual(lease.svk_income_position, "band")
        self.assertEqual(lease.svk_income_source, "application")
        self.assertFalse(lease.svk_income_mix_decided_by_id)

    def test_one_fewer_warns_and_records_the_managers_decision(self):
        self._let(ceiling=3, band=1)
        _wizard, action = self._allocate(self.band_lead, self.manager)
        self.assertEqual(action["res_model"], "svk.income.mix.warning", "3 of 5 warns")
        self.assertFalse(self.band_lead.svk_allocated_lease_id, "nothing allocated yet")
        warning = (
            self.env["svk.income.mix.warning"].with_user(self.manager).browse(action["res_id"])
        )
        self.assertEqual((warning.ceiling_after, warning.total_after), (3, 5))
        self.assertAlmostEqual(warning.share_after, 60.0)
        with self.assertRaises(UserError):
            warning.action_confirm()
        warning.decision = (
            "Urgent rehousing after a fire; the next two lettings go to the register."
        )
        result = warning.action_confirm()
        lease = self.env["svk.lease"].browse(result["res_id"])
        self.assertEqual(lease, self.band_lead.svk_allocated_lease_id)
        self.assertEqual(lease.svk_income_mix_decided_by_id, self.manager)
        self.assertTrue(lease.svk_income_mix_decided_on)
        self.assertAlmostEqual(lease.svk_income_mix_share_after, 60.0)
        self.assertIn("fire", lease.svk_income_mix_decision)

    def test_staff_cannot_decide(self):
        self._let(ceiling=3, band=1)
        _wizard, action = self._allocate(self.band_lead)
        warning = (
            self.env["svk.income.mix.warning"].with_user(self.allocator).browse(action["res_id"])
        )
        self.assertFalse(warning.is_manager)
        warning.decision = "I decide"
        with self.assertRaises(AccessError):
            warning.action_confirm()
        self.assertFalse(self.band_lead.svk_allocated_lease_id)

    def test_eligible_household_never_warns(self):
        self._let(ceiling=0, band=3)
        _wizard, action = self._allocate(self.eligible_lead)
        lease = self.env["svk.lease"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "svk.lease")
        self.assertEqual(lease.svk_income_position, "ceiling")

    def test_decision_is_the_warnings_only(self):
        self._let(ceiling=1)
        lease = self.env["svk.lease"].search([("company_id", "=", self.company.id)], limit=1)
        for user in (self.staff, self.manager):
            with self.assertRaises(AccessError):
                lease.with_user(user).write({"svk_income_mix_decision": "forged"})
        with self.assertRaises(AccessError):
            self._lease(self._unit("X"), svk_income_mix_decided_by_id=self.manager.id)

    def test_entered_position_and_over_indebted_agreement(self):
        self._let(ceiling=1)
        lease = self.env["svk.lease"].search([("company_id", "=", self.company.id)], limit=1)
        with self.assertRaises(ValidationError):
            lease.with_user(self.staff).write({"svk_income_position": "over_indebted"})
        lease.with_user(self.staff).write(
            {"svk_income_position": "over_indebted", "svk_over_indebted_ref": "MED-2026-014"}
        )
        self.assertEqual(lease.svk_income_source, "entered")
        self.assertEqual(self.company.svk_mix_over_indebted, 1)
        self.assertFalse(self.company.svk_mix_ok)
