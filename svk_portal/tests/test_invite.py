from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SvkPortalCase


@tagged("post_install", "-at_install")
class TestInvite(SvkPortalCase):
    """The lease's button: the tenant's portal user and Odoo's signup link, sent on the
    tenant's channel in their language."""

    def test_invite_creates_the_portal_user(self):
        result = self.lease_yonas.with_user(self.svk_user_msg).action_svk_portal_invite()
        self.assertEqual(result["params"]["type"], "success")
        user = self.yonas.user_ids
        self.assertEqual(user.login, "yonas@example.org")
        self.assertTrue(user._is_portal())
        self.assertEqual(user.company_id, self.company)
        message = self._messages(self.yonas)[-1:]
        self.assertNotEqual(message.state, "failed")
        self.assertIn("/web/signup?", message.body)
        self.assertIn("redirect=%2Fmy%2Fhome", message.body)
        # the link's token is the partner's: it signs up this user
        token = message.body.split("token=")[1].split("&")[0].split()[0]
        self.assertEqual(self.env["res.partner"]._get_partner_from_token(token), self.yonas)

    def test_login_is_phone_without_email(self):
        self.jan.user_ids.unlink()
        self.lease_jan.with_user(self.svk_user_msg).action_svk_portal_invite()
        self.assertEqual(self.jan.user_ids.login, "+32471223344")
        message = self._messages(self.jan)[-1:]
        self.assertIn("+32471223344", message.body)

    def test_invitation_in_tenants_language(self):
        self.env["ir.module.module"]._load_module_terms(["svk_portal"], ["fr_BE", "nl_BE"])
        self.jan.user_ids.unlink()
        self.lease_jan.with_user(self.svk_user_msg).action_svk_portal_invite()
        body = self._messages(self.jan)[-1:].body
        self.assertIn("wachtwoord", body)

    def test_invite_again_reuses_the_user(self):
        before = self.amina.user_ids
        self.lease_amina.with_user(self.svk_user_msg).action_svk_portal_invite()
        self.assertEqual(self.amina.user_ids, before)

    def test_no_address_no_invitation(self):
        tenant = self.env["res.partner"].create({"name": "No Contact"})
        lease = self.env["svk.lease"].create(
            {
                "unit_id": self.units[3].id,
                "tenant_id": tenant.id,
                "date_start": "2026-01-01",
                "rent": 500.0,
            }
        )
        lease.action_activate()
        with self.assertRaisesRegex(UserError, "neither an e-mail address nor a mobile"):
            lease.with_user(self.svk_user_msg).action_svk_portal_invite()
        self.assertFalse(tenant.with_context(active_test=False).user_ids)

    def test_staff_are_not_turned_into_portal_users(self):
        lease = self.env["svk.lease"].create(
            {
                "unit_id": self.units[3].id,
                "tenant_id": self.svk_user.partner_id.id,
                "date_start": "2026-01-01",
                "rent": 500.0,
            }
        )
        lease.action_activate()
        with self.assertRaisesRegex(UserError, "back office"):
            lease.with_user(self.svk_user_msg).action_svk_portal_invite()
        self.assertFalse(self.svk_user._is_portal())

    def test_draft_lease_refused(self):
        lease = self.env["svk.lease"].create(
            {
                "unit_id": self.units[3].id,
                "tenant_id": self.yonas.id,
                "date_start": "2026-01-01",
                "rent": 500.0,
            }
        )
        with self.assertRaisesRegex(UserError, "running lease"):
            lease.with_user(self.svk_user_msg).action_svk_portal_invite()

    def test_only_staff_invite(self):
        with self.assertRaises(AccessError):
            self.lease_amina.with_user(self.user_amina).action_svk_portal_invite()
