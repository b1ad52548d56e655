from odoo.tests import HttpCase, tagged

from .common import PASSWORD, SOCIAL_NOTE, SvkPartnersPortalCase


@tagged("post_install", "-at_install")
class TestPortalPages(SvkPartnersPortalCase, HttpCase):
    def _page(self, url, user=None, status=200):
        self.authenticate((user or self.user_a).login, PASSWORD)
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, status, url)
        return response.text

    def test_list_shows_the_organisations_referrals_only(self):
        page = self._page("/my/referrals")
        self.assertIn("Yonas Tesfay", page)
        self.assertIn(f"/my/referrals/{self.referral_a.id}", page)
        self.assertNotIn("Ioana Popescu", page)
        self.assertNotIn(f"/my/referrals/{self.referral_b.id}", page)
        page = self._page("/my/referrals", user=self.user_b)
        self.assertIn("Ioana Popescu", page)
        self.assertNotIn("Yonas Tesfay", page)

    def test_detail_shows_only_what_the_household_agreed(self):
        page = self._page(f"/my/referrals/{self.referral_a.id}")
        self.assertIn("Active", page)
        # the agency's contact
        self.assertIn("Sarah Janssens", page)
        self.assertIn("sarah@agency.example", page)
        # arrears: agreed; October's rent and charges are overdue
        self.assertIn("o_svk_arrears", page)
        self.assertIn("650.00", page)
        # contact details and end of lease: not agreed
        self.assertNotIn("+32 470 11 22 33", page)
        self.assertNotIn("yonas@example.com", page)
        self.assertNotIn("o_svk_lease_end", page)
        self.assertNotIn(SOCIAL_NOTE, page)
        self.assertNotIn("Weekly visits", page)
        # the household changes its mind: contact yes, arrears no
        self.referral_a.write({"consent_arrears": False, "consent_contact": True})
        page = self._page(f"/my/referrals/{self.referral_a.id}")
        self.assertNotIn("o_svk_arrears", page)
        self.assertNotIn("650.00", page)
        self.assertIn("+32 470 11 22 33", page)
        self.assertIn("yonas@example.com", page)
        # nothing shared at all
        self.referral_a.consent_contact = False
        page = self._page(f"/my/referrals/{self.referral_a.id}")
        self.assertIn("o_svk_no_facts", page)

    def test_everything_shared(self):
        page = self._page(f"/my/referrals/{self.referral_b.id}", user=self.user_b)
        self.assertIn("+32 470 44 55 66", page)
        self.assertIn("ioana@example.com", page)
        self.assertIn("o_svk_lease_end", page)
        self.assertIn("Nothing overdue", page)
        self.assertNotIn(SOCIAL_NOTE, page)

    def test_other_ids_answer_not_found(self):
        self._page(f"/my/referrals/{self.referral_b.id}", status=404)
        self._page(f"/my/referrals/{self.referral_a.id}", user=self.user_b, status=404)
        self._page("/my/referrals/999999999", status=404)
        # a referral of the organisation in another agency
        other = self.env["res.company"].create({"name": "AIS Bruxelles-Sud"})
        referral = self.env["svk.referral"].create(
            {
                "organisation_id": self.org_a.id,
                "partner_id": self.env["res.partner"].create({"name": "Elsewhere"}).id,
                "company_id": other.id,
            }
        )
        self._page(f"/my/referrals/{referral.id}", status=404)
        self.assertNotIn("Elsewhere", self._page("/my/referrals"))

    def test_staff_and_tenants_have_no_organisation_pages(self):
        self.svk_user.password = PASSWORD
        for url in ("/my/referrals", f"/my/referrals/{self.referral_a.id}", "/my/referrals/apply"):
            self._page(url, user=self.svk_user, status=404)

    def test_alerts_reach_the_portal_and_still_the_referrer(self):
        self.referral_a._svk_inform_referrer("The rent of Yonas Tesfay has been overdue.")
        alert = self.referral_a.sudo().alert_ids
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.partner_id, self.worker_a)
        # svk_partners still writes to the referrer (its own chatter message e-mailed to
        # them, or svk_messaging's channels, which log it in the referral's chatter)
        self.assertTrue(
            self.referral_a.message_ids.filtered(lambda m: "has been overdue" in (m.body or ""))
        )
        page = self._page(f"/my/referrals/{self.referral_a.id}")
        self.assertIn("The rent of Yonas Tesfay has been overdue.", page)
        page = self._page(f"/my/referrals/{self.referral_b.id}", user=self.user_b)
        self.assertNotIn("has been overdue", page)

    def test_the_daily_alerts_land_on_the_portal(self):
        self.company.svk_arrears_alert_days = 10
        self.env["svk.referral"]._cron_svk_alerts()
        self.assertIn("overdue since", self.referral_a.sudo().alert_ids.body)
        self.assertIn("overdue since", self._page(f"/my/referrals/{self.referral_a.id}"))
