from odoo import SUPERUSER_ID, models
from odoo.exceptions import AccessError

from odoo.addons.base.models.res_bank import sanitize_account_number

from .svk_owner_contract import RUNNING_STATES

# what says where the money goes: the number and the holder of the account
PAYOUT_FIELDS = ("acc_number", "partner_id", "acc_holder_name")


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def write(self, vals):
        changed = self._svk_payout_changed_by(vals)
        if not changed:
            return super().write(vals)
        documents = changed._svk_running_documents()
        if not documents:
            return super().write(vals)
        names = sorted({doc.display_name for docs in documents.values() for doc in docs})
        if not self.env["svk.owner.contract"]._svk_is_manager():
            raise AccessError(
                self.env._(
                    "Bank account %(account)s is used by running owner contracts or leases "
                    "(%(documents)s): only an SVK manager may change its number or holder.",
                    account=", ".join(changed.mapped("acc_number")),
                    documents=", ".join(names),
                )
            )
        before = {account: account._svk_payout_text() for account in changed}
        # an account changed since it was trusted waits for a manager to trust it again
        # (Odoo refuses to change the number of a trusted account anyway). Untrusting is
        # the safe direction: made whatever the user's accounting groups.
        trusted = changed.filtered(
            lambda account: account in documents and account.allow_out_payment
        )
        if trusted:
            super(ResPartnerBank, trusted.with_user(SUPERUSER_ID)).write(
                {"allow_out_payment": False}
            )
        result = super().write(vals)
        for account in documents:
            body = self.env._(
                "Bank account changed by %(user)s: %(old)s became %(new)s. It waits for an "
                "SVK manager to trust it again before owners' payment orders pay it.",
                user=self.env.user.name,
                old=before[account],
                new=account._svk_payout_text(),
            )
            # logged on the documents whatever the user may read of them: the change is
            # the agency's to follow
            for document in documents.get(account, ()):
                document.sudo().message_post(body=body)
        return result

    def _svk_payout_changed_by(self, vals):
        """The accounts whose number or holder `vals` really changes."""
        fields = [name for name in PAYOUT_FIELDS if name in vals]
        if not fields:
            return self.browse()

        def value(name, current):
            if name == "acc_number":
                return sanitize_account_number(current or "")
            if name == "partner_id":
                return current.id if isinstance(current, models.BaseModel) else current or False
            return current or False

        return self.filtered(
            lambda account: any(
                value(name, account[name]) != value(name, vals[name]) for name in fields
            )
        )

    def _svk_running_documents(self):
        """{account: running owner contracts paid on it, and running leases whose tenant
        pays by a valid SEPA mandate on it}, read whatever the user's rights."""
        result = {}
        contracts = (
            self.env["svk.owner.contract"]
            .sudo()
            .search([("bank_account_id", "in", self.ids), ("state", "in", RUNNING_STATES)])
        )
        for contract in contracts:
            result.setdefault(contract.bank_account_id, []).append(contract)
        mandates = (
            self.env["account.banking.mandate"]
            .sudo()
            .search([("partner_bank_id", "in", self.ids), ("state", "=", "valid")])
        )
        if mandates:
            leases = (
                self.env["svk.lease"]
                .sudo()
                .search(
                    [
                        (
                            "tenant_id.commercial_partner_id",
                            "in",
                            mandates.partner_id.commercial_partner_id.ids,
                        ),
                        ("state", "in", ("active", "notice")),
                    ]
                )
            )
            for mandate in mandates:
                payer = mandate.partner_id.commercial_partner_id
                for lease in leases:
                    if lease.tenant_id.commercial_partner_id == payer:
                        result.setdefault(mandate.partner_bank_id, []).append(lease)
        return {
            account.with_env(self.env): [doc.with_env(self.env) for doc in docs]
            for account, docs in result.items()
        }

    def _svk_payout_text(self):
        self.ensure_one()
        return self.env._(
            "%(number)s (%(holder)s)",
            number=self.acc_number,
            holder=self.acc_holder_name or self.partner_id.display_name,
        )
