from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import SvkChargesCase


@tagged("post_install", "-at_install")
class TestStatementCompute(SvkChargesCase):
    def test_each_cost_is_shared_with_its_key(self):
        statement = self._statement()
        statement.action_compute()
        self.assertEqual(statement.state, "computed")
        self.assertEqual(statement.period_days, 365)
        self.assertEqual(statement.name, "Charges 2026 – Rue Haute 120")
        costs = {
            cost.charge_type_id: (cost.method, cost.amount, round(cost.total_quantity, 4))
            for cost in statement.cost_ids
        }
        self.assertEqual(
            costs,
            {
                # 900 + 300 - the vendor's credit note of 150; meters: 600 + 450 + 150 + 900
                self.heating: ("meter", 1050.0, 2100.0),
                # the building's own key: m² of the 4 units
                self.water: ("surface", 1460.0, 280.0),
                # 600 + 400 + half of the bill split with Rue Blaes; 4 units
                self.cleaning: ("equal", 1200.0, 4.0),
                # no key of the building: garbage's default, 4 units × 365 days
                self.garbage: ("days", 730.0, 1460.0),
            },
        )
        self.assertFalse(statement.cost_ids.filtered("key_id") - statement.cost_ids[:3])
        # the leases on provisions that ran in 2026; the CPAS lease is on flat charges
        self.assertEqual(statement.line_ids.lease_id, self.provision_leases)

        stayed = self._line(statement, self.lease)
        self.assertEqual(
            (stayed.date_from, stayed.date_to, stayed.days),
            (date(2026, 1, 1), date(2026, 12, 31), 365),
        )
        self.assertEqual(
            self._shares(stayed),
            {
                self.heating: 300.0,  # 1,050 × 600 / 2,100
                self.water: 312.86,  # 1,460 × 60 / 280
                self.cleaning: 300.0,  # 1,200 × 1 / 4
                self.garbage: 182.5,  # 730 × 365 / 1,460
            },
        )
        self.assertEqual(stayed.share_amount, 1095.36)
        self.assertEqual(stayed.provision_amount, 1320.0)  # 12 × 120, December credited
        self.assertEqual((stayed.balance, stayed.balance_kind), (-224.64, "refund"))
        # 1,095.36 / 365 × 365 / 12 = 91.28, rounded up to the euro
        self.assertEqual((stayed.current_provision, stayed.new_provision), (120.0, 92.0))
        self.assertTrue(stayed.apply_provision)

        left = self._line(statement, self.lease_left)
        self.assertEqual(
            (left.date_from, left.date_to, left.days), (date(2026, 1, 1), date(2026, 6, 30), 181)
        )
        self.assertEqual(
            self._shares(left),
            {
                self.heating: 200.0,  # his 400 of the meter until he left (1 January - 30 June)
                self.water: 206.86,  # 1,460 × (80 × 181 / 365) / 280
                self.cleaning: 148.77,  # 1,200 × (181 / 365) / 4
                self.garbage: 90.5,  # 730 × 181 / 1,460
            },
        )
        self.assertEqual(left.share_amount, 646.13)
        self.assertEqual(left.provision_amount, 480.0)  # 6 × 80
        self.assertEqual((left.balance, left.balance_kind), (166.13, "claim"))
        self.assertFalse(left.can_apply_provision, "his lease ended: no provision to apply")
        self.assertFalse(left.apply_provision)

        arrived = self._line(statement, self.lease_new)
        self.assertEqual(
            (arrived.date_from, arrived.date_to, arrived.days),
            (date(2026, 4, 1), date(2026, 12, 31), 275),
        )
        self.assertEqual(
            self._shares(arrived),
            {
                self.heating: 400.0,  # 800 read since 31 March
                self.water: 392.86,  # 1,460 × (100 × 275 / 365) / 280
                self.cleaning: 226.03,  # 1,200 × (275 / 365) / 4
                self.garbage: 137.5,  # 730 × 275 / 1,460
            },
        )
        self.assertEqual(arrived.share_amount, 1156.39)
        self.assertEqual(arrived.provision_amount, 900.0)  # 9 × 100
        self.assertEqual((arrived.balance, arrived.balance_kind), (256.39, "claim"))
        # 1,156.39 / 275 × 365 / 12 = 127.90 → 128
        self.assertEqual(arrived.new_provision, 128.0)

        self.assertEqual(statement.cost_total, 4440.0)
        self.assertEqual(statement.share_total, 2897.88)
        self.assertEqual(statement.provision_total, 2700.0)
        self.assertEqual(statement.claim_total, 422.52)
        self.assertEqual(statement.refund_total, 224.64)
        self.assertEqual(statement.line_count, 3)

    def test_a_statement_from_the_form(self):
        """An SVK User opens a new statement: last calendar year, computed from the form;
        the building shows its statements."""
        with freeze_time("2027-01-10"):
            with Form(self.env["svk.charges.statement"].with_user(self.svk_user)) as form:
                form.building_id = self.building
                self.assertEqual(
                    (form.date_from, form.date_to), (date(2026, 1, 1), date(2026, 12, 31))
                )
                self.assertEqual(form.period_days, 365)
            statement = form.record
        statement.action_compute()
        with Form(statement) as form:
            self.assertEqual(len(form.line_ids), 3)
            with form.line_ids.edit(0) as line:
                line.apply_provision = False
        self.assertEqual(statement.line_ids.mapped("apply_provision").count(False), 2)
        action = self.building.with_user(self.svk_user).action_view_charges_statements()
        self.assertEqual(self.env["svk.charges.statement"].search(action["domain"]), statement)
        self.assertEqual(self.building.svk_charges_statement_count, 1)

    def test_vacant_units_keep_their_share_with_the_agency(self):
        statement = self._statement()
        statement.action_compute()
        by_type = {cost.charge_type_id: cost for cost in statement.cost_ids}
        # cleaning: unit 0.2 empty half the year, unit 1.1 all year (flat charges from
        # 16 November), unit 1.2 until April: 1,200 - 300 - 148.77 - 226.03
        self.assertEqual(by_type[self.cleaning].share_amount, 674.8)
        self.assertEqual(by_type[self.cleaning].agency_amount, 525.2)
        # heating: 50 of unit 0.2 after Jan left, 150 of unit 1.1, 100 of unit 1.2 before
        # Amina: 300 of 2,100 read = 150.00
        self.assertEqual(by_type[self.heating].agency_amount, 150.0)
        self.assertEqual(statement.agency_total, 1542.12)
        self.assertEqual(
            round(sum(statement.cost_ids.mapped("agency_amount")), 2), statement.agency_total
        )
        # what tenants would have borne had the vacant part been spread on them: more
        # than their share, which the key's totals prevent
        self.assertLess(statement.share_total, statement.cost_total)

    def test_compute_again_reads_the_books_again(self):
        statement = self._statement()
        statement.action_compute()
        self.assertEqual(len(statement.line_ids), 3)
        cleaner = self.bills.filtered(lambda bill: bill.partner_id.name == "Net & Clean SRL")[:1]
        self._bill(
            cleaner.partner_id,
            "2026-12-15",
            [
                (
                    "Cleaning Q4",
                    400.0,
                    self.cleaning,
                    {str(self.building.analytic_account_id.id): 100},
                )
            ],
        )
        statement.action_compute()
        self.assertEqual(len(statement.line_ids), 3, "lines are replaced, not added")
        self.assertEqual(len(statement.detail_ids), 12)
        cleaning = statement.cost_ids.filtered(lambda cost: cost.charge_type_id == self.cleaning)
        self.assertEqual(cleaning.amount, 1600.0)
        self.assertEqual(self._shares(self._line(statement, self.lease))[self.cleaning], 400.0)

    def test_a_key_for_some_units_only(self):
        """The lift's maintenance without the ground floor: the cleaning key here
        leaves units 0.1 and 0.2 out."""
        self.keys.filtered(lambda key: key.charge_type_id == self.cleaning).unit_ids = self.units[
            2:
        ]
        statement = self._statement()
        statement.action_compute()
        cleaning = statement.cost_ids.filtered(lambda cost: cost.charge_type_id == self.cleaning)
        self.assertEqual(cleaning.total_quantity, 2.0)
        self.assertNotIn(self.cleaning, self._shares(self._line(statement, self.lease)))
        # Amina: 1,200 × (275 / 365) / 2
        self.assertEqual(self._shares(self._line(statement, self.lease_new))[self.cleaning], 452.05)


@tagged("post_install", "-at_install")
class TestShareRounding(SvkChargesCase):
    def test_shares_never_add_up_to_more_than_the_cost(self):
        """200.00 in three equal shares: 66.67, 66.67 and 66.66, not 200.01."""
        statement = self._statement()
        cost = self.env["svk.charges.statement.cost"].new(
            {"amount": 200.0, "total_quantity": 3.0, "statement_id": statement.id}
        )
        shares = statement._shares_of(cost, {1: 1.0, 2: 1.0, 3: 1.0})
        self.assertEqual(sorted(shares.values()), [66.66, 66.67, 66.67])
        self.assertEqual(round(sum(shares.values()), 2), 200.0)
        # a vacant unit keeps its part: nothing is taken off
        shares = statement._shares_of(cost, {1: 1.0, 2: 1.0})
        self.assertEqual(list(shares.values()), [66.67, 66.67])
