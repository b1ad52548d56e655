from odoo.fields import Command

from odoo.addons.svk_housing.tests.common import SvkRentCase


class SvkRepairCase(SvkRentCase):
    """The rent cycle's small agency (a mandate on units 0 and 1, a main lease on unit
    2, a lease on units 0 and 2), a technical team member and a plumbing contractor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.invalidate_recordset()
        cls.expense = cls.company.svk_repair_expense_account_id
        cls.recharge = cls.company.svk_repair_recharge_account_id
        cls.technician = cls.env["res.users"].create(
            {
                "name": "Tom Technician",
                "login": "svk_technician",
                "groups_id": [Command.set(cls.env.ref("svk_housing.group_svk_user").ids)],
            }
        )
        cls.company.svk_repair_user_id = cls.technician
        cls.contractor = cls.env["res.partner"].create(
            {"name": "Plomberie Saint-Gilles SRL", "is_company": True}
        )

    def _request(self, lease=None, user=None, **vals):
        lease = lease or self.lease
        Request = self.env["svk.repair.request"].with_user(user or self.svk_user)
        request = Request.create(
            {"lease_id": lease.id, "description": "The boiler is cold.", **vals}
        )
        return request.with_env(self.env)

    def _bill(self, request, amount, post=True):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.contractor.id,
                "invoice_date": "2026-11-20",
                "svk_repair_id": request.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Boiler repair",
                            "quantity": 1,
                            "price_unit": amount,
                            "account_id": self.expense.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            bill.action_post()
        return bill

    def _repaired(self, request, amount=300.0):
        request.technician_id = self.technician
        request.action_assign()
        if amount:
            self._bill(request, amount)
        request.action_done()
        return request

    def _balance(self, account, **domain):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("parent_state", "=", "posted"),
                *[(key, "=", value) for key, value in domain.items()],
            ]
        )
        return sum(lines.mapped("balance"))
