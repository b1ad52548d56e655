import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError

from .coda_builder import coda_file, ogm_digits
from .common import SvkRentCase

TODO = "mail.mail_activity_data_todo"


class TestPaymentPlan(SvkRentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant.groups_id |= cls.env.ref("account.group_account_user")
        # September and October were invoiced and not paid: 1,300.00 of arrears
        for period in ("2026-09-01", "2026-10-01"):
            cls.env["svk.rent.run"].with_user(cls.accountant).with_context(
                queue_job__no_delay=True
            ).create({"period": period}).action_start()

    def _plan(self):
        moves_before = self.env["account.move"].search_count([])
        with freeze_time("2026-10-20"):
            plan = (
                self.env["svk.payment.plan"]
                .with_user(self.svk_user)
                .create(
                    {
                        "lease_id": self.lease.id,
                        "instalment_amount": 200.0,
                        "first_due_date": "2026-11-01",
                        "date_start": "2026-10-20",
                    }
                )
            )
            self.assertEqual(plan.debt_amount, 1300.0, "proposed: the lease's balance")
            plan.action_confirm()
        self.assertEqual(self.env["account.move"].search_count([]), moves_before, "no new income")
        return plan

    def _pay(self, amount, day):
        data = coda_file(
            "BE68539007547034",
            "SVK Test Agency",
            day,
            [
                (
                    amount,
                    ogm_digits(self.lease.payment_reference),
                    "",
                    "BE43068999999501",
                    "Y TESFAY",
                )
            ],
        )
        self.env["account.statement.import"].with_user(self.accountant).with_context(
            _test_account_reconcile_oca=True
        ).create(
            {"statement_file": base64.b64encode(data), "statement_filename": "s.cod"}
        ).import_file_button()

    def _todo(self, plan):
        return plan.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(TODO))

    def test_schedule_adds_up_to_the_debt(self):
        plan = self._plan()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.line_ids.mapped("amount"), [200.0] * 6 + [100.0])
        self.assertEqual(plan.line_ids[0].date, date(2026, 11, 1))
        self.assertEqual(plan.line_ids[-1].date, date(2027, 5, 1))

    def test_monthly_notice_shows_rent_plus_instalment(self):
        plan = self._plan()
        self._run("2026-11-01")
        invoice = self._documents(lease_id=self.lease.id, kind="tenant", period=date(2026, 11, 1))
        self.assertEqual(invoice.amount_total, 650.0, "the instalment is not invoiced again")
        self.assertIn(plan.name, invoice.narration)
        self.assertIn("850.00", invoice.narration)  # 650 rent and charges + 200 instalment
        self.assertIn(self.lease.payment_reference, invoice.narration)

    def test_a_late_instalment_breaks_the_plan_and_warns_the_responsible(self):
        plan = self._plan()
        self._run("2026-11-01")
        # the tenant paid November's rent and the first instalment on time
        self._pay(850.0, date(2026, 11, 3))
        with freeze_time("2026-11-20"):
            self.assertEqual(plan.paid_amount, 200.0)
            self.env["svk.payment.plan"]._cron_check()
        self.assertEqual(plan.state, "active")
        # December: rent invoiced, nothing paid
        self._run("2026-12-01")
        with freeze_time("2026-12-11"):  # 10 days late: within grace
            self.env["svk.payment.plan"]._cron_check()
            self.assertEqual(plan.state, "active")
            plan.invalidate_recordset()  # computed on read, as in a new request
            self.assertEqual(plan.behind_since, date(2026, 12, 1))
        with freeze_time("2026-12-12"):
            self.env["svk.payment.plan"]._cron_check()
        self.assertEqual(plan.state, "broken")
        self.assertEqual(plan.date_broken, date(2026, 12, 12))
        activity = self._todo(plan)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, plan.user_id)
        self.assertEqual(plan.user_id, self.lease.user_id)
        self.assertEqual(activity.date_deadline, date(2026, 12, 12), "the same day")
        with freeze_time("2026-12-13"):
            self.env["svk.payment.plan"]._cron_check()
        self.assertEqual(len(self._todo(plan)), 1, "warned once")

    def test_plan_paid_off(self):
        plan = self._plan()
        self._pay(1300.0, date(2026, 10, 25))
        with freeze_time("2026-10-26"):
            plan.with_user(self.svk_user).action_check()
        self.assertEqual(plan.state, "done")

    def test_bad_input_is_refused(self):
        with freeze_time("2026-10-20"):
            plan = self.env["svk.payment.plan"].create({"lease_id": self.lease.id})
            with self.assertRaises(UserError):
                plan.action_confirm()  # no instalment
            plan.write({"instalment_amount": 500.0})
            plan.action_compute_schedule()
            plan.line_ids[-1].amount = 50.0  # no longer adds up
            with self.assertRaises(UserError):
                plan.action_confirm()
            self.assertEqual(plan.state, "draft")
