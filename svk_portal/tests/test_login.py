from odoo.tests import tagged

from .common import PASSWORD, SvkPortalCase


@tagged("post_install", "-at_install")
class TestPhoneLogin(SvkPortalCase):
    """A tenant types their phone number on Odoo's login page, in any Belgian form."""

    def _login(self, login, password=PASSWORD):
        self.url_open("/web/session/logout")
        page = self.url_open("/web/login")
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        csrf = page.text[start : page.text.index('"', start)]
        response = self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": csrf},
        )
        return response

    def test_phone_forms_log_in(self):
        # Jan's login is his e-mail-less E.164 number; Amina's is her e-mail
        self.jan.user_ids.unlink()
        user = self.lease_jan._svk_portal_user()
        user.password = PASSWORD
        self.assertEqual(user.login, "+32471223344")
        for typed in ("0471 22 33 44", "+32 471 22 33 44", "0032471223344", "0471/22.33.44"):
            response = self._login(typed)
            self.assertIn("/my", response.url, typed)
            self.assertNotIn("/web/login", response.url, typed)

    def test_email_user_logs_in_with_mobile(self):
        response = self._login("0470 12 34 56")
        self.assertIn("/my", response.url)
        session_user = self.url_open("/my/svk/home").text
        self.assertIn("Rue Haute 120, 0.1", session_user)

    def test_wrong_password_refused(self):
        response = self._login("0470 12 34 56", "wrong")
        self.assertIn("/web/login", response.url)
        self.assertIn("Wrong login/password", response.text)

    def test_login_domain(self):
        Users = self.env["res.users"]
        self.assertEqual(Users._svk_login_e164("0470 12 34 56"), "+32470123456")
        self.assertEqual(Users._svk_login_e164("amina@example.be"), "")
        self.assertEqual(Users._svk_login_e164("admin"), "")
        self.assertEqual(Users._get_login_domain("admin"), [("login", "=", "admin")])
        self.assertEqual(Users.search(Users._get_login_domain("0470123456")), self.user_amina)
