import datetime

from odoo.tests import TransactionCase, tagged

from ..importer.columns import SHEET_BY_KEY
from ..importer.parsers import PARSERS


@tagged("post_install", "-at_install")
class TestParsers(TransactionCase):
    """The cells as Belgian agencies type them."""

    def _parse(self, kind, text, sheet="lease", column="lease_type"):
        return PARSERS[kind](self.env, text, SHEET_BY_KEY[sheet].column(column))

    def test_dates(self):
        for text, expected in (
            ("31/12/2024", datetime.date(2024, 12, 31)),
            ("31.12.24", datetime.date(2024, 12, 31)),
            ("1-2-2025", datetime.date(2025, 2, 1)),
            ("2024-12-31", datetime.date(2024, 12, 31)),
            ("2024-12-31 00:00:00", datetime.date(2024, 12, 31)),
            ("45657", datetime.date(2024, 12, 31)),  # an Excel serial date
            ("01/01/85", datetime.date(1985, 1, 1)),
        ):
            self.assertEqual(self._parse("date", text), (expected, None), text)
        for text in ("29/02/2025", "32/01/2024", "12/13/2024", "demain", "2024"):
            value, error = self._parse("date", text)
            self.assertIsNone(value, text)
            self.assertTrue(error, text)

    def test_amounts(self):
        for text, expected in (
            ("650", 650.0),
            ("650,5", 650.5),
            ("1.250,75", 1250.75),
            ("1 250,75 €", 1250.75),
            ("1,250.75", 1250.75),
            ("1.250", 1250.0),
            ("612.5", 612.5),
            ("€ 45", 45.0),
        ):
            self.assertEqual(self._parse("amount", text), (expected, None), text)
        for text in ("six cents", "1,2,3", "12a", ""):
            self.assertIsNone(self._parse("amount", text or "x")[0], text)
        self.assertIn("negative", self._parse("amount", "-5")[1])
        self.assertEqual(self._parse("amount_signed", "-50,00"), (-50.0, None))

    def test_phones(self):
        for text, expected in (
            ("0470 12 34 56", "+32470123456"),
            ("0470/12.34.56", "+32470123456"),
            ("470123456", "+32470123456"),  # the 0 a spreadsheet dropped
            ("470123456.0", "+32470123456"),
            ("0032 470 12 34 56", "+32470123456"),
            ("02 511 22 33", "+3225112233"),
            ("+33 6 12 34 56 78", "+33612345678"),
            ("+212 6 61 23 45 67", "+212661234567"),
        ):
            self.assertEqual(self._parse("phone", text), (expected, None), text)
        for text in ("0470 12 34", "n/a", "123"):
            self.assertIsNone(self._parse("phone", text)[0], text)

    def test_check_digits(self):
        self.assertEqual(self._parse("iban", "be71 0961 2345 6769"), ("BE71096123456769", None))
        self.assertIn("check digits", self._parse("iban", "BE71096123456768")[1])
        self.assertEqual(self._parse("ean", "5414 4882 0000 0000 15"), ("541448820000000015", None))
        self.assertIn("check digit", self._parse("ean", "541448820000000016")[1])
        self.assertIn("18 digits", self._parse("ean", "54144882000000001")[1])
        self.assertEqual(self._parse("ogm", "+++990/0000/01782+++"), ("+++990/0000/01782+++", None))
        self.assertEqual(self._parse("ogm", "990000001782"), ("+++990/0000/01782+++", None))
        self.assertIn("97", self._parse("ogm", "+++990/0000/01783+++")[1])

    def test_words(self):
        self.assertEqual(self._parse("choice", "Transitoire"), ("transit", None))
        self.assertEqual(self._parse("choice", "glijdende huur"), ("sliding", None))
        self.assertIn("standard", self._parse("choice", "bail commercial")[1])
        self.assertEqual(self._parse("bool", "Oui"), (True, None))
        self.assertEqual(self._parse("bool", "neen"), (False, None))
        self.assertEqual(self._parse("choice", "Néerlandais", "tenant", "lang"), ("nl_BE", None))
        self.assertEqual(self._parse("ref", "12.0"), ("12", None))
        self.assertEqual(self._parse("email", "Jan@Example.BE"), ("jan@example.be", None))
        self.assertTrue(self._parse("email", "jan@")[1])
