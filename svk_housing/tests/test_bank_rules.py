import base64
from datetime import date

from odoo.exceptions import UserError

from .coda_builder import coda_file, ogm_digits
from .common import SvkRentCase

STRANGER_IBAN = "BE08000000000013"
TENANT_IBAN = "BE43068999999501"


class TestBankRules(SvkRentCase):
    """The rent rules on real CODA files through the OCA importer, as an accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant.groups_id |= cls.env.ref("account.group_account_user")
        # a namesake of the tenant of units[0], with a lease of their own on units[1]
        cls.namesake = cls.env["res.partner"].create({"name": "Yonas Tesfay"})
        cls.lease_namesake = cls._lease(cls.units[1], cls.namesake, rent=500.0)

    def _import(self, movements, day=date(2026, 11, 20), sequence=1):
        data = coda_file("BE68539007547034", "SVK Test Agency", day, movements, sequence=sequence)
        wizard = (
            self.env["account.statement.import"]
            .with_user(self.accountant)
            .with_context(_test_account_reconcile_oca=True)
            .create(
                {
                    "statement_file": base64.b64encode(data),
                    "statement_filename": f"statement-{day}-{sequence}.cod",
                }
            )
        )
        wizard.import_file_button()
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank_journal.id), ("date", "=", day)], order="sequence, id"
        )

    def _receivable_balance(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return round(sum(lines.mapped("balance")), 2)

    def _suspense_balance(self):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.bank_journal.suspense_account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return round(sum(lines.mapped("balance")), 2)

    def test_an_overpayment_stays_on_the_lease_and_pays_the_next_invoice(self):
        self._run("2026-10-01")
        october = self._documents(lease_id=self.lease.id, kind="tenant")
        self.assertEqual(october.amount_total, 650.0)
        (line,) = self._import(
            [(1300.0, ogm_digits(self.lease.payment_reference), "", TENANT_IBAN, "Y TESFAY")],
            day=date(2026, 10, 20),
        )
        self.assertTrue(line.is_reconciled, "a payment larger than the debt does not wait")
        self.assertEqual(line.svk_lease_id, self.lease)
        self.assertEqual(october.payment_state, "paid")
        self.assertEqual(self.lease.balance_due, -650.0, "650.00 paid in advance")
        self.assertEqual(self._receivable_balance(self.tenant), -650.0)
        self.assertEqual(self.tenant.svk_balance_due, -650.0)
        # the next month's invoice is settled from the advance as it is posted
        self._run("2026-11-01")
        november = self._documents(lease_id=self.lease.id, kind="tenant", period=date(2026, 11, 1))
        self.assertEqual(november.payment_state, "paid")
        self.env.invalidate_all()
        self.assertEqual(self.lease.balance_due, 0.0)
        self.assertEqual(self._receivable_balance(self.tenant), 0.0)
        self.assertEqual(self._suspense_balance(), 0.0)

    def test_a_payment_without_communication_never_goes_to_a_namesake(self):
        self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        namesake_invoice = self._documents(lease_id=self.lease_namesake.id, kind="tenant")
        lines = self._import(
            [
                # free text, unknown bank account, the name of two tenants
                (650.0, None, "loyer novembre", STRANGER_IBAN, "YONAS TESFAY"),
                # the namesake pays their own rent, with their communication
                (
                    500.0,
                    ogm_digits(self.lease_namesake.payment_reference),
                    "",
                    "BE56091000000088",
                    "TESFAY YONAS",
                ),
            ]
        )
        self.assertFalse(lines[0].is_reconciled)
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(
            lines[0].svk_candidate_lease_ids,
            self.lease | self.lease_namesake,
            "both namesakes are proposed, neither is chosen",
        )
        self.assertTrue(lines[1].is_reconciled)
        self.assertEqual(namesake_invoice.payment_state, "paid")
        self.assertEqual(self._suspense_balance(), -650.0, "what waits is still in suspense")

        # a person applies it to the right lease from the reconciliation screen's
        # candidates: the bank account is remembered
        view = self.env["account.bank.statement.line"].get_views(
            [
                (
                    self.env.ref(
                        "account_reconcile_oca.bank_statement_line_form_reconcile_view"
                    ).id,
                    "form",
                )
            ]
        )
        self.assertIn("action_svk_apply_statement_line", view["views"]["form"]["arch"])
        self.lease.with_user(self.accountant).with_context(
            svk_statement_line_id=lines[0].id
        ).action_svk_apply_statement_line()
        self.assertTrue(lines[0].is_reconciled)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self._suspense_balance(), 0.0)
        self.assertIn(STRANGER_IBAN, self.tenant.bank_ids.mapped("sanitized_acc_number"))
        self.assertIn("remembered", self.tenant.message_ids[:1].body)
        # ...so that next month the same bank account applies itself
        self._run("2026-12-01")
        december = self._documents(lease_id=self.lease.id, kind="tenant", period=date(2026, 12, 1))
        (line,) = self._import(
            [(650.0, None, "loyer decembre", STRANGER_IBAN, "YONAS TESFAY")],
            day=date(2026, 12, 5),
        )
        self.assertTrue(line.is_reconciled)
        self.assertEqual(december.payment_state, "paid")
        self.assertEqual(self._receivable_balance(self.tenant), 0.0)

    def test_a_bank_account_of_two_tenants_applies_nothing(self):
        self._run()
        for partner in (self.tenant, self.namesake):
            self.env["res.partner.bank"].create(
                {"partner_id": partner.id, "acc_number": "BE71 0961 2345 6769"}
            )
        (line,) = self._import([(650.0, None, "loyer", "BE71096123456769", "TESFAY")])
        self.assertFalse(line.is_reconciled)
        self.assertEqual(line.svk_candidate_lease_ids, self.lease | self.lease_namesake)
        self.assertEqual(self.lease.balance_due, 650.0)

    def test_a_bank_account_of_one_tenant_pays_their_rent(self):
        self._run()
        self.env["res.partner.bank"].create(
            {"partner_id": self.tenant_2.id, "acc_number": TENANT_IBAN}
        )
        invoice = self._documents(lease_id=self.lease_cpas.id, kind="tenant")
        (line,) = self._import([(100.0, None, "huur", TENANT_IBAN, "I POPESCU")])
        self.assertTrue(line.is_reconciled)
        self.assertEqual(invoice.amount_residual, invoice.amount_total - 100.0)
        self.assertEqual(self.lease_cpas.balance_due, invoice.amount_total - 100.0 + 75.0)

    def test_a_communication_typed_in_free_text_is_recognised(self):
        self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        text = f"loyer nov {self.lease.payment_reference.strip('+')} merci"
        (line,) = self._import([(650.0, None, text, STRANGER_IBAN, "Y T")])
        self.assertTrue(line.is_reconciled)
        self.assertEqual(invoice.payment_state, "paid")

    def test_unknown_communications_and_outgoing_lines_wait(self):
        self._run()
        lines = self._import(
            [
                (100.0, ogm_digits("+++090/9090/90922+++"), "", STRANGER_IBAN, "SOMEONE"),
                (-25.0, None, "frais bancaires", STRANGER_IBAN, "BANK"),
            ]
        )
        self.assertFalse(any(lines.mapped("is_reconciled")))
        self.assertFalse(lines[0].svk_candidate_lease_ids)
        with self.assertRaises(UserError):
            lines[1].with_user(self.accountant).action_svk_apply_lease(self.lease.id)
        self.assertEqual(self.lease.balance_due, 650.0)

    def test_a_tenant_whose_receivable_account_changed_is_still_paid(self):
        self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        new_account = self.env["account.account"].create(
            {
                "code": "400777",
                "name": "Tenants (new)",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        self.tenant.property_account_receivable_id = new_account
        lines = self._import(
            [
                (650.0, ogm_digits(self.lease.payment_reference), "", TENANT_IBAN, "Y TESFAY"),
                (75.0, ogm_digits(self.lease_cpas.third_payer_payment_reference), "", "", "CPAS"),
            ]
        )
        self.assertTrue(all(lines.mapped("is_reconciled")))
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self._receivable_balance(self.tenant), 0.0)
        self.assertEqual(self._suspense_balance(), 0.0)

    def test_a_payer_of_several_leases_applies_only_what_it_names(self):
        """A CPAS pays the part of two tenants from one bank account, without a
        communication: applied only when the amount is one lease's debt."""
        self.lease.write({"third_payer_id": self.cpas.id, "third_payer_amount": 100.0})
        self._run()
        self.env["res.partner.bank"].create(
            {"partner_id": self.cpas.id, "acc_number": "BE56091000000088"}
        )
        cpas_cpas = self._documents(lease_id=self.lease_cpas.id, kind="third_payer")
        cpas_lease = self._documents(lease_id=self.lease.id, kind="third_payer")
        lines = self._import(
            [
                (33.0, None, "aide loyer", "BE56091000000088", "CPAS MOLENBEEK"),
                (100.0, None, "aide loyer", "BE56091000000088", "CPAS MOLENBEEK"),
            ]
        )
        self.assertFalse(lines[0].is_reconciled, "33.00 is nobody's debt: a person decides")
        self.assertTrue(lines[1].is_reconciled)
        self.assertEqual(cpas_lease.payment_state, "paid")
        self.assertEqual(cpas_cpas.payment_state, "not_paid")
        # a shared account is not remembered on a tenant by a manual match
        lines[0].with_user(self.accountant).action_svk_apply_lease(self.lease.id)
        self.assertNotIn("BE56091000000088", self.tenant.bank_ids.mapped("sanitized_acc_number"))

    def test_the_communication_of_a_lease_left_pays_the_new_one(self):
        old = self.lease
        old.write({"date_end": date(2026, 10, 31)})
        old.action_end()
        self.units[3].state = "available"
        new = self._lease(self.units[3], self.tenant, rent=610.0, date_start="2026-11-01")
        self._run()
        invoice = self._documents(lease_id=new.id, kind="tenant")
        (line,) = self._import(
            [(610.0, ogm_digits(old.payment_reference), "", TENANT_IBAN, "Y TESFAY")]
        )
        self.assertTrue(line.is_reconciled)
        self.assertEqual(invoice.payment_state, "paid")
        self.env.invalidate_all()
        self.assertEqual(old.balance_due, 0.0)
        self.assertEqual(new.balance_due, 0.0)
