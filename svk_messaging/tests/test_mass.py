from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import SvkMessagingCase


@tagged("post_install", "-at_install")
class TestMassMessage(SvkMessagingCase):
    """All the tenants of a site: who gets it and why not, the cost, the provider's pace."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site = cls.env["svk.building"].create(
            {
                "name": "Cité Modèle",
                "street": "Allée du Rubis 1",
                "zip": "1020",
                "city": "Bruxelles",
            }
        )
        cls.site_units = cls.env["svk.unit"].create(
            [{"name": f"A.{i}", "building_id": cls.site.id} for i in range(12)]
        )
        contract = cls._contract(units=cls.site_units)
        contract.with_user(cls.svk_manager).action_activate()
        cls.site_units.write({"state": "available"})
        Partner = cls.env["res.partner"]
        cls.site_tenants = Partner.create(
            [
                {"name": f"Tenant {i}", "mobile": f"0476 10 20 {i:02d}", "lang": "fr_BE"}
                for i in range(8)
            ]
            + [
                {"name": "No consent", "mobile": "0476 10 30 01", "lang": "fr_BE"},
                {"name": "Bad number", "mobile": "0476 10", "lang": "nl_BE"},
                {"name": "Opted out", "mobile": "0476 10 30 03", "lang": "nl_BE"},
                {"name": "Paper only", "lang": "fr_BE", "email": "paper@example.be"},
            ]
        )
        for unit, tenant in zip(cls.site_units, cls.site_tenants, strict=True):
            cls.env["svk.lease"].create(
                {
                    "unit_id": unit.id,
                    "tenant_id": tenant.id,
                    "date_start": "2026-01-01",
                    "rent": 500.0,
                }
            ).action_activate()
        Consent = cls.env["svk.messaging.consent"]
        for tenant in cls.site_tenants[:8]:
            Consent._set(
                cls.company, tenant.phone_sanitized, ["sms", "whatsapp"], "opt_in", "form", tenant
            )
        Consent._set(cls.company, "+32476103003", ["sms", "whatsapp"], "opt_out", "keyword")

    def _mass(self, **vals):
        return (
            self.env["svk.message.mass"]
            .with_user(self.svk_user_msg)
            .create(
                {
                    "name": "Coupure d'eau",
                    "target": "building",
                    "building_ids": [Command.set(self.site.ids)],
                    "template_id": self.env.ref("svk_messaging.sms_template_svk_works_notice").id,
                    "event_date": "2026-12-07 08:00:00",
                    **vals,
                }
            )
        )

    def test_preview_shows_who_and_why_not_and_the_cost(self):
        mass = self._mass()
        mass.action_preview()
        self.assertEqual(mass.recipient_count, 9)
        self.assertEqual(mass.excluded_count, 3)
        reasons = {
            r.partner_id.name: r.exclusion_reason
            for r in mass.recipient_ids
            if r.state == "excluded"
        }
        self.assertIn("No consent", reasons["No consent"])
        self.assertIn("not a valid phone number", reasons["Bad number"])
        self.assertIn("opted out", reasons["Opted out"])
        planned = {r.partner_id.name: r.channel for r in mass.recipient_ids if r.state == "to_send"}
        self.assertEqual(planned["Paper only"], "email")
        # the works notice is an approved WhatsApp template? not at this stand-in's account:
        # the preview plans WhatsApp (template known), the refusal falls back at sending
        self.assertEqual(planned["Tenant 0"], "whatsapp")
        self.assertAlmostEqual(mass.cost_estimate, 8 * 0.05, places=4)
        self.assertFalse(self.standin.requests)  # a preview writes to nobody

    def test_sending_at_the_provider_pace_with_statuses(self):
        self.standin.wa_templates.add(("svk_works_notice", "fr"))
        self.twilio.rate_limit = self.whatsapp.rate_limit = 5
        self.standin.rate_limit = 5  # the stand-in refuses more than 5 a second
        mass = self._mass().with_context(queue_job__no_delay=True)
        mass.action_preview()
        mass.action_send()
        self.assertEqual(mass.state, "done")
        self.assertEqual(len(self.standin.whatsapp_messages), 8)
        self.assertFalse([r for r in self.standin.requests if r["status"] == 429])
        self.assertLessEqual(self.standin.max_rate_seen("whatsapp"), 5)
        self._callbacks()
        self.assertEqual(mass.delivered_count, 8)
        self.assertEqual(mass.sent_count, 1)  # the e-mail
        self.assertEqual(mass.failed_count, 0)
        self.assertIn("8 delivered", mass.summary)
        # every tenant's message is in their own chatter, in French
        tenant = self.site_tenants[0]
        self.assertTrue(
            tenant.message_ids.filtered(
                lambda m: "Cité Modèle" in (m.body or "") or "Allée du Rubis" in (m.body or "")
            )
        )
        # sending twice is refused
        with self.assertRaises(UserError):
            mass.action_send()

    def test_provider_busy_retries_with_backoff(self):
        self.standin.wa_templates.add(("svk_works_notice", "fr"))
        self.standin.fail_next(2, status=429)
        mass = self._mass(
            target="leases", lease_ids=[Command.set(self.site_tenants[:2].svk_lease_ids.ids)]
        )
        mass = mass.with_context(queue_job__no_delay=True)
        mass.action_preview()
        mass.action_send()
        statuses = [r["status"] for r in self.standin.requests]
        self.assertEqual(statuses, [429, 429, 200, 200])
        self.assertEqual(mass.sent_count, 2)

    def test_whatsapp_refusal_falls_back_and_failed_ones_can_be_retried(self):
        # no approved works template: every WhatsApp try is refused, SMS takes over
        self.standin.sms_invalid.add(self.site_tenants[1].phone_sanitized)
        mass = self._mass().with_context(queue_job__no_delay=True)
        mass.action_preview()
        mass.action_send()
        self.assertEqual(len(self.standin.twilio_messages), 7)
        failed = mass.recipient_ids.filtered(lambda r: r.status == "failed")
        self.assertEqual(failed.partner_id, self.site_tenants[1])
        self.assertEqual(failed.message_id.channel, "none")
        self.assertEqual(self._messages(self.site_tenants[1], channel="sms").error_code, "21211")
        self.standin.sms_invalid.clear()
        mass.action_retry_failed()
        self.assertEqual(len(self.standin.twilio_messages), 8)
        self.assertEqual(mass.failed_count, 0)

    @freeze_time("2026-12-01")
    def test_leases_ending_soon(self):
        self.site_tenants[0].svk_lease_ids.date_end = "2027-01-15"
        self.site_tenants[1].svk_lease_ids.date_end = "2027-06-30"
        mass = self._mass(target="ending", ending_days=90)
        mass.action_preview()
        self.assertEqual(mass.recipient_ids.partner_id, self.site_tenants[0])
