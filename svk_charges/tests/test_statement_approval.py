import base64
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.svk_housing.tests.coda_builder import coda_file, ogm_digits

from .common import SvkChargesCase

APPROVAL_DAY = "2027-01-15"


@tagged("post_install", "-at_install")
class TestStatementApproval(SvkChargesCase):
    def _computed(self):
        statement = self._statement()
        statement.action_compute()
        return statement

    def _approve(self, statement, user=None):
        with freeze_time(APPROVAL_DAY):
            statement.with_user(user or self.svk_manager).action_approve()

    def _balance(self, account, *domain):
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("parent_state", "=", "posted"), *domain]
        )
        return round(sum(lines.mapped("balance")), 2)

    def _documents(self, statement):
        return self.env["account.move"].search([("svk_charges_statement_id", "=", statement.id)])

    def _product_lines(self, move):
        return sorted(
            (line.account_id.code, round(line.balance, 2))
            for line in move.line_ids
            if line.display_type == "product"
        )

    def test_approval_posts_claims_and_refunds_and_balances_the_books(self):
        company = self.company
        provision = company.svk_charges_provision_account_id
        income = company.svk_charges_income_account_id
        statement = self._computed()
        due_before = {lease: lease.balance_due for lease in self.provision_leases}
        self._approve(statement)
        self.assertEqual(statement.state, "posted")
        self.assertEqual(statement.approved_by_id, self.svk_manager)
        self.assertEqual(statement.date, date(2027, 1, 15))
        self.assertEqual(statement.date_due, date(2027, 2, 14))
        self.assertEqual(statement.move_count, 3)

        moves = {line.lease_id: line.move_id for line in statement.line_ids}
        refund, claim_left, claim_new = (
            moves[self.lease],
            moves[self.lease_left],
            moves[self.lease_new],
        )
        for lease, move, move_type, amount in (
            (self.lease, refund, "out_refund", 224.64),
            (self.lease_left, claim_left, "out_invoice", 166.13),
            (self.lease_new, claim_new, "out_invoice", 256.39),
        ):
            self.assertEqual(
                (move.move_type, move.state, move.amount_total), (move_type, "posted", amount)
            )
            self.assertEqual(move.partner_id, lease.tenant_id)
            self.assertEqual(move.payment_reference, lease.payment_reference)
            self.assertEqual((move.svk_lease_id, move.svk_kind), (lease, "charges"))
            self.assertEqual(move.journal_id, company.svk_rent_journal_id)
            self.assertEqual(move.invoice_date, date(2027, 1, 15))
            self.assertFalse(move.svk_period, "not a rent month: the monthly run ignores it")
            # the provision account of the lease is back to zero, to the cent
            self.assertEqual(self._balance(provision, ("svk_lease_id", "=", lease.id)), 0.0)
        self.assertEqual(claim_new.invoice_date_due, date(2027, 2, 14))
        # Amina's claim: her share of each cost into income, her provisions off 489700
        self.assertEqual(
            self._product_lines(claim_new),
            sorted(
                [
                    (income.code, -400.0),
                    (income.code, -392.86),
                    (income.code, -226.03),
                    (income.code, -137.5),
                    (provision.code, 900.0),
                ]
            ),
        )
        # Yonas's refund: the same sides, the receivable credited by the difference
        self.assertEqual(
            self._product_lines(refund),
            sorted(
                [
                    (income.code, -300.0),
                    (income.code, -312.86),
                    (income.code, -300.0),
                    (income.code, -182.5),
                    (provision.code, 1320.0),
                ]
            ),
        )
        analytic = {str(self.building.analytic_account_id.id): 100.0}
        self.assertTrue(
            all(line.analytic_distribution == analytic for line in refund.invoice_line_ids)
        )
        # income holds the tenants' shares, the agency bears the rest of the costs
        self.assertEqual(
            self._balance(income, ("move_id.svk_charges_statement_id", "=", statement.id)), -2897.88
        )
        costs = self.env["account.move.line"].search(
            [
                ("svk_charge_type_id", "!=", False),
                ("parent_state", "=", "posted"),
                ("date", ">=", "2026-01-01"),
                ("date", "<=", "2026-12-31"),
                ("analytic_distribution", "in", self.building.analytic_account_id.ids),
            ]
        )
        building_costs = round(
            sum(
                line.balance
                * line.analytic_distribution[str(self.building.analytic_account_id.id)]
                / 100
                for line in costs
            ),
            2,
        )
        self.assertEqual(building_costs, 4440.0)
        self.assertEqual(round(building_costs - 2897.88, 2), statement.agency_total)
        self.assertEqual(statement.agency_total, 1542.12)
        # each lease's provisions of the year are matched with the document settling them
        open_provisions = self.env["account.move.line"].search(
            [
                ("account_id", "=", provision.id),
                ("svk_lease_id", "in", self.provision_leases.ids),
                ("reconciled", "=", False),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertFalse(open_provisions)
        # what each tenant owes moved by their balance
        self.provision_leases.invalidate_recordset(["balance_due"])
        self.assertEqual(round(self.lease.balance_due - due_before[self.lease], 2), -224.64)
        self.assertEqual(
            round(self.lease_left.balance_due - due_before[self.lease_left], 2), 166.13
        )
        # the proposed provisions of the leases still running are theirs now
        self.assertEqual(self.lease.charges_amount, 92.0)
        self.assertEqual(self.lease_new.charges_amount, 128.0)
        self.assertEqual(self.lease_left.charges_amount, 80.0)

    def test_a_provision_kept_when_unchecked(self):
        statement = self._computed()
        self._line(statement, self.lease_new).with_user(self.svk_user).apply_provision = False
        self._approve(statement)
        self.assertEqual(self.lease_new.charges_amount, 100.0)
        self.assertEqual(self.lease.charges_amount, 92.0)

    def test_the_tenant_pays_the_claim_with_the_lease_communication(self):
        """A CODA payment under Amina's structured communication pays her rent and her
        charges claim, oldest due first: nothing is left open."""
        self.accountant.groups_id |= self.env.ref("account.group_account_user")
        statement = self._computed()
        self._approve(statement)
        claim = self._line(statement, self.lease_new).move_id
        owed = self.lease_new.balance_due
        data = coda_file(
            "BE68539007547034",
            "SVK Test Agency",
            date(2027, 1, 20),
            [
                (
                    owed,
                    ogm_digits(self.lease_new.payment_reference),
                    "",
                    "BE43068999999501",
                    "A BENALI",
                )
            ],
        )
        wizard = (
            self.env["account.statement.import"]
            .with_user(self.accountant)
            .with_context(_test_account_reconcile_oca=True)
            .create({"statement_file": base64.b64encode(data), "statement_filename": "jan.cod"})
        )
        wizard.import_file_button()
        self.assertEqual(claim.payment_state, "paid")
        self.lease_new.invalidate_recordset(["balance_due"])
        self.assertEqual(self.lease_new.balance_due, 0.0)

    def test_only_an_svk_manager_approves(self):
        statement = self._computed()
        with self.assertRaises(AccessError):
            self._approve(statement, user=self.svk_user)
        with self.assertRaises(AccessError):
            self._approve(statement, user=self.accountant)
        self.assertEqual(statement.state, "computed")
        self.assertFalse(self._documents(statement))

    def test_a_statement_is_approved_once(self):
        statement = self._computed()
        self._approve(statement)
        with self.assertRaisesRegex(UserError, "cannot be approved"):
            self._approve(statement)
        self.assertEqual(len(self._documents(statement)), 3)
        # whatever the path, the database keeps one document per lease of a statement
        line = self._line(statement, self.lease_new)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["account.move"].create(line._prepare_move_vals())
            self.env.flush_all()

    def test_books_changed_since_compute_are_caught(self):
        statement = self._computed()
        # a provision credited after the statement was computed
        self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.tenant_new.id,
                "invoice_date": "2026-12-20",
                "journal_id": self.company.svk_rent_journal_id.id,
                "svk_lease_id": self.lease_new.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Provision December: correction",
                            "price_unit": 20.0,
                            "account_id": self.company.svk_charges_provision_account_id.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        ).action_post()
        with self.assertRaisesRegex(UserError, "compute it again"):
            self._approve(statement)
        self.assertEqual(statement.state, "computed")
        self.assertFalse(self._documents(statement))
        statement.action_compute()
        self.assertEqual(self._line(statement, self.lease_new).provision_amount, 880.0)
        self._approve(statement)
        self.assertEqual(self._line(statement, self.lease_new).move_id.amount_total, 276.39)

    def test_not_before_the_period_is_over(self):
        statement = self._computed()
        with freeze_time("2026-12-31"), self.assertRaisesRegex(UserError, "once it is over"):
            statement.with_user(self.svk_manager).action_approve()
        self.assertEqual(statement.state, "computed")

    def test_a_lease_that_cannot_be_posted_stops_the_whole_statement(self):
        """Nothing half-written: the approval names the lease at fault and posts none."""
        receivable = self.env["account.account"].create(
            {
                "name": "Old tenants' receivable",
                "code": "400900",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        self.tenant_left.property_account_receivable_id = receivable
        receivable.deprecated = True
        statement = self._computed()
        with self.assertRaisesRegex(UserError, self.lease_left.name):
            self._approve(statement)
        self.assertEqual(statement.state, "computed")
        self.assertFalse(self._documents(statement))
        self.assertEqual(self.lease.charges_amount, 120.0)
