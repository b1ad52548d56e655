from odoo.tests import TransactionCase

from ..demo.organisations import DEMO_PASSWORD, organisation_login


class TestDemoPartnersPortal(TransactionCase):
    def test_one_portal_user_per_referral_organisation(self):
        stats = self.env["svk.demo.generator"]._generate(size=40, seed=5)
        organisations = self.env["res.partner"].search(
            [("svk_referral_org", "=", True), ("company_id", "=", self.env.company.id)]
        )
        self.assertEqual(stats["organisation_users"], len(organisations))
        referrals = self.env["svk.referral"]
        for org in organisations:
            users = org.child_ids.user_ids
            self.assertEqual(len(users), 1, org.name)
            self.assertTrue(users._is_portal())
            self.assertTrue(users.login.endswith("@demo.svk"))
            self.assertEqual(referrals._svk_portal_organisation(users), org)
        user = organisations[:1].child_ids.user_ids
        # the demo password logs them in (raises AccessDenied otherwise)
        user.with_user(user)._check_credentials(
            {"login": user.login, "password": DEMO_PASSWORD, "type": "password"},
            {"interactive": False},
        )
        # some households agreed to share something, some did not
        demo_referrals = referrals.search([("organisation_id", "in", organisations.ids)])
        self.assertTrue(demo_referrals.filtered("consent_arrears"))
        self.assertTrue(demo_referrals.filtered(lambda r: not r.consent_arrears))

    def test_logins(self):
        taken = set()
        for name, login in (
            ("Housing First Brussels", "housing-first-brussels@demo.svk"),
            ("CPAS de Forest – Service logement", "cpas-de-forest@demo.svk"),
            ("CPAS de Forest – Service logement (2)", "cpas-de-forest-2@demo.svk"),
            ("Maison des Mineurs Non Accompagnés", "maison-des-mineurs-non-accompagnes@demo.svk"),
        ):
            self.assertEqual(organisation_login(name, taken), login)
            taken.add(login)
