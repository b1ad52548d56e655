import threading
from datetime import date

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from odoo.addons.svk_housing.tests.common import wait_for_a_blocked_backend


@tagged("post_install", "-at_install")
class TestApprovalConcurrency(BaseCase):
    """Two managers approve the same indexations at the same time, on two real database
    connections: one approval goes through, the other is refused by the database; the rent
    is indexed once. Everything this test commits is removed at the end, the background
    jobs the approval queued included."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Index = env["svk.health.index"]
            months = {date(2021, 11, 1): 115.20, date(2022, 12, 1): 127.89}
            added = Index.create(
                [
                    {"month": month, "value": value}
                    for month, value in months.items()
                    if not Index.search([("month", "=", month)])
                ]
            )
            unit = env["svk.unit"].create(
                {"name": "Concurrency 1", "state": "available", "epc_class": "B"}
            )
            tenant = env["res.partner"].create({"name": "Concurrency Tenant"})
            lease = env["svk.lease"].create(
                {
                    "unit_id": unit.id,
                    "tenant_id": tenant.id,
                    "date_signature": "2021-12-10",
                    "date_start": "2022-01-01",
                    "rent": 500.0,
                    "registration_date": "2021-12-20",
                    "epc_handed_over": True,
                    "state": "active",
                }
            )
            batch = env["svk.indexation"].search(
                [("month", "=", "2023-01-01"), ("company_id", "=", env.company.id)]
            ) or env["svk.indexation"].create({"month": "2023-01-01"})
            batch.action_propose()
            self.ids = {
                "index": added.ids,
                "unit": unit.id,
                "tenant": tenant.id,
                "lease": lease.id,
                "batch": batch.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            batch = env["svk.indexation"].browse(self.ids["batch"])
            # the approval's messages to the tenant, queued and committed with it: left
            # pending on a deleted line, they would fail in a later test's job run
            line_ids = set(batch.line_ids.ids)
            env["queue.job"].search([("model_name", "=", "svk.indexation.line")]).filtered(
                lambda job: line_ids & set(job.records.ids)
            ).unlink()
            batch.unlink()
            env["svk.lease"].browse(self.ids["lease"]).unlink()
            unit = env["svk.unit"].browse(self.ids["unit"])
            analytic = unit.analytic_account_id
            unit.unlink()
            analytic.unlink()
            env["res.partner"].browse(self.ids["tenant"]).unlink()
            env["svk.health.index"].browse(self.ids["index"]).unlink()

    def test_two_approvals_at_the_same_time(self):
        first_done = threading.Event()
        results = {}

        def approve(index, hold):
            try:
                with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    batch = env["svk.indexation"].browse(self.ids["batch"])
                    batch.line_ids.mapped("state")  # both read it as proposed
                    if not hold:
                        first_done.wait(60)
                    batch.action_approve()
                    if hold:
                        first_done.set()
                        results["waited"] = wait_for_a_blocked_backend(self.registry)
                    results[index] = "approved"
            except Exception as error:  # the outcome under test
                results[index] = error
                first_done.set()

        threading.current_thread().testing = True
        first = threading.Thread(target=approve, args=(0, True))
        second = threading.Thread(target=approve, args=(1, False))
        for thread in (first, second):
            thread.testing = True
        first.start()
        second.start()
        first.join(120)
        second.join(120)
        self.assertTrue(results.get("waited"), "the second approval never met the first's lock")
        self.assertEqual(results[0], "approved", results)
        # the second approval read the lines as proposed before the first committed: its
        # rent history meets the first one's in the unique index, which refuses it
        self.assertIsInstance(results[1], pg_errors.UniqueViolation, results)
        self.assertEqual(results[1].diag.constraint_name, "svk_rent_history_lease_date_unique")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lease = env["svk.lease"].browse(self.ids["lease"])
            self.assertEqual(lease.rent, 555.08)
            self.assertEqual(
                lease.rent_history_ids.filtered(lambda h: h.reason == "indexation").mapped("rent"),
                [555.08],
            )
