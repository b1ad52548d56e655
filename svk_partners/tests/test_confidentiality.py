from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

SOCIAL_FIELDS = ("support_plan", "social_note", "justice_info", "meeting_ids")
PUBLIC_FIELDS = (
    "name",
    "organisation_id",
    "social_worker_id",
    "user_id",
    "partner_id",
    "status",
    "date",
    "support_end_date",
    "consent_arrears",
)


class TestReferralConfidentiality(TransactionCase):
    """Social data of a referral (support, notes, justice, meetings) is for social
    workers only; every SVK user sees that the referral exists; agencies see their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.svk_user = new_test_user(
            cls.env, login="pb_user", groups="svk_housing.group_svk_user", name="Sam User"
        )
        cls.social = new_test_user(
            cls.env, login="pb_social", groups="svk_housing.group_svk_social", name="Sofia Social"
        )
        cls.manager = new_test_user(
            cls.env, login="pb_manager", groups="svk_housing.group_svk_manager", name="Mia Manager"
        )
        cls.org = cls.env["res.partner"].create(
            {
                "name": "Housing First Bruxelles",
                "is_company": True,
                "svk_referral_org": True,
                "svk_org_type": "homeless",
            }
        )
        cls.worker = cls.env["res.partner"].create(
            {"name": "Lotte Peeters", "parent_id": cls.org.id, "email": "lotte@hf.example"}
        )
        cls.household = cls.env["res.partner"].create({"name": "Amadou Diallo"})
        cls.referral = (
            cls.env["svk.referral"]
            .with_user(cls.social)
            .create(
                {
                    "organisation_id": cls.org.id,
                    "social_worker_id": cls.worker.id,
                    "partner_id": cls.household.id,
                    "support_plan": "<p>Weekly budget coaching</p>",
                    "social_note": "<p>Recovering from an addiction</p>",
                    "justice_info": "Released on parole in March",
                    "meeting_ids": [
                        Command.create(
                            {"note": "<p>First visit</p>", "attendee_ids": [cls.worker.id]}
                        )
                    ],
                }
            )
        )
        cls.meeting = cls.referral.sudo().meeting_ids

    def test_every_role_sees_that_the_referral_exists(self):
        for user in (self.svk_user, self.social, self.manager):
            with self.subTest(user=user.login):
                referrals = self.env["svk.referral"].with_user(user).search([])
                self.assertIn(self.referral, referrals)
                values = self.referral.with_user(user).read(list(PUBLIC_FIELDS))[0]
                self.assertEqual(values["name"], "Housing First Bruxelles – Amadou Diallo")
                self.assertEqual(values["organisation_id"][0], self.org.id)
                self.assertEqual(values["status"], "active")
                self.assertEqual(self.org.with_user(user).svk_referral_count, 1)

    def test_user_and_manager_cannot_read_or_write_social_data(self):
        for user in (self.svk_user, self.manager):
            referral = self.referral.with_user(user)
            for field in SOCIAL_FIELDS:
                with self.subTest(user=user.login, field=field):
                    with self.assertRaises(AccessError):
                        referral.read([field])
                    with self.assertRaises(AccessError):
                        referral.write({field: False})
            with self.subTest(user=user.login, model="svk.referral.meeting"):
                Meeting = self.env["svk.referral.meeting"].with_user(user)
                with self.assertRaises(AccessError):
                    Meeting.search([])
                with self.assertRaises(AccessError):
                    self.meeting.with_user(user).read(["note"])
                with self.assertRaises(AccessError):
                    Meeting.create({"referral_id": self.referral.id, "note": "<p>x</p>"})
                # nor can they search on the social data
                with self.assertRaises(AccessError):
                    self.env["svk.referral"].with_user(user).search(
                        [("social_note", "ilike", "addiction")]
                    )
        self.assertEqual(self.referral.sudo().justice_info, "Released on parole in March")

    def test_social_fields_absent_from_the_form_of_non_social_staff(self):
        for user, visible in ((self.svk_user, False), (self.manager, False), (self.social, True)):
            with self.subTest(user=user.login):
                arch = (
                    self.env["svk.referral"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertIn('name="organisation_id"', arch)
                for field in SOCIAL_FIELDS:
                    self.assertEqual(f'name="{field}"' in arch, visible, field)

    def test_social_worker_reads_and_writes_social_data(self):
        referral = self.referral.with_user(self.social)
        self.assertIn("addiction", referral.social_note)
        self.assertEqual(referral.justice_info, "Released on parole in March")
        self.assertEqual(referral.meeting_ids.note, "<p>First visit</p>")
        referral.write(
            {
                "social_note": "<p>Doing well</p>",
                "justice_info": False,
                "meeting_ids": [Command.create({"note": "<p>Second visit</p>"})],
            }
        )
        referral.meeting_ids.filtered(lambda m: "First" in m.note).note = "<p>Visit 1</p>"
        self.assertEqual(referral.social_note, "<p>Doing well</p>")
        self.assertFalse(referral.justice_info)
        self.assertEqual(
            sorted(referral.meeting_ids.mapped("note")), ["<p>Second visit</p>", "<p>Visit 1</p>"]
        )
        self.assertEqual(referral.meeting_ids.company_id, self.company)

    def test_plain_user_reads_only_manager_runs_but_without_social_data(self):
        with self.assertRaises(AccessError):
            self.referral.with_user(self.svk_user).write({"support_end_date": "2027-01-31"})
        with self.assertRaises(AccessError):
            self.env["svk.referral"].with_user(self.svk_user).create(
                {"organisation_id": self.org.id, "partner_id": self.household.id}
            )
        # a manager reads that the referral exists; the social workers run it
        with self.assertRaises(AccessError):
            self.referral.with_user(self.manager).write({"support_end_date": "2027-01-31"})
        self.referral.with_user(self.social).write({"support_end_date": "2027-01-31"})
        self.referral.with_user(self.social).action_end()
        self.assertEqual(self.referral.status, "ended")
        # its conversation (meeting reports, documents) is the social workers' only
        report = self.referral.with_user(self.social).message_post(body="Meeting report: relapse")
        for user in (self.svk_user, self.manager):
            self.assertFalse(
                self.env["mail.message"]
                .with_user(user)
                .search([("model", "=", "svk.referral"), ("res_id", "=", self.referral.id)])
            )
            with self.assertRaises(AccessError):
                report.with_user(user).read(["body"])
        self.assertTrue(
            self.env["mail.message"]
            .with_user(self.social)
            .search([("model", "=", "svk.referral"), ("res_id", "=", self.referral.id)])
        )
        # and it never tracks social data
        self.referral.with_user(self.social).write({"social_note": "<p>Relapse</p>"})
        bodies = " ".join(
            self.referral.sudo()
            .message_ids.filtered(lambda m: "Meeting report" not in m.body)
            .mapped("body")
        )
        tracked = self.referral.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertNotIn("Relapse", bodies)
        self.assertFalse(set(tracked) & set(SOCIAL_FIELDS))

    def test_conventions_read_by_staff_written_by_social_workers(self):
        agreement = (
            self.env["svk.partner.agreement"]
            .with_user(self.social)
            .create(
                {
                    "name": "Housing First 2026",
                    "organisation_id": self.org.id,
                    "contact_id": self.worker.id,
                    "date_start": "2026-01-01",
                    "units_quota": 3,
                }
            )
        )
        agreement.action_start()
        self.assertEqual(agreement.with_user(self.svk_user).state, "running")
        with self.assertRaises(AccessError):
            agreement.with_user(self.svk_user).write({"units_quota": 5})
        with self.assertRaises(AccessError):
            agreement.with_user(self.social).unlink()
        self.assertEqual(self.org.with_user(self.svk_user).svk_agreement_ids, agreement)

    def test_another_agencys_referral_is_invisible(self):
        other_company = self.env["res.company"].create({"name": "AIS Autre Agence"})
        other_social = new_test_user(
            self.env,
            login="pb_other_social",
            groups="svk_housing.group_svk_social",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        other = self.env["svk.referral"].create(
            {
                "company_id": other_company.id,
                "organisation_id": self.org.id,
                "partner_id": self.household.id,
                "social_note": "<p>Other agency's note</p>",
                "meeting_ids": [Command.create({"note": "<p>Other meeting</p>"})],
            }
        )
        for user in (self.svk_user, self.social, self.manager):
            with self.subTest(user=user.login):
                Referral = self.env["svk.referral"].with_user(user)
                self.assertNotIn(other, Referral.search([]))
                with self.assertRaises(AccessError):
                    other.with_user(user).read(["name"])
                self.assertEqual(self.org.with_user(user).svk_referral_count, 1)
        self.assertNotIn(
            other.sudo().meeting_ids,
            self.env["svk.referral.meeting"].with_user(self.social).search([]),
        )
        # ...and the other agency's social worker sees only its own
        self.assertEqual(self.env["svk.referral"].with_user(other_social).search([]), other)
        with self.assertRaises(AccessError):
            self.referral.with_user(other_social).read(["social_note"])
        self.assertEqual(
            self.env["svk.referral.meeting"].with_user(other_social).search([]),
            other.sudo().meeting_ids,
        )
