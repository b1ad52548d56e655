"""svk_messaging and svk_partners together (neither depends on the other): a mass message
to a referral organisation reaches the households it refers, and a referrer is informed
through the messaging channels."""

from odoo.addons.svk_housing.tests.common import SvkHousingCase


class TestPartnersWithMessaging(SvkHousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._contract().with_user(cls.svk_manager).action_activate()
        cls.units.write({"state": "available"})
        Partner = cls.env["res.partner"]
        cls.org = Partner.create(
            {
                "name": "Housing First Bruxelles",
                "is_company": True,
                "svk_referral_org": True,
                "svk_org_type": "homeless",
            }
        )
        cls.worker = Partner.create(
            {"name": "Lotte Peeters", "parent_id": cls.org.id, "email": "lotte@hf.example"}
        )
        cls.referred = Partner.create({"name": "Karim Haddad", "email": "karim@example.be"})
        cls.other = Partner.create({"name": "Julie Leclercq", "email": "julie@example.be"})
        for unit, tenant in zip(cls.units, (cls.referred, cls.other), strict=False):
            cls.env["svk.lease"].create(
                {
                    "unit_id": unit.id,
                    "tenant_id": tenant.id,
                    "date_start": "2026-01-01",
                    "rent": 550.0,
                }
            ).action_activate()
        cls.referral = cls.env["svk.referral"].create(
            {
                "organisation_id": cls.org.id,
                "social_worker_id": cls.worker.id,
                "partner_id": cls.referred.id,
            }
        )

    def test_mass_message_to_an_organisation_reaches_its_referred_households(self):
        mass = self.env["svk.message.mass"].create(
            {
                "name": "Housing First",
                "target": "organisation",
                "organisation_id": self.org.id,
                "body": "Hello",
            }
        )
        mass.action_preview()
        self.assertEqual(mass.recipient_ids.partner_id, self.referred)
        # once the support ended, the organisation's message no longer reaches them
        self.referral.status = "ended"
        mass.action_preview()
        self.assertFalse(mass.recipient_ids)

    def test_referrer_informed_through_the_messaging_channels(self):
        sent = self.referral._svk_inform_referrer("Rent overdue since 1 November.")
        self.assertEqual((sent.channel, sent.state), ("email", "sent"))
        self.assertEqual(sent.partner_id, self.worker)
        self.assertIn("informed by E-mail", self.referral.message_ids[0].body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", sent.mail_message_id.id)])
        self.assertEqual(mail.recipient_ids, self.worker)
        self.assertEqual(
            self.env["svk.messaging.consent"].search_count([("partner_id", "=", self.worker.id)]),
            0,
            "an e-mail needs no SMS/WhatsApp consent",
        )
