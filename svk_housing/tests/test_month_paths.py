from datetime import date

from freezegun import freeze_time

from odoo.fields import Command

from .common import SvkRentCase

OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)


class TestMonthPaths(SvkRentCase):
    """Whatever the order in which a month's documents are made, "rents collected for
    owners" (489600) nets to zero per mandate unit and month once the owner is billed,
    and every lease is invoiced once for every month it ran."""

    def _collected(self, unit=None, period=NOVEMBER):
        domain = [
            ("account_id", "=", self.company.svk_owner_collected_account_id.id),
            ("parent_state", "=", "posted"),
            ("svk_period", "=", period),
        ]
        if unit:
            domain.append(("svk_unit_id", "=", unit.id))
        return round(sum(self.env["account.move.line"].search(domain).mapped("balance")), 2)

    def _balance(self, account, unit, period=NOVEMBER):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("parent_state", "=", "posted"),
                ("svk_period", "=", period),
                ("svk_unit_id", "=", unit.id),
            ]
        )
        return round(sum(lines.mapped("balance")), 2)

    def _assert_collected_nets_to_zero(self, period=NOVEMBER):
        for unit in self.units:
            self.assertEqual(self._collected(unit, period), 0.0, unit.display_name)
        self.assertEqual(self._collected(period=period), 0.0)
        all_lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.company.svk_owner_collected_account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(round(sum(all_lines.mapped("balance")), 2), 0.0)

    def _all_moves_balanced(self):
        lines = self.env["account.move.line"].search([("parent_state", "=", "posted")])
        self.assertEqual(round(sum(lines.mapped("balance")), 2), 0.0)

    def test_a_tenant_invoiced_after_the_owner_bill(self):
        """Daily catch-up: units[1] (mandate, guaranteed 500.00) was vacant when the
        owner was billed; a lease starting on the 16th is invoiced afterwards."""
        self._run()
        guarantee = self.company.svk_guarantee_cost_account_id
        self.assertEqual(self._balance(guarantee, self.units[1]), 500.0)
        newcomer = self._lease(self.units[1], self.tenant_2, rent=480.0, date_start="2026-11-16")
        with freeze_time("2026-11-16"):
            self.env["svk.rent.run"].with_context(queue_job__no_delay=True)._cron_monthly()
        invoice = self._documents(lease_id=newcomer.id, kind="tenant")
        self.assertEqual(invoice.amount_total, 240.0)  # 480 x 15/30
        self._assert_collected_nets_to_zero()
        # the agency's guarantee cost of the unit is what the tenant did not pay in
        self.assertEqual(self._balance(guarantee, self.units[1]), 260.0)
        self._all_moves_balanced()

    def test_a_tenant_rent_above_the_guaranteed_rent(self):
        self.lease.rent = 700.0  # units[0]: the owner is guaranteed 650.00
        self._run()
        self._assert_collected_nets_to_zero()
        income = self.company.svk_rent_income_account_id
        self.assertEqual(self._balance(income, self.units[0]), -50.0, "the agency's margin")
        bill = self._documents(owner_contract_id=self.mandate.id)
        self.assertEqual(bill.amount_total, 1150.0, "the owner gets the guaranteed rent")

    def test_a_run_resumed_after_a_failing_lease(self):
        broken_account = self.env["account.account"].create(
            {
                "code": "400998",
                "name": "Old receivable",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        self.tenant.property_account_receivable_id = broken_account
        broken_account.deprecated = True
        run = self._run()
        self.assertEqual(run.error_ids.lease_id, self.lease)
        self._assert_collected_nets_to_zero()  # the owner is paid from the guarantee
        broken_account.deprecated = False
        run.action_start()
        self.assertEqual(run.state, "done")
        self.assertTrue(self._documents(lease_id=self.lease.id, kind="tenant"))
        self._assert_collected_nets_to_zero()
        self.assertEqual(
            self._balance(self.company.svk_guarantee_cost_account_id, self.units[0]), 50.0
        )

    def test_a_tenant_invoice_cancelled_and_made_again(self):
        run = self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        invoice.button_draft()
        self._assert_collected_nets_to_zero()
        invoice.button_cancel()
        self._assert_collected_nets_to_zero()
        guarantee = self.company.svk_guarantee_cost_account_id
        self.assertEqual(self._balance(guarantee, self.units[0]), 650.0)
        self.lease.rent = 620.0
        run.action_start()
        remade = self._documents(lease_id=self.lease.id, kind="tenant").filtered(
            lambda move: move.state == "posted"
        )
        self.assertEqual(remade.amount_total, 670.0)
        self._assert_collected_nets_to_zero()
        self.assertEqual(self._balance(guarantee, self.units[0]), 30.0)
        self._all_moves_balanced()

    def test_a_lease_activated_after_its_months_were_run(self):
        """A lease that started on 10 October, entered and activated on 5 November after
        October and November were run, is invoiced for both months, once."""
        self._run("2026-10-01")
        self._run("2026-11-01")
        late = self.env["svk.lease"].create(
            {
                "unit_id": self.units[1].id,
                "tenant_id": self.tenant_2.id,
                "date_start": "2026-10-10",
                "rent": 620.0,
            }
        )
        late.action_activate()
        for day in ("2026-11-05", "2026-11-06"):
            with freeze_time(day):
                self.env["svk.rent.run"].with_context(queue_job__no_delay=True)._cron_monthly()
        october = self._documents(lease_id=late.id, kind="tenant", period=OCTOBER)
        november = self._documents(lease_id=late.id, kind="tenant", period=NOVEMBER)
        self.assertEqual(october.amount_total, 440.0)  # 620 x 22/31
        self.assertEqual(october.invoice_date, date(2026, 10, 10))
        self.assertEqual(october.invoice_date_due, date(2026, 10, 10))
        self.assertEqual(november.amount_total, 620.0)
        self.assertEqual(self.env["svk.rent.run"].search_count([("period", "=", OCTOBER)]), 1)
        for period in (OCTOBER, NOVEMBER):
            self._assert_collected_nets_to_zero(period)

    def test_an_owner_contract_activated_late_is_billed_for_its_months(self):
        self._run("2026-10-01")
        self._run("2026-11-01")
        house = self.env["svk.unit"].create(
            {"name": "Rue Blaes 8", "unit_type": "house", "state": "available"}
        )
        contract = self._contract(
            units=house,
            date_start="2026-10-16",
            line_ids=[Command.create({"unit_id": house.id, "owner_rent": 620.0})],
        )
        contract.with_user(self.svk_manager).action_activate()
        with freeze_time("2026-11-20"):
            self.env["svk.rent.run"].with_context(queue_job__no_delay=True)._cron_monthly()
        october = self._documents(owner_contract_id=contract.id, period=OCTOBER)
        november = self._documents(owner_contract_id=contract.id, period=NOVEMBER)
        self.assertEqual(october.amount_total, 320.0)  # 620 x 16/31
        self.assertEqual(october.invoice_date_due, date(2026, 10, 16))
        self.assertEqual(november.amount_total, 620.0)

    def test_a_lease_starting_mid_month_is_due_when_it_starts(self):
        self._run()
        invoice = self._documents(lease_id=self.lease_cpas.id, kind="tenant")
        self.assertEqual(invoice.invoice_date, date(2026, 11, 16))
        self.assertEqual(invoice.invoice_date_due, date(2026, 11, 16))
        term = self.env.ref("account.account_payment_term_15days")
        self.tenant_2.property_payment_term_id = term
        invoice.button_draft()
        invoice.button_cancel()
        run = self._run()
        self.assertFalse(run.error_ids.mapped("message"))
        remade = self._documents(lease_id=self.lease_cpas.id, kind="tenant").filtered(
            lambda move: move.state == "posted"
        )
        self.assertEqual(remade.invoice_date_due, date(2026, 12, 1), "the agency's term after it")

    def test_the_cron_never_remakes_what_a_person_cancelled(self):
        run = self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        invoice.button_draft()
        invoice.button_cancel()  # rent waived this month
        with freeze_time("2026-11-20"):
            self.env["svk.rent.run"].with_context(queue_job__no_delay=True)._cron_monthly()
        self.assertEqual(self._documents(lease_id=self.lease.id, kind="tenant"), invoice)
        self._assert_collected_nets_to_zero()
        # a person running the month again does make it anew
        run.action_start()
        self.assertEqual(len(self._documents(lease_id=self.lease.id, kind="tenant")), 2)
        self._assert_collected_nets_to_zero()

    def test_a_credit_note_stays_on_the_lease_and_the_owners_account(self):
        self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        reversal = invoice._reverse_moves(
            [{"invoice_date": date(2026, 11, 10), "ref": "works"}], cancel=False
        )
        reversal.action_post()
        self.assertEqual(reversal.svk_lease_id, self.lease)
        self.assertEqual(reversal.svk_period, NOVEMBER)
        self._assert_collected_nets_to_zero()
        self.env.invalidate_all()
        self.assertEqual(self.lease.balance_due, 0.0, "650.00 invoiced, 650.00 credited")
        self.assertEqual(
            self._balance(self.company.svk_guarantee_cost_account_id, self.units[0]), 650.0
        )
