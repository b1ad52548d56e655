from odoo.tests import new_test_user, tagged

from .common import SvkMessagingCase

HOSTILE = (
    '<b>Urgent</b> <a href="https://evil.example/pay">payez ici</a><img src=x onerror=alert(1)>'
)


@tagged("post_install", "-at_install")
class TestConversationTrust(SvkMessagingCase):
    """A tenant's conversation is read by the agency's staff only, and what a tenant
    writes is shown as text wherever it lands."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an employee of the database who is not agency staff, with the contact rights Odoo
        # gives every new employee
        cls.employee = new_test_user(
            cls.env,
            login="svk_msg_employee",
            groups="base.group_user,base.group_partner_manager",
        )

    def test_the_conversation_is_agency_staff_only(self):
        self._inbound_whatsapp(self.amina, "Mon fils est à l'hôpital, je paierai le 15")
        self.env["svk.message"]._send_to_partner(
            self.amina, self.company, body="Bien reçu, bon courage", channels=["sms"]
        )
        conversation = self._messages(self.amina).mail_message_id
        self.assertEqual(len(conversation), 2)
        # the employee may open the contact, and writes a note on it
        self.authenticate(self.employee.login, self.employee.login)
        self._call("res.partner", "read", [self.amina.ids, ["name"]])
        note = self._call("res.partner", "message_post", [self.amina.ids], body="Adresse vérifiée")
        self.env.invalidate_all()
        # the chatter route shows them their note, not the conversation
        result = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "res.partner", "thread_id": self.amina.id}
        )
        self.assertIn(note, result["messages"])
        self.assertFalse(set(result["messages"]) & set(conversation.ids))
        # nor does a search, a read or a count
        found = self._call(
            "mail.message",
            "search_read",
            [[("model", "=", "res.partner"), ("res_id", "=", self.amina.id)], ["body"]],
        )
        self.assertEqual([m["id"] for m in found], [note])
        with self._refused():
            self._call("mail.message", "read", [conversation.ids, ["body"]])
        self.assertEqual(
            self._call("mail.message", "search_count", [[("body", "ilike", "hôpital")]]),
            0,
        )
        # the agency's staff read the whole conversation in the same chatter
        self.authenticate(self.svk_user_msg.login, self.svk_user_msg.login)
        result = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "res.partner", "thread_id": self.amina.id}
        )
        self.assertLessEqual(set(conversation.ids), set(result["messages"]))

    def test_the_activity_quoting_a_tenant_is_agency_staff_only(self):
        # no running lease: the "Answer the tenant" activity lands on the contact
        sara = self.env["res.partner"].create({"name": "Sara", "mobile": "0479 00 01 11"})
        self._inbound_whatsapp(sara, "Mon fils est à l'hôpital")
        reply = self.env.ref("svk_messaging.mail_activity_type_svk_reply")
        activity = sara.activity_ids.filtered(lambda a: a.activity_type_id == reply)
        self.assertIn("hôpital", activity.note)
        self.authenticate(self.employee.login, self.employee.login)
        self.assertFalse(
            self._call(
                "mail.activity",
                "search_read",
                [[("res_model", "=", "res.partner"), ("res_id", "=", sara.id)], ["note"]],
            )
        )
        with self._refused():
            self._call("mail.activity", "read", [activity.ids, ["note"]])
        # once answered, the message saying so quotes her too
        done = activity.action_feedback(feedback="Rappelée")
        self.env.flush_all()
        result = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "res.partner", "thread_id": sara.id}
        )
        self.assertNotIn(done, result["messages"])
        self.authenticate(self.svk_user_msg.login, self.svk_user_msg.login)
        result = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "res.partner", "thread_id": sara.id}
        )
        self.assertIn(done, result["messages"])

    def test_what_a_tenant_writes_is_shown_as_text(self):
        status, __ = self._inbound_sms(self.yonas, HOSTILE)
        self.assertEqual(status, 200)
        received = self._messages(self.yonas, direction="in")
        self.assertEqual(received.body, HOSTILE)  # kept as they wrote it
        reply = self.env.ref("svk_messaging.mail_activity_type_svk_reply")
        activity = self.lease_yonas.activity_ids.filtered(lambda a: a.activity_type_id == reply)
        # in the chatter and in the activity note: text, not markup
        for html in (received.mail_message_id.body, activity.note):
            with self.subTest(html=html):
                self.assertIn("&lt;b&gt;Urgent&lt;/b&gt;", html)
                self.assertIn("&lt;a href=", html)
                self.assertNotIn("<b>", html)
                self.assertNotIn(">payez ici</a>", html)
                self.assertNotIn("<img", html)
        # on a person without a running lease, the activity lands on the contact: text too
        stranger = self.env["res.partner"].create({"name": "Sara", "mobile": "0479 00 01 11"})
        self._inbound_whatsapp(stranger, HOSTILE)
        activity = stranger.activity_ids.filtered(lambda a: a.activity_type_id == reply)
        self.assertIn("&lt;a href=", activity.note)
        self.assertNotIn(">payez ici</a>", activity.note)
