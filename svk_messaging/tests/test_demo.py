import random

from odoo.fields import Command
from odoo.tests import TransactionCase


class TestDemoAgency(TransactionCase):
    """The demo agency has what a messaging screen needs: preferences and consents."""

    def test_demo_tenants_have_preferences_and_consents(self):
        generator = self.env["svk.demo.generator"]
        stats = generator._generate(size=120, seed=3)
        consents = self.env["svk.messaging.consent"].search([])
        self.assertEqual(stats["consents"], len(consents))
        self.assertEqual(set(consents.mapped("state")), {"opt_in", "opt_out"})
        tenants = self.env["svk.lease"].search([("state", "=", "active")]).tenant_id
        self.assertEqual(set(tenants.mapped("svk_message_channel")), {"whatsapp", "sms", "email"})
        # a second demo in the same database keeps the consents it finds
        before = {(c.number, c.channel): c.state for c in consents}
        generator._generate_messaging(random.Random(1))
        after = {(c.number, c.channel): c.state for c in consents.search([])}
        self.assertEqual({key: after[key] for key in before}, before)
        # a mass message to the biggest building shows its exclusions
        building = tenants[0].svk_lease_ids.building_id
        mass = self.env["svk.message.mass"].create(
            {
                "name": "Demo",
                "target": "building",
                "building_ids": [Command.set(building.ids)],
                "body": "Test",
            }
        )
        mass.action_preview()
        self.assertTrue(mass.recipient_ids)
