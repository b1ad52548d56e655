from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.svk_housing.tests.common import SvkRentCase

SOCIAL_NOTE = "Recovering from an addiction"


class TestReferralAlerts(SvkRentCase):
    """A tenant referred by Housing First: the agency's social worker is alerted of
    arrears and of the end of the support, the referrer is told only what the household
    agreed to, and social notes are deleted once support ended long enough ago."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "svk_arrears_alert_days": 10,
                "svk_support_end_notice_days": 30,
                "svk_referral_note_retention_days": 365,
            }
        )
        cls.social = new_test_user(
            cls.env, login="pb_alert_social", groups="svk_housing.group_svk_social"
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
        cls.referral = cls.env["svk.referral"].create(
            {
                "organisation_id": cls.org.id,
                "social_worker_id": cls.worker.id,
                "partner_id": cls.tenant.id,
                "user_id": cls.social.id,
                "date": "2025-12-01",
                "consent_arrears": True,
                "social_note": f"<p>{SOCIAL_NOTE}</p>",
                "support_plan": "<p>Weekly visits</p>",
                "justice_info": "Parole until 2027",
                "meeting_ids": [Command.create({"date": "2026-02-01", "note": "<p>Visit</p>"})],
            }
        )

    def _invoice(self, period):
        moves = self.env["account.move"].create(
            self.lease._prepare_rent_invoices(fields.Date.to_date(period))
        )
        moves.action_post()
        return moves

    def _pay(self, moves, day):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=moves.ids
        ).create({"payment_date": day, "journal_id": self.bank_journal.id})._create_payments()

    def _alerts(self, referral=None):
        return (referral or self.referral).activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("svk_partners.mail_activity_type_svk_referral_alert")
            )
        )

    def _messages_to_referrer(self, referral=None):
        """What reached the organisation's social worker: through the suite's own channels
        when it has them (svk_housing's hook, svk_messaging installed), else Odoo's e-mail
        of a chatter message."""
        referral = referral or self.referral
        if self.env["res.partner"]._svk_notifies():
            return (
                self.env["svk.message"]
                .search(
                    [
                        ("partner_id", "=", self.worker.id),
                        ("direction", "=", "out"),
                        ("state", "!=", "failed"),
                        ("lease_id", "=", referral.lease_id.id),
                    ]
                )
                .mail_message_id
            )
        return referral.message_ids.filtered(lambda m: self.worker in m.partner_ids)

    def _cron(self, day):
        with freeze_time(day):
            self.env["svk.referral"]._cron_svk_alerts()

    def test_referral_finds_the_tenants_running_lease(self):
        self.assertEqual(self.referral.lease_id, self.lease)
        self.assertEqual(self.referral.name, "Housing First Bruxelles – Yonas Tesfay")

    def test_arrears_alert_after_n_days_once_per_debt(self):
        october = self._invoice("2026-10-01")
        self.assertEqual(october.invoice_date_due, date(2026, 10, 1))
        self._cron("2026-10-10")  # 9 days overdue
        self.assertFalse(self._alerts())
        self.assertFalse(self._messages_to_referrer())
        self._cron("2026-10-11")  # 10 days
        alert = self._alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.social)
        self.assertIn("Rent overdue since", alert.summary)
        self.assertEqual(self.referral.arrears_alerted_due, date(2026, 10, 1))
        # the same debt, growing with November's rent: no second alert
        self._invoice("2026-11-01")
        self._cron("2026-10-20")
        self._cron("2026-11-15")
        self.assertEqual(len(self._alerts()), 1)
        self.assertEqual(len(self._messages_to_referrer()), 1)
        # paid off: a new debt is a new alert
        self._pay(self.lease.move_ids, date(2026, 11, 16))
        self._cron("2026-11-17")
        self.assertFalse(self.referral.arrears_alerted_due)
        self._invoice("2026-12-01")
        self._cron("2026-12-05")
        self.assertEqual(len(self._alerts()), 1)
        self._cron("2026-12-11")
        self.assertEqual(len(self._alerts()), 2)
        self.assertEqual(len(self._messages_to_referrer()), 2)
        self.assertEqual(self.referral.arrears_alerted_due, date(2026, 12, 1))

    def test_referrer_informed_of_arrears_only_with_consent(self):
        self._invoice("2026-10-01")
        self._cron("2026-10-11")
        message = self._messages_to_referrer()
        self.assertEqual(len(message), 1)
        self.assertIn("overdue since", message.body)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn(self.worker, mail.recipient_ids, "Odoo e-mails the referrer")
        for text in (SOCIAL_NOTE, "Weekly visits", "Parole"):
            self.assertNotIn(text, message.body)

        # another household that did not agree to share its arrears
        referral = self.env["svk.referral"].create(
            {
                "organisation_id": self.org.id,
                "social_worker_id": self.worker.id,
                "partner_id": self.tenant_2.id,
                "user_id": self.social.id,
                "consent_arrears": False,
            }
        )
        self.assertEqual(referral.lease_id, self.lease_cpas)
        moves = self.env["account.move"].create(
            self.lease_cpas._prepare_rent_invoices(date(2026, 12, 1))
        )
        moves.action_post()
        self._cron("2026-12-20")
        self.assertEqual(len(self._alerts(referral)), 1, "the agency's worker is alerted")
        self.assertFalse(self._messages_to_referrer(referral), "the referrer is not")
        self.assertFalse(
            self.env["mail.mail"].search(
                [
                    ("recipient_ids", "in", self.worker.ids),
                    ("model", "=", "svk.referral"),
                    ("res_id", "=", referral.id),
                ]
            )
        )

    def test_support_end_alert_once(self):
        self.referral.support_end_date = "2026-12-31"
        self._cron("2026-11-30")  # 31 days ahead: too early
        self.assertFalse(self._alerts())
        self._cron("2026-12-01")
        alert = self._alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.date_deadline, date(2026, 12, 31))
        self.assertTrue(self.referral.support_end_alerted)
        message = self._messages_to_referrer()
        self.assertEqual(len(message), 1)
        self.assertIn("ends on", message.body)
        self.assertNotIn(SOCIAL_NOTE, message.body)
        self._cron("2026-12-02")
        self._cron("2026-12-20")
        self.assertEqual(len(self._alerts()), 1)
        self.assertEqual(len(self._messages_to_referrer()), 1)
        # support extended: the new end date gets its own alert
        self.referral.with_user(self.social).support_end_date = "2027-03-31"
        self.assertFalse(self.referral.support_end_alerted)
        self._cron("2027-03-05")
        self.assertEqual(len(self._alerts()), 2)

    def test_ended_referrals_get_no_alert(self):
        self.referral.support_end_date = "2026-12-31"
        self.referral.action_end()
        self._invoice("2026-10-01")
        self._cron("2026-12-15")
        self.assertFalse(self._alerts())
        self.assertFalse(self._messages_to_referrer())

    def test_lease_end_told_only_with_consent(self):
        with freeze_time("2026-11-01"):
            self.lease.action_give_notice()
        self._cron("2026-11-02")
        self.assertFalse(self._messages_to_referrer())
        self.referral.consent_lease_end = True
        self._cron("2026-11-03")
        self._cron("2026-11-04")
        message = self._messages_to_referrer()
        self.assertEqual(len(message), 1)
        self.assertIn("lease of Yonas Tesfay ends on", message.body)

    def test_retention_deletes_social_notes_after_the_period_not_before(self):
        active = self.env["svk.referral"].create(
            {
                "organisation_id": self.org.id,
                "partner_id": self.tenant_2.id,
                "date": "2020-01-01",
                "social_note": "<p>Still supported</p>",
            }
        )
        with freeze_time("2026-01-31"):
            self.referral.action_end()
        self.assertEqual(self.referral.support_end_date, date(2026, 1, 31))
        Referral = self.env["svk.referral"]
        with freeze_time("2027-01-31"):  # 365 days: not more than the period yet
            self.assertEqual(Referral._cron_svk_retention(), 0)
        referral = self.referral.with_user(self.social)
        self.assertIn(SOCIAL_NOTE, referral.social_note)
        self.assertEqual(referral.meeting_ids.note, "<p>Visit</p>")
        with freeze_time("2027-02-01"):
            self.assertEqual(Referral._cron_svk_retention(), 1)
        referral.invalidate_recordset()
        self.assertFalse(referral.social_note)
        self.assertFalse(referral.support_plan)
        self.assertFalse(referral.justice_info)
        self.assertFalse(referral.meeting_ids.note)
        self.assertEqual(referral.meeting_ids.date, date(2026, 2, 1), "the meeting stays")
        self.assertEqual(referral.social_notes_deleted, date(2027, 2, 1))
        self.assertTrue(
            any(
                "Social notes deleted (retention)." in b
                for b in referral.message_ids.mapped("body")
            )
        )
        self.assertEqual(active.with_user(self.social).social_note, "<p>Still supported</p>")
        with freeze_time("2027-02-02"):
            self.assertEqual(Referral._cron_svk_retention(), 0, "done once")
