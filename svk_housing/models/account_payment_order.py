from odoo import models
from odoo.exceptions import UserError


class AccountPaymentOrder(models.Model):
    _inherit = "account.payment.order"

    def draft2open(self):
        self._svk_check_trusted_accounts(self.payment_line_ids)
        return super().draft2open()

    def generate_payment_file(self):
        # the account may have changed between the confirmation and the file
        self._svk_check_trusted_accounts(self.payment_line_ids)
        return super().generate_payment_file()

    def _svk_check_trusted_accounts(self, payment_lines):
        """Owners are paid on trusted accounts only (Odoo's `allow_out_payment`): an
        account a manager has not trusted, or changed since, waits for a manager."""
        owner_lines = payment_lines.filtered(
            lambda line: (
                line.order_id.payment_type == "outbound"
                and (
                    line.move_line_id.move_id.svk_kind == "owner"
                    or (
                        line.order_id.payment_mode_id
                        and line.order_id.payment_mode_id
                        == line.order_id.company_id.svk_owner_payment_mode_id
                    )
                )
            )
        )
        # trust is read whatever the user may read of bank accounts and bills
        untrusted = owner_lines.sudo().filtered(
            lambda line: not line.partner_bank_id.allow_out_payment
        )
        if untrusted:
            raise UserError(
                self.env._(
                    "Owners are paid on trusted bank accounts only. Not trusted: %(accounts)s. "
                    "An SVK manager trusts the account on the owner contract (Trust the "
                    "bank account), then the order can go on.",
                    accounts=", ".join(
                        f"{line.partner_id.display_name} ({line.partner_bank_id.acc_number or '-'})"
                        for line in untrusted
                    ),
                )
            )
