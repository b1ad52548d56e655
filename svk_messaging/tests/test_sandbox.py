from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import SvkMessagingCase


def _no_network(*args, **kwargs):
    raise AssertionError("the sandbox opened a connection")


@tagged("post_install", "-at_install")
class TestSandbox(SvkMessagingCase):
    """The sandbox provider: what would be sent is recorded with its cost and reported
    delivered and read by the path of a real provider's webhook; staff type the tenants'
    replies, which take the inbound path; nothing reaches the network; one form switches
    to a real provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.twilio | cls.whatsapp).active = False
        Provider = cls.env["svk.messaging.provider"]
        cls.sandbox_sms, cls.sandbox_wa = Provider.create(
            [
                {
                    "name": f"Sandbox {channel}",
                    "provider_type": "sandbox",
                    "channel": channel,
                    "price_ids": [Command.create({"price": price})],
                }
                for channel, price in (("sms", 0.08), ("whatsapp", 0.05))
            ]
        )
        cls.Reply = cls.env["svk.message.sandbox.reply"].with_user(cls.svk_user_msg)

    def _reply(self, body, partner=None, number=None, channel="whatsapp"):
        wizard = self.Reply.create(
            {
                "partner_id": partner.id if partner else False,
                "channel": channel,
                "body": body,
                **({"number": number} if number else {}),
            }
        )
        return wizard.action_receive()

    def _offline(self):
        """No HTTP call leaves the process (requests and urllib both refuse)."""
        return (
            patch("requests.sessions.Session.request", _no_network),
            patch("urllib.request.urlopen", _no_network),
        )

    def test_a_conversation_through_the_sandbox_reaches_no_network(self):
        no_requests, no_urllib = self._offline()
        with no_requests, no_urllib:
            # Amina "writes" on WhatsApp: her conversation, the activity for her lease
            self._reply("Bonjour, le chauffage ne marche plus", partner=self.amina)
            [received] = self._messages(self.amina, direction="in")
            self.assertEqual(received.channel, "whatsapp")
            self.assertEqual(received.provider_id, self.sandbox_wa)
            self.assertTrue(received.sandbox)
            self.assertFalse(received.needs_triage)
            self.assertIn("chauffage", received.mail_message_id.body)
            self.assertIn("Sandbox", received.mail_message_id.body)
            reply_type = self.env.ref("svk_messaging.mail_activity_type_svk_reply")
            self.assertIn(reply_type, self.lease_amina.activity_ids.activity_type_id)
            # the answer goes in the window, as free text, with the price of a message
            answer = (
                self.env["svk.message"]
                .with_user(self.svk_user_msg)
                ._send_to_partner(self.amina, self.company, body="Un technicien passe demain.")
            )
            self.assertEqual(answer.channel, "whatsapp")
            self.assertEqual(answer.state, "sent")
            self.assertTrue(answer.sandbox)
            self.assertTrue(answer.provider_ref.startswith("SANDBOX-"))
            self.assertAlmostEqual(answer.cost, 0.05)
            self.assertIn("Sandbox", answer.mail_message_id.body)
            # delivered, then read, a moment later, by queued reports
            jobs = self.env["queue.job"].search([("state", "=", "pending")])
            self.assertEqual(len(jobs), 2)
            self.assertTrue(all(job.eta for job in jobs))
            self._perform_jobs()
            self.assertEqual(answer.state, "read")
            self.assertTrue(answer.date_delivered and answer.date_read)
            # an SMS goes through Odoo's SMS stack: cost per part, delivered, never "read"
            self.jan.svk_message_channel = "sms"
            long_text = "Bonjour Jan, " + "x" * 200
            sms = self.env["svk.message"]._send_to_partner(self.jan, self.company, body=long_text)
            self.assertEqual((sms.channel, sms.state, sms.segments), ("sms", "sent", 2))
            self.assertAlmostEqual(sms.cost, 0.16)
            self.assertTrue(sms.sms_uuid)
            self.assertEqual(len(self._perform_jobs()), 1)
            self.assertEqual(sms.state, "delivered")
            notification = self.env["mail.notification"].search(
                [("mail_message_id", "=", sms.mail_message_id.id)]
            )
            self.assertEqual(notification.notification_status, "sent")
        self.assertFalse(self.standin.requests)

    def test_a_message_from_an_unknown_number_waits_in_triage(self):
        action = self._reply("Hallo, ik zoek een woning", number="0475 99 88 77")
        self.assertEqual(action["res_model"], "svk.message")
        message = self.env["svk.message"].search([("number", "=", "+32475998877")])
        self.assertTrue(message.needs_triage)
        self.assertFalse(message.partner_id)
        self.assertTrue(message.sandbox)
        # a bad number is refused, nothing is written
        with self.assertRaises(UserError):
            self._reply("Hallo", number="12")
        self.assertEqual(self.env["svk.message"].search_count([("body", "=", "Hallo")]), 0)

    def test_stop_through_the_sandbox(self):
        self._reply("stop", partner=self.jan, channel="sms")
        consents = self.env["svk.messaging.consent"].search(
            [("number", "=", self.jan.phone_sanitized)]
        )
        self.assertEqual(set(consents.mapped("state")), {"opt_out"})
        confirmation = self._messages(self.jan, direction="out")
        self.assertEqual(len(confirmation), 1)
        self.assertEqual((confirmation.channel, confirmation.state), ("sms", "sent"))
        self.assertTrue(confirmation.sandbox)
        self.assertIn("START", confirmation.body)
        # nothing more goes by SMS or WhatsApp; START opens them again
        attempt = self.env["svk.message"]._send_to_partner(self.jan, self.company, body="Test")
        self.assertEqual(attempt.channel, "none")
        self._reply("START", partner=self.jan, channel="sms")
        self.assertEqual(set(consents.mapped("state")), {"opt_in"})

    def test_a_mass_message_through_the_sandbox(self):
        self.partners = self.amina | self.jan | self.yonas
        self.partners.write({"svk_message_channel": "sms"})
        mass = (
            self.env["svk.message.mass"]
            .with_user(self.svk_user_msg)
            .create(
                {
                    "name": "Coupure d'eau",
                    "target": "leases",
                    "lease_ids": [Command.set(self.leases.ids)],
                    "body": "Water cut tomorrow 9-12.",
                }
            )
        )
        mass.action_preview()
        self.assertAlmostEqual(mass.cost_estimate, 0.24)
        mass.action_send()
        self._perform_jobs()  # the mass message's chunk
        self.assertEqual((mass.state, mass.sent_count, mass.delivered_count), ("done", 3, 0))
        self.assertTrue(all(mass.recipient_ids.message_id.mapped("sandbox")))
        self._perform_jobs()  # the sandbox's reports
        self.assertEqual((mass.sent_count, mass.delivered_count), (0, 3))
        self.assertAlmostEqual(sum(mass.recipient_ids.message_id.mapped("cost")), 0.24)
        self.assertFalse(self.standin.requests)

    def test_a_real_provider_refuses_simulated_replies(self):
        self.sandbox_wa.active = False
        self.whatsapp.active = True
        with self.assertRaisesRegex(UserError, "real provider"):
            self._reply("Bonjour", partner=self.amina)
        self.assertFalse(self._messages(self.amina))
        # the SMS sandbox still takes one
        self._reply("Bonjour", partner=self.amina, channel="sms")
        self.assertEqual(len(self._messages(self.amina, direction="in")), 1)
        # a sandbox has no webhook: its id answers 404 on the providers' routes
        response = self.url_open(
            f"/svk_messaging/twilio/{self.sandbox_sms.id}/inbound", data={"Body": "x"}
        )
        self.assertEqual(response.status_code, 404)

    def test_switching_to_twilio_is_one_form(self):
        self.jan.svk_message_channel = "sms"
        before = self.env["svk.message"]._send_to_partner(self.jan, self.company, body="Avant")
        self.assertTrue(before.sandbox)
        admin = new_test_user(
            self.env,
            login="svk_msg_admin",
            groups="base.group_system,svk_housing.group_svk_manager",
        )
        with Form(self.sandbox_sms.with_user(admin)) as form:
            form.provider_type = "twilio"
            self.assertEqual(form.api_url, "https://api.twilio.com")
            form.api_url = self.standin.url
            form.webhook_base_url = self.base_url()
            form.twilio_account_sid = self.standin.twilio_sid
            form.twilio_auth_token = self.standin.twilio_token
            form.twilio_from = "+3225550001"
        self.assertEqual(self.sandbox_sms.provider_type, "twilio")
        after = self.env["svk.message"]._send_to_partner(self.jan, self.company, body="Après")
        self.assertEqual((after.state, after.provider_id), ("sent", self.sandbox_sms))
        self.assertFalse(after.sandbox)
        self.assertNotIn("Sandbox", after.mail_message_id.body)
        self.assertEqual([m["body"] for m in self.standin.twilio_messages], ["Après"])
        # what the sandbox sent stays marked as such
        self.env.invalidate_all()
        self.assertTrue(before.sandbox)
        with self.assertRaisesRegex(UserError, "real provider"):
            self._reply("Bonjour", partner=self.jan, channel="sms")
        # a real provider needs its address
        with self.assertRaisesRegex(Exception, "API address"):
            self.sandbox_wa.write({"provider_type": "whatsapp_cloud", "api_url": False})

    def test_only_managers_configure_staff_simulate(self):
        # a staff member simulates replies (JSON-RPC, as the web client does) ...
        self.authenticate(self.svk_user_msg.login, self.svk_user_msg.login)
        wizard_id = self._call(
            "svk.message.sandbox.reply",
            "create",
            [{"partner_id": self.yonas.id, "channel": "whatsapp", "body": "Hello"}],
        )
        self._call("svk.message.sandbox.reply", "action_receive", [[wizard_id]])
        self.env.invalidate_all()
        self.assertEqual(self._messages(self.yonas, direction="in").body, "Hello")
        # ... but neither switches nor creates a provider
        with self._refused():
            self._call("svk.messaging.provider", "write", [self.sandbox_sms.ids, {"rate_limit": 5}])
        with self._refused():
            self._call(
                "svk.messaging.provider",
                "create",
                [{"name": "Mine", "provider_type": "sandbox", "channel": "sms"}],
            )
        with self.assertRaises(AccessError):
            self.sandbox_sms.with_user(self.svk_user_msg).provider_type = "twilio"
        # the manager sets the sandbox's prices and pace
        self.sandbox_sms.with_user(self.svk_manager).write(
            {
                "rate_limit": 5,
                "price_ids": [
                    Command.create({"country_id": self.env.ref("base.fr").id, "price": 0.1})
                ],
            }
        )
        self.assertEqual(self.sandbox_sms.rate_limit, 5)

    def test_every_agency_gets_its_sandboxes(self):
        Provider = self.env["svk.messaging.provider"].with_context(active_test=False)
        agency = self.env["res.company"].create({"name": "AIS Nouvelle"})
        sandboxes = Provider.search([("company_id", "=", agency.id)])
        self.assertEqual(sorted(sandboxes.mapped("channel")), ["sms", "whatsapp"])
        self.assertEqual(set(sandboxes.mapped("provider_type")), {"sandbox"})
        self.assertTrue(all(sandboxes.mapped("active")))
        self.assertTrue(all(sandboxes.mapped("price_ids.price")))
        # run again (each update): nothing more; an agency's own provider is kept
        self.assertFalse(Provider._create_sandboxes())
        other = self.env["res.company"].create({"name": "AIS Autre"})
        Provider.search([("company_id", "=", other.id), ("channel", "=", "sms")]).unlink()
        twilio = Provider.create(
            {
                "name": "Own Twilio",
                "provider_type": "twilio",
                "channel": "sms",
                "api_url": "http://127.0.0.1:9",
                "company_id": other.id,
                "active": False,
            }
        )
        self.assertFalse(Provider._create_sandboxes(other))
        self.assertEqual(
            Provider.search([("company_id", "=", other.id), ("channel", "=", "sms")]), twilio
        )
        # a real provider made active takes the sandbox's place
        twilio.active = True
        wa_sandbox = Provider.search([("company_id", "=", other.id), ("channel", "=", "whatsapp")])
        self.assertTrue(wa_sandbox.active)
        Provider.create(
            {
                "name": "Own WhatsApp",
                "provider_type": "whatsapp_cloud",
                "channel": "whatsapp",
                "api_url": "http://127.0.0.1:9",
                "company_id": other.id,
            }
        )
        self.assertFalse(wa_sandbox.active)
