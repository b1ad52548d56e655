from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SvkHousingCase

EXPIRY = "svk_housing.mail_activity_type_owner_contract_expiry"


class TestOwnerContract(SvkHousingCase):
    def _expiry_activities(self, contract):
        return contract.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(EXPIRY))

    def test_end_date_follows_duration(self):
        contract = self._contract(duration="9", date_start="2025-03-01")
        self.assertEqual(contract.date_end, date(2034, 2, 28))
        contract.duration = "custom"
        contract.date_end = "2027-06-30"
        self.assertEqual(contract.date_end, date(2027, 6, 30))
        self.assertEqual(contract.unit_count, 4)
        self.assertEqual(contract.owner_rent_total, 2800.0)
        self.assertTrue(contract.name.startswith("OC/"))

    def test_full_life_cycle_moves_units(self):
        contract = self._contract().with_user(self.svk_manager)
        self.assertEqual(self.units.mapped("owner_contract_id"), contract)
        self.assertEqual(self.units.mapped("owner_rent"), [0.0] * 4, "a draft guarantees nothing")
        self.assertEqual(self.units.mapped("owner_id"), self.owner)

        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertEqual(set(self.units.mapped("state")), {"renovation"})
        self.assertEqual(self.units.mapped("owner_rent"), [700.0] * 4)
        self.assertEqual(self.units[0].contract_type, "mandate")

        with freeze_time("2027-05-02"):
            contract.action_give_notice()
        self.assertEqual((contract.state, contract.date_notice), ("notice", date(2027, 5, 2)))

        with freeze_time("2027-06-15"):
            contract.action_end()
        self.assertEqual(contract.state, "ended")
        self.assertEqual(contract.date_end, date(2027, 6, 15), "ended early: end date is today")
        self.assertEqual(set(self.units.mapped("state")), {"withdrawn"})
        self.assertEqual(self.units.mapped("owner_rent"), [0.0] * 4)

        contract.action_reset_draft()
        self.assertEqual(contract.state, "draft")

    def test_activation_needs_units_bank_account_and_rent(self):
        manager_env = self.env(user=self.svk_manager)
        contract = self._contract(bank_account_id=False).with_env(manager_env)
        with self.assertRaises(UserError) as caught:
            contract.action_activate()
        self.assertIn("bank account", str(caught.exception))
        self.assertEqual(contract.state, "draft")

        contract.bank_account_id = self.owner_bank
        contract.line_ids[0].owner_rent = 0.0
        with self.assertRaises(UserError):
            contract.action_activate()
        self.assertEqual(contract.state, "draft")
        empty = self._contract(units=self.env["svk.unit"]).with_env(manager_env)
        with self.assertRaises(UserError):
            empty.action_activate()

    def test_wrong_transitions_are_refused(self):
        contract = self._contract().with_user(self.svk_manager)
        for action in ("action_give_notice", "action_end", "action_renew", "action_reset_draft"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(contract, action)()
        contract.action_activate()
        with self.assertRaises(UserError):
            contract.action_activate()
        with self.assertRaises(UserError):
            contract.unlink()

    def test_a_unit_has_one_running_contract(self):
        self._contract().with_user(self.svk_manager).action_activate()
        second = self._contract(units=self.units[:1]).with_user(self.svk_manager)
        with self.assertRaises(ValidationError):
            second.action_activate()
        self.assertEqual(second.state, "draft")

    def test_bank_account_must_be_the_owners(self):
        stranger = self.env["res.partner"].create({"name": "Someone else"})
        bank = self.env["res.partner.bank"].create(
            {"partner_id": stranger.id, "acc_number": "BE68539007547034"}
        )
        with self.assertRaises(ValidationError):
            self._contract(bank_account_id=bank.id)

    def test_bad_payment_day_and_dates_are_refused(self):
        from psycopg2 import IntegrityError

        from odoo.tools import mute_logger

        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._contract(payment_day=31)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._contract(duration="custom", date_end="2025-01-01")

    def test_expiry_activity_ahead_of_time_once_per_end_date(self):
        self.company.svk_contract_expiry_lead_days = 90
        contract = self._contract(duration="1", date_start="2026-01-01", user_id=self.svk_user.id)
        contract.with_user(self.svk_manager).action_activate()
        self.assertEqual(contract.date_end, date(2026, 12, 31))

        with freeze_time("2026-09-30"):  # 92 days ahead: too early
            self.env["svk.owner.contract"]._cron_expiry()
        self.assertFalse(self._expiry_activities(contract))

        with freeze_time("2026-10-03"):  # 89 days ahead
            self.env["svk.owner.contract"]._cron_expiry()
            self.env["svk.owner.contract"]._cron_expiry()
        activity = self._expiry_activities(contract)
        self.assertEqual(len(activity), 1, "the cron must not repeat the activity")
        self.assertEqual(activity.user_id, self.svk_user)
        self.assertEqual(activity.date_deadline, date(2026, 12, 31))
        self.assertIn(contract.name, activity.summary)

        with freeze_time("2026-10-10"):
            contract.with_user(self.svk_manager).action_renew()
        self.assertEqual(contract.date_end, date(2027, 12, 31))
        self.assertFalse(self._expiry_activities(contract), "renewal closes the activity")
        with freeze_time("2027-10-03"):
            self.env["svk.owner.contract"]._cron_expiry()
        self.assertEqual(len(self._expiry_activities(contract)), 1, "new end date, new activity")

    def test_notice_runs_out_and_contract_ends(self):
        contract = self._contract()
        contract.with_user(self.svk_manager).action_activate()
        with freeze_time("2026-03-01"):
            contract.with_user(self.svk_manager).action_give_notice()
        contract.date_end = "2026-08-31"
        with freeze_time("2026-08-31"):
            self.env["svk.owner.contract"]._cron_expiry()
        self.assertEqual(contract.state, "notice", "still running on its last day")
        with freeze_time("2026-09-01"):
            self.env["svk.owner.contract"]._cron_expiry()
        self.assertEqual(contract.state, "ended")
        self.assertEqual(set(self.units.mapped("state")), {"withdrawn"})

    def test_plain_user_cannot_change_contract_state(self):
        contract = self._contract().with_user(self.svk_user)
        with self.assertRaises(AccessError):
            contract.action_activate()
        self.assertEqual(contract.state, "draft")
