from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import SvkMessagingCase


@tagged("post_install", "-at_install")
class TestSecurity(SvkMessagingCase):
    """What an SVK User may do with messages, and what they may not."""

    def test_svk_user_writes_to_tenants(self):
        user_env = self.env(user=self.svk_user_msg)
        self._inbound_whatsapp(self.amina, "Bonjour")
        composer = user_env["svk.message.composer"].create(
            {
                "partner_id": self.amina.id,
                "lease_id": self.lease_amina.id,
                "body": "Bonjour Amina, le plombier passe jeudi.",
            }
        )
        self.assertIn("WhatsApp", composer.plan)
        composer.action_send()
        sent = self._messages(self.amina, direction="out")
        self.assertEqual((sent.channel, sent.state), ("whatsapp", "sent"))
        self.assertEqual(sent.mail_message_id.author_id, self.svk_user_msg.partner_id)
        # records a consent given on paper, prepares and sends a mass message
        user_env["svk.messaging.consent"].create(
            {
                "partner_id": self.amina.id,
                "number": "0478 99 88 77",
                "channel": "sms",
                "source": "form",
            }
        )
        mass = user_env["svk.message.mass"].create(
            {
                "name": "Test",
                "target": "building",
                "building_ids": [Command.set(self.building.ids)],
                "body": "Hello",
            }
        )
        mass.with_context(queue_job__no_delay=True).action_send()
        self.assertEqual(mass.state, "done")

    def test_svk_user_cannot_configure_nor_erase(self):
        user_env = self.env(user=self.svk_user_msg)
        provider = user_env["svk.messaging.provider"].browse(self.twilio.id)
        self.assertEqual(provider.name, "Twilio")  # may see which providers exist
        with self.assertRaises(AccessError):
            provider.twilio_auth_token  # noqa: B018 pylint: disable=pointless-statement
        with self.assertRaises(AccessError):
            provider.write({"rate_limit": 100})
        with self.assertRaises(AccessError):
            user_env["svk.messaging.consent"].search([], limit=1).unlink()
        message = self.env["svk.message"]._send_to_partner(
            self.jan, self.company, body="Dag", channels=["sms"]
        )
        with self.assertRaises(AccessError):
            message.with_user(self.svk_user_msg).write({"state": "delivered"})
        with self.assertRaises(AccessError):
            message.with_user(self.svk_user_msg).unlink()
        with self.assertRaises(AccessError):
            self.company.with_user(self.svk_user_msg).write({"svk_reminder_enabled": True})
        # an SVK manager may clean up a message
        message.with_user(self.svk_manager).unlink()

    def test_other_agency_messages_are_invisible(self):
        other = self.env["res.company"].create({"name": "AIS Voisine"})
        foreign = self.env["svk.message"].create(
            {
                "company_id": other.id,
                "channel": "sms",
                "direction": "in",
                "number": "+32470999999",
                "body": "x",
                "state": "received",
            }
        )
        self.assertFalse(
            self.env["svk.message"].with_user(self.svk_user_msg).search([("id", "=", foreign.id)])
        )
        self.assertFalse(
            self.env["svk.messaging.provider"]
            .with_user(self.svk_user_msg)
            .search([("company_id", "=", other.id)])
        )

    def test_someone_without_messaging_rights_cannot_read_messages(self):
        outsider = self.env["res.users"].create(
            {
                "name": "Intern",
                "login": "intern_msg",
                "groups_id": [Command.set([self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.env["svk.message"].with_user(outsider).search([])
        with self.assertRaises(AccessError):
            self.env["svk.message.mass"].with_user(outsider).create({"name": "x", "body": "x"})
