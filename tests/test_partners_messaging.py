"""svk_messaging and svk_partners together (neither depends on the other): a mass message
to a referral organisation reaches the households it refers, and a referrer is informed
through the messaging channels."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user

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

    def test_mass_message_to_a_justice_service_ties_no_household_to_it_for_staff(self):
        """That a household is referred by a justice assistance service is justice data
        (issue 15, point 1): staff who may not see such referrals reach, count and learn
        nothing through a mass message to the service; a social worker reaches them."""
        justice = self.env["res.partner"].create(
            {
                "name": "Service d'aide aux justiciables",
                "is_company": True,
                "svk_referral_org": True,
                "svk_org_type": "justice",
            }
        )
        household = self.env["res.partner"].create(
            {"name": "Thomas Dubois", "email": "thomas@example.be"}
        )
        self.env["svk.lease"].create(
            {
                "unit_id": self.units[2].id,
                "tenant_id": household.id,
                "date_start": "2026-01-01",
                "rent": 520.0,
            }
        ).action_activate()
        self.env["svk.referral"].create({"organisation_id": justice.id, "partner_id": household.id})
        social = new_test_user(
            self.env, login="svk_social", groups="svk_housing.group_svk_social", name="Sofia"
        )
        Mass = self.env["svk.message.mass"]
        vals = {"name": "Justice", "target": "organisation", "body": "Hello"}

        StaffMass = Mass.with_user(self.svk_user)
        self.assertFalse(StaffMass._leases_of_organisation(justice.with_user(self.svk_user)))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            StaffMass.create(dict(vals, organisation_id=justice.id))
        # staff still reach the households other organisations refer
        other = Mass.with_user(self.svk_user).create(dict(vals, organisation_id=self.org.id))
        other.action_preview()
        self.assertEqual(other.recipient_ids.partner_id, self.referred)

        social_mass = Mass.with_user(social).create(dict(vals, organisation_id=justice.id))
        leases = social_mass._leases_of_organisation(social_mass.organisation_id)
        self.assertEqual(leases.tenant_id, household)
        social_mass.action_preview()
        self.assertEqual(social_mass.recipient_ids.partner_id, household)
        self.assertEqual(social_mass.recipient_count, 1)

        # the saved message and its recipients tie the household to the service: staff who
        # are not social workers find, count, group and read none of them, by any route
        domain = [("id", "=", social_mass.id)]
        self.assertFalse(StaffMass.search(domain))
        self.assertEqual(StaffMass.search_count([("name", "=", "Justice")]), 1, "the other one")
        self.assertEqual(Mass.with_user(social).search_count([("name", "=", "Justice")]), 2)
        self.assertFalse(StaffMass._read_group(domain, ["organisation_id"], ["__count"]))
        self.assertNotIn(social_mass.id, [i for i, _name in StaffMass.name_search("Justice")])
        with self.assertRaises(AccessError):
            social_mass.with_user(self.svk_user).read(["organisation_id"])
        Recipient = self.env["svk.message.mass.recipient"].with_user(self.svk_user)
        self.assertFalse(Recipient.search([("mass_id", "=", social_mass.id)]))
        self.assertFalse(Recipient.search([("partner_id", "=", household.id)]))
        with self.assertRaises(AccessError):
            social_mass.recipient_ids.with_user(self.svk_user).read(["partner_id"])
        # nor turn another message into one
        with self.assertRaises(ValidationError), self.cr.savepoint():
            other.write({"organisation_id": justice.id})
        self.assertEqual(Mass.with_user(social).search_count(domain), 1)

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
