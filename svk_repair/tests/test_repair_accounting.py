from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SvkRepairCase


@tagged("post_install", "-at_install")
class TestRepairAccounting(SvkRepairCase):
    """Who pays, on the accounts: the contractor's bill is the agency's expense on the
    unit's site; the tenant's damage is an invoice on their lease, paid and reminded like
    the rent; the owner's repair comes off their next bill (mandate) or is invoiced to
    them (main lease)."""

    def _close(self, request, payer, amount=None):
        as_manager = request.with_user(self.svk_manager)
        as_manager.payer = payer
        if amount is not None:
            as_manager.charge_amount = amount
        as_manager.action_close()
        return request

    def test_agency_pays(self):
        request = self._repaired(self._request(category="heating"))
        self._close(request, "agency")
        self.assertEqual(request.state, "closed")
        self.assertEqual(self._balance(self.expense, partner_id=self.contractor.id), 300.0)
        self.assertEqual(self._balance(self.recharge), 0.0)
        self.assertFalse(request.charge_move_ids)
        # the bill is on the unit's site: the building's figures see it
        line = request.bill_ids.invoice_line_ids
        self.assertEqual(line.analytic_distribution, self.units[0]._analytic_distribution())
        self.assertTrue(line.analytic_distribution)
        self.assertEqual(line.svk_unit_id, self.units[0])

    def test_tenant_pays_on_the_lease(self):
        request = self._repaired(self._request(category="lock"))
        self._close(request, "tenant", 300.0)
        invoice = request.charge_move_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.tenant)
        self.assertEqual(invoice.svk_lease_id, self.lease)
        self.assertEqual(invoice.svk_kind, "repair")
        self.assertEqual(invoice.payment_reference, self.lease.payment_reference)
        receivable = self.tenant.property_account_receivable_id
        self.assertEqual(self._balance(receivable, partner_id=self.tenant.id), 300.0)
        self.assertEqual(self._balance(self.recharge), -300.0)
        # the agency's net cost of the repair is nothing
        self.assertEqual(self._balance(self.expense) + self._balance(self.recharge), 0.0)
        # what the tenant owes, like the rent: arrears, bank rules, payment plans
        self.assertIn("repair", self.env["account.move"]._svk_tenant_kinds())
        self.assertIn(
            invoice.line_ids.filtered(lambda line: line.account_id == receivable),
            self.env["account.move.line"]._svk_open_receivables(self.lease),
        )
        self.lease.invalidate_recordset()
        self.assertEqual(self.lease.balance_due, 300.0)
        # on the unit's site too
        income = invoice.invoice_line_ids
        self.assertEqual(income.analytic_distribution, self.units[0]._analytic_distribution())

    def test_owner_pays_from_the_next_bill_under_a_mandate(self):
        request = self._repaired(self._request(category="leak"))
        self._close(request, "owner", 300.0)
        self.assertEqual(request.owner_contract_id, self.mandate)
        self.assertFalse(request.charge_move_ids)
        self.assertEqual(request.deducted_amount, 0.0)
        self._run("2026-12-01")
        bill = self._documents(owner_contract_id=self.mandate.id, period="2026-12-01")
        self.assertEqual(bill.state, "posted")
        deduction = bill.invoice_line_ids.filtered("svk_repair_id")
        self.assertEqual(deduction.svk_repair_id, request)
        self.assertEqual(deduction.price_subtotal, -300.0)
        # guaranteed 650 + 500, less the repair
        self.assertEqual(bill.amount_total, 850.0)
        payable = self.owner.property_account_payable_id
        self.assertEqual(self._balance(payable, partner_id=self.owner.id, move_id=bill.id), -850.0)
        self.assertEqual(self._balance(self.recharge), -300.0)
        self.assertEqual(self._balance(self.expense) + self._balance(self.recharge), 0.0)
        request.invalidate_recordset()
        self.assertEqual(request.deducted_amount, 300.0)
        # January's bill has nothing left to deduct
        self._run("2027-01-01")
        january = self._documents(owner_contract_id=self.mandate.id, period="2027-01-01")
        self.assertFalse(january.invoice_line_ids.filtered("svk_repair_id"))
        self.assertEqual(january.amount_total, 1150.0)

    def test_owner_deduction_larger_than_a_bill_waits_for_the_next(self):
        request = self._repaired(self._request(category="water"), amount=1500.0)
        self._close(request, "owner")
        self.assertEqual(request.charge_amount, 1500.0)  # the bills' total by default
        self._run("2026-12-01")
        december = self._documents(owner_contract_id=self.mandate.id, period="2026-12-01")
        self.assertEqual(december.amount_total, 0.0)
        self._run("2027-01-01")
        january = self._documents(owner_contract_id=self.mandate.id, period="2027-01-01")
        self.assertEqual(january.amount_total, 1150.0 - 350.0)
        request.invalidate_recordset()
        self.assertEqual(request.deducted_amount, 1500.0)
        self.assertEqual(self._balance(self.recharge), -1500.0)
        # a cancelled bill gives its deduction back to the next one
        january.button_draft()
        january.button_cancel()
        request.invalidate_recordset()
        self.assertEqual(request.deducted_amount, 1150.0)

    def test_owner_pays_an_invoice_under_a_main_lease(self):
        request = self._repaired(self._request(lease=self.lease_cpas, category="electricity"))
        self._close(request, "owner", 200.0)
        invoice = request.charge_move_ids
        self.assertEqual(request.owner_contract_id, self.main_lease)
        self.assertEqual(invoice.partner_id, self.owner_b)
        self.assertFalse(invoice.svk_lease_id)  # not the tenant's debt
        receivable = self.owner_b.property_account_receivable_id
        self.assertEqual(self._balance(receivable, partner_id=self.owner_b.id), 200.0)
        self.assertEqual(self._balance(self.recharge), -200.0)
        self.assertEqual(self._balance(self.expense), 300.0)

    def test_closing_is_a_managers_decision_on_a_repaired_request(self):
        request = self._request(category="pests")
        request.payer = "agency"
        with self.assertRaisesRegex(UserError, "must be repaired"):
            request.with_user(self.svk_manager).action_close()
        self._repaired(request, amount=0.0)
        with self.assertRaises(AccessError):
            request.with_user(self.svk_user).action_close()
        request.payer = "tenant"
        request.charge_amount = 0.0
        with self.assertRaisesRegex(UserError, "enter the amount"):
            request.with_user(self.svk_manager).action_close()
        self.assertEqual(request.state, "done")
        self.assertFalse(request.charge_move_ids)

    def test_tenant_cannot_pay_without_a_lease(self):
        request = self.env["svk.repair.request"].create(
            {"unit_id": self.units[1].id, "description": "Broken window in the hall"}
        )
        self._repaired(request)
        with self.assertRaisesRegex(UserError, "has no lease"):
            self._close(request, "tenant", 100.0)
        self.assertEqual(self._balance(self.recharge), 0.0)

    def test_state_follows_the_buttons(self):
        request = self._request()
        for user in (self.svk_user, self.svk_manager):
            with self.assertRaises(AccessError):
                request.with_user(user).write({"state": "closed"})
        self.assertEqual(request.state, "new")

    def test_a_bill_of_a_month_before_the_closing_deducts_nothing(self):
        request = self._repaired(self._request(category="leak"))
        self._close(request, "owner", 300.0)
        self._run("2026-11-01")
        november = self._documents(owner_contract_id=self.mandate.id, period="2026-11-01")
        self.assertFalse(november.invoice_line_ids.filtered("svk_repair_id"))
        self.assertEqual(november.amount_total, 1150.0)
