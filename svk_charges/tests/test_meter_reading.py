from datetime import date

from odoo.tests import tagged

from odoo.addons.svk_housing.tests.common import SvkHousingCase


@tagged("post_install", "-at_install")
class TestMeterReading(SvkHousingCase):
    """A meter's consumption between two days, read between its readings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meter = cls.env["svk.meter"].create(
            {"meter_type": "water", "unit_id": cls.units[0].id, "name": "W-0.1"}
        )
        cls.Reading = cls.env["svk.meter.reading"]
        cls.Reading.create(
            [
                {"meter_id": cls.meter.id, "date": day, "value": value}
                for day, value in (
                    ("2024-12-31", 40.0),  # an older opening index, replaced by the next
                    ("2025-12-31", 100.0),  # the opening index of 2026
                    ("2026-03-31", 190.0),
                    ("2026-12-31", 465.0),
                    ("2027-02-28", 500.0),  # after the period: not read
                )
            ]
        )

    def _series(self):
        return self.Reading._series(self.meter, date(2026, 1, 1), date(2026, 12, 31))[self.meter.id]

    def test_the_readings_that_measure_a_period(self):
        self.assertEqual(
            self._series(),
            [(date(2025, 12, 31), 100.0), (date(2026, 3, 31), 190.0), (date(2026, 12, 31), 465.0)],
        )

    def test_consumption_between_readings_is_linear_in_time(self):
        points = self._series()
        consumption = self.Reading._consumption
        # the year: last reading less the opening index
        self.assertEqual(consumption(points, date(2026, 1, 1), date(2026, 12, 31)), 365.0)
        # up to a reading: exact
        self.assertEqual(consumption(points, date(2026, 1, 1), date(2026, 3, 31)), 90.0)
        self.assertEqual(consumption(points, date(2026, 4, 1), date(2026, 12, 31)), 275.0)
        # between readings: 275 over the 275 days of April - December, one a day
        self.assertAlmostEqual(consumption(points, date(2026, 7, 1), date(2026, 9, 30)), 92.0)
        # days before the first and after the last reading count nothing
        self.assertEqual(consumption(points, date(2025, 6, 1), date(2025, 12, 31)), 0.0)

    def test_meter_shows_its_last_reading(self):
        self.assertEqual(self.meter.reading_count, 5)
        self.assertEqual(self.meter.last_reading_date, date(2027, 2, 28))
        action = self.meter.action_view_readings()
        self.assertEqual(self.Reading.search(action["domain"]), self.meter.reading_ids)
