from datetime import date

from freezegun import freeze_time

from .common import SvkRentCase

OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)


class TestMandateGaps(SvkRentCase):
    """A lease on a mandate unit in a month no owner contract of the unit runs: the run
    lists it as an error to resolve and does not invoice it, so that "rents collected
    for owners" (489600) stays at zero per unit and month; the month-end screen names the
    units that leave money on it; a renewal activity comes well before a mandate ends
    while a lease runs on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # units[3]: a mandate signed, to start in December; a lease has run since January
        cls.late_mandate = cls._contract(units=cls.units[3], date_start="2026-12-01")
        cls.units[3].state = "available"
        cls.early_lease = cls._lease(cls.units[3], cls.tenant_2, rent=480.0)

    def _balance(self, account, unit=None, period=None):
        domain = [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        if unit:
            domain.append(("svk_unit_id", "=", unit.id))
        if period:
            domain.append(("svk_period", "=", period))
        lines = self.env["account.move.line"].search(domain)
        return round(sum(lines.mapped("balance")), 2)

    def _assert_collected_at_zero(self, *periods):
        collected = self.company.svk_owner_collected_account_id
        for period in periods:
            for unit in self.units:
                self.assertEqual(self._balance(collected, unit, period), 0.0, unit.display_name)
        self.assertEqual(self._balance(collected), 0.0)
        posted = self.env["account.move.line"].search([("parent_state", "=", "posted")])
        self.assertEqual(round(sum(posted.mapped("balance")), 2), 0.0)

    def _month_end(self, user, period):
        month_end = self.env["svk.month.end"]._ensure(self.company, [period])
        return month_end.with_user(user)

    def test_a_lease_before_its_mandate_starts_waits_for_the_mandate(self):
        run = self._run()
        self.assertEqual(run.state, "done_errors")
        self.assertEqual(run.error_ids.lease_id, self.early_lease)
        self.assertIn(self.units[3].display_name, run.error_ids.message)
        self.assertFalse(self._documents(lease_id=self.early_lease.id))
        self.assertTrue(self._documents(lease_id=self.lease.id, kind="tenant"), "others go on")
        self.assertEqual(run.bill_count, 2)
        self._assert_collected_at_zero(NOVEMBER)
        month_end = self._month_end(self.svk_user, NOVEMBER)
        self.assertEqual(month_end.run_error_count, 1)
        self.assertEqual(month_end.collected_movement, 0.0)
        self.assertFalse(month_end.collected_unit_names)

        # the agency resolves it: the mandate really started in November
        self.late_mandate.with_user(self.svk_manager).write({"date_start": "2026-11-01"})
        self.late_mandate.with_user(self.svk_manager).action_activate()
        run.with_user(self.accountant).action_start()
        self.assertEqual(run.state, "done")
        invoice = self._documents(lease_id=self.early_lease.id, kind="tenant")
        self.assertEqual(invoice.amount_total, 480.0)
        bill = self._documents(owner_contract_id=self.late_mandate.id)
        self.assertEqual(bill.amount_total, 700.0)
        self._assert_collected_at_zero(NOVEMBER)
        guarantee = self.company.svk_guarantee_cost_account_id
        self.assertEqual(self._balance(guarantee, self.units[3], NOVEMBER), 220.0)

    def test_a_lease_running_on_after_its_mandate_ended(self):
        self.late_mandate.unlink()  # units[3]: no contract, its rent is the agency's
        with freeze_time("2026-10-31"):
            self.mandate.with_user(self.svk_manager).action_end()
        self.assertEqual(self.mandate.date_end, date(2026, 10, 31))
        self.assertEqual(self.lease.state, "active", "the tenant stays")
        october = self._run("2026-10-01")
        self.assertEqual(october.state, "done")
        november = self._run()
        self.assertEqual(november.state, "done_errors")
        self.assertEqual(november.error_ids.lease_id, self.lease)
        self.assertFalse(self._documents(lease_id=self.lease.id, period=NOVEMBER))
        self._assert_collected_at_zero(OCTOBER, NOVEMBER)
        # the agency ends the lease with the mandate: November is clean
        with freeze_time("2026-10-31"):
            self.lease.with_user(self.svk_manager).action_end()
        november.with_user(self.accountant).action_start()
        self.assertEqual(november.state, "done")
        self._assert_collected_at_zero(OCTOBER, NOVEMBER)

    def test_the_month_end_names_the_units_left_on_the_account(self):
        self.late_mandate.with_user(self.svk_manager).write({"date_start": "2026-11-01"})
        self.late_mandate.with_user(self.svk_manager).action_activate()
        run = self._run()
        self.assertEqual(run.state, "done")
        bill = self._documents(owner_contract_id=self.mandate.id, period=NOVEMBER)
        bill.with_user(self.accountant).button_draft()
        bill.with_user(self.accountant).button_cancel()
        month_end = self._month_end(self.svk_user, NOVEMBER)
        self.assertEqual(month_end.collected_movement, -600.0)
        self.assertEqual(month_end.collected_unit_names, self.units[0].display_name)
        # run again, the owner is billed anew and the account is at zero
        run.with_user(self.accountant).action_start()
        month_end.invalidate_recordset()
        self.assertFalse(month_end.collected_unit_names)
        self._assert_collected_at_zero(NOVEMBER)

    def test_renewal_activity_well_before_a_mandate_ends_while_a_lease_runs_on(self):
        self.company.svk_contract_expiry_lead_days = 30
        self.company.svk_lease_beyond_contract_lead_days = 120
        self.late_mandate.with_user(self.svk_manager).write(
            {"date_start": "2026-01-01", "duration": "1", "user_id": self.svk_manager.id}
        )
        self.late_mandate.with_user(self.svk_manager).action_activate()
        self.assertEqual(self.late_mandate.date_end, date(2026, 12, 31))
        Contract = self.env["svk.owner.contract"]
        beyond = "svk_housing.mail_activity_type_lease_beyond_contract"

        def activities():
            return self.late_mandate.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(beyond)
            )

        with freeze_time("2026-08-30"):  # 123 days ahead: too early
            Contract._cron_expiry()
        self.assertFalse(activities())
        with freeze_time("2026-09-15"):  # 107 days ahead
            Contract._cron_expiry()
            Contract._cron_expiry()
        activity = activities()
        self.assertEqual(len(activity), 1, "once per end date")
        self.assertEqual(activity.user_id, self.svk_manager)
        self.assertEqual(activity.date_deadline, date(2026, 12, 31))
        self.assertIn(self.early_lease.display_name, activity.note)
        # the other mandate runs to 2034 and its lease within it: no activity
        self.assertFalse(
            self.mandate.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(beyond))
        )
        with freeze_time("2026-09-20"):
            self.late_mandate.with_user(self.svk_manager).action_renew()
        self.assertFalse(activities(), "renewal closes it")

    def test_no_activity_when_the_leases_end_with_the_mandate(self):
        self.company.svk_lease_beyond_contract_lead_days = 120
        self.late_mandate.with_user(self.svk_manager).write(
            {"date_start": "2026-01-01", "duration": "1"}
        )
        self.late_mandate.with_user(self.svk_manager).action_activate()
        self.early_lease.write({"date_end": "2026-12-31"})
        with freeze_time("2026-09-15"):
            self.env["svk.owner.contract"]._cron_expiry()
        self.assertFalse(
            self.late_mandate.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("svk_housing.mail_activity_type_lease_beyond_contract")
                )
            )
        )
