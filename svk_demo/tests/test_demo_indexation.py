from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    def test_demo_leases_are_ready_for_indexation(self):
        stats = self.env["svk.demo.generator"]._generate(size=60, seed=3)
        leases = self.env["svk.lease"].search([("company_id", "=", self.env.company.id)])
        handed = leases.filtered("epc_handed_over")
        self.assertEqual(stats["EPC handed over"], len(handed))
        self.assertGreater(len(handed), 0.8 * len(leases))
        self.assertTrue(all(lease.base_rent == lease.rent for lease in leases))
