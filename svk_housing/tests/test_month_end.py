import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user

from .coda_builder import coda_file, ogm_digits
from .common import SvkRentCase

NOVEMBER = date(2026, 11, 1)
OCTOBER = date(2026, 10, 1)


class TestMonthEnd(SvkRentCase):
    """The month-end screen: the month's run, owners' payment order, bank, new arrears,
    broken plans and the mandate account, in one place, read by staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant.groups_id |= cls.env.ref("account.group_account_user") | cls.env.ref(
            "account_payment_order.group_account_payment"
        )

    def _open(self, user, day="2026-11-20"):
        """The screen as the menu opens it for `user` on `day`."""
        menu_action = self.env.ref("svk_housing.svk_month_end_action_open_current")
        with freeze_time(day):
            action = menu_action.with_user(user).run()
        self.assertEqual(action["res_model"], "svk.month.end")
        return self.env["svk.month.end"].with_user(user).browse(action["res_id"])

    def _month(self, user, period):
        return self.env["svk.month.end"].with_user(user).search([("period", "=", period)])

    def _import(self, movements, day=date(2026, 11, 20)):
        data = coda_file("BE68539007547034", "SVK Test Agency", day, movements)
        self.env["account.statement.import"].with_user(self.accountant).with_context(
            _test_account_reconcile_oca=True
        ).create(
            {"statement_file": base64.b64encode(data), "statement_filename": "statement.cod"}
        ).import_file_button()

    def test_the_months_run_and_its_documents(self):
        run = self._run()
        month_end = self._open(self.accountant)
        self.assertEqual(month_end.period, NOVEMBER)
        self.assertEqual(month_end.company_id, self.company)
        self.assertEqual(month_end.run_id, run)
        self.assertEqual(month_end.run_state, "done")
        self.assertEqual((month_end.lease_done, month_end.lease_total), (2, 2))
        self.assertEqual((month_end.contract_done, month_end.contract_total), (2, 2))
        self.assertEqual(month_end.run_error_count, 0)
        # 650 (rent and charges) + half a month for Ioana (275 + 20) and for the CPAS (75)
        self.assertEqual(month_end.invoice_count, 3)
        self.assertEqual(month_end.invoiced_amount, 1020.0)
        self.assertEqual((month_end.bill_count, month_end.billed_amount), (2, 1950.0))
        # the mandate's rent invoiced went out again on the owner's bill
        self.assertEqual(month_end.collected_movement, 0.0)
        self.assertEqual(month_end.collected_balance, 0.0)
        items = self.env["account.move.line"].search(
            month_end.action_open_collected_items()["domain"]
        )
        self.assertEqual(sorted(items.mapped("balance")), [-600.0, 600.0])
        self.assertEqual(month_end.action_open_run()["res_id"], run.id)
        # opened again: the same screen
        self.assertEqual(self._open(self.accountant), month_end)

    def test_a_month_without_anything_reads_zeros(self):
        month_end = self._open(self.accountant, day="2026-05-10")
        self.assertFalse(month_end.run_id)
        for field in (
            "invoiced_amount",
            "billed_amount",
            "bill_unpaid_count",
            "bill_to_order_count",
            "payment_order_count",
            "statement_count",
            "statement_line_count",
            "received_amount",
            "unreconciled_count",
            "new_arrears_count",
            "balance_due",
            "broken_plan_count",
            "collected_balance",
            "collected_movement",
        ):
            with self.subTest(field=field):
                self.assertFalse(month_end[field])
        with self.assertRaises(UserError):
            month_end.action_prepare_payment_order()
        action = month_end.action_create_run()
        run = self.env["svk.rent.run"].browse(action["res_id"])
        self.assertEqual((run.period, run.state), (date(2026, 5, 1), "draft"))
        self.assertEqual(month_end.run_id, run)

    def test_prepare_the_owners_payment_order(self):
        self._run()
        bills = self._documents(kind="owner", period=NOVEMBER)
        month_end = self._open(self.accountant)
        self.assertEqual((month_end.bill_unpaid_count, month_end.bill_unpaid_amount), (2, 1950.0))
        self.assertEqual(
            (month_end.bill_to_order_count, month_end.bill_to_order_amount), (2, 1950.0)
        )
        self.assertFalse(month_end.payment_order_count)
        action = month_end.action_prepare_payment_order()
        order = self.env["account.payment.order"].browse(action["res_id"])
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.payment_mode_id, self.company.svk_owner_payment_mode_id)
        self.assertEqual(order.payment_line_ids.move_line_id.move_id, bills)
        self.assertEqual(order.total_company_currency, sum(bills.mapped("amount_total")))
        month_end.invalidate_recordset()
        self.assertEqual(month_end.payment_order_ids, order)
        self.assertEqual(month_end.payment_order_state, "draft")
        self.assertEqual(month_end.bill_to_order_count, 0)
        self.assertEqual(month_end.bill_unpaid_count, 2, "in an order, not paid yet")
        self.assertEqual(month_end.action_open_payment_orders()["res_id"], order.id)
        with self.assertRaises(UserError):
            month_end.action_prepare_payment_order()  # nothing left to add

    def test_bank_transactions_waiting_to_be_reconciled(self):
        self._run()
        self._import(
            [
                (
                    650.0,
                    ogm_digits(self.lease.payment_reference),
                    "",
                    "BE43068999999501",
                    "Y TESFAY",
                ),
                (80.0, None, "loyer novembre rue haute", "BE08000000000013", "SOMEONE"),
            ]
        )
        month_end = self._open(self.accountant)
        self.assertEqual(month_end.statement_count, 1)
        self.assertEqual(month_end.statement_line_count, 2)
        self.assertEqual(month_end.received_amount, 730.0)
        self.assertEqual((month_end.unreconciled_count, month_end.unreconciled_amount), (1, 80.0))
        action = month_end.action_open_reconcile()
        waiting = self.env["account.bank.statement.line"].search(action["domain"])
        self.assertEqual(waiting.mapped("amount"), [80.0])
        statements = self.env["account.bank.statement"].search(
            month_end.action_open_statements()["domain"]
        )
        self.assertEqual(statements, waiting.statement_id)
        self.assertFalse(self._open(self.accountant, day="2026-12-02").statement_count)

    def test_new_arrears_and_broken_plans(self):
        with freeze_time("2026-10-01"):  # each month invoiced on its first day
            self._run("2026-10-01")
        with freeze_time("2026-10-20"):
            plan = self.env["svk.payment.plan"].create(
                {
                    "lease_id": self.lease.id,
                    "instalment_amount": 200.0,
                    "first_due_date": "2026-11-01",
                    "date_start": "2026-10-20",
                }
            )
            plan.action_confirm()
        with freeze_time("2026-11-01"):
            self._run("2026-11-01")
        with freeze_time("2026-11-12"):  # first instalment 11 days late, nothing paid
            self.env["svk.payment.plan"]._cron_check()
        self.assertEqual(plan.date_broken, date(2026, 11, 12))
        november = self._open(self.svk_user)
        october = self._month(self.svk_user, OCTOBER)
        self.assertTrue(october, "a month with a run is listed")
        with freeze_time("2026-11-20"):
            # Yonas owes October too: he was already behind; Ioana fell behind in November
            self.assertEqual(november.new_arrears_count, 1)
            self.assertEqual(november.new_arrears_amount, 370.0)
            self.assertEqual(november.balance_due, 1670.0)
            leases = self.env["svk.lease"].search(november.action_open_new_arrears()["domain"])
            self.assertEqual(leases, self.lease_cpas)
            self.assertEqual((october.new_arrears_count, october.new_arrears_amount), (1, 650.0))
            self.assertEqual(november.broken_plan_count, 1)
            self.assertEqual(october.broken_plan_count, 0)
            broken = self.env["svk.payment.plan"].search(
                november.action_open_broken_plans()["domain"]
            )
            self.assertEqual(broken, plan)
        with freeze_time("2026-11-01"):  # the day November's rent is due: not late yet
            november.invalidate_recordset()
            self.assertEqual(november.new_arrears_count, 0)

    def test_staff_read_the_screen_but_do_not_pay_owners(self):
        self._run()
        month_end = self._open(self.svk_user)
        values = month_end.read(
            ["invoiced_amount", "billed_amount", "bill_to_order_count", "collected_movement"]
        )[0]
        self.assertEqual(values["invoiced_amount"], 1020.0)
        self.assertEqual(values["billed_amount"], 1950.0)
        self.assertEqual(values["bill_to_order_count"], 2)
        self.assertEqual(values["collected_movement"], 0.0)
        with self.assertRaises(AccessError):
            month_end.action_prepare_payment_order()
        with self.assertRaises(AccessError):
            month_end.write({"period": "2026-12-01"})
        self.assertFalse(
            self.env["account.payment.order"].search(
                [("payment_mode_id", "=", self.company.svk_owner_payment_mode_id.id)]
            )
        )
        form = Form(month_end)
        self.assertEqual(form.invoiced_amount, 1020.0)

    def test_another_agency_sees_only_its_own_months(self):
        self._run()
        month_end = self._open(self.accountant)
        other = self.env["res.company"].create({"name": "AIS Autre Agence"})
        user_b = new_test_user(
            self.env,
            login="agency_b",
            groups="svk_housing.group_svk_user,account.group_account_invoice",
            company_id=other.id,
            company_ids=[other.id],
        )
        with self.assertRaises(AccessError):
            month_end.with_user(user_b).read(["invoiced_amount"])
        theirs = self._open(user_b)
        self.assertEqual(self.env["svk.month.end"].with_user(user_b).search([]), theirs)
        self.assertEqual(theirs.company_id, other)
        # a new agency, without accounts yet: a screen of zeros
        self.assertEqual(theirs.invoiced_amount, 0.0)
        self.assertEqual(theirs.collected_balance, 0.0)
        self.assertEqual(theirs.balance_due, 0.0)
        self.assertFalse(theirs.run_id)

    def test_the_form_renders(self):
        views = (
            self.env["svk.month.end"]
            .with_user(self.svk_user)
            .get_views([(False, "list"), (False, "form")])
        )
        self.assertIn("collected_movement", views["views"]["form"]["arch"])
        self.assertNotIn("action_prepare_payment_order", views["views"]["form"]["arch"])
        month_end = self._open(self.accountant)
        form = Form(month_end)
        self.assertEqual(form.period, "2026-11-01")
        self.assertEqual(form.invoiced_amount, 0.0)
