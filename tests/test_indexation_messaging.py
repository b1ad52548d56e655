"""svk_indexation and svk_messaging together (neither depends on the other): an approved
indexation also reaches the tenant through the messaging channels, in their language."""

from freezegun import freeze_time

from odoo.addons.svk_indexation.tests.common import SvkIndexationCase


class TestIndexationWithMessaging(SvkIndexationCase):
    def test_approved_indexation_is_messaged_in_the_tenants_language(self):
        tenant = self.env["res.partner"].create(
            {"name": "Jan Peeters", "lang": "nl_BE", "email": "jan@example.be"}
        )
        self.env["ir.module.module"]._load_module_terms(["svk_messaging"], ["nl_BE"])
        lease = self._old_lease(
            self.flats[0], "B", "2022-01-01", "2021-12-10", 500.0, tenant_id=tenant.id
        )
        batch = self._batch("2023-01-01")
        with freeze_time("2023-01-05"):
            batch.with_user(self.svk_manager).with_context(
                queue_job__no_delay=True
            ).action_approve()
        attempts = self.env["svk.message"].search([("partner_id", "=", tenant.id)])
        # no phone: WhatsApp and SMS refuse, the e-mail takes it
        self.assertEqual(
            sorted(attempts.mapped(lambda m: (m.channel, m.state))),
            [("email", "sent"), ("sms", "failed"), ("whatsapp", "failed")],
        )
        message = attempts.filtered(lambda m: m.state == "sent")
        self.assertEqual(message.lease_id, lease)
        self.assertIn("555,08", message.body)
        self.assertIn("geïndexeerd", message.body)
