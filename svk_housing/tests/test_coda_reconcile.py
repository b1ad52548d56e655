import base64
from datetime import date

from .coda_builder import coda_file, ogm_digits
from .common import SvkRentCase


class TestCodaReconcile(SvkRentCase):
    def _import(self, movements, day=date(2026, 11, 20)):
        data = coda_file("BE68539007547034", "SVK Test Agency", day, movements)
        wizard = (
            self.env["account.statement.import"]
            .with_user(self.accountant)
            .with_context(_test_account_reconcile_oca=True)
            .create(
                {"statement_file": base64.b64encode(data), "statement_filename": "statement.cod"}
            )
        )
        wizard.import_file_button()
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank_journal.id), ("date", "=", day)], order="sequence, id"
        )

    def test_structured_communications_pay_the_right_invoices(self):
        self.accountant.groups_id |= self.env.ref("account.group_account_user")
        self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        tenant_2_invoice = self._documents(lease_id=self.lease_cpas.id, kind="tenant")
        cpas_invoice = self._documents(lease_id=self.lease_cpas.id, kind="third_payer")
        unknown = "+++090/9090/90922+++"  # valid, but no lease has it
        lines = self._import(
            [
                # the tenant pays from an account the agency does not know
                (
                    650.0,
                    ogm_digits(self.lease.payment_reference),
                    "",
                    "BE43068999999501",
                    "Y TESFAY",
                ),
                (
                    75.0,
                    ogm_digits(self.lease_cpas.third_payer_payment_reference),
                    "",
                    "BE56091000000088",
                    "CPAS MOLENBEEK",
                ),
                (
                    200.0,
                    ogm_digits(self.lease_cpas.payment_reference),
                    "",
                    "BE71096123456769",
                    "POPESCU",
                ),
                (100.0, ogm_digits(unknown), "", "BE08000000000013", "SOMEONE"),
                (80.0, None, "loyer novembre rue haute", "BE08000000000013", "SOMEONE"),
            ]
        )
        self.assertEqual(len(lines), 5)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(cpas_invoice.payment_state, "paid")
        self.assertEqual(tenant_2_invoice.payment_state, "partial")
        self.assertEqual(tenant_2_invoice.amount_residual, 95.0)
        self.assertTrue(all(lines[:3].mapped("is_reconciled")))
        # nothing lost: what nobody's communication names waits, visible, to be reconciled
        self.assertFalse(lines[3].is_reconciled or lines[4].is_reconciled)
        waiting = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank_journal.id), ("is_reconciled", "=", False)]
        )
        self.assertEqual(waiting, lines[3:])
        self.assertEqual(sum(waiting.mapped("amount")), 180.0)
        self.assertEqual(self.lease.balance_due, 0.0)
        self.assertEqual(self.lease_cpas.balance_due, 95.0)

    def test_a_payment_settles_the_oldest_invoice_first(self):
        self.accountant.groups_id |= self.env.ref("account.group_account_user")
        self._run("2026-10-01")
        self._run("2026-11-01")
        october = self._documents(lease_id=self.lease.id, kind="tenant", period=date(2026, 10, 1))
        november = self._documents(lease_id=self.lease.id, kind="tenant", period=date(2026, 11, 1))
        self.assertEqual(self.lease.balance_due, 1300.0)
        # one month's rent, then a bit more than the rest
        self._import(
            [(650.0, ogm_digits(self.lease.payment_reference), "", "BE43068999999501", "Y TESFAY")]
        )
        self.assertEqual(october.payment_state, "paid")
        self.assertEqual(november.payment_state, "not_paid")
        self._import(
            [(400.0, ogm_digits(self.lease.payment_reference), "", "BE43068999999501", "Y TESFAY")],
            day=date(2026, 11, 25),
        )
        self.assertEqual(november.amount_residual, 250.0)
        self.env.invalidate_all()  # as a new request of the web client would
        self.assertEqual(self.lease.balance_due, 250.0)
        self.assertEqual(self.lease.oldest_unpaid_date, date(2026, 11, 1))
