from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .common import PDF, SvkGdprCase


class TestGdprRetention(SvkGdprCase):
    """Each agency's retention periods, applied by the daily job, which logs what it did."""

    def _aged(self, records, months):
        when = fields.Datetime.now() - relativedelta(months=months)
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET create_date = %s WHERE id IN %s",
                SQL.identifier(records._table),
                when,
                tuple(records.ids),
            )
        )
        records.invalidate_recordset(["create_date"])
        return records

    def _sms(self, company, body, months, **vals):
        posted = self.person.message_post(body=body)
        message = self.env["svk.message"].create(
            {
                "company_id": company.id,
                "direction": "in",
                "channel": "sms",
                "partner_id": self.person.id,
                "number": "+32470123456",
                "body": body,
                "state": "received",
                "mail_message_id": posted.id,
                **vals,
            }
        )
        return self._aged(message, months)

    def test_retention_per_agency_logged(self):
        self.company.write(
            {
                "svk_gdpr_message_months": 24,
                "svk_gdpr_triage_months": 3,
                "svk_gdpr_consent_months": 60,
            }
        )
        other = self.env["res.company"].create({"name": "AIS Saint-Gilles"})
        other.write(
            {
                "svk_gdpr_message_months": 0,
                "svk_gdpr_triage_months": 0,
                "svk_gdpr_consent_months": 0,
            }
        )
        old = self._sms(self.company, "Old rent question", 30)
        recent = self._sms(self.company, "Recent rent question", 1)
        old_triage = self._sms(self.company, "Who is this?", 4, partner_id=False, needs_triage=True)
        new_triage = self._sms(self.company, "Hi it's me", 1, partner_id=False, needs_triage=True)
        kept_elsewhere = self._sms(other, "Kept by its agency", 120)
        old_chatter = old.mail_message_id
        self.consent_whatsapp.date = fields.Datetime.now() - relativedelta(years=6)
        self.consent_sms.date = fields.Datetime.now() - relativedelta(years=6)

        self.env.ref("svk_gdpr.svk_gdpr_log_cron_retention").method_direct_trigger()

        self.assertFalse(old.exists())
        self.assertFalse(old_chatter.exists(), "the chatter copy goes with the message")
        self.assertFalse(old_triage.exists())
        self.assertTrue(
            (recent | new_triage | kept_elsewhere).exists()
            == (recent | new_triage | kept_elsewhere)
        )
        # an opt-out stays honoured: only who and why go
        self.assertEqual(self.consent_whatsapp.state, "opt_out")
        self.assertEqual(self.consent_whatsapp.number, "+32470123456")
        self.assertFalse(self.consent_whatsapp.partner_id)
        self.assertFalse(self.consent_whatsapp.note)
        self.assertTrue(
            self.env["svk.message"]._refusal(self.company, "whatsapp", "+32470123456"),
            "the reduced opt-out still refuses messages",
        )
        self.assertEqual(self.consent_sms.partner_id, self.person, "agreements are not touched")
        log = (
            self.env["svk.gdpr.log"]
            .with_user(self.svk_manager)
            .search([("kind", "=", "retention")])
        )
        self.assertEqual(len(log), 1, "one log for the agency that removed something")
        self.assertEqual(log.company_id, self.company)
        self.assertIn("Tenant messages deleted: 1", log.summary)
        self.assertIn("triage inbox: 1", log.summary)
        self.assertIn("channel: 1", log.summary)
        self.assertFalse(self._logs("retention").filtered(lambda log: log.company_id == other))
        with self.assertRaises(AccessError):
            self.env["svk.gdpr.log"].with_user(self.svk_user).search([])

    def test_retention_settings_are_per_agency(self):
        with self.assertRaises(UserError):
            self.company.svk_gdpr_message_months = -1
        settings = self.env["res.config.settings"].create({"svk_gdpr_triage_months": 6})
        settings.execute()
        self.assertEqual(self.company.svk_gdpr_triage_months, 6)


