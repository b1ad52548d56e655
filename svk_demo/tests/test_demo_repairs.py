from odoo.tests import TransactionCase


class TestDemoRepairs(TransactionCase):
    def test_repairs_in_every_state_and_closed_with_each_payer(self):
        self.env.company._svk_check_accounting()
        stats = self.env["svk.demo.generator"]._generate(size=40, seed=3)
        requests = self.env["svk.repair.request"].search([])
        self.assertEqual(stats["repair_requests"], len(requests))
        self.assertEqual(
            set(requests.mapped("state")),
            {"new", "assigned", "planned", "done", "closed", "cancelled"},
        )
        self.assertEqual(
            set(requests.mapped("visit_state")) - {False}, {"proposed", "confirmed", "other_slot"}
        )
        closed = requests.filtered(lambda r: r.state == "closed")
        self.assertEqual(set(closed.mapped("payer")), {"tenant", "owner", "agency"})
        self.assertEqual(
            set(
                closed.filtered(lambda r: r.payer == "owner").owner_contract_id.mapped(
                    "contract_type"
                )
            ),
            {"mandate", "main_lease"},
        )
        # the mandate owner's repair comes off this month's bill
        self.env["svk.demo.generator"]._generate_months(months=1, seed=3)
        mandate = closed.filtered(
            lambda r: r.payer == "owner" and r.owner_contract_id.contract_type == "mandate"
        )
        mandate.invalidate_recordset()
        self.assertEqual(mandate.deducted_amount, mandate.charge_amount)
