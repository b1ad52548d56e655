from odoo.tests import Form, new_test_user, tagged

from .common import SvkRentCase


@tagged("post_install", "-at_install")
class TestReconcileAccess(SvkRentCase):
    """An accountant who is not agency staff reconciles a tenant's payment by hand in
    the OCA reconciliation screen: the suite's bookkeeping of who pays from which account
    must not need the leases' access rights."""

    def test_an_accountant_without_agency_rights_reconciles_by_hand(self):
        bookkeeper = new_test_user(
            self.env,
            login="outside_bookkeeper",
            groups="account.group_account_user,account.group_account_invoice",
        )
        self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        line = (
            self.env["account.bank.statement.line"]
            .with_context(_test_account_reconcile_oca=True)
            .create(
                {
                    "journal_id": self.bank_journal.id,
                    "date": "2026-11-20",
                    "amount": invoice.amount_total,
                    "payment_ref": "virement",
                    "partner_id": self.tenant.id,
                }
            )
        )
        self.assertFalse(line.is_reconciled)
        receivable = invoice.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        )
        line = line.with_user(bookkeeper)
        with Form(
            line, view="account_reconcile_oca.bank_statement_line_form_reconcile_view"
        ) as form:
            form.add_account_move_line_id = receivable.with_user(bookkeeper)
            self.assertTrue(form.can_reconcile)
        line.reconcile_bank_line()
        self.assertEqual(invoice.payment_state, "paid")
