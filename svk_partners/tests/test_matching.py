from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user

from odoo.addons.svk_partners.models.svk_unit import MATCHING_ORDER


class TestMatching(TransactionCase):
    """Which applications a vacant unit is proposed to, in which order, and what
    allocating it does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user = new_test_user(
            cls.env,
            login="svk_match_user",
            groups="svk_housing.group_svk_user,sales_team.group_sale_salesman_all_leads",
            name="Sam Allocator",
        )
        # a ceilings row of our own, the latest: single household ceiling 30,000
        cls.env["svk.income.ceiling"].create(
            {
                "date_from": date(2025, 1, 1),
                "company_id": cls.env.company.id,
                "single_amount": 30000.0,
                "one_income_amount": 33000.0,
                "several_incomes_amount": 37000.0,
                "per_child_amount": 3000.0,
                "per_disabled_adult_amount": 5000.0,
            }
        )
        cls.team = cls.env.ref("svk_partners.crm_team_candidates")
        building = cls.env["svk.building"].create({"name": "Rue Wayez 12", "zip": "1070"})
        cls.unit = cls.env["svk.unit"].create(
            {
                "name": "1.1",
                "building_id": building.id,
                "unit_type": "apartment",
                "bedrooms": 2,
                "state": "available",
            }
        )
        cls.lead = cls._application("Base household", adults=2, children=1)

    @classmethod
    def _application(cls, name, income=20000.0, registered="2025-03-01", **household):
        vals = {
            "name": name,
            "contact_name": name,
            "email_from": f"{name.replace(' ', '.').lower()}@example.be",
            "type": "opportunity",
            "team_id": cls.team.id,
            "svk_income_kind": "single",
            "svk_adults": household.pop("adults", 1),
            "svk_children": household.pop("children", 0),
            "svk_bedrooms_needed": household.pop("bedrooms", 1),
            "svk_wanted_unit_type": household.pop("unit_type", "any"),
            "svk_net_income": income,
            **household,
        }
        lead = cls.env["crm.lead"].create(vals)
        lead.action_svk_complete()
        lead.svk_register_date = registered
        return lead

    def _matching(self, unit=None):
        unit = unit or self.unit
        unit.invalidate_recordset(["svk_matching_count"])
        leads = unit._svk_matching_applications()
        self.assertEqual(unit.svk_matching_count, len(leads))
        return leads

    def test_matching_bedrooms_and_household_size(self):
        too_many_rooms = self._application("Needs three rooms", bedrooms=3, children=3)
        too_big = self._application("Seven people", adults=2, children=4, bedrooms=2)
        fits = self._application("Five people", adults=2, children=3, bedrooms=2)
        leads = self._matching()
        self.assertIn(self.lead, leads)
        self.assertIn(fits, leads, "2 bedrooms house up to 2 x 2 + 1 = 5 people")
        self.assertNotIn(too_many_rooms, leads)
        self.assertNotIn(too_big, leads)

    def test_matching_accessibility(self):
        wheelchair = self._application("Wheelchair user", svk_needs_accessible=True)
        self.assertNotIn(wheelchair, self._matching())
        self.unit.wheelchair_accessible = True
        leads = self._matching()
        self.assertIn(wheelchair, leads)
        self.assertIn(self.lead, leads, "an accessible unit suits everyone")

    def test_matching_transit(self):
        transit = self._application("Transit household", svk_transit=True)
        leads = self._matching()
        self.assertNotIn(transit, leads)
        self.unit.svk_transit = True
        leads = self._matching()
        self.assertIn(transit, leads)
        self.assertNotIn(self.lead, leads, "a transit unit only goes to transit applications")

    def test_matching_unit_type(self):
        house = self._application("Wants a house", unit_type="house")
        flat = self._application("Wants a flat", unit_type="apartment")
        leads = self._matching()
        self.assertIn(flat, leads)
        self.assertNotIn(house, leads)
        self.unit.unit_type = "house"
        leads = self._matching()
        self.assertIn(house, leads)
        self.assertNotIn(flat, leads)
        self.assertIn(self.lead, leads, "'any type' fits every unit")

    def test_matching_eligibility_and_open_files(self):
        band = self._application("In the band", income=40000.0)  # 133% of 30,000
        above = self._application("Above the band", income=46000.0)  # 153%
        self.assertEqual(band.svk_eligibility, "band")
        self.assertEqual(above.svk_eligibility, "not_eligible")
        withdrawn = self._application("Withdrew")
        withdrawn.action_svk_withdraw()
        # a file not complete yet is not in the register, so it is not proposed
        incomplete = self.env["crm.lead"].create(
            {
                "name": "Incomplete file",
                "type": "opportunity",
                "team_id": self.team.id,
                "svk_income_kind": "single",
                "svk_net_income": 20000.0,
                "svk_bedrooms_needed": 1,
            }
        )
        self.assertEqual(incomplete.svk_eligibility, "eligible")
        leads = self._matching()
        self.assertNotIn(incomplete, leads)
        self.assertIn(band, leads)
        self.assertNotIn(above, leads)
        self.assertNotIn(withdrawn, leads)
        action = self.unit.action_svk_matching()
        self.assertEqual(
            self.env["crm.lead"].search(action["domain"]), leads, "the list shows the same"
        )
        self.assertEqual(action["context"]["svk_unit_id"], self.unit.id)

    def test_register_order(self):
        criteria = self.env["svk.priority.criterion"].create(
            [{"name": "Homeless", "weight": 5}, {"name": "Unfit housing", "weight": 3}]
        )
        early = self._application("Registered early", registered="2025-01-10")
        late_urgent = self._application(
            "Registered late, urgent",
            registered="2025-06-01",
            svk_priority_ids=[(6, 0, criteria.ids)],
        )
        appeal = self._application(
            "Won an appeal", registered="2025-09-01", svk_absolute_priority=True
        )
        self.assertEqual(late_urgent.svk_priority_score, 8)
        leads = self._matching()
        # the appeal first, then the register's chronological order (the score is shown
        # for the agency's own rules, it does not reorder the register)
        self.assertEqual(leads.ids, [appeal.id, early.id, self.lead.id, late_urgent.id])
        self.assertEqual(leads, leads._svk_register_order())
        arch = self.env.ref("svk_partners.crm_lead_view_list_svk_matching").arch
        self.assertIn(f'default_order="{MATCHING_ORDER}"', arch)

    def test_quota_shown(self):
        org = self.env["res.partner"].create(
            {"name": "Housing First Brussels", "is_company": True, "svk_referral_org": True}
        )
        worker = self.env["res.partner"].create({"name": "Ana Worker", "parent_id": org.id})
        agreement = self.env["svk.partner.agreement"].create(
            {
                "name": "Convention HF",
                "organisation_id": org.id,
                "contact_id": worker.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2027, 12, 31),
                "units_quota": 3,
            }
        )
        agreement.action_start()
        self.env["svk.referral"].create(
            {
                "organisation_id": org.id,
                "social_worker_id": worker.id,
                "lead_id": self.lead.id,
                "agreement_id": agreement.id,
                "date": date(2025, 2, 1),
            }
        )
        other = self._application("Not referred")
        leads = self._matching().with_user(self.user)
        referred = leads.filtered(lambda lead: lead == self.lead)
        self.assertEqual(referred.svk_referral_org_id, org)
        self.assertEqual(referred.svk_referral_quota_left, 2)
        self.assertFalse(leads.filtered(lambda lead: lead == other).svk_referral_org_id)

    def _wizard(self, lead, unit=None, rent=650.0):
        context = {
            "active_model": "crm.lead",
            "active_id": lead.id,
            "svk_unit_id": (unit or self.unit).id,
        }
        form = Form(self.env["svk.allocation.wizard"].with_user(self.user).with_context(**context))
        form.rent = rent
        return form.save()

    def test_allocation_creates_draft_lease(self):
        org = self.env["res.partner"].create({"name": "CPAS de Forest", "is_company": True})
        referral = self.env["svk.referral"].create(
            {"organisation_id": org.id, "lead_id": self.lead.id, "date": date(2025, 2, 1)}
        )
        # one the allocating staff member may not see (justice assistance) follows too
        justice = self.env["res.partner"].create(
            {"name": "Justitieel Welzijnswerk", "is_company": True, "svk_org_type": "justice"}
        )
        referral |= self.env["svk.referral"].create(
            {"organisation_id": justice.id, "lead_id": self.lead.id, "date": date(2025, 2, 1)}
        )
        leases = self.env["svk.lease"].search([])
        action = self._wizard(self.lead).action_allocate()
        lease = self.env["svk.lease"].search([]) - leases
        self.assertEqual(len(lease), 1)
        self.assertEqual(action["res_model"], "svk.lease")
        self.assertEqual(action["res_id"], lease.id)
        self.assertEqual(lease.state, "draft")
        self.assertEqual(lease.unit_id, self.unit)
        self.assertEqual(lease.rent, 650.0)
        self.assertEqual(lease.lease_type, "standard")
        tenant = lease.tenant_id
        self.assertEqual(tenant.name, "Base household")
        self.assertEqual(tenant.email, "base.household@example.be")
        self.assertFalse(tenant.comment)
        self.assertEqual(self.lead.partner_id, tenant)
        self.assertEqual(self.lead.svk_allocated_lease_id, lease)
        self.assertEqual(self.lead.svk_exit_reason, "allocated")
        self.assertTrue(self.lead.svk_exit_date)
        self.assertEqual(self.lead.stage_id, self.env.ref("svk_partners.crm_stage_svk_allocated"))
        self.assertEqual(referral.partner_id, tenant, "the referrals follow the household")
        self.assertNotIn(self.lead, self._matching(), "the application left the register")

    def test_allocation_transit_unit_keeps_tenant(self):
        self.unit.svk_transit = True
        person = self.env["res.partner"].create({"name": "Known Person"})
        lead = self._application("Known person", svk_transit=True, partner_id=person.id)
        self._wizard(lead).action_allocate()
        lease = lead.svk_allocated_lease_id
        self.assertEqual(lease.tenant_id, person, "an existing contact becomes the tenant")
        self.assertEqual(lease.lease_type, "transit")
        self.assertEqual(lease.duration_months, 18)

    def test_allocation_errors(self):
        leases = self.env["svk.lease"].search_count([])
        above = self._application("Above the band", income=46000.0)
        with self.assertRaisesRegex(UserError, "not eligible"):
            self._wizard(above).action_allocate()
        big = self._application("Needs three rooms", bedrooms=3, children=3)
        with self.assertRaisesRegex(UserError, "does not suit"):
            self._wizard(big).action_allocate()
        wizard = self._wizard(self.lead)
        self.unit.state = "let"
        with self.assertRaisesRegex(UserError, "not available"):
            wizard.action_allocate()
        self.assertEqual(self.env["svk.lease"].search_count([]), leases, "nothing half-done")
        self.assertFalse(self.lead.svk_exit_date)
        self.unit.state = "available"
        self._wizard(self.lead).action_allocate()
        other = self.env["svk.unit"].create(
            {"name": "1.2", "unit_type": "apartment", "bedrooms": 2, "state": "available"}
        )
        with self.assertRaisesRegex(UserError, "no longer in the register"):
            self._wizard(self.lead, unit=other).action_allocate()
        # the unit is promised to that household: a second allocation is refused
        second = self._application("Second household")
        with self.assertRaisesRegex(UserError, "already promised"):
            self._wizard(second).action_allocate()
        self.assertFalse(second.svk_exit_date)
