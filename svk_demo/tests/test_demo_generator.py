from odoo.tests import TransactionCase

from odoo.addons.svk_housing.models.svk_meter import ean_error

from ..demo.codes import belgian_iban, gs1_ean18


class TestDemoGenerator(TransactionCase):
    def _summary(self):
        units = self.env["svk.unit"].search([], order="id")
        return [
            (u.name, u.unit_type, u.bedrooms, u.epc_class, u.state, u.owner_id.name, u.owner_rent)
            for u in units
        ]

    def test_small_agency_is_realistic_and_deterministic(self):
        stats = self.env["svk.demo.generator"]._generate(size=60, seed=7)
        self.assertEqual(stats["units"], 60)
        first = self._summary()
        units = self.env["svk.unit"].search([])
        self.assertEqual(len(units), 60)
        self.assertGreater(stats["buildings"], 5)
        self.assertTrue(all(u.owner_id for u in units))
        contracts = self.env["svk.owner.contract"].search([])
        self.assertEqual(set(contracts.mapped("contract_type")), {"mandate", "main_lease"})
        self.assertTrue(all(c.bank_account_id.partner_id == c.owner_id for c in contracts))
        self.assertTrue(all(z in {f"{n}" for n in range(1000, 1211)} for z in units.mapped("zip")))
        self.assertGreaterEqual(len(set(units.mapped("epc_class"))), 5)
        for meter in self.env["svk.meter"].search([]):
            self.assertIsNone(ean_error(self.env, meter.ean))

        leases = self.env["svk.lease"].search([])
        self.assertEqual(len(leases), len(units.filtered(lambda u: u.state in ("let", "leaving"))))
        self.assertTrue(all(lease.payment_reference for lease in leases))

        # same seed, same agency (what hangs on the leases first: their repair requests)
        self.env["svk.repair.request"].search([]).unlink()
        # and the demo's portal users (tenants and organisations), invited again
        self.env["res.users"].search([("login", "=like", "%@demo.svk")]).unlink()
        leases.unlink()
        self.env["svk.owner.contract"].search([]).write({"state": "draft"})
        self.env["svk.owner.contract"].search([]).unlink()
        self.env["svk.meter"].search([]).unlink()
        self.env["svk.unit"].search([]).unlink()
        self.env["svk.demo.generator"]._generate(size=60, seed=7)
        self.assertEqual(self._summary(), first)

    def test_site_of_130_units(self):
        stats = self.env["svk.demo.generator"]._generate(size=800, seed=1)
        self.assertEqual(stats["units"], 800)
        sites = self.env["svk.building"].search([]).filtered(lambda b: b.unit_count == 130)
        self.assertEqual(len(sites), 1)
        self.assertEqual(sorted(set(sites.unit_ids.mapped("floor"))), list(range(13)))
        self.assertTrue(140 <= stats["buildings"] <= 160, stats)
        self.assertTrue(450 <= stats["owners"] <= 550, stats)
        self.assertTrue(740 <= stats["leases"] <= 790, stats)
        third_payers = self.env["svk.lease"].search([("third_payer_id", "!=", False)])
        self.assertTrue(20 <= len(third_payers) <= 100, len(third_payers))
        self.assertEqual(
            set(self.env["svk.lease"].search([]).mapped("state")), {"active", "notice"}
        )

    def test_helpers_make_valid_codes(self):
        import random

        from stdnum import iban

        rng = random.Random(3)
        for _i in range(50):
            self.assertTrue(iban.is_valid(belgian_iban(rng)))
        self.assertEqual(gs1_ean18(1), "541400000000000011")
        self.assertIsNone(ean_error(self.env, gs1_ean18(123456789)))

    def test_the_demo_months_are_run_paid_and_reconciled(self):
        self.env.company._svk_check_accounting()
        self.env["svk.demo.generator"]._generate(size=40, seed=3)
        stats = self.env["svk.demo.generator"]._generate_months(months=3, seed=3)
        self.assertEqual(stats["runs"], 3)
        runs = self.env["svk.rent.run"].search([])
        self.assertEqual(len(runs), 3)
        self.assertEqual(set(runs.mapped("state")), {"done"})
        lines = self.env["account.bank.statement.line"].search([])
        self.assertEqual(len(lines), stats["payments"])
        reconciled = lines.filtered("is_reconciled")
        self.assertGreater(len(reconciled), 0.85 * len(lines))
        self.assertTrue(all(reconciled.mapped("svk_lease_id")), "all applied by the rent rules")
        # every month balances: what is held for owners is passed on, to the cent
        collected = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.env.company.svk_owner_collected_account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(round(sum(collected.mapped("balance")), 2), 0.0)
        self.assertTrue(self.env["svk.arrears.report"].search_count([]))
        # some wait for a person: the two strangers of each month, whom nobody knows, and
        # tenants who paid without the communication from an account the agency does not
        # know yet, each with their own lease among the candidates
        waiting = lines - reconciled
        strangers = waiting.filtered(lambda line: line.partner_name == "M. DUPONT")
        self.assertEqual(len(strangers), 6)
        tenants = waiting - strangers
        self.assertTrue(tenants, "no tenant's payment waits with its candidate leases")
        for line in tenants:
            leases = line.svk_candidate_lease_ids
            payers = leases.tenant_id | leases.third_payer_id
            self.assertIn(line.partner_name, [name.upper() for name in payers.mapped("name")])
        # the owners of the past months were paid by SEPA payment orders
        orders = self.env["account.payment.order"].search([])
        self.assertEqual(len(orders), 2)
        self.assertEqual(set(orders.mapped("state")), {"uploaded"})
        bills = self.env["account.move"].search([("svk_kind", "=", "owner")])
        past = bills.filtered(lambda bill: bill.svk_period < max(bills.mapped("svk_period")))
        self.assertTrue(all(bill.payment_state in ("paid", "in_payment") for bill in past))
        self.assertTrue(self.env["svk.payment.plan"].search_count([]))
