from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SvkChargesCase


@tagged("post_install", "-at_install")
class TestStatementBadInput(SvkChargesCase):
    """Bad input gets a clear error and leaves the statement as it was."""

    def _refused(self, statement, *expected):
        with self.assertRaises(UserError) as error:
            statement.action_compute()
        for text in expected:
            self.assertIn(text, str(error.exception))
        self.assertEqual(statement.state, "draft")
        self.assertFalse(statement.line_ids)
        self.assertFalse(statement.cost_ids)

    def test_a_meter_without_readings_for_the_period(self):
        self.meters[2].reading_ids.filtered(lambda r: r.date.year == 2026).unlink()
        statement = self._statement()
        self._refused(
            statement,
            "Heating is shared by meter readings in Rue Haute 120",
            f"{self.units[2].display_name}: meter Heating H-1.1 has no readings for the period",
        )

    def test_a_unit_without_a_meter_of_the_key(self):
        self.meters[1].unlink()
        self._refused(self._statement(), f"{self.units[1].display_name} has no heating meter")

    def test_a_replaced_meter_counts_until_it_was_replaced(self):
        """Unit 1.1's meter replaced on 30 June: the old one, archived, is read until
        then, the new one from its first index."""
        old = self.meters[2]
        old.reading_ids.filtered(lambda r: r.date.year == 2026).unlink()
        self.env["svk.meter.reading"].create(
            {"meter_id": old.id, "date": "2026-06-30", "value": 280.0}
        )
        old.active = False
        new = self.env["svk.meter"].create(
            {"meter_type": "heating", "unit_id": self.units[2].id, "name": "H-1.1 bis"}
        )
        self.env["svk.meter.reading"].create(
            [
                {"meter_id": new.id, "date": "2026-06-30", "value": 0.0},
                {"meter_id": new.id, "date": "2026-12-31", "value": 70.0},
            ]
        )
        statement = self._statement()
        statement.action_compute()
        heating = statement.cost_ids.filtered(lambda cost: cost.charge_type_id == self.heating)
        self.assertEqual(heating.total_quantity, 2100.0)  # 80 + 70 instead of 150

    def test_a_statement_without_any_lease(self):
        self._refused(
            self._statement(building_id=self.other_building.id),
            "No lease on provisions ran in Rue Blaes 10",
        )

    def test_a_statement_without_costs(self):
        self._refused(
            self._statement(date_to="2026-01-10"),
            "No posted vendor bill of Rue Haute 120 between",
            "carries a charge type",
        )

    def test_a_unit_without_surface(self):
        self.units[2].surface = 0.0
        self._refused(
            self._statement(),
            "Water is shared by surface in Rue Haute 120",
            self.units[2].display_name,
        )

    def test_a_building_is_settled_once_per_period(self):
        statement = self._statement()
        # the database refuses a second statement covering some of the same days, also
        # to two made at the same time (see test_concurrency)
        with self.assertRaises(IntegrityError) as error, mute_logger("odoo.sql_db"):
            self._statement(date_from="2026-07-01", date_to="2027-06-30")
        self.assertEqual(
            error.exception.diag.constraint_name, "svk_charges_statement_building_period_excl"
        )
        # another building, or the next year, is fine
        self._statement(building_id=self.other_building.id)
        self._statement(date_from="2027-01-01", date_to="2027-12-31")
        # a cancelled statement does not count
        statement.action_cancel()
        self.assertEqual(self._statement().state, "draft")

    def test_a_period_of_a_year_at_most(self):
        with self.assertRaisesRegex(ValidationError, "a year at most"):
            self._statement(date_to="2027-01-01")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._statement(date_from="2026-12-31", date_to="2026-01-01")
            self.env.flush_all()

    def test_a_computed_statement_keeps_its_scope(self):
        statement = self._statement()
        statement.action_compute()
        with self.assertRaisesRegex(UserError, "Reset the statement to draft"):
            statement.date_to = "2026-11-30"
        with self.assertRaisesRegex(UserError, "Only a draft or cancelled"):
            statement.with_user(self.svk_manager).unlink()
        statement.action_draft()
        self.assertFalse(statement.line_ids)
        statement.date_from = "2026-02-01"
        statement.action_compute()
        self.assertEqual(statement.period_days, 334)
        # January's provisions are not this period's
        self.assertEqual(self._line(statement, self.lease).provision_amount, 1200.0)

    def test_an_approved_statement_is_not_cancelled(self):
        statement = self._statement(date="2027-01-10")
        statement.action_compute()
        statement.with_user(self.svk_manager).action_approve()
        with self.assertRaisesRegex(UserError, "An approved statement stays"):
            statement.action_cancel()
        with self.assertRaisesRegex(UserError, "approved or cancelled"):
            statement.action_compute()
        with self.assertRaisesRegex(UserError, "chosen before the statement's approval"):
            statement.line_ids[0].apply_provision = False

    def test_a_meter_index_only_grows(self):
        with self.assertRaisesRegex(ValidationError, "is lower than on"):
            self.env["svk.meter.reading"].create(
                {"meter_id": self.meters[0].id, "date": "2026-07-01", "value": 900.0}
            )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["svk.meter.reading"].create(
                {"meter_id": self.meters[0].id, "date": "2026-12-31", "value": 1700.0}
            )
            self.env.flush_all()

    def test_a_meter_key_needs_its_meter_type(self):
        with self.assertRaisesRegex(ValidationError, "Which meters share"):
            self.keys[1].method = "meter"
        with self.assertRaisesRegex(ValidationError, "own units only"):
            self.keys[2].unit_ids = self.env["svk.unit"].create(
                {"name": "Elsewhere", "building_id": self.other_building.id}
            )

    def test_charge_type_codes_are_unique(self):
        with self.assertRaisesRegex(ValidationError, "code heat is taken"):
            self.env["svk.charge.type"].create({"name": "Chauffage bis", "code": "heat"})
        # an agency's own code, new to the database, is fine
        self.env["svk.charge.type"].create(
            {"name": "Desinfection", "code": "DESINF", "company_id": self.company.id}
        )
