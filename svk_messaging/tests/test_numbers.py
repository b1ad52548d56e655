from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestNumbers(TransactionCase):
    """Phone numbers as tenants type them, normalised to E.164 (Belgium by default)."""

    def test_belgian_and_foreign_numbers(self):
        e164 = self.env["res.partner"]._svk_e164
        for typed, expected in [
            ("0470 12 34 56", "+32470123456"),
            ("0470/12.34.56", "+32470123456"),
            ("+32 470 12 34 56", "+32470123456"),
            ("0032470123456", "+32470123456"),
            ("+33 6 12 34 56 78", "+33612345678"),
            ("+31 6 12345678", "+31612345678"),
            ("+44 7911 123456", "+447911123456"),
            ("+212 6 12 34 56 78", "+212612345678"),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(e164(typed), (expected, ""))

    def test_bad_numbers_refused_with_a_reason(self):
        e164 = self.env["res.partner"]._svk_e164
        number, reason = e164("")
        self.assertEqual((number, reason), ("", "No phone number."))
        number, reason = e164("call me")
        self.assertFalse(number)
        self.assertIn("is not a phone number", reason)
        number, reason = e164("0470 12 34")
        self.assertFalse(number)
        self.assertIn("not a valid phone number", reason)
        # a Brussels landline receives neither SMS nor WhatsApp
        number, reason = e164("02 512 34 56")
        self.assertFalse(number)
        self.assertIn("landline", reason)

    def test_consent_stores_e164(self):
        consent = self.env["svk.messaging.consent"].create(
            {"number": "0470 12 34 56", "channel": "sms", "source": "form"}
        )
        self.assertEqual(consent.number, "+32470123456")
