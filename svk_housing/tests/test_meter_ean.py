from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import SvkHousingCase

# 54144882000000001 + GS1 check digit 5 (weights 3,1,3... from the right).
GOOD_EAN = "541448820000000015"


class TestMeterEan(SvkHousingCase):
    def test_valid_ean_accepted_and_normalised(self):
        meter = self.env["svk.meter"].create(
            {"unit_id": self.units[0].id, "meter_type": "gas", "ean": "5414 4882 0000 0000 15"}
        )
        self.assertEqual(meter.ean, GOOD_EAN)
        self.assertIn(GOOD_EAN, meter.display_name)

    def test_wrong_check_digit_is_refused_with_the_right_digit(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["svk.meter"].create({"unit_id": self.units[0].id, "ean": "541448820000000017"})
        self.assertIn("should end in 5", str(caught.exception))
        self.assertFalse(self.env["svk.meter"].search([("ean", "=", "541448820000000017")]))

    def test_wrong_length_and_letters_are_refused(self):
        for bad in ("54144882000000001", "5414488200000000159", "54144882000000001X"):
            with self.subTest(ean=bad), self.assertRaises(ValidationError) as caught:
                self.env["svk.meter"].create({"unit_id": self.units[0].id, "ean": bad})
            self.assertIn("18 digits", str(caught.exception))

    def test_write_is_validated_too(self):
        meter = self.env["svk.meter"].create({"unit_id": self.units[0].id, "ean": GOOD_EAN})
        with self.assertRaises(ValidationError):
            meter.ean = "541448820000000016"
        self.assertEqual(meter.ean, GOOD_EAN)

    @mute_logger("odoo.sql_db")
    def test_meter_belongs_to_a_unit_or_a_building(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["svk.meter"].create({"ean": GOOD_EAN})
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["svk.meter"].create(
                {"ean": GOOD_EAN, "unit_id": self.units[0].id, "building_id": self.building.id}
            )

    @mute_logger("odoo.sql_db")
    def test_ean_unique_per_agency(self):
        self.env["svk.meter"].create({"unit_id": self.units[0].id, "ean": GOOD_EAN})
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["svk.meter"].create({"building_id": self.building.id, "ean": GOOD_EAN})
