from odoo.tests import tagged

from .common import SvkMessagingCase


@tagged("post_install", "-at_install")
class TestWebhooks(SvkMessagingCase):
    """The providers' callbacks, sent by the stand-in over real HTTP with real signatures."""

    def test_inbound_sms_lands_once_in_the_tenant_chatter(self):
        sid = "SM" + "1" * 32
        status, __ = self._inbound_sms(self.amina, "Bonjour, le chauffage ne marche pas", sid=sid)
        self.assertEqual(status, 200)
        received = self._messages(self.amina, direction="in")
        self.assertEqual(len(received), 1)
        self.assertEqual(received.state, "received")
        self.assertEqual(received.channel, "sms")
        posted = received.mail_message_id
        self.assertEqual((posted.model, posted.res_id), ("res.partner", self.amina.id))
        self.assertEqual(posted.author_id, self.amina)
        self.assertIn("chauffage", posted.body)
        # Twilio retries the same message: nothing lands twice
        status, __ = self._inbound_sms(self.amina, "Bonjour, le chauffage ne marche pas", sid=sid)
        self.assertEqual(status, 200)
        self.assertEqual(len(self._messages(self.amina, direction="in")), 1)
        chatter = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.amina.id),
                ("body", "ilike", "chauffage"),
            ]
        )
        self.assertEqual(len(chatter), 1)
        # the lease's responsible has one activity, however many messages come in
        reply = self.env.ref("svk_messaging.mail_activity_type_svk_reply")
        activities = self.lease_amina.activity_ids.filtered(lambda a: a.activity_type_id == reply)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.lease_amina.user_id)
        self._inbound_whatsapp(self.amina, "Vous avez reçu ma photo ?")
        activities = self.lease_amina.activity_ids.filtered(lambda a: a.activity_type_id == reply)
        self.assertEqual(len(activities), 1)
        # one conversation across channels, shown from the lease without copies
        self.assertEqual(self.lease_amina.svk_message_count, 2)
        action = self.lease_amina.action_svk_conversation()
        self.assertEqual(
            self.env["svk.message"].search(action["domain"]).mapped("channel"), ["whatsapp", "sms"]
        )
        self.assertEqual(
            self.lease_amina.message_ids.filtered(lambda m: "chauffage" in (m.body or "")),
            self.env["mail.message"],
        )

    def test_forged_and_unsigned_requests_get_403_and_change_nothing(self):
        before = self.env["svk.message"].search_count([])
        for sign in ("forged", "none"):
            with self.subTest(sign=sign):
                with self.assertLogs("odoo.addons.svk_messaging.controllers.main", "WARNING"):
                    status, __ = self._inbound_sms(self.amina, "STOP", sign=sign)
                self.assertEqual(status, 403)
                with self.assertLogs("odoo.addons.svk_messaging.controllers.main", "WARNING"):
                    status, __ = self._inbound_whatsapp(self.jan, "STOP", sign=sign)
                self.assertEqual(status, 403)
        self.env.invalidate_all()
        self.assertEqual(self.env["svk.message"].search_count([]), before)
        consents = self.env["svk.messaging.consent"].search(
            [("partner_id", "in", (self.amina | self.jan).ids)]
        )
        self.assertEqual(set(consents.mapped("state")), {"opt_in"})
        # a signature made for another address does not pass either
        params = {
            "AccountSid": self.standin.twilio_sid,
            "From": self.amina.phone_sanitized,
            "Body": "STOP",
            "MessageSid": "SM" + "2" * 32,
        }
        signature = self.standin.sign_twilio(self.twilio.status_url, params)
        with self.assertLogs("odoo.addons.svk_messaging.controllers.main", "WARNING"):
            response = self.url_open(
                self.twilio.inbound_url, data=params, headers={"X-Twilio-Signature": signature}
            )
        self.assertEqual(response.status_code, 403)
        # a forged status report does not touch a real message
        sent = self.env["svk.message"]._send_to_partner(
            self.jan, self.company, body="Test", channels=["sms"]
        )
        self.assertEqual(sent.state, "sent")
        with self.assertLogs("odoo.addons.svk_messaging.controllers.main", "WARNING"):
            status, __ = self._wa_status(sent, "failed", sign="forged")
        self.assertEqual(status, 403)
        self.assertEqual(sent.state, "sent")
        # an unknown provider is not found
        response = self.url_open("/svk_messaging/twilio/999999/inbound", data=params)
        self.assertEqual(response.status_code, 404)

    def test_whatsapp_subscription_check(self):
        url = self.whatsapp.inbound_url
        response = self.url_open(
            f"{url}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42xyz"
        )
        self.assertEqual((response.status_code, response.text), (200, "42xyz"))
        with self.assertLogs("odoo.addons.svk_messaging.controllers.main", "WARNING"):
            response = self.url_open(
                f"{url}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1"
            )
        self.assertEqual(response.status_code, 403)

    def test_unknown_number_waits_in_triage(self):
        status, __ = self._inbound_whatsapp(
            "+32479000111", "Bonjour, je suis la soeur d'Amina", name="Sara"
        )
        self.assertEqual(status, 200)
        waiting = self.env["svk.message"].search([("number", "=", "+32479000111")])
        self.assertTrue(waiting.needs_triage)
        self.assertFalse(waiting.partner_id)
        self.assertFalse(waiting.mail_message_id)
        self.assertEqual(waiting.sender_name, "Sara")
        sara = self.env["res.partner"].create({"name": "Sara Benali"})
        wizard = (
            self.env["svk.message.triage"]
            .with_user(self.svk_user_msg)
            .create({"message_ids": [(6, 0, waiting.ids)], "partner_id": sara.id})
        )
        wizard.action_attach()
        self.assertFalse(waiting.needs_triage)
        self.assertEqual(waiting.partner_id, sara)
        self.assertEqual(waiting.mail_message_id.res_id, sara.id)
        self.assertEqual(sara.mobile, "+32479000111")
        # her next message lands in her record directly
        self._inbound_whatsapp("+32479000111", "Merci !")
        self.assertEqual(len(self._messages(sara, direction="in")), 2)

    def test_status_reports_move_forward_only(self):
        sent = self.env["svk.message"]._send_to_partner(
            self.jan, self.company, body="Test", channels=["sms"]
        )
        self.assertEqual(sent.state, "sent")
        results = self._callbacks()
        self.assertEqual([status for __, status in results], [204, 204])
        self.assertEqual(sent.state, "delivered")
        notification = sent.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "sent")
        # a late "sent" (reports can cross) does not move it back; a retry changes nothing
        params = {
            "AccountSid": self.standin.twilio_sid,
            "MessageSid": sent.provider_ref,
            "MessageStatus": "sent",
            "To": sent.number,
        }
        for __ in range(2):
            response = self.url_open(
                self.twilio.status_url,
                data=params,
                headers={
                    "X-Twilio-Signature": self.standin.sign_twilio(self.twilio.status_url, params)
                },
            )
            self.assertEqual(response.status_code, 204)
        self.assertEqual(sent.state, "delivered")
        # WhatsApp: read
        self._inbound_whatsapp(self.jan, "Dag")
        self.standin.wa_auto_read = True
        try:
            reply = self.env["svk.message"]._send_to_partner(
                self.jan, self.company, body="Dag Jan", channels=["whatsapp"]
            )
            self._callbacks()
        finally:
            self.standin.wa_auto_read = False
        self.assertEqual(reply.channel, "whatsapp")
        self.assertEqual(reply.state, "read")
        self.assertTrue(reply.date_delivered and reply.date_read)
