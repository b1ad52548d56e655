from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMatchingUi(HttpCase):
    """A unit becomes available, its matching applications are listed in register order
    and one is allocated, in the real web client, by an SVK User who works on the
    applications."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="svk_match_tour",
            password="svk_match_tour_pw",
            groups="svk_housing.group_svk_user,sales_team.group_sale_salesman_all_leads",
        )
        building = cls.env["svk.building"].create({"name": "Tour Building", "zip": "1060"})
        cls.unit = cls.env["svk.unit"].create(
            {
                "name": "Tour 3C",
                "building_id": building.id,
                "unit_type": "apartment",
                "bedrooms": 2,
                "state": "renovation",
            }
        )
        team = cls.env.ref("svk_partners.crm_team_candidates")
        leads = cls.env["crm.lead"].create(
            [
                {
                    "name": name,
                    "contact_name": name,
                    "type": "opportunity",
                    "team_id": team.id,
                    "svk_income_kind": "one_income",
                    "svk_net_income": 22000.0,
                    "svk_adults": 1,
                    "svk_children": children,
                    "svk_bedrooms_needed": bedrooms,
                    "svk_wanted_unit_type": "any",
                    "svk_absolute_priority": appeal,
                }
                for name, children, bedrooms, appeal in (
                    ("Tour Household", 2, 2, False),
                    ("Tour Appeal", 0, 1, True),
                    ("Tour Too Big", 4, 3, False),
                )
            ]
        )
        leads.action_svk_complete()
        org = cls.env["res.partner"].create(
            {"name": "Tour CPAS", "is_company": True, "svk_referral_org": True}
        )
        cls.env["svk.referral"].create(
            {"organisation_id": org.id, "lead_id": leads[0].id, "date": date(2025, 5, 1)}
        )

    def test_allocate_from_matching(self):
        self.start_tour(
            "/odoo/action-svk_housing.svk_unit_action",
            "svk_partners_matching_tour",
            login="svk_match_tour",
        )
        lease = self.env["svk.lease"].search([("unit_id", "=", self.unit.id)])
        self.assertEqual(lease.state, "draft")
        self.assertEqual(lease.tenant_id.name, "Tour Household")
        self.assertEqual(lease.rent, 640.0)
