import threading

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from .common import wait_for_a_blocked_backend

PERIOD = "2026-11-01"


@tagged("post_install", "-at_install")
class TestRentRunConcurrency(BaseCase):
    """Two runs of the same month at the same time, on two real database connections:
    the database lets only one invoice per lease and month through. Everything this test
    commits is removed at the end."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company._svk_check_accounting()
            owner = env["res.partner"].create({"name": "Concurrency Owner"})
            bank = env["res.partner.bank"].create(
                {"partner_id": owner.id, "acc_number": "BE56091000000088"}
            )
            units = env["svk.unit"].create(
                [{"name": f"Concurrency {i}", "state": "available"} for i in range(4)]
            )
            contract = env["svk.owner.contract"].create(
                {
                    "owner_id": owner.id,
                    "bank_account_id": bank.id,
                    "date_start": "2026-01-01",
                    "state": "active",
                    "line_ids": [
                        Command.create({"unit_id": u.id, "owner_rent": 500.0}) for u in units
                    ],
                }
            )
            tenants = env["res.partner"].create(
                [{"name": f"Concurrency Tenant {i}"} for i in range(4)]
            )
            leases = env["svk.lease"].create(
                [
                    {
                        "unit_id": u.id,
                        "tenant_id": t.id,
                        "date_start": "2026-01-01",
                        "rent": 450.0,
                        "state": "active",
                    }
                    for u, t in zip(units, tenants, strict=True)
                ]
            )
            runs = env["svk.rent.run"].create([{"period": PERIOD}, {"period": PERIOD}])
            self.ids = {
                "owner": owner.id,
                "tenants": tenants.ids,
                "units": units.ids,
                "contract": contract.id,
                "leases": leases.ids,
                "runs": runs.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            moves = env["account.move"].search([("svk_run_id", "in", self.ids["runs"])])
            moves.filtered(lambda m: m.state == "posted").button_draft()
            moves.with_context(force_delete=True).unlink()
            env["svk.rent.run"].browse(self.ids["runs"]).unlink()
            env["svk.lease"].browse(self.ids["leases"]).unlink()
            contract = env["svk.owner.contract"].browse(self.ids["contract"])
            contract.state = "draft"
            contract.unlink()
            units = env["svk.unit"].browse(self.ids["units"])
            analytic = units.analytic_account_id
            units.unlink()
            analytic.unlink()
            env["res.partner"].browse([self.ids["owner"], *self.ids["tenants"]]).unlink()

    def test_two_runs_of_the_same_month_at_the_same_time(self):
        first_inserted = threading.Event()
        results = {}

        def run(index, hold):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    run = (
                        env["svk.rent.run"]
                        .with_context(queue_job__no_delay=True)
                        .browse(self.ids["runs"][index])
                    )
                    run.action_start()
                    if hold:
                        # keep this transaction open until the other run waits on it
                        first_inserted.set()
                        results["waited"] = wait_for_a_blocked_backend(self.registry)
                    results[index] = (
                        run.invoice_count,
                        run.bill_count,
                        len(run.error_ids),
                        run.skipped_count,
                    )
            except Exception as error:
                results[index] = error
                first_inserted.set()

        threading.current_thread().testing = True
        first = threading.Thread(target=run, args=(0, True))
        second = threading.Thread(target=run, args=(1, False))
        for thread in (first, second):
            thread.testing = True
        first.start()
        self.assertTrue(first_inserted.wait(60), "first run did not get through")
        second.start()  # blocks on the unique index until the first one commits
        first.join(60)
        second.join(60)
        self.assertTrue(results["waited"], "the second run never met the first one's lock")
        self.assertEqual(results[0], (4, 1, 0, 0), results)
        # the second run tried all of it and met the unique index each time: 4 invoices
        # and the owner's bill made meanwhile by the first run
        self.assertEqual(results[1], (0, 0, 0, 5), results)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT svk_lease_id, count(*) FROM account_move WHERE svk_lease_id = ANY(%s) "
                "AND svk_period = %s GROUP BY svk_lease_id",
                (self.ids["leases"], PERIOD),
            )
            counts = dict(cr.fetchall())
        self.assertEqual(counts, dict.fromkeys(self.ids["leases"], 1))
