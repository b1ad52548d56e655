from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from odoo.addons.mail.tests.common import MockEmail

from .common import SvkPartnersPortalCase


class TestInvite(SvkPartnersPortalCase, MockEmail):
    def test_invited_worker_is_a_portal_user_of_the_organisation(self):
        user = self.user_a
        self.assertTrue(user._is_portal())
        self.assertEqual(user.partner_id, self.worker_a)
        self.assertEqual(user.partner_id.commercial_partner_id, self.org_a)
        self.assertEqual(user.login, "lotte@hf.example")
        self.assertEqual(user.company_ids, self.company)
        self.assertEqual(self.env["svk.referral"]._svk_portal_organisation(user), self.org_a)

    def test_invitation_is_odoos_signup_email(self):
        koen = self._worker(self.org_a, "Koen Maes", "koen@hf.example")
        with self.mock_mail_gateway():
            koen.with_user(self.svk_user).action_svk_invite_partner_portal()
        sent = [mail for mail in self._mails if "koen@hf.example" in str(mail["email_to"])]
        self.assertEqual(len(sent), 1)
        self.assertIn("/web/signup", sent[0]["body"])
        self.assertTrue(koen.user_ids._is_portal())

    def test_only_an_organisations_contact_with_an_email(self):
        with self.assertRaisesRegex(UserError, "not a contact person"):
            self.org_a.with_user(self.svk_user).action_svk_invite_partner_portal()
        with self.assertRaisesRegex(UserError, "not a contact person"):
            self.tenant.with_user(self.svk_user).action_svk_invite_partner_portal()
        nomail = self._worker(self.org_a, "Koen Maes", False)
        with self.assertRaisesRegex(UserError, "no e-mail"):
            nomail.with_user(self.svk_user).action_svk_invite_partner_portal()
        self.assertFalse(nomail.user_ids)

    def test_only_staff_invite(self):
        other = self._worker(self.org_a, "Koen Maes", "koen@hf.example")
        sales = new_test_user(
            self.env, login="pp_sales", groups="base.group_user,base.group_partner_manager"
        )
        with self.assertRaises(AccessError):
            other.with_user(sales).action_svk_invite_partner_portal()
        with self.assertRaises(AccessError):
            other.with_user(self.user_a).action_svk_invite_partner_portal()
        self.assertFalse(other.user_ids)

    def test_a_portal_user_of_another_kind_sees_no_organisation(self):
        self.assertFalse(self.env["svk.referral"]._svk_portal_organisation(self.svk_user))
        self.assertIsNone(self.env["svk.referral"]._svk_portal_domain(self.svk_user))
        tenant_user = new_test_user(
            self.env, login="pp_tenant", groups="base.group_portal", partner_id=self.tenant.id
        )
        self.assertIsNone(self.env["svk.referral"]._svk_portal_domain(tenant_user))
