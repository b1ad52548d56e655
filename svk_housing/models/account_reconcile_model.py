from odoo import fields, models


class AccountReconcileModel(models.Model):
    _inherit = "account.reconcile.model"

    svk_lease_matching = fields.Boolean(
        string="Match lease structured communications",
        help="A bank line whose communication is a lease's structured communication pays "
        "that lease's open invoices, the oldest first (the tenant's, or its third "
        "payer's), whoever the payer's bank account belongs to.",
    )

    def _get_invoice_matching_rules_map(self):
        rules = super()._get_invoice_matching_rules_map()
        if self.svk_lease_matching:
            rules[5].append(self._svk_lease_candidates)
        return rules

    def _svk_lease_candidates(self, st_line, partner):
        lease, third_payer_lease = self.env["svk.lease"]._find_by_communication(
            st_line.payment_ref, st_line.company_id
        )
        leases, kind = (lease, "tenant") if lease else (third_payer_lease, "third_payer")
        if not leases or st_line.amount <= 0:
            return None
        amls = (
            self.env["account.move.line"]
            ._svk_open_receivables(leases)
            .filtered(lambda line: line.move_id.svk_kind == kind)
        )
        if not amls:
            return None
        return {"amls": amls, "allow_auto_reconcile": True}
