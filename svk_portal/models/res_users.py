import phonenumbers

from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _get_login_domain(self, login):
        """A tenant logs in with their e-mail or their phone number, typed in any Belgian
        form (0470 12 34 56, 0032 470..., +32 470...): a portal login that is a phone
        number is its E.164 form; a portal user whose login is their e-mail also has
        their mobile number found."""
        domain = super()._get_login_domain(login)
        number = self._svk_login_e164(login)
        if not number:
            return domain
        return [
            "|",
            "|",
            *domain,
            ("login", "=", number),
            "&",
            ("share", "=", True),
            ("partner_id.phone_sanitized", "=", number),
        ]

    @api.model
    def _svk_login_e164(self, login):
        """The E.164 form of a login that is a phone number, else ''."""
        text = (login or "").strip()
        if not text or "@" in text or not any(char.isdigit() for char in text):
            return ""
        if set(text) - set("0123456789 +-./()"):
            return ""
        try:
            parsed = phonenumbers.parse(text, "BE")
        except phonenumbers.NumberParseException:
            return ""
        if not phonenumbers.is_valid_number(parsed):
            return ""
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