class TestGdprExport(SvkGdprCase):
    """A subject access export: everything about one person in one archive, for an SVK
    Manager, logged; the social file only when a social worker runs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Message = cls.env["svk.message"]
        unmatched = {"direction": "in", "channel": "sms", "state": "received"}
        Message.create(
            {**unmatched, "number": "+32470123456", "needs_triage": True, "body": "Who reads this?"}
        )
        Message.create(
            {**unmatched, "number": "+32470999999", "needs_triage": True, "body": "Someone else"}
        )

    def _export(self, user):
        wizard = (
            self.env["svk.gdpr.export"]
            .with_user(user)
            .with_context(active_model="res.partner", active_id=self.person.id)
            .create({"requested_by": "person", "reason": "Letter of 2 December"})
        )
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/svk.gdpr.export/{wizard.id}/archive/", action["url"])
        return self._unzip(wizard)

    def test_manager_exports_everything_but_the_social_file(self):
        other = self.env["res.company"].create({"name": "AIS Saint-Gilles"})
        self.env["svk.message"].create(
            {
                "company_id": other.id,
                "direction": "in",
                "channel": "sms",
                "partner_id": self.person.id,
                "number": "+32470123456",
                "body": "Message to the other agency",
                "state": "received",
            }
        )
        archive = self._export(self.svk_manager)
        contact = self._section(archive, "contact")
        self.assertEqual(contact[0]["name"], "Amadou Diallo")
        self.assertEqual(contact[0]["email"], "amadou.diallo@example.be")
        self.assertEqual(
            self._section(archive, "bank_accounts")[0]["acc_number"], "BE17375117457621"
        )
        applications = self._section(archive, "applications")
        self.assertEqual(applications[0]["name"], "Diallo household")
        self.assertNotIn("svk_health_note", applications[0])
        referrals = self._section(archive, "referrals")
        self.assertEqual(referrals[0]["organisation_id"], "Housing First Bruxelles")
        self.assertNotIn("social_note", referrals[0])
        self.assertNotIn("justice_info", referrals[0])
        self.assertNotIn("data/referral_meetings.json", archive.namelist())
        self.assertEqual(
            {m["body"] for m in self._section(archive, "messages")},
            {"Hello, is my file complete?", "Who reads this?"},
            "with what the person sent that no contact matched",
        )
        self.assertEqual(
            {(c["channel"], c["state"]) for c in self._section(archive, "consents")},
            {("sms", "opt_in"), ("whatsapp", "opt_out")},
        )
        bodies = [m["body"] for m in self._section(archive, "chatter")]
        self.assertIn("Came to the office with his identity card.", bodies)
        self.assertEqual(
            archive.read(f"files/res.partner-{self.person.id}/{self.person_file.id}-id-card.pdf"),
            PDF,
        )
        readme = archive.read("README.txt").decode()
        self.assertIn("social file", readme)
        for secret in (b"stroke", b"addiction", b"parole", b"home visit", b"other agency"):
            for name in archive.namelist():
                self.assertNotIn(secret, archive.read(name), name)
        log = self._logs("export", self.person).with_user(self.svk_manager)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.svk_manager)
        self.assertIn("Letter of 2 December", log.reason)

    def test_social_manager_exports_the_social_file_too(self):
        archive = self._export(self.social_manager)
        applications = self._section(archive, "applications")
        self.assertEqual(
            applications[0]["svk_health_note"], "Needs a ground-floor unit after a stroke"
        )
        referral = self._section(archive, "referrals")[0]
        self.assertIn("addiction", referral["social_note"])
        self.assertEqual(referral["justice_info"], "Released on parole in March")
        self.assertIn("home visit", self._section(archive, "referral_meetings")[0]["note"])

    def test_user_cannot_export(self):
        with self.assertRaises(AccessError):
            self.env["svk.gdpr.export"].with_user(self.svk_user).create(
                {"partner_id": self.person.id}
            )
        with self.assertRaises(AccessError):
            self.person.with_user(self.svk_user)._svk_gdpr_export()
        self.assertFalse(self._logs("export"))


class TestGdprErasure(SvkGdprCase):
    """Erasure anonymises what no law keeps, for an SVK Manager, with a reason; refused
    while the person has a running lease or owes rent."""

    def _erase(self, user, partner=None, confirm=True):
        wizard = (
            self.env["svk.gdpr.erase"]
            .with_user(user)
            .create(
                {
                    "partner_id": (partner or self.person).id,
                    "reason": "Request by e-mail of 1 December",
                    "confirm": confirm,
                }
            )
        )
        return wizard.action_erase()

    def _running_lease(self):
        self.units[0].state = "available"
        lease = self.env["svk.lease"].create(
            {
                "unit_id": self.units[0].id,
                "tenant_id": self.person.id,
                "date_start": "2026-01-01",
                "rent": 600.0,
            }
        )
        lease.action_activate()
        return lease

    def test_manager_erases_what_no_law_keeps(self):
        chatter = self.message.mail_message_id
        meeting = self.referral.meeting_ids
        person_id = self.person.id
        self._erase(self.svk_manager)
        person = self.person.with_context(active_test=False)
        self.assertEqual(person.name, f"Anonymised #{person_id}")
        self.assertFalse(person.active)
        self.assertFalse(person.email or person.phone or person.street or person.city)
        self.assertFalse(self.person_bank.exists(), "a bank account no document uses goes")
        self.assertFalse(self.person_file.exists())
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "res.partner"), ("res_id", "=", person_id)]
            )
        )
        self.assertFalse(chatter.exists())
        # the application keeps its register fields only
        self.assertTrue(self.lead.svk_anonymised)
        self.assertFalse(self.lead.partner_id or self.lead.contact_name or self.lead.email_from)
        self.assertFalse(self.lead.svk_health_note)
        # the referral counts for the convention; its link to the person and notes go
        self.assertEqual(self.referral.organisation_id, self.org)
        self.assertFalse(self.referral.partner_id)
        self.assertFalse(self.referral.social_note or self.referral.justice_info)
        self.assertFalse(meeting.exists())
        self.assertNotIn("Diallo", self.referral.name)
        # the message stays a fact, without who and what
        self.assertFalse(self.message.partner_id or self.message.body or self.message.number)
        # an agreement goes; an opt-out stays honoured, without who
        self.assertFalse(self.consent_sms.exists())
        self.assertEqual(self.consent_whatsapp.state, "opt_out")
        self.assertFalse(self.consent_whatsapp.partner_id or self.consent_whatsapp.note)
        log = self._logs("erasure", person).with_user(self.svk_manager)
        self.assertEqual(log.user_id, self.svk_manager)
        self.assertEqual(log.reason, "Request by e-mail of 1 December")
        self.assertIn("Amadou Diallo", log.summary)

    def test_erasure_needs_a_confirmation(self):
        with self.assertRaises(UserError):
            self._erase(self.svk_manager, confirm=False)
        self.assertEqual(self.person.name, "Amadou Diallo")

    def test_refused_while_a_lease_runs(self):
        lease = self._running_lease()
        wizard = (
            self.env["svk.gdpr.erase"]
            .with_user(self.svk_manager)
            .create({"partner_id": self.person.id, "reason": "Asked", "confirm": True})
        )
        self.assertIn(lease.name, wizard.blockers)
        with self.assertRaisesRegex(UserError, "Running lease"):
            wizard.action_erase()
        self.assertEqual(self.person.name, "Amadou Diallo")
        self.assertTrue(self.person_bank.exists())
        self.assertFalse(self._logs("erasure"))

    def test_refused_while_rent_is_owed_and_kept_for_accounting(self):
        self.company._svk_check_accounting()
        lease = self._running_lease()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.person.id,
                "partner_bank_id": self.person_bank.id,
                "svk_lease_id": lease.id,
                "invoice_date": "2026-02-01",
                "invoice_line_ids": [
                    (0, 0, {"name": "Rent February", "quantity": 1, "price_unit": 600.0})
                ],
            }
        )
        invoice.action_post()
        lease.state = "ended"
        with self.assertRaisesRegex(UserError, "Rent still owed"):
            self._erase(self.svk_manager)
        self.assertEqual(self.person.name, "Amadou Diallo")
        # settled (here by a credit note): the erasure goes through, the accounting keeps
        # what it used
        credit_note = invoice._reverse_moves(cancel=True)
        self._erase(self.svk_manager)
        self.assertTrue(self.person_bank.exists(), "the bank account an invoice used stays")
        self.assertFalse(self.person_bank.active)
        self.assertEqual(invoice.partner_id, self.person)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(credit_note.partner_id, self.person)
        self.assertEqual(lease.tenant_id, self.person, "the lease stays, its tenant anonymised")

    def test_refused_for_a_user_or_an_agency(self):
        for partner in (self.svk_user.partner_id, self.company.partner_id):
            with self.subTest(partner=partner.name), self.assertRaisesRegex(UserError, "user"):
                self._erase(self.svk_manager, partner=partner)
        self.assertEqual(self.svk_user.partner_id.name, "Sam User")

    def test_refused_while_another_agency_holds_data(self):
        other = self.env["res.company"].create({"name": "AIS Saint-Gilles"})
        self.env["svk.message"].create(
            {
                "company_id": other.id,
                "direction": "in",
                "channel": "sms",
                "partner_id": self.person.id,
                "number": "+32470123456",
                "body": "Message to the other agency",
                "state": "received",
            }
        )
        with self.assertRaisesRegex(UserError, "Another agency"):
            self._erase(self.svk_manager)
        self.assertEqual(self.person.name, "Amadou Diallo")

    def test_user_cannot_erase(self):
        with self.assertRaises(AccessError):
            self.env["svk.gdpr.erase"].with_user(self.svk_user).create(
                {"partner_id": self.person.id, "reason": "Asked", "confirm": True}
            )
        with self.assertRaises(AccessError):
            self.person.with_user(self.svk_user)._svk_gdpr_erase("Asked")
        self.assertEqual(self.person.name, "Amadou Diallo")
        self.assertFalse(self._logs("erasure"))
