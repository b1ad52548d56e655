from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import SvkRentCase


class RunningDocumentsCase(SvkRentCase):
    """A running lease with a third payer, and a running payment plan on another lease."""

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
        cls.plan = cls.plan.with_env(cls.env)

    def _flush_tracking(self):
        """Track from here on, as in a later transaction (what was created in this one
        is not tracked)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _tracked(self, record, fname):
        """(old, new) of the last change of `fname` in the chatter of `record`."""
        self._flush_tracking()
        values = record.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == fname
        )
        self.assertTrue(values, f"{fname} is tracked")
        shown = values.sorted("id")[-1]._tracking_value_format()[0]
        return shown["oldValue"]["value"], shown["newValue"]["value"]


class TestRunningLease(RunningDocumentsCase):
    def test_user_cannot_change_a_running_leases_money(self):
        lease = self.lease_cpas.with_user(self.svk_user)
        before = {
            fname: self.lease_cpas[fname]
            for fname in ("rent", "third_payer_amount", "payment_reference", "state")
        }
        refused = {
            "rent": {"rent": 500.0},
            "third payer's part": {"third_payer_amount": 50.0},
            "communication": {"payment_reference": "+++000/0000/09797+++"},
            "third payer's communication": {
                "third_payer_payment_reference": "+++000/0000/09797+++"
            },
            "state back to draft": {"state": "draft"},
            "state ended without the button": {"state": "ended"},
        }
        for change, vals in refused.items():
            with self.subTest(change=change), self.assertRaises(AccessError):
                lease.write(vals)
        self.lease_cpas.invalidate_recordset()
        self.assertEqual(
            {fname: self.lease_cpas[fname] for fname in before}, before, "nothing was written"
        )
        # the same values again, and what is not money, stay open
        lease.write({"rent": 700.0, "state": "active", "charges_amount": 45.0})
        self.assertEqual(self.lease_cpas.charges_amount, 45.0)

    def test_user_cannot_create_a_running_lease(self):
        with self.assertRaises(AccessError):
            self.env["svk.lease"].with_user(self.svk_user).create(
                {
                    "unit_id": self.units[1].id,
                    "tenant_id": self.tenant_2.id,
                    "date_start": "2026-01-01",
                    "rent": 1.0,
                    "state": "active",
                }
            )

    def test_user_drafts_and_moves_a_lease_through_its_buttons(self):
        self.lease.date_end = "2026-12-31"
        lease = self.lease.with_user(self.svk_user)
        lease.action_give_notice()
        lease.action_end()
        self.assertEqual(self.lease.state, "ended")
        draft = (
            self.env["svk.lease"]
            .with_user(self.svk_user)
            .create(
                {
                    "unit_id": self.units[1].id,
                    "tenant_id": self.tenant_2.id,
                    "date_start": "2027-01-01",
                    "rent": 500.0,
                }
            )
        )
        draft.rent = 520.0
        draft.third_payer_id = self.cpas
        draft.action_activate()
        self.assertEqual((draft.state, draft.rent), ("active", 520.0))
        # a third payer named on a running lease gets its communication
        self.lease_cpas.third_payer_payment_reference = False
        self.lease_cpas.with_user(self.svk_user).third_payer_id = self.cpas
        self.assertTrue(self.lease_cpas.third_payer_payment_reference)

    def test_the_form_shows_a_running_leases_money_read_only_to_staff(self):
        form = Form(self.lease_cpas.with_user(self.svk_user))
        for fname in ("rent", "third_payer_amount"):
            with self.subTest(field=fname), self.assertRaises(AssertionError):
                setattr(form, fname, 1.0)
        form.charges_amount = 45.0  # what is not money stays open
        form.save()
        form = Form(self.lease_cpas.with_user(self.svk_manager))
        form.rent = 710.0
        form.save()
        self.assertEqual((self.lease_cpas.rent, self.lease_cpas.charges_amount), (710.0, 45.0))

    def test_manager_changes_a_running_leases_money_tracked(self):
        self._flush_tracking()
        lease = self.lease_cpas.with_user(self.svk_manager).with_context(tracking_disable=False)
        lease.write({"rent": 720.0, "third_payer_amount": 160.0})
        lease.payment_reference = "+++000/0000/09797+++"
        self.assertEqual(self._tracked(lease, "rent"), (700.0, 720.0))
        self.assertEqual(self._tracked(lease, "third_payer_amount"), (150.0, 160.0))
        self.assertEqual(self._tracked(lease, "payment_reference")[1], "+++000/0000/09797+++")
        # the state is its buttons' even for a manager
        with self.assertRaises(AccessError):
            lease.state = "draft"


class TestRunningPaymentPlan(RunningDocumentsCase):
    def test_user_cannot_change_a_running_plans_grace_or_state(self):
        plan = self.plan.with_user(self.svk_user)
        for state in ("active", "broken"):
            self.plan.state = state
            refused = {
                "grace days": {"grace_days": 365},
                "debt": {"debt_amount": 0.0},
                "state done": {"state": "done"},
                "state cancelled without the button": {"state": "cancelled"},
                "state": {"state": "broken" if state == "active" else "active"},
            }
            for change, vals in refused.items():
                with self.subTest(state=state, change=change), self.assertRaises(AccessError):
                    plan.write(vals)
        self.plan.invalidate_recordset()
        self.assertEqual((self.plan.state, self.plan.debt_amount), ("broken", 600.0))
        self.assertEqual(self.plan.grace_days, self.company.svk_payment_plan_grace_days)

    def test_user_moves_a_plan_through_its_buttons(self):
        plan = self.plan.with_user(self.svk_user)
        self.plan.state = "broken"
        plan.action_reactivate()
        self.assertEqual(self.plan.state, "active")
        with freeze_time("2026-12-20"):
            plan.action_check()  # the lease owes nothing: paid off
        self.assertEqual(self.plan.state, "done")
        self.plan.state = "active"
        plan.action_cancel()
        self.assertEqual(self.plan.state, "cancelled")

    def test_the_form_shows_a_running_plans_grace_read_only_to_staff(self):
        with self.assertRaises(AssertionError):
            Form(self.plan.with_user(self.svk_user)).grace_days = 99
        form = Form(self.plan.with_user(self.svk_manager))
        form.grace_days = 20
        form.save()
        self.assertEqual(self.plan.grace_days, 20)

    def test_manager_changes_grace_days_tracked(self):
        self._flush_tracking()
        plan = self.plan.with_user(self.svk_manager).with_context(tracking_disable=False)
        grace = plan.grace_days
        plan.grace_days = grace + 10
        self.assertEqual(self._tracked(plan, "grace_days"), (grace, grace + 10))


@tagged("post_install", "-at_install")
class TestRunningDocumentsRpc(RunningDocumentsCase, HttpCase):
    """Through JSON-RPC, as a script would, with context keys a client sets."""

    def _call(self, model, method, args, context=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {"context": context or {}},
            },
        )

    def test_user_cannot_change_a_running_lease_or_plan_over_rpc(self):
        self.authenticate(self.svk_user.login, self.svk_user.login)
        attempts = [
            ("svk.lease", self.lease_cpas, {"rent": 200.0}, {"svk_indexation": True}),
            ("svk.lease", self.lease_cpas, {"third_payer_amount": 0.0}, {}),
            ("svk.lease", self.lease_cpas, {"state": "ended"}, {"svk_charges_action": True}),
            ("svk.payment.plan", self.plan, {"grace_days": 999}, {}),
            ("svk.payment.plan", self.plan, {"state": "done"}, {"svk_charges_action": True}),
        ]
        for model, record, vals, context in attempts:
            with self.subTest(model=model, vals=vals), self.assertRaises(JsonRpcException) as c:
                self._call(model, "write", [record.ids, vals], context)
            self.assertEqual(c.exception.args[0], "odoo.exceptions.AccessError")
        self.assertEqual((self.lease_cpas.rent, self.lease_cpas.state), (700.0, "active"))
        self.assertEqual(self.plan.state, "active")

    def test_a_unit_added_to_a_running_contract_is_told_whatever_the_context(self):
        self.authenticate(self.svk_manager.login, self.svk_manager.login)
        before = len(self.mandate.message_ids)
        self._call(
            "svk.owner.contract.line",
            "create",
            [[{"contract_id": self.mandate.id, "unit_id": self.units[3].id, "owner_rent": 1.0}]],
            {"svk_owner_contract_create": True},
        )
        self.mandate.invalidate_recordset()
        self.assertEqual(len(self.mandate.message_ids), before + 1)
        self.assertIn(self.units[3].name, self.mandate.message_ids[0].body)
