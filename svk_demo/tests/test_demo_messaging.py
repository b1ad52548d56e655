import random

from odoo.fields import Command
from odoo.tests import TransactionCase

from ..demo.messaging import generate_messaging


class TestDemoAgency(TransactionCase):
    """The demo agency has what a messaging screen needs: preferences and consents."""

    def test_demo_tenants_have_preferences_and_consents(self):
        generator = self.env["svk.demo.generator"]
        stats = generator._generate(size=120, seed=3)
        consents = self.env["svk.messaging.consent"].search([])
        self.assertEqual(stats["consents"], len(consents))
        # through the sandbox providers: conversations, a mass message with its statuses,
        # unknown numbers to triage; nothing through a real provider
        providers = self.env["svk.messaging.provider"].search(
            [("company_id", "=", self.env.company.id)]
        )
        self.assertEqual(sorted(providers.mapped("channel")), ["sms", "whatsapp"])
        self.assertEqual(set(providers.mapped("provider_type")), {"sandbox"})
        Message = self.env["svk.message"]
        messages = Message.search([("company_id", "=", self.env.company.id)])
        self.assertGreaterEqual(len(messages), stats["sandbox_messages"])
        self.assertGreater(stats["sandbox_messages"], 0)
        self.assertTrue(all(messages.filtered("provider_id").mapped("sandbox")))
        self.assertEqual(len(messages.filtered("needs_triage")), 3)
        replies = messages.filtered(lambda m: m.direction == "in" and m.partner_id)
        self.assertTrue(replies)
        self.assertTrue(all(replies.mapped("mail_message_id")))
        [water] = self.env["svk.message.mass"].search([("name", "=", "Water cut on Tuesday")])
        self.assertEqual((water.state, water.todo_count), ("done", 0))
        # what went through the sandbox is reported; e-mails stay "sent"
        reported = water.recipient_ids.message_id.filtered("provider_id")
        self.assertTrue(reported)
        self.assertEqual(set(reported.mapped("state")) - {"delivered", "read"}, set())
        self.assertGreater(water.delivered_count + water.read_count, 0)
        self.assertEqual(set(consents.mapped("state")), {"opt_in", "opt_out"})
        tenants = self.env["svk.lease"].search([("state", "=", "active")]).tenant_id
        self.assertEqual(set(tenants.mapped("svk_message_channel")), {"whatsapp", "sms", "email"})
        # a second demo in the same database keeps the consents it finds
        before = {(c.number, c.channel): c.state for c in consents}
        generate_messaging(generator, random.Random(1))
        after = {(c.number, c.channel): c.state for c in consents.search([])}
        self.assertEqual({key: after[key] for key in before}, before)
        # a mass message to the biggest building (not the newest lease's unit: that may be
        # a house, outside any building) reaches each tenant living there once, with the
        # channel they would get or why they are excluded
        running = [("state", "in", ("active", "notice")), ("building_id", "!=", False)]
        Lease = self.env["svk.lease"]
        [(building, _count)] = Lease._read_group(
            running, ["building_id"], ["__count"], order="__count desc", limit=1
        )
        mass = self.env["svk.message.mass"].create(
            {
                "name": "Demo",
                "target": "building",
                "building_ids": [Command.set(building.ids)],
                "body": "Test",
            }
        )
        mass.action_preview()
        residents = Lease.search([*running, ("building_id", "=", building.id)]).tenant_id
        self.assertGreater(len(residents), 1)
        self.assertEqual(mass.recipient_ids.partner_id, residents)
        self.assertEqual(len(mass.recipient_ids), len(residents))
        # e-mail is every tenant's last channel: only a tenant without an address is left out
        for recipient in mass.recipient_ids:
            if recipient.state == "to_send":
                self.assertTrue(recipient.channel)
                self.assertFalse(recipient.exclusion_reason)
            else:
                self.assertEqual(recipient.state, "excluded")
                self.assertIn("No e-mail address.", recipient.exclusion_reason)
                self.assertFalse(recipient.partner_id.email)
        self.assertIn("excluded", mass.recipient_ids.mapped("state"))
        opted_out = consents.search([("state", "=", "opt_out")]).partner_id
        for recipient in mass.recipient_ids.filtered(lambda r: r.partner_id in opted_out):
            self.assertNotIn(recipient.channel, ("sms", "whatsapp"))
