from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user

# the 2024 row shipped in data/svk_income_ceiling_data.xml
SINGLE, ONE_INCOME, SEVERAL = 27499.10, 30554.58, 34919.57
PER_CHILD, PER_DISABLED_ADULT = 2618.96, 5237.91


class SvkApplicationCase(TransactionCase):
    """Applications of the candidates' team judged against the shipped 2024 ceilings,
    handled by staff with the lowest rights that do the job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.team = cls.env.ref("svk_partners.crm_team_candidates")
        cls.ceiling_2024 = cls.env.ref("svk_partners.svk_income_ceiling_2024")
        cls.svk_user = new_test_user(
            cls.env,
            login="svk_pa_user",
            name="Sam Staff",
            groups="svk_housing.group_svk_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.social = new_test_user(
            cls.env,
            login="svk_pa_social",
            name="Sofia Social",
            groups="svk_housing.group_svk_social,sales_team.group_sale_salesman_all_leads",
        )
        cls.manager = new_test_user(
            cls.env,
            login="svk_pa_manager",
            name="Mia Manager",
            groups="svk_housing.group_svk_manager,sales_team.group_sale_salesman_all_leads",
        )

    @classmethod
    def _application(cls, name="Household Dupont", **vals):
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "svk_income_kind": "single",
                **vals,
            }
        )


@freeze_time("2025-03-01")
class TestEligibility(SvkApplicationCase):
    def _verdict(self, income, **vals):
        lead = self._application(svk_net_income=income, **vals)
        return lead.svk_eligibility

    def _assert_edges(self, ceiling, **vals):
        """At the ceiling and 0.01 under it is eligible, 0.01 over it is in the band."""
        self.assertEqual(self._verdict(ceiling, **vals), "eligible", "exactly at the ceiling")
        self.assertEqual(self._verdict(round(ceiling - 0.01, 2), **vals), "eligible")
        self.assertEqual(self._verdict(round(ceiling + 0.01, 2), **vals), "band")

    def test_application_flag_and_ceiling_row(self):
        lead = self._application(svk_net_income=20000)
        self.assertTrue(lead.svk_application)
        self.assertEqual(lead.svk_ceiling_id, self.ceiling_2024)
        self.assertEqual(lead.stage_id, self.env.ref("svk_partners.crm_stage_svk_registered"))
        other = self.env["crm.lead"].create({"name": "Sales lead", "svk_net_income": 1})
        self.assertFalse(other.svk_application)
        self.assertFalse(other.svk_eligibility)

    def test_single_edges(self):
        self._assert_edges(SINGLE, svk_income_kind="single")

    def test_one_income_edges(self):
        self._assert_edges(ONE_INCOME, svk_income_kind="one_income")

    def test_several_incomes_edges(self):
        self._assert_edges(SEVERAL, svk_income_kind="several_incomes")

    def test_children_and_disabled_child_counts_twice(self):
        vals = {
            "svk_income_kind": "several_incomes",
            "svk_adults": 2,
            "svk_children": 3,
            "svk_disabled_children": 1,
        }
        ceiling = round(SEVERAL + 4 * PER_CHILD, 2)  # 3 children, the disabled one twice
        lead = self._application(svk_net_income=ceiling, **vals)
        self.assertAlmostEqual(lead.svk_ceiling, ceiling, places=2)
        self.assertEqual(lead.svk_household_size, 5)
        self._assert_edges(ceiling, **vals)
        # counted once, the disabled child would put this household in the band
        self.assertEqual(self._verdict(round(SEVERAL + 3.5 * PER_CHILD, 2), **vals), "eligible")

    def test_disabled_adult(self):
        vals = {"svk_income_kind": "one_income", "svk_adults": 2, "svk_disabled_adults": 1}
        ceiling = round(ONE_INCOME + PER_DISABLED_ADULT, 2)
        self.assertAlmostEqual(
            self._application(svk_net_income=1, **vals).svk_ceiling, ceiling, places=2
        )
        self._assert_edges(ceiling, **vals)

    def test_band_edges(self):
        for kind, base in (("single", SINGLE), ("one_income", ONE_INCOME)):
            top = round(base * 1.5, 2)
            self.assertEqual(self._verdict(top, svk_income_kind=kind), "band", kind)
            self.assertEqual(
                self._verdict(round(top - 0.01, 2), svk_income_kind=kind), "band", kind
            )
            self.assertEqual(
                self._verdict(round(top + 0.01, 2), svk_income_kind=kind), "not_eligible", kind
            )
        lead = self._application(svk_net_income=round(SINGLE * 1.5, 2))
        self.assertAlmostEqual(lead.svk_income_percent, 150.0, places=2)

    def test_unknown_without_income_or_ceilings(self):
        self.assertEqual(self._verdict(0.0), "unknown")
        self.assertEqual(self._verdict(20000, svk_income_kind=False), "unknown")
        lead = self._application(svk_net_income=20000)
        lead.svk_register_date = "2023-06-30"  # before any ceilings row
        self.assertFalse(lead.svk_ceiling_id)
        self.assertEqual(lead.svk_eligibility, "unknown")

    def test_household_changes_recompute(self):
        lead = self._application(svk_net_income=round(SINGLE + PER_CHILD, 2))
        self.assertEqual(lead.svk_eligibility, "band")
        lead.svk_children = 1
        self.assertEqual(lead.svk_eligibility, "eligible")

    def test_new_ceilings_row_recomputes_open_applications(self):
        open_lead = self._application(svk_net_income=28000)
        registered_2024 = self._application(svk_net_income=28000)
        registered_2024.svk_register_date = "2024-06-01"
        closed = self._application(svk_net_income=28000)
        closed.svk_exit_date = "2025-02-01"
        self.assertEqual(open_lead.svk_eligibility, "band")
        self.assertEqual(closed.svk_ceiling_id, self.ceiling_2024)
        # the region's ceilings are every agency's: the administrator enters them
        admin = self.env.ref("base.user_admin")
        row = (
            self.env["svk.income.ceiling"]
            .with_user(admin)
            .create(
                {
                    "date_from": "2025-01-01",
                    "single_amount": 28000.00,
                    "one_income_amount": 31000.00,
                    "several_incomes_amount": 35500.00,
                    "per_child_amount": 2650.00,
                    "per_disabled_adult_amount": 5300.00,
                }
            )
        )
        self.env.invalidate_all()
        self.assertEqual(open_lead.svk_ceiling_id, row)
        self.assertEqual(open_lead.svk_eligibility, "eligible", "exactly at the new ceiling")
        self.assertEqual(registered_2024.svk_ceiling_id, self.ceiling_2024)
        self.assertEqual(registered_2024.svk_eligibility, "band")
        self.assertEqual(closed.svk_ceiling_id, self.ceiling_2024, "closed files stay judged")
        # a correction of the row judges them again
        row.with_user(admin).single_amount = 27999.99
        self.env.invalidate_all()
        self.assertEqual(open_lead.svk_eligibility, "band")
        # an agency's own row wins over the shared one of the same date
        own = self.env["svk.income.ceiling"].create(
            {
                "date_from": "2025-01-01",
                "company_id": self.company.id,
                "single_amount": 30000.00,
                "one_income_amount": 31000.00,
                "several_incomes_amount": 35500.00,
            }
        )
        self.env.invalidate_all()
        self.assertEqual(open_lead.svk_ceiling_id, own)
        self.assertEqual(open_lead.svk_eligibility, "eligible")
        (own | row).unlink()
        self.env.invalidate_all()
        self.assertEqual(open_lead.svk_ceiling_id, self.ceiling_2024)
        self.assertEqual(open_lead.svk_eligibility, "band")

    def test_health_fields_unreadable_by_staff(self):
        lead = self._application(
            svk_net_income=20000,
            svk_children=1,
            svk_disabled_children=1,
            svk_disabled_adults=0,
            svk_health_note="Needs a ground floor: reduced mobility.",
        )
        as_user = lead.with_user(self.svk_user)
        for fname in ("svk_disabled_children", "svk_disabled_adults", "svk_health_note"):
            with self.assertRaises(AccessError, msg=fname):
                as_user.read([fname])
        with self.assertRaises(AccessError):
            as_user.write({"svk_health_note": "overwritten"})
        # staff still sees the verdict and the household's size, which tell nothing of
        # anyone's health; the ceiling and the percentage would, so they are social only
        data = as_user.read(["svk_eligibility", "svk_household_size"])[0]
        self.assertEqual((data["svk_eligibility"], data["svk_household_size"]), ("eligible", 2))
        for fname in ("svk_ceiling", "svk_income_percent"):
            with self.assertRaises(AccessError, msg=fname):
                as_user.read([fname])
        as_social = lead.with_user(self.social)
        self.assertEqual(as_social.read(["svk_disabled_children"])[0]["svk_disabled_children"], 1)
        as_social.write({"svk_health_note": "Ground floor or elevator."})
        self.assertEqual(lead.svk_health_note, "Ground floor or elevator.")
        # the manager is not a social worker
        with self.assertRaises(AccessError):
            lead.with_user(self.manager).read(["svk_health_note"])
