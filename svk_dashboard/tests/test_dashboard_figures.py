from odoo.tests import tagged

from odoo.addons.svk_dashboard.pivots import pivot_groupbys

from .common import SvkDashboardCase

DIRECTOR = "svk_dashboard.spreadsheet_dashboard_director"
ACCOUNTANT = "svk_dashboard.spreadsheet_dashboard_accountant"


@tagged("post_install", "-at_install")
class TestDashboardFigures(SvkDashboardCase):
    """Every figure of the dashboards is a read_group of its pivot: as the dashboard's
    user, they equal a direct computation on the records."""

    def _full(self, pivot, user, domain=()):
        """The read_group of all the pivot's groupings together (the table's cells)."""
        result = self._read(pivot, user, domain)
        return result[tuple(pivot_groupbys(pivot)[-1])]

    def test_every_pivot_loads_for_its_users(self):
        for xmlid, users in (
            (DIRECTOR, (self.director,)),
            (ACCOUNTANT, (self.accountant, self.billing_only)),
        ):
            for user in users:
                for name, pivot in self._pivots(xmlid, user).items():
                    with self.subTest(dashboard=xmlid, user=user.login, pivot=name):
                        result = self._read(pivot, user)
                        self.assertEqual(len(result), len(pivot_groupbys(pivot)))

    def test_occupancy_by_month(self):
        pivot = self._pivots(DIRECTOR, self.director)["Occupancy and vacancy days, month by month"]
        rows = self._full(pivot, self.director, [("building_id", "=", self.dash_building.id)])
        got = {
            row["__range"]["month:month"]["from"]: (
                row["days_managed"],
                row["days_let"],
                row["days_vacant"],
            )
            for row in rows
        }
        want = {
            str(month): (2 * managed, let, 2 * managed - let)
            for month, (managed, let, _vacant) in self._expected_occupancy().items()
        }
        self.assertEqual(got, want)
        # the latest month first, as the dashboard shows it
        self.assertEqual(list(got), sorted(got, reverse=True))

    def test_arrears_by_age_equal_the_open_receivables(self):
        run = self._run()
        self.assertEqual(run.state, "done")
        AML = self.env["account.move.line"]
        open_lines = AML.search([*AML._svk_open_receivable_domain(), ("amount_residual", "!=", 0)])
        self.assertTrue(open_lines)
        pivot = self._pivots(ACCOUNTANT, self.accountant)["Arrears by age"]
        rows = self._full(pivot, self.accountant)
        self.assertAlmostEqual(
            sum(row["amount_residual"] for row in rows), sum(open_lines.mapped("amount_residual"))
        )
        self.assertEqual(sum(row["__count"] for row in rows), len(open_lines))
        by_age = {row["age"]: row["amount_residual"] for row in rows}
        for age, amount in by_age.items():
            lines = open_lines.filtered(lambda line, age=age: self._age(line) == age)
            self.assertAlmostEqual(amount, sum(lines.mapped("amount_residual")), msg=age)

    def _age(self, line):
        days = (self.today - line.date_maturity).days
        for limit, age in ((0, "0_not_due"), (30, "1_30"), (60, "2_60"), (90, "3_90")):
            if days <= limit:
                return age
        return "4_older"

    def test_rent_invoiced_by_month_and_payment_status(self):
        self._run()
        pivot = self._pivots(ACCOUNTANT, self.accountant)[
            "Month-end: rent invoiced by month and payment status"
        ]
        rows = self._full(pivot, self.billing_only)
        invoices = self.env["account.move"].search(
            [("svk_kind", "in", ("tenant", "third_payer")), ("state", "=", "posted")]
        )
        self.assertTrue(invoices)
        self.assertAlmostEqual(
            sum(row["amount_total_signed"] for row in rows),
            sum(invoices.mapped("amount_total_signed")),
        )
        self.assertEqual(sum(row["__count"] for row in rows), len(invoices))

    def test_payment_plans_by_state(self):
        Plan = self.env["svk.payment.plan"]
        Plan.create(
            [
                {
                    "lease_id": self.lease.id,
                    "debt_amount": debt,
                    "instalment_amount": 50.0,
                    "first_due_date": self.today,
                }
                for debt in (300.0, 450.0)
            ]
        )
        pivot = self._pivots(DIRECTOR, self.director)["Payment plans by state"]
        rows = self._full(pivot, self.director)
        got = {row["state"]: (row["__count"], row["debt_amount"]) for row in rows}
        want = {}
        for plan in Plan.search([]):
            count, debt = want.get(plan.state, (0, 0.0))
            want[plan.state] = (count + 1, debt + plan.debt_amount)
        self.assertEqual(got, want)
        self.assertEqual(got["draft"], (2, 750.0))

    def test_referrals_by_organisation_and_status(self):
        pivot = self._pivots(DIRECTOR, self.director)[
            "Referrals by organisation and status (the 15 largest)"
        ]
        orgs = (self.cpas_org | self.justice_org).ids
        domain = [("organisation_id", "in", orgs)]

        def counts(user):
            return {
                (row["organisation_id"][0], row["status"]): row["__count"]
                for row in self._full(pivot, user, domain)
            }

        cpas, justice = self.cpas_org.id, self.justice_org.id
        # referred by justice assistance is justice data: counted for social workers only
        self.assertEqual(counts(self.director), {(cpas, "active"): 2, (cpas, "ended"): 1})
        self.assertEqual(
            counts(self.social), {(cpas, "active"): 2, (cpas, "ended"): 1, (justice, "active"): 2}
        )

    def test_messages_sent_and_failed(self):
        pivot = self._pivots(DIRECTOR, self.director)["Messages sent by channel and status"]
        rows = self._full(pivot, self.director, [("partner_id", "=", self.tenant.id)])
        got = {(row["channel"], row["state"]): row["__count"] for row in rows}
        self.assertEqual(
            got,
            {
                ("sms", "sent"): 1,
                ("sms", "delivered"): 1,
                ("sms", "failed"): 1,
                ("whatsapp", "read"): 1,
                ("whatsapp", "failed"): 1,
                ("email", "sent"): 1,
            },
        )
        by_month = self._pivots(DIRECTOR, self.director)["Messages sent, month by month"]
        [total] = self._read(by_month, self.director, [("partner_id", "=", self.tenant.id)])[()]
        self.assertEqual(total["__count"], 6)  # the received one is not "sent"

    def test_dashboard_files_name_existing_fields(self):
        """A pivot naming a field the model lost would show an error cell: each
        dimension is groupable and each measure aggregates."""
        for xmlid in (DIRECTOR, ACCOUNTANT):
            for name, pivot in self._pivots(xmlid, self.env.user).items():
                fields = self.env[pivot["model"]]._fields
                for dimension in pivot["rows"] + pivot["columns"]:
                    with self.subTest(pivot=name, field=dimension["fieldName"]):
                        self.assertTrue(
                            fields[dimension["fieldName"]]._description_groupable(self.env)
                        )
                for measure in pivot["measures"]:
                    if measure["fieldName"] != "__count":
                        with self.subTest(pivot=name, field=measure["fieldName"]):
                            self.assertTrue(fields[measure["fieldName"]].aggregator)
