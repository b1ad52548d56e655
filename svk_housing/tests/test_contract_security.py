from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command

from .common import SvkHousingCase, SvkRentCase


class TestOwnerContractSecurity(SvkHousingCase):
    """A running contract pays the owner: its bank account, units and guaranteed rents are
    changed by a manager only, and every change is told in the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_unit = cls.env["svk.unit"].create({"name": "3.1", "building_id": cls.building.id})
        cls.other_bank = cls.env["res.partner.bank"].create(
            {"partner_id": cls.owner.id, "acc_number": "BE43068999999501"}
        )
        cls.contract = cls._contract(units=cls.units[:2])
        cls.contract.with_user(cls.svk_manager).action_activate()

    def _messages(self, contract):
        return contract.message_ids.filtered("body").mapped("body")

    def _assert_unchanged(self, contract):
        contract.invalidate_recordset()
        self.assertEqual(contract.bank_account_id, self.owner_bank)
        self.assertEqual(contract.line_ids.unit_id, self.units[:2])
        self.assertEqual(contract.line_ids.mapped("owner_rent"), [700.0, 700.0])
        self.assertEqual(contract.state, "active")
        self.assertFalse(self._messages(contract))

    def test_user_cannot_change_a_running_contract(self):
        contract = self.contract.with_user(self.svk_user)
        line = contract.line_ids[0]
        refused = {
            "bank account": lambda: contract.write({"bank_account_id": self.other_bank.id}),
            "rent": lambda: line.write({"owner_rent": 900.0}),
            "rent through the contract": lambda: contract.write(
                {"line_ids": [Command.update(line.id, {"owner_rent": 900.0})]}
            ),
            "unit": lambda: line.write({"unit_id": self.new_unit.id}),
            "unit added": lambda: contract.write(
                {"line_ids": [Command.create({"unit_id": self.new_unit.id, "owner_rent": 500})]}
            ),
            "unit added as a line": lambda: (
                self.env["svk.owner.contract.line"]
                .with_user(self.svk_user)
                .create({"contract_id": contract.id, "unit_id": self.new_unit.id})
            ),
            "unit removed": lambda: contract.write({"line_ids": [Command.delete(line.id)]}),
            "line deleted": line.unlink,
            "back to draft": lambda: contract.write({"state": "draft"}),
        }
        for change, attempt in refused.items():
            with self.subTest(change=change), self.assertRaises(AccessError) as caught:
                attempt()
            self.assertIn(self.contract.name, str(caught.exception))
        self._assert_unchanged(self.contract)
        self.assertIn("SVK manager", str(caught.exception))

    def test_user_keeps_editing_what_is_not_locked(self):
        contract = self.contract.with_user(self.svk_user)
        # the same values again, and fields outside the lock, are fine
        contract.write(
            {
                "bank_account_id": self.owner_bank.id,
                "payment_day": 5,
                "line_ids": [Command.update(contract.line_ids[0].id, {"owner_rent": 700.0})],
            }
        )
        self.assertEqual(contract.payment_day, 5)
        self._assert_unchanged(self.contract)

    def test_user_cannot_create_a_running_contract(self):
        with self.assertRaises(AccessError):
            self.env["svk.owner.contract"].with_user(self.svk_user).create(
                {"owner_id": self.owner.id, "state": "active"}
            )

    def test_user_edits_a_draft_freely(self):
        draft = self._contract(units=self.units[2:3]).with_user(self.svk_user)
        draft.write(
            {
                "bank_account_id": self.other_bank.id,
                "line_ids": [
                    Command.update(draft.line_ids.id, {"owner_rent": 650.0}),
                    Command.create({"unit_id": self.new_unit.id, "owner_rent": 500.0}),
                ],
            }
        )
        draft.line_ids[0].unlink()
        self.assertEqual(draft.bank_account_id, self.other_bank)
        self.assertEqual(draft.line_ids.unit_id, self.new_unit)
        self.assertFalse(self._messages(draft), "a draft's units are not reported")

    def test_manager_changes_are_told_in_the_chatter(self):
        contract = self.contract.with_user(self.svk_manager).with_context(tracking_disable=False)
        first, second = contract.line_ids
        first.owner_rent = 750.0
        self.assertIn(
            f"Guaranteed rent of unit {first.unit_id.display_name} changed from",
            self._messages(contract)[0],
        )
        self.assertIn("700.00", self._messages(contract)[0])
        self.assertIn("750.00", self._messages(contract)[0])

        contract.write(
            {
                "line_ids": [
                    Command.delete(second.id),
                    Command.create({"unit_id": self.new_unit.id, "owner_rent": 500.0}),
                ]
            }
        )
        bodies = " ".join(self._messages(contract))
        self.assertIn(f"Unit {self.units[1].display_name} removed", bodies)
        self.assertIn(f"Unit {self.new_unit.display_name} added, guaranteed rent", bodies)
        first.unit_id = self.units[3]
        self.assertIn(
            f"Unit {self.units[0].display_name} replaced by unit {self.units[3].display_name}",
            self._messages(contract)[0],
        )
        self.assertEqual(contract.line_ids.unit_id, self.units[3] | self.new_unit)
        self.assertEqual(contract.owner_rent_total, 1250.0)

        self.env.cr.flush()  # ends the transaction that created the contract: tracked now
        contract.bank_account_id = self.other_bank
        self.env.cr.flush()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "svk.owner.contract"),
                ("mail_message_id.res_id", "=", contract.id),
                ("field_id.name", "=", "bank_account_id"),
            ]
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.new_value_char, self.other_bank.display_name)

    def test_manager_gets_the_unit_lock_too(self):
        """Changing the unit of a running line must not let a unit run twice."""
        other = self._contract(units=self.units[2:3])
        other.with_user(self.svk_manager).action_activate()
        with self.assertRaises(ValidationError):
            other.line_ids.with_user(self.svk_manager).unit_id = self.units[0]
        self.assertEqual(other.line_ids.unit_id, self.units[2])


class TestPaymentPlanSecurity(SvkRentCase):
    """A running plan's schedule was agreed with the tenant: a manager changes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = (
            cls.env["svk.payment.plan"]
            .with_user(cls.svk_user)
            .create(
                {
                    "lease_id": cls.lease.id,
                    "debt_amount": 600.0,
                    "instalment_amount": 200.0,
                    "date_start": "2026-10-20",
                    "first_due_date": "2026-11-01",
                }
            )
        )
        cls.plan.action_confirm()

    def _messages(self, plan):
        return plan.message_ids.filtered("body").mapped("body")

    def _assert_schedule_unchanged(self):
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.line_ids.mapped("amount"), [200.0] * 3)
        self.assertEqual(
            [str(d) for d in self.plan.line_ids.mapped("date")],
            ["2026-11-01", "2026-12-01", "2027-01-01"],
        )
        self.assertFalse(self._messages(self.plan))

    def test_user_cannot_change_a_running_schedule(self):
        plan = self.plan.with_user(self.svk_user)
        line = plan.line_ids[0]
        refused = {
            "amount": lambda: line.write({"amount": 100.0}),
            "date": lambda: line.write({"date": "2027-02-01"}),
            "deleted": line.unlink,
            "deleted through the plan": lambda: plan.write({"line_ids": [Command.delete(line.id)]}),
            "added": lambda: plan.write(
                {"line_ids": [Command.create({"date": "2027-02-01", "amount": 50.0})]}
            ),
            "back to draft": lambda: plan.write({"state": "draft"}),
        }
        for state in ("active", "broken"):
            self.plan.sudo().state = state
            for change, attempt in refused.items():
                with self.subTest(state=state, change=change), self.assertRaises(AccessError) as c:
                    attempt()
                self.assertIn(self.plan.name, str(c.exception))
            self._assert_schedule_unchanged()

    def test_user_edits_a_draft_schedule(self):
        self.plan.sudo().state = "cancelled"
        draft = (
            self.env["svk.payment.plan"]
            .with_user(self.svk_user)
            .create({"lease_id": self.lease.id, "debt_amount": 300.0, "instalment_amount": 100.0})
        )
        draft.action_compute_schedule()
        draft.line_ids[0].amount = 150.0
        draft.line_ids[-1].unlink()
        self.assertEqual(draft.line_ids.mapped("amount"), [150.0, 100.0])
        self.assertFalse(self._messages(draft))

    def test_manager_changes_are_told_in_the_chatter(self):
        plan = self.plan.with_user(self.svk_manager)
        first, second, third = plan.line_ids
        first.write({"amount": 100.0, "date": "2026-11-15"})
        self.assertIn("200.00", self._messages(plan)[0])
        self.assertIn("100.00", self._messages(plan)[0])
        self.assertIn("changed to", self._messages(plan)[0])
        third.unlink()
        self.assertIn("removed", self._messages(plan)[0])
        plan.write({"line_ids": [Command.create({"date": "2027-01-01", "amount": 300.0})]})
        self.assertIn("300.00", self._messages(plan)[0])
        self.assertIn("added", self._messages(plan)[0])
        self.assertEqual(plan.line_ids.mapped("amount"), [100.0, 200.0, 300.0])
        self.assertEqual(len(self._messages(plan)), 3)
        self.assertEqual(second.amount, 200.0)
