from datetime import date, datetime

import pytz

from odoo.tests import freeze_time, tagged

from .common import SvkMessagingCase


@tagged("post_install", "-at_install")
class TestReminders(SvkMessagingCase):
    """The humane arrears sequence: a friendly message a few days after a rent became
    unpaid, an activity for staff if it still is, never during quiet hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._svk_check_accounting()
        cls.company.partner_id.tz = "Europe/Brussels"
        cls.company.write(
            {
                "svk_reminder_enabled": True,
                "svk_reminder_days": 5,
                "svk_reminder_activity_days": 7,
                "svk_quiet_start": 20.0,
                "svk_quiet_end": 9.0,
            }
        )

    def _invoice(self, lease, period):
        moves = self.env["account.move"].create(lease._prepare_rent_invoices(period))
        moves.action_post()
        return moves

    def _remind(self, when):
        """``when``: the agency's local time (Brussels, UTC+1 in winter)."""
        local = pytz.timezone("Europe/Brussels").localize(datetime(*when))
        utc = local.astimezone(pytz.utc).replace(tzinfo=None)
        return self.env["svk.lease"]._svk_remind(self.company, now=utc)

    def test_friendly_message_then_staff_activity(self):
        self._invoice(self.lease_amina, date(2026, 11, 1))
        self.assertEqual(self._remind((2026, 11, 4, 11, 0)), (0, 0))  # too early
        self.assertEqual(self._remind((2026, 11, 6, 21, 30)), (0, 0))  # quiet hours
        self.assertEqual(self._remind((2026, 11, 7, 8, 30)), (0, 0))  # still quiet
        self.assertEqual(self._remind((2026, 11, 7, 9, 30)), (1, 0))
        # outside the WhatsApp window: the approved reminder template, in French
        payload = self.standin.whatsapp_messages[-1]["template"]
        self.assertEqual(
            (payload["name"], payload["language"]["code"]), ("svk_rent_reminder", "fr")
        )
        params = [p["text"] for p in payload["components"][0]["parameters"]]
        self.assertIn("600,00", params[1])
        self.assertEqual(params[2], self.lease_amina.payment_reference)
        self.assertEqual(self.lease_amina.svk_reminder_due, date(2026, 11, 1))
        self.assertIn("reminder", self.lease_amina.message_ids[0].body)
        # once per debt
        self.assertEqual(self._remind((2026, 11, 8, 10, 0)), (0, 0))
        self.assertEqual(len(self.standin.whatsapp_messages), 1)
        # a week later, still unpaid: the lease's responsible calls
        self.assertEqual(self._remind((2026, 11, 14, 10, 0)), (0, 1))
        arrears = self.env.ref("svk_messaging.mail_activity_type_svk_arrears")
        activity = self.lease_amina.activity_ids.filtered(lambda a: a.activity_type_id == arrears)
        self.assertEqual(activity.user_id, self.lease_amina.user_id)
        self.assertEqual(self._remind((2026, 11, 15, 10, 0)), (0, 0))
        self.assertEqual(len(self.standin.requests), 1)

    def test_old_debts_small_amounts_and_plans_are_left_alone(self):
        self._invoice(self.lease_jan, date(2026, 8, 1))  # unpaid since August: not "new"
        self.company.svk_reminder_min_amount = 700.0  # above Yonas's 600
        self._invoice(self.lease_yonas, date(2026, 11, 1))
        self.assertEqual(self._remind((2026, 11, 7, 10, 0)), (0, 0))
        self.company.svk_reminder_min_amount = 5.0
        plan = self.env["svk.payment.plan"].create(
            {"lease_id": self.lease_yonas.id, "first_due_date": "2026-12-01"}
        )
        plan.state = "active"
        self.assertEqual(self._remind((2026, 11, 7, 10, 0)), (0, 0))
        self.assertFalse(self.standin.requests)

    @freeze_time("2026-11-29 10:00:00")
    def test_cron_writes_for_the_agencies_that_chose_it(self):
        self._invoice(self.lease_amina, date(2026, 11, 1))  # unpaid for 28 days
        self.company.svk_reminder_enabled = False
        self.env["svk.lease"]._cron_svk_reminders()
        self.assertFalse(self.standin.requests)
        self.company.svk_reminder_enabled = True
        self.env["svk.lease"]._cron_svk_reminders()
        self.assertEqual(self.lease_amina.svk_reminder_due, date(2026, 11, 1))
        self.assertEqual(len(self.standin.whatsapp_messages), 1)

    def test_mass_message_to_tenants_in_arrears(self):
        self._invoice(self.lease_jan, date(2026, 10, 1))
        self._invoice(self.lease_jan, date(2026, 11, 1))
        self._invoice(self.lease_yonas, date(2026, 11, 1))
        mass = self.env["svk.message.mass"].create(
            {
                "name": "Arriérés",
                "target": "arrears",
                "arrears_min": 1000.0,
                "body": "Dag, bel ons.",
            }
        )
        mass.action_preview()
        self.assertEqual(mass.recipient_ids.partner_id, self.jan)
