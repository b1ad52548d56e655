from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import SvkRentCase

NOVEMBER = date(2026, 11, 1)


class TestRentRun(SvkRentCase):
    def _lines(self, move):
        return sorted(
            (line.account_id.code, round(line.balance, 2))
            for line in move.line_ids
            if line.display_type == "product"
        )

    def test_a_month_of_the_agency(self):
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertEqual((run.lease_done, run.lease_total), (2, 2))
        self.assertEqual((run.contract_done, run.contract_total), (2, 2))
        self.assertEqual((run.invoice_count, run.bill_count), (3, 2))
        self.assertEqual(run.progress, 100.0)
        company = self.company

        # tenant of a mandate unit: rent held for the owner, charges as a provision
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.tenant)
        self.assertEqual(invoice.payment_reference, self.lease.payment_reference)
        self.assertEqual(invoice.amount_total, 650.0)
        self.assertEqual(invoice.journal_id, company.svk_rent_journal_id)
        self.assertEqual(
            self._lines(invoice),
            sorted(
                [
                    (company.svk_owner_collected_account_id.code, -600.0),
                    (company.svk_charges_provision_account_id.code, -50.0),
                ]
            ),
        )
        self.assertFalse(invoice.line_ids.tax_ids, "rent is exempt")
        analytic = str(self.building.analytic_account_id.id)
        self.assertTrue(
            all(line.analytic_distribution == {analytic: 100} for line in invoice.invoice_line_ids)
        )

        # tenant entering mid-month on a main lease unit: prorata, CPAS part apart
        tenant_invoice = self._documents(lease_id=self.lease_cpas.id, kind="tenant")
        self.assertEqual(tenant_invoice.amount_total, 275.0 + 20.0)  # (700-150)/2 + 40/2
        self.assertIn("prorata", tenant_invoice.invoice_line_ids[0].name)
        self.assertEqual(
            self._lines(tenant_invoice),
            sorted(
                [
                    (company.svk_rent_income_account_id.code, -275.0),
                    (company.svk_charges_income_account_id.code, -20.0),
                ]
            ),
        )
        cpas_invoice = self._documents(lease_id=self.lease_cpas.id, kind="third_payer")
        self.assertEqual(cpas_invoice.partner_id, self.cpas)
        self.assertEqual(cpas_invoice.amount_total, 75.0)
        self.assertEqual(
            cpas_invoice.payment_reference, self.lease_cpas.third_payer_payment_reference
        )

        # owner of the mandate: paid the guaranteed rent of the let and the vacant unit;
        # what tenants did not pay in is the agency's guarantee cost
        bill = self._documents(owner_contract_id=self.mandate.id)
        self.assertEqual((bill.move_type, bill.state), ("in_invoice", "posted"))
        self.assertEqual(bill.amount_total, 1150.0)
        self.assertEqual(bill.partner_bank_id, self.owner_bank)
        self.assertEqual(bill.payment_mode_id, company.svk_owner_payment_mode_id)
        self.assertEqual(
            self._lines(bill),
            sorted(
                [
                    (company.svk_owner_collected_account_id.code, 600.0),
                    (company.svk_guarantee_cost_account_id.code, 50.0),
                    (company.svk_guarantee_cost_account_id.code, 500.0),
                ]
            ),
        )
        # the mandate's third-party account nets to zero for the let unit
        collected = self.env["account.move.line"].search(
            [
                ("account_id", "=", company.svk_owner_collected_account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(round(sum(collected.mapped("balance")), 2), 0.0)

        # owner of the main lease: rent expense, whatever the tenant paid
        bill_b = self._documents(owner_contract_id=self.main_lease.id)
        self.assertEqual(bill_b.amount_total, 800.0)
        self.assertEqual(
            self._lines(bill_b), [(company.svk_owner_rent_expense_account_id.code, 800.0)]
        )
        self.assertEqual(bill_b.invoice_date_due, date(2026, 11, 5))

    def test_running_the_month_again_creates_nothing(self):
        self._run()
        count = self.env["account.move"].search_count([("svk_period", "=", NOVEMBER)])
        again = self._run()
        self.assertEqual(
            self.env["account.move"].search_count([("svk_period", "=", NOVEMBER)]), count
        )
        self.assertEqual((again.invoice_count, again.bill_count), (0, 0))
        self.assertEqual(again.state, "done")
        again.action_start()
        self.assertEqual(
            self.env["account.move"].search_count([("svk_period", "=", NOVEMBER)]), count
        )

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_second_invoice_for_a_month(self):
        self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            invoice.copy(
                {"svk_lease_id": self.lease.id, "svk_period": NOVEMBER, "svk_kind": "tenant"}
            )
        # a cancelled invoice does not count: the month can be invoiced again
        invoice.button_draft()
        invoice.button_cancel()
        run = self._run()
        self.assertEqual(run.invoice_count, 1)

    def test_a_failing_lease_is_listed_and_does_not_stop_the_others(self):
        broken_account = self.env["account.account"].create(
            {
                "code": "400999",
                "name": "Old receivable",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        self.tenant.property_account_receivable_id = broken_account
        broken_account.deprecated = True
        run = self._run()
        self.assertEqual(run.state, "done_errors")
        self.assertEqual(run.error_ids.lease_id, self.lease)
        self.assertTrue(run.error_ids.message)
        self.assertFalse(self._documents(lease_id=self.lease.id, kind="tenant"))
        self.assertTrue(self._documents(lease_id=self.lease_cpas.id, kind="tenant"))
        self.assertEqual(run.bill_count, 2, "owners are paid anyway")
        # fixed, the run is resumed and does only what is left
        broken_account.deprecated = False
        run.with_user(self.accountant).action_start()
        self.assertEqual(run.state, "done")
        self.assertFalse(run.error_ids)
        self.assertEqual(len(self._documents(lease_id=self.lease.id, kind="tenant")), 1)
        self.assertEqual(len(self._documents(lease_id=self.lease_cpas.id, kind="tenant")), 1)

    def test_a_user_without_accounting_rights_cannot_run_the_month(self):
        with self.assertRaises(AccessError):
            self._run(user=self.svk_user)
        self.assertFalse(self.env["account.move"].search([("svk_period", "=", NOVEMBER)]))
        run = self.env["svk.rent.run"].create({"period": NOVEMBER})
        with self.assertRaises(AccessError):
            run.with_user(self.svk_user).action_start()
        self.assertFalse(self.env["account.move"].search([("svk_period", "=", NOVEMBER)]))

    def test_ended_and_future_leases_are_not_invoiced(self):
        self.lease.date_end = "2026-10-31"
        self.lease.action_end()
        run = self._run()
        self.assertFalse(self._documents(lease_id=self.lease.id))
        self.assertEqual(run.lease_total, 1)
        self.assertFalse(self._documents(lease_id=self.lease_cpas.id, period=date(2026, 10, 1)))

    def test_agency_b_sees_nothing_of_agency_a(self):
        self._run()
        other = self.env["res.company"].create({"name": "AIS Autre Agence"})
        user_b = new_test_user(
            self.env,
            login="agency_b",
            groups="svk_housing.group_svk_manager,account.group_account_invoice",
            company_id=other.id,
            company_ids=[other.id],
        )
        for model in ("svk.lease", "svk.rent.run", "svk.payment.plan", "svk.arrears.report"):
            with self.subTest(model=model):
                self.assertFalse(self.env[model].with_user(user_b).search([]))
        with self.assertRaises(AccessError):
            self.lease.with_user(user_b).read(["rent"])
        self.assertFalse(
            self.env["account.move"].with_user(user_b).search([("svk_lease_id", "!=", False)])
        )

    def test_leases_of_a_unit_without_building_read_on_its_own_analytic_account(self):
        house = self.env["svk.unit"].create(
            {"name": "Rue Blaes 8", "unit_type": "house", "state": "available"}
        )
        self.assertTrue(house.analytic_account_id)
        self.mandate.write(
            {"line_ids": [Command.create({"unit_id": house.id, "owner_rent": 900.0})]}
        )
        lease = self._lease(house, self.tenant_2, rent=850.0)
        self._run()
        invoice = self._documents(lease_id=lease.id, kind="tenant")
        self.assertEqual(
            invoice.invoice_line_ids.analytic_distribution, {str(house.analytic_account_id.id): 100}
        )

    def test_daily_catch_up_invoices_a_lease_that_starts_later_in_the_month(self):
        with freeze_time("2026-11-01"):
            self.env["svk.rent.run"].with_context(queue_job__no_delay=True)._cron_monthly()
        rent_documents = [("svk_period", "=", NOVEMBER), ("svk_kind", "!=", "clearing")]
        count = self.env["account.move"].search_count(rent_documents)
        newcomer = self._lease(self.units[1], self.tenant_2, rent=620.0, date_start="2026-11-21")
        with freeze_time("2026-11-12"):
            self.env["svk.rent.run"].with_context(queue_job__no_delay=True)._cron_monthly()
        with freeze_time("2026-11-13"):
            self.env["svk.rent.run"].with_context(queue_job__no_delay=True)._cron_monthly()
        self.assertEqual(self.env["svk.rent.run"].search_count([("period", "=", NOVEMBER)]), 1)
        invoice = self._documents(lease_id=newcomer.id, kind="tenant")
        self.assertEqual(invoice.amount_total, 206.67)  # 620 x 10/30
        self.assertEqual(self.env["account.move"].search_count(rent_documents), count + 1)

    def test_a_lease_whose_rent_a_third_payer_pays_in_full_counts_as_invoiced(self):
        self.lease_cpas.write({"third_payer_amount": 700.0, "charges_amount": 0.0})
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        self.assertFalse(self._documents(lease_id=self.lease_cpas.id, kind="tenant"))
        self.assertEqual(
            self._documents(lease_id=self.lease_cpas.id, kind="third_payer").amount_total, 350.0
        )
