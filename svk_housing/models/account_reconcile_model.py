from odoo import api, fields, models


class AccountReconcileModel(models.Model):
    _inherit = "account.reconcile.model"

    svk_lease_matching = fields.Boolean(
        string="Match lease structured communications",
        help="Rent rules, applied before every other model: a bank line naming a lease's "
        "structured communication pays that lease's open invoices, the oldest first, the "
        "rest staying on the lease as a payment in advance; a line without one is applied "
        "only when the payer's bank account belongs to exactly one tenant (or third "
        "payer). Other models then never apply rent documents on their own: a namesake "
        "is never paid for someone else.",
    )

    @api.model
    def _svk_lease_model(self, company, auto=True):
        """The company's active rent-rules model (that applies payments by itself, with
        `auto`), if any."""
        domain = [("company_id", "=", company.id), ("svk_lease_matching", "=", True)]
        if auto:
            domain.append(("auto_reconcile", "=", True))
        return self.search(domain, limit=1)

    def _get_invoice_matching_amls_domain(self, st_line, partner):
        domain = super()._get_invoice_matching_amls_domain(st_line, partner)
        if self._svk_lease_model(st_line.company_id, auto=False):
            # rent documents are the rent rules' business (and a person's, in the
            # reconciliation screen), never a guess by name or amount
            domain = [*domain, ("svk_lease_id", "=", False)]
        return domain

    def _get_invoice_matching_rules_map(self):
        if self.svk_lease_matching:
            # the rent rules apply in batch to a whole statement, before every model
            # (account.bank.statement.line._svk_match_rent): nothing to do line by line
            return {}
        return super()._get_invoice_matching_rules_map()
