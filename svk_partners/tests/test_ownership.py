from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .test_eligibility import SINGLE, SvkApplicationCase


@tagged("post_install", "-at_install")
@freeze_time("2025-03-01")
class TestOwnership(SvkApplicationCase):
    """Housing Code art. 125 §1, 2°: a household in which someone holds a dwelling in full
    ownership, emphyteusis or usufruct is not eligible, save the agency's motivated
    derogation."""

    def test_an_owner_household_is_not_eligible_whatever_its_income(self):
        poor_owner = self._application(svk_net_income=SINGLE / 2, svk_dwelling_right="full")
        self.assertEqual(poor_owner.svk_eligibility, "owner")
        usufruct = self._application(svk_net_income=SINGLE / 2, svk_dwelling_right="usufruct")
        self.assertEqual(usufruct.svk_eligibility, "owner")
        no_income_yet = self._application(svk_dwelling_right="emphyteusis")
        self.assertEqual(no_income_yet.svk_eligibility, "owner")
        # no longer an owner (sold, the usufruct ended): judged on the income again
        usufruct.svk_dwelling_right = False
        self.assertEqual(usufruct.svk_eligibility, "eligible")

    def test_a_derogation_keeps_the_household_eligible(self):
        lead = self._application(svk_net_income=SINGLE / 2, svk_dwelling_right="full")
        lead.with_user(self.manager).write(
            {
                "svk_ownership_exception": "uninhabitable",
                "svk_ownership_decision": "Closed by the mayor's order of 3 February 2025.",
            }
        )
        self.assertEqual(lead.svk_eligibility, "eligible")
        # a derogation does not lift the income ceiling
        lead.svk_net_income = SINGLE * 2
        self.assertEqual(lead.svk_eligibility, "not_eligible")

    def test_a_derogation_is_a_managers_motivated_decision(self):
        lead = self._application(svk_net_income=SINGLE / 2, svk_dwelling_right="full")
        for user in (self.svk_user, self.social):
            with self.assertRaises(AccessError):
                lead.with_user(user).write(
                    {"svk_ownership_exception": "violence", "svk_ownership_decision": "x"}
                )
            with self.assertRaises(AccessError):
                self.env["crm.lead"].with_user(user).create(
                    {
                        "name": "Household Martin",
                        "type": "opportunity",
                        "team_id": self.team.id,
                        "svk_dwelling_right": "full",
                        "svk_ownership_exception": "violence",
                        "svk_ownership_decision": "x",
                    }
                )
        self.assertEqual(lead.svk_eligibility, "owner")
        # staff record the ownership itself
        lead.with_user(self.svk_user).svk_dwelling_right = "usufruct"
        self.assertEqual(lead.svk_eligibility, "owner")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            lead.with_user(self.manager).svk_ownership_exception = "other"
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._application(
                svk_ownership_exception="other", svk_ownership_decision="No dwelling at all."
            )
        self.assertEqual(lead.svk_eligibility, "owner", "nothing half-written")

    def test_the_derogations_reasons_are_the_deciders_and_social_workers(self):
        lead = self._application(svk_net_income=SINGLE / 2, svk_dwelling_right="full")
        lead.with_user(self.manager).write(
            {"svk_ownership_exception": "violence", "svk_ownership_decision": "Reasons."}
        )
        fields = ["svk_ownership_exception", "svk_ownership_decision"]
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.svk_user).search_read(
                [("id", "=", lead.id)], fields
            )
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.svk_user).web_read_group(
                [("id", "=", lead.id)], ["svk_ownership_exception"], ["svk_ownership_exception"]
            )
        # other staff see the verdict
        self.assertEqual(
            lead.with_user(self.svk_user).read(["svk_eligibility"])[0]["svk_eligibility"],
            "eligible",
        )
        for user in (self.social, self.manager):
            self.assertEqual(
                lead.with_user(user).read(fields)[0]["svk_ownership_decision"], "Reasons."
            )

    def test_recorded_in_the_form_and_found_by_the_filter(self):
        Lead = self.env["crm.lead"].with_user(self.svk_user)
        context = {"default_type": "opportunity", "default_team_id": self.team.id}
        with Form(Lead.with_context(**context)) as form:
            form.name = "Household Leroy"
            form.svk_income_kind = "single"
            form.svk_net_income = SINGLE / 2
            form.svk_dwelling_right = "full"
            self.assertEqual(form.svk_eligibility, "owner")
        lead = form.save()
        found = (
            self.env["crm.lead"]
            .with_user(self.svk_user)
            .search_read(
                [("svk_dwelling_right", "!=", False), ("id", "=", lead.id)], ["svk_eligibility"]
            )
        )
        self.assertEqual(found, [{"id": lead.id, "svk_eligibility": "owner"}])

    def test_the_bulk_recompute_judges_owners(self):
        owner = self._application(svk_net_income=SINGLE / 2, svk_dwelling_right="full")
        tenant = self._application(svk_net_income=SINGLE / 2)
        leads = self.env["crm.lead"]._svk_recompute_eligibility()
        self.assertIn(owner, leads)
        self.assertEqual((owner.svk_eligibility, tenant.svk_eligibility), ("owner", "eligible"))

    def test_anonymised_with_the_rest(self):
        lead = self._application(svk_net_income=SINGLE / 2, svk_dwelling_right="full")
        lead.with_user(self.manager).write(
            {"svk_ownership_exception": "other", "svk_ownership_decision": "Reasons."}
        )
        lead._svk_anonymise()
        self.assertRecordValues(
            lead,
            [
                {
                    "svk_dwelling_right": False,
                    "svk_ownership_exception": False,
                    "svk_ownership_decision": False,
                }
            ],
        )
