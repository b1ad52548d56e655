import threading

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from odoo.addons.svk_housing.tests.common import wait_for_a_blocked_backend


@tagged("post_install", "-at_install")
class TestStatementConcurrency(BaseCase):
    """Two people start the statement of the same building and year at the same time,
    on two real database connections: neither can see the other's draft, the database
    lets one through. Everything this test commits is removed at the end."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            building = env["svk.building"].create({"name": "Concurrency Site"})
            self.ids = {"building": building.id, "analytic": building.analytic_account_id.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["svk.charges.statement"].search(
                [("building_id", "=", self.ids["building"])]
            ).unlink()
            env["svk.building"].browse(self.ids["building"]).unlink()
            env["account.analytic.account"].browse(self.ids["analytic"]).unlink()

    def test_two_statements_of_the_same_period_at_the_same_time(self):
        first_inserted = threading.Event()
        results = {}

        def create(index, hold, date_from, date_to):
            try:
                with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    statement = env["svk.charges.statement"].create(
                        {
                            "building_id": self.ids["building"],
                            "date_from": date_from,
                            "date_to": date_to,
                        }
                    )
                    env.flush_all()
                    if hold:
                        # keep this transaction open until the other one waits on it
                        first_inserted.set()
                        results["waited"] = wait_for_a_blocked_backend(self.registry)
                    results[index] = statement.id
            except Exception as error:  # the outcome under test
                results[index] = error
                first_inserted.set()

        threading.current_thread().testing = True
        first = threading.Thread(target=create, args=(0, True, "2026-01-01", "2026-12-31"))
        second = threading.Thread(target=create, args=(1, False, "2026-07-01", "2027-06-30"))
        for thread in (first, second):
            thread.testing = True
        first.start()
        self.assertTrue(first_inserted.wait(60), "the first statement did not get through")
        second.start()  # waits on the first one's row, then meets the constraint
        first.join(60)
        second.join(60)
        self.assertTrue(results["waited"], "the second statement never met the first one")
        self.assertIsInstance(results[0], int, results)
        self.assertIsInstance(results[1], pg_errors.ExclusionViolation, results)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM svk_charges_statement WHERE building_id = %s",
                (self.ids["building"],),
            )
            self.assertEqual(cr.fetchone()[0], 1)
