from odoo import models


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    def _do_auto_reconcile(self, models):
        """A bank line naming a lease's structured communication pays that lease's open
        invoices, the oldest first, the last one partly if the amount runs out: the
        invoices are added to the line as a user would in the reconciliation screen
        (account_reconcile_oca), then the line is reconciled. What cannot be placed
        entirely (a payment larger than the debt) is left, with its proposal, to the
        accountant."""
        lease_model = models.filtered("svk_lease_matching")[:1]
        amls = lease_model._svk_lease_candidates(self, self.partner_id) if lease_model else None
        if not amls or self.is_reconciled:
            return super()._do_auto_reconcile(models)
        # start from the bank line alone (no proposal), then add the invoices in order
        self.reconcile_data_info = self._default_reconcile_data(from_unreconcile=True)
        remaining = self.amount
        for line in amls["amls"]:
            if self.currency_id.compare_amounts(remaining, 0) <= 0:
                break
            self._add_account_move_line(line)
            remaining -= line.amount_residual
        if self.can_reconcile:
            self.reconcile_bank_line()
        return None
