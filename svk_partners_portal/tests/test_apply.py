import re
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import PASSWORD, SvkPartnersPortalCase

PDF = b"%PDF-1.4 income proof"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@tagged("post_install", "-at_install")
class TestApply(SvkPartnersPortalCase, HttpCase):
    def setUp(self):
        super().setUp()
        self.authenticate(self.user_a.login, PASSWORD)

    def _form(self, **values):
        return {
            "contact_name": "Awa Diallo",
            "email": "awa@example.com",
            "phone": "+32 470 99 88 77",
            "income_kind": "one_income",
            "adults": "1",
            "children": "2",
            "net_income": "21500,50",
            "consent": "1",
            "consent_arrears": "1",
            **values,
        }

    def _post(self, values, files=None):
        page = self.url_open("/my/referrals/apply").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open(
            "/my/referrals/apply",
            data={**values, "csrf_token": token},
            files=files or [],
            allow_redirects=False,
        )

    def _post_raw(self, values):
        page = self.url_open("/my/home").text
        token = re.search(r'csrf_token: "([^"]+)"', page).group(1)
        return self.url_open(
            "/my/referrals/apply", data={**values, "csrf_token": token}, allow_redirects=False
        )

    def _counts(self):
        return (
            self.env["crm.lead"].search_count([]),
            self.env["svk.referral"].search_count([]),
            self.env["ir.attachment"].search_count([("res_model", "=", "crm.lead")]),
        )

    def _applications(self):
        return self.env["crm.lead"].search([("contact_name", "=", "Awa Diallo")])

    def test_submission_lands_in_the_register_as_a_draft(self):
        response = self._post(
            self._form(),
            files=[
                ("documents", ("income.pdf", PDF, "application/pdf")),
                ("documents", ("family.png", PNG, "image/png")),
            ],
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        lead = self._applications()
        self.assertEqual(len(lead), 1)
        self.assertTrue(lead.svk_application)
        self.assertTrue(lead.svk_portal_submitted)
        self.assertEqual(lead.stage_id, self.env.ref("svk_partners.crm_stage_svk_registered"))
        self.assertFalse(lead.svk_register_number)
        self.assertEqual(lead.company_id, self.company)
        self.assertEqual(
            (lead.svk_income_kind, lead.svk_adults, lead.svk_children, lead.svk_net_income),
            ("one_income", 1, 2, 21500.5),
        )
        self.assertEqual(lead.email_from, "awa@example.com")
        referral = lead.svk_referral_ids
        self.assertEqual(referral.organisation_id, self.org_a)
        self.assertEqual(referral.social_worker_id, self.worker_a)
        self.assertEqual(referral.user_id, self.social)  # the organisation's agency contact
        self.assertEqual(
            (referral.consent_arrears, referral.consent_lease_end, referral.consent_contact),
            (True, False, False),
        )
        self.assertIn(f"/my/referrals/{referral.id}?submitted=1", response.headers["Location"])
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        self.assertEqual(sorted(attachments.mapped("name")), ["family.png", "income.pdf"])
        self.assertEqual(attachments.filtered(lambda a: a.name == "income.pdf").raw, PDF)
        activity = lead.activity_ids
        self.assertEqual(activity.user_id, self.social)
        self.assertIn("Housing First Bruxelles", activity.summary)
        # the referral now lists the application on the portal
        page = self.url_open(f"/my/referrals/{referral.id}?submitted=1").text
        self.assertIn("Awa Diallo", page)
        self.assertIn("Submitted, to complete", page)
        # the agency completes it: no longer "to complete"
        lead.with_user(self.svk_user).action_svk_complete()
        self.assertFalse(lead.svk_portal_submitted)
        self.assertTrue(lead.svk_register_number)

    def test_blank_form_agrees_to_nothing(self):
        page = self.url_open("/my/referrals/apply").text
        for name in ("consent", "consent_arrears", "consent_lease_end", "consent_contact"):
            tag = re.search(rf'<input id="svk_{name}"[^>]*>', page).group(0)
            self.assertNotIn("checked", tag)

    def test_bad_input_writes_nothing(self):
        counts = self._counts()
        for values, files, error in (
            (self._form(contact_name="  "), [], "Give the name"),
            (self._form(consent=""), [], "must agree"),
            (self._form(adults="0"), [], "number of adults"),
            (self._form(children="-1"), [], "dependent children"),
            (self._form(net_income="lots"), [], "net taxable income"),
            (self._form(net_income="nan"), [], "net taxable income"),
            (self._form(income_kind="rich"), [], "kind of household"),
            (self._form(email="awa.example.com"), [], "not valid"),
            (
                self._form(),
                [("documents", ("run.exe", b"MZ", "application/octet-stream"))],
                "PDF, JPEG or PNG",
            ),
            (
                self._form(),
                [
                    (
                        "documents",
                        ("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "application/pdf"),
                    )
                ],
                "larger than",
            ),
        ):
            response = self._post(values, files)
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_svk_apply_errors", response.text)
            self.assertIn(error, response.text)
            # what was typed stays in the form
            if values["contact_name"].strip():
                self.assertIn('value="Awa Diallo"', response.text)
        self.assertEqual(self._counts(), counts)

    def test_a_failure_while_writing_leaves_nothing(self):
        # the checks pass, the application, referral and documents are written, then the
        # staff's activity fails: nothing stays
        counts = self._counts()
        with patch.object(
            type(self.env["crm.lead"]),
            "activity_schedule",
            side_effect=ValidationError("No one at the agency to complete it"),
        ):
            response = self._post(
                self._form(), files=[("documents", ("income.pdf", PDF, "application/pdf"))]
            )
        self.assertEqual(response.status_code, 200)
        self.assertIn("No one at the agency to complete it", response.text)
        self.assertEqual(self._counts(), counts)

    def test_a_user_who_lost_the_organisation_cannot_submit(self):
        counts = self._counts()
        self.org_a.svk_referral_org = False
        self.assertEqual(self._post_raw(self._form()).status_code, 404)
        self.assertEqual(self._counts(), counts)

    def test_submit_without_documents_nor_sharing(self):
        response = self._post(self._form(consent_arrears="", email="", phone=""))
        self.assertEqual(response.status_code, 303)
        referral = self._applications().svk_referral_ids
        self.assertFalse(
            referral.consent_arrears or referral.consent_lease_end or referral.consent_contact
        )
