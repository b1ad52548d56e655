import json

from odoo.tests import new_test_user, tagged

from .common import SvkMessagingCase

CONTROLLER_LOG = "odoo.addons.svk_messaging.controllers.main"


@tagged("post_install", "-at_install")
class TestProviderTrust(SvkMessagingCase):
    """Where the suite sends its tokens and where the reports come back are the system
    administrator's; the webhooks answer odd or huge requests without reading them."""

    def test_only_an_administrator_points_a_provider_elsewhere(self):
        self.authenticate(self.svk_manager.login, self.svk_manager.login)
        Provider = "svk.messaging.provider"
        for values in (
            {"api_url": "https://evil.example"},
            {"webhook_base_url": "https://evil.example"},
            {"twilio_auth_token": "mine"},
        ):
            with self.subTest(values=values), self._refused():
                self._call(Provider, "write", [self.twilio.ids, values])
        with self._refused():
            self._call(Provider, "write", [self.whatsapp.ids, {"wa_app_secret": "mine"}])
        with self._refused():
            self._call(Provider, "read", [self.twilio.ids, ["api_url"]])
        # nor by a new provider of their own, once the agency's is archived
        with self._refused():
            self._call(
                Provider,
                "create",
                [
                    {
                        "name": "Mine",
                        "provider_type": "twilio",
                        "channel": "sms",
                        "api_url": "https://evil.example",
                        "company_id": self.company.id,
                        "active": False,
                    }
                ],
            )
        # the manager still sets the agency's pace, and sees the addresses to give Twilio
        self._call(Provider, "write", [self.twilio.ids, {"rate_limit": 40}])
        [urls] = self._call(Provider, "read", [self.twilio.ids, ["inbound_url", "status_url"]])
        self.assertTrue(
            urls["inbound_url"].endswith(f"/svk_messaging/twilio/{self.twilio.id}/inbound")
        )
        self.env.invalidate_all()
        self.assertEqual(self.twilio.rate_limit, 40)
        self.assertEqual(self.twilio.api_url, self.standin.url)
        self.assertEqual(self.twilio.twilio_auth_token, self.standin.twilio_token)
        self.assertEqual(self.whatsapp.wa_app_secret, self.standin.wa_app_secret)
        self.assertEqual(self.env[Provider].search_count([("name", "=", "Mine")]), 0)
        # the system administrator does
        admin = new_test_user(self.env, login="svk_msg_sysadmin", groups="base.group_system")
        self.twilio.with_user(admin).write({"api_url": self.standin.url + "/"})
        self.assertEqual(self.twilio.api_url, self.standin.url + "/")

    def test_a_signature_with_odd_bytes_gets_403(self):
        before = self.env["svk.message"].search_count([])
        params = {
            "AccountSid": self.standin.twilio_sid,
            "From": self.amina.phone_sanitized,
            "Body": "Bonjour",
            "MessageSid": "SM" + "3" * 32,
        }
        for signature in ("é" * 28, b"\xff\xfe" * 14):
            with self.subTest(signature=signature):
                with self.assertLogs(CONTROLLER_LOG, "WARNING"):
                    response = self.url_open(
                        self.twilio.inbound_url,
                        data=params,
                        headers={"X-Twilio-Signature": signature},
                    )
                self.assertEqual(response.status_code, 403)
                payload = self.standin._wa_envelope({"messages": []})
                with self.assertLogs(CONTROLLER_LOG, "WARNING"):
                    response = self.url_open(
                        self.whatsapp.inbound_url,
                        data=json.dumps(payload),
                        headers={
                            "Content-Type": "application/json",
                            "X-Hub-Signature-256": (
                                "sha256=" + "é" * 64
                                if isinstance(signature, str)
                                else b"sha256=" + b"\xff" * 64
                            ),
                        },
                    )
                self.assertEqual(response.status_code, 403)
        self.env.invalidate_all()
        self.assertEqual(self.env["svk.message"].search_count([]), before)

    def test_a_huge_body_is_refused_before_it_is_read(self):
        before = self.env["svk.message"].search_count([])
        huge = "x" * (1024 * 1024 + 1)
        # even correctly signed: nothing that size is a provider's callback
        status, __ = self._inbound_whatsapp(self.amina, huge)
        self.assertEqual(status, 413)
        status, __ = self._inbound_sms(self.amina, huge)
        self.assertEqual(status, 413)
        self.assertEqual(self.env["svk.message"].search_count([]), before)
        # a callback of a normal size still lands
        status, __ = self._inbound_whatsapp(self.amina, "x" * 4000)
        self.assertEqual(status, 200)
        self.assertEqual(self.env["svk.message"].search_count([]), before + 1)
