from odoo.tests import tagged

from .common import SvkMessagingCase


@tagged("post_install", "-at_install")
class TestConsent(SvkMessagingCase):
    """STOP on any channel, per agency; confirmed once; nothing goes out afterwards."""

    def _consents(self, partner):
        return {
            c.channel: c.state
            for c in self.env["svk.messaging.consent"].search(
                [("number", "=", partner.phone_sanitized), ("company_id", "=", self.company.id)]
            )
        }

    def test_stop_by_sms_opts_out_of_both_channels_confirmed_once(self):
        status, __ = self._inbound_sms(self.amina, " Stop ")
        self.assertEqual(status, 200)
        self.assertEqual(self._consents(self.amina), {"sms": "opt_out", "whatsapp": "opt_out"})
        # confirmed once, on the channel the STOP came in, in her language
        self.assertEqual(len(self.standin.twilio_messages), 1)
        confirmation = self.standin.twilio_messages[0]
        self.assertEqual(confirmation["to"], "+32470123456")
        self.assertIn("START", confirmation["body"])
        self.assertNotIn("You will", confirmation["body"])  # French, not English
        consent = self.env["svk.messaging.consent"].search(
            [("number", "=", self.amina.phone_sanitized), ("channel", "=", "sms")]
        )
        self.assertEqual(consent.source, "keyword")
        self.assertTrue(consent.opt_out_confirmed)
        # a second STOP (or the same one retried) is not confirmed again
        self._inbound_whatsapp(self.amina, "ARRÊT")
        self._inbound_sms(self.amina, "STOP")
        self.assertEqual(len(self.standin.twilio_messages), 1)
        self.assertFalse(self.standin.whatsapp_messages)
        # nothing goes out to her on any channel, even inside the WhatsApp window
        self.amina.email = False
        sent = self.env["svk.message"]._send_to_partner(
            self.amina, self.company, body="Bonjour", record=self.lease_amina
        )
        self.assertEqual(sent.state, "failed")
        self.assertIn("opted out", sent.failure_reason)
        self.assertEqual(len(self.standin.requests), 1)

    def test_stoppen_by_whatsapp_and_start_again(self):
        self._inbound_whatsapp(self.jan, "stoppen")
        self.assertEqual(self._consents(self.jan), {"sms": "opt_out", "whatsapp": "opt_out"})
        self.assertEqual(len(self.standin.whatsapp_messages), 1)
        self.assertEqual(self.standin.whatsapp_messages[0]["type"], "text")
        self._inbound_whatsapp(self.jan, "START")
        self.assertEqual(self._consents(self.jan), {"sms": "opt_in", "whatsapp": "opt_in"})
        self.assertEqual(len(self.standin.whatsapp_messages), 2)
        sent = self.env["svk.message"]._send_to_partner(
            self.jan, self.company, body="Dag Jan", record=self.lease_jan
        )
        self.assertEqual((sent.channel, sent.state), ("whatsapp", "sent"))

    def test_a_word_inside_a_sentence_is_not_a_stop(self):
        self._inbound_sms(self.yonas, "Please don't stop the heating")
        self.assertEqual(self._consents(self.yonas), {"sms": "opt_in", "whatsapp": "opt_in"})
        self.assertFalse(self.standin.twilio_messages)

    def test_consent_is_per_agency(self):
        other = self.env["res.company"].create(
            {"name": "AIS Voisine", "country_id": self.env.ref("base.be").id}
        )
        Consent = self.env["svk.messaging.consent"]
        Consent._set(other, self.jan.phone_sanitized, ["sms"], "opt_out", "oral")
        # opted out at the other agency, still agreed here
        self.assertEqual(
            Consent._state_of(self.company, [self.jan.phone_sanitized], "sms"),
            {self.jan.phone_sanitized: "opt_in"},
        )
        self.assertEqual(
            Consent._state_of(other, [self.jan.phone_sanitized], "sms"),
            {self.jan.phone_sanitized: "opt_out"},
        )
        sent = self.env["svk.message"]._send_to_partner(
            self.jan, self.company, body="Dag Jan", channels=["sms"]
        )
        self.assertEqual(sent.state, "sent")
