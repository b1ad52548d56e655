from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SvkMessagingCase


@tagged("post_install", "-at_install")
class TestSending(SvkMessagingCase):
    """Writing to one tenant: their language, their channel, and what happens when a
    channel does not work."""

    def _send(self, partner, **kwargs):
        lease = self.leases.filtered(lambda lease: lease.tenant_id == partner)
        return self.env["svk.message"]._send_to_partner(
            partner, self.company, record=lease, **kwargs
        )

    def _window(self, partner):
        """The tenant wrote on WhatsApp: the 24-hour window is open."""
        self._inbound_whatsapp(partner, "Bonjour")

    def _close_window(self, partner):
        self.env.cr.execute(
            "UPDATE svk_message SET create_date = create_date - interval '25 hours' "
            "WHERE number = %s",
            [partner.phone_sanitized],
        )
        self.env.invalidate_all()
        self.standin.expire_window(partner.phone_sanitized)

    def test_template_in_the_tenant_language(self):
        appointment = self.env.ref("svk_messaging.sms_template_svk_appointment")
        context = {"svk_date": datetime(2026, 12, 3, 13, 30)}
        texts = {}
        for partner in (self.amina, self.jan, self.yonas):
            sent = self._send(
                partner, template=appointment, channels=["sms"], render_context=context
            )
            self.assertEqual((sent.channel, sent.state), ("sms", "sent"))
            texts[partner.lang] = sent.body
        self.assertTrue(texts["fr_BE"].startswith("Bonjour Amina Benali"), texts["fr_BE"])
        self.assertTrue(texts["nl_BE"].startswith("Dag Jan Peeters"), texts["nl_BE"])
        self.assertTrue(texts["en_US"].startswith("Hello Yonas Tesfay"), texts["en_US"])
        self.assertIn("14:30", texts["fr_BE"])  # Brussels time
        bodies = [m["body"] for m in self.standin.twilio_messages]
        self.assertEqual(bodies, [texts["fr_BE"], texts["nl_BE"], texts["en_US"]])
        self.assertEqual(
            [m["to"] for m in self.standin.twilio_messages],
            ["+32470123456", "+32471223344", "+32472556677"],
        )

    def test_whatsapp_free_text_only_inside_the_window(self):
        # no message from Amina yet: free text cannot go by WhatsApp, it goes by SMS
        sent = self._send(self.amina, body="Le technicien passe demain.")
        self.assertEqual((sent.channel, sent.state), ("sms", "sent"))
        whatsapp_try = sent.fallback_of_id
        self.assertEqual((whatsapp_try.channel, whatsapp_try.state), ("whatsapp", "failed"))
        self.assertIn("24-hour window", whatsapp_try.failure_reason)
        self.assertFalse(self.standin.whatsapp_messages)
        # she writes: free text goes by WhatsApp, in her chatter
        self._window(self.amina)
        sent = self._send(self.amina, body="Le technicien passe demain à 10h.")
        self.assertEqual((sent.channel, sent.state), ("whatsapp", "sent"))
        self.assertEqual(self.standin.whatsapp_messages[-1]["type"], "text")
        self.assertEqual(sent.mail_message_id.res_id, self.amina.id)
        # a day later the window is closed: an approved template still reaches her
        self._close_window(self.amina)
        reminder = self.env.ref("svk_messaging.sms_template_svk_rent_reminder")
        sent = self._send(self.amina, template=reminder)
        self.assertEqual((sent.channel, sent.whatsapp_template), ("whatsapp", "svk_rent_reminder"))
        payload = self.standin.whatsapp_messages[-1]["template"]
        self.assertEqual(payload["name"], "svk_rent_reminder")
        self.assertEqual(payload["language"], {"code": "fr"})
        params = [p["text"] for p in payload["components"][0]["parameters"]]
        self.assertEqual(params[0], "Amina Benali")
        self.assertEqual(params[2], self.lease_amina.payment_reference)

    def test_template_refused_by_whatsapp_falls_back_to_sms(self):
        received = self.env.ref("svk_messaging.sms_template_svk_payment_received")
        sent = self._send(self.jan, template=received)  # not approved at the stand-in
        self.assertEqual((sent.channel, sent.state), ("sms", "sent"))
        self.assertEqual(sent.fallback_of_id.error_code, "132001")
        self.assertTrue(sent.body.startswith("Dag Jan Peeters"))

    def test_number_not_on_whatsapp_falls_back_when_the_report_comes(self):
        self.standin.wa_not_on_whatsapp.add(self.jan.phone_sanitized)
        reminder = self.env.ref("svk_messaging.sms_template_svk_rent_reminder")
        sent = self._send(self.jan, template=reminder)
        self.assertEqual((sent.channel, sent.state), ("whatsapp", "sent"))
        self.assertFalse(self.standin.twilio_messages)
        self._callbacks()
        self.assertEqual((sent.state, sent.error_code), ("failed", "131026"))
        self.assertEqual(len(self._perform_jobs()), 1)
        fallback = sent.fallback_ids
        self.assertEqual((fallback.channel, fallback.state), ("sms", "sent"))
        self.assertEqual(self.standin.twilio_messages[-1]["body"], sent.body)
        # a repeated failure report queues nothing more
        self._wa_status(sent, "failed", errors=[{"code": 131026, "title": "Message undeliverable"}])
        self.assertFalse(self.env["queue.job"].search([("state", "=", "pending")]))

    def test_window_closed_at_the_provider_falls_back(self):
        self._window(self.jan)
        self.standin.expire_window(self.jan.phone_sanitized)  # Meta's clock says closed
        sent = self._send(self.jan, body="Dag Jan, de loodgieter komt morgen.")
        self.assertEqual(sent.channel, "whatsapp")
        self._callbacks()
        self.assertEqual(sent.error_code, "131047")
        self._perform_jobs()
        self.assertEqual(sent.fallback_ids.channel, "sms")

    def test_sms_refused_falls_back_to_email(self):
        self.yonas.svk_message_channel = "sms"
        self.standin.sms_invalid.add(self.yonas.phone_sanitized)
        sent = self._send(self.yonas, body="Hello Yonas, your new keys are ready.")
        self.assertEqual((sent.channel, sent.state), ("email", "sent"))
        sms_try = sent.fallback_of_id
        self.assertEqual((sms_try.channel, sms_try.error_code), ("sms", "21211"))
        mail = self.env["mail.mail"].search([("mail_message_id", "=", sent.mail_message_id.id)])
        self.assertEqual(mail.recipient_ids, self.yonas)

    def test_nothing_works_says_why(self):
        self.yonas.write({"mobile": "02 512 34 56", "email": False})
        sent = self._send(self.yonas, body="Hello")
        self.assertEqual((sent.channel, sent.state), ("none", "failed"))
        self.assertIn("landline", sent.failure_reason)
        self.assertIn("No e-mail address", sent.failure_reason)
        self.assertFalse(self.standin.requests)

    def test_blacklist_and_opt_out_stop_every_channel(self):
        self.env["phone.blacklist"].sudo().add(self.jan.phone_sanitized)
        sent = self._send(self.jan, body="Dag Jan")
        self.assertEqual(sent.state, "failed")
        self.assertIn("blacklist", sent.failure_reason)
        self.env["svk.messaging.consent"]._set(
            self.company, self.yonas.phone_sanitized, ["sms", "whatsapp"], "opt_out", "oral"
        )
        self.yonas.email = False
        sent = self._send(self.yonas, body="Hello")
        self.assertIn("opted out", sent.failure_reason)
        self.assertFalse(self.standin.requests)

    def test_odoo_sms_composer_goes_through_the_agency_provider(self):
        composer = (
            self.env["sms.composer"]
            .with_user(self.svk_user_contacts)
            .with_context(active_model="res.partner", active_id=self.amina.id)
            .create({"body": "Rappel : visite du chauffagiste lundi."})
        )
        composer.action_send_sms()
        self.assertEqual(
            [(m["to"], m["body"]) for m in self.standin.twilio_messages],
            [("+32470123456", "Rappel : visite du chauffagiste lundi.")],
        )
        logged = self._messages(self.amina, channel="sms")
        self.assertEqual(logged.state, "sent")
        self.assertTrue(logged.sms_uuid)
        # without consent Odoo's composer is refused as well, with the reason on the SMS
        stranger = self.env["res.partner"].create({"name": "Nobody", "mobile": "0475 00 00 01"})
        composer = (
            self.env["sms.composer"]
            .with_context(active_model="res.partner", active_id=stranger.id)
            .create({"body": "Hello"})
        )
        composer.action_send_sms()
        self.assertEqual(len(self.standin.twilio_messages), 1)
        notification = self.env["mail.notification"].search(
            [("res_partner_id", "=", stranger.id), ("notification_type", "=", "sms")]
        )
        self.assertEqual(notification.failure_type, "svk_no_consent")

    def test_bad_input_is_refused_and_nothing_is_sent(self):
        Composer = self.env["svk.message.composer"].with_user(self.svk_user_msg)
        appointment = self.env.ref("svk_messaging.sms_template_svk_appointment")
        composer = Composer.create(
            {
                "partner_id": self.amina.id,
                "lease_id": self.lease_amina.id,
                "template_id": appointment.id,
            }
        )
        self.assertIn("give the date", composer.preview)
        with self.assertRaises(UserError) as raised:
            composer.action_send()
        self.assertIn("give the date", str(raised.exception))
        with self.assertRaises(UserError) as raised:
            Composer.create({"partner_id": self.amina.id}).action_send()
        self.assertIn("Write a message", str(raised.exception))
        # a template needs the lease it speaks of
        with self.assertRaises(UserError) as raised:
            Composer.create(
                {
                    "partner_id": self.amina.id,
                    "template_id": appointment.id,
                    "event_date": "2026-12-03 10:00:00",
                }
            ).action_send()
        self.assertIn("needs a lease", str(raised.exception))
        # nothing reaches the tenant's channels: the composer says why and writes nothing
        self.yonas.write({"mobile": "02 512 34 56", "email": False})
        with self.assertRaises(UserError) as raised:
            Composer.create({"partner_id": self.yonas.id, "body": "Hello"}).action_send()
        self.assertIn("landline", str(raised.exception))
        self.assertFalse(self.standin.requests)
        self.assertFalse(self.env["svk.message"].search([("direction", "=", "out")]))
