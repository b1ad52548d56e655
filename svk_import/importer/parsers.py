"""Turn a cell (the text Odoo's base_import reads) into a value, or say why not.

Each parser takes the environment, the cell's text and its column, and returns
`(value, None)` or `(None, reason)`. An empty cell is `None` for every parser; whether
that is allowed is the column's `required`.
"""

import datetime
import re

from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from odoo.exceptions import UserError
from odoo.tools.mail import email_normalize

from odoo.addons.account.tools import (
    is_valid_structured_reference_be,
    sanitize_structured_reference,
)
from odoo.addons.svk_housing.models.svk_meter import ean_error
from odoo.addons.svk_housing.rules import structured_communication

from .columns import FLOORS, YES_NO, normalize

EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_FORMS = [
    # what base_import writes for a date cell, then what Belgians type
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})$"),
]


def parse_text(env, text, column):
    return " ".join(text.split()), None


def parse_ref(env, text, column):
    # "12.0" is what a spreadsheet makes of the reference 12 typed as a number
    value = " ".join(text.split())
    if re.fullmatch(r"\d+\.0", value):
        value = value[:-2]
    return value, None


def parse_zip(env, text, column):
    value = parse_ref(env, text, column)[0]
    if not re.fullmatch(r"[A-Za-z0-9 \-]{3,10}", value):
        return None, env._("%(value)s is not a postal code.", value=value)
    return value, None


def parse_int(env, text, column):
    value = text.strip()
    if re.fullmatch(r"-?\d+(\.0+)?", value):
        return int(float(value)), None
    return None, env._("%(value)s is not a whole number.", value=value)


FLOOR_FORM = re.compile(
    r"^(?:(?:etage|verdieping|verd|floor|niveau|r) )?(?P<n>\d{1,2})"
    r"(?: ?(?:er|ere|e|eme|de|ste|st|nd|rd|th))?(?: (?:etage|et|verdieping|verd|floor))?$"
)


def parse_floor(env, text, column):
    """0, -1, 2, but also rez, gelijkvloers, sous-sol, kelder, 2e étage, R+2, 3de verd."""
    value = text.strip()
    if re.fullmatch(r"[-+]?\d+(\.0+)?", value):
        return int(float(value)), None
    key = normalize(value)
    if key in FLOORS:
        return FLOORS[key], None
    match = FLOOR_FORM.match(key)
    if match:
        return int(match["n"]), None
    return None, env._(
        "%(value)s is not a floor (a number, or rez, gelijkvloers, sous-sol, kelder, 2e étage...).",
        value=value,
    )


DURATION_FORM = re.compile(r"^(?P<n>\d{1,3})(?: 0+)?(?: ?(?P<unit>[a-z]+))?$")
YEAR_WORDS = {None, "an", "ans", "annee", "annees", "jaar", "jaren", "j", "a", "y", "yr", "yrs"}
YEAR_WORDS |= {"year", "years"}
MONTH_WORDS = {"mois", "maand", "maanden", "m", "mnd", "month", "months"}


def parse_duration(env, text, column):
    """A duration in months: 9 (years, the column's unit), 9 ans, 3 jaar, 36 mois."""
    # normalised, "9.0" (a number cell) is "9 0" and "36 mois" stays itself
    match = DURATION_FORM.match(normalize(text))
    if match:
        unit = match["unit"]
        number = int(match["n"])
        if unit in YEAR_WORDS:
            return number * 12, None
        if unit in MONTH_WORDS:
            return number, None
    return None, env._(
        "%(value)s is not a duration (9, 9 ans, 3 jaar, 36 mois).", value=text.strip()
    )


def parse_year(env, text, column):
    value, error = parse_int(env, text, column)
    if error:
        return None, error
    if not 1500 <= value <= datetime.date.today().year + 5:
        return None, env._("%(value)s is not a year.", value=value)
    return value, None


def _amount(text):
    value = re.sub(r"[\s\u00a0€]|EUR|eur", "", text)
    if not re.fullmatch(r"-?[\d.,]+", value) or not re.search(r"\d", value):
        return None
    if "," in value and "." in value:
        # the last separator is the decimal one: 1.234,56 or 1,234.56
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")
        else:
            value = value.replace(",", "")
    elif "," in value:
        if value.count(",") > 1:
            return None
        value = value.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value) and value.count(".") >= 1:
        # 1.250 typed in Belgium is one thousand two hundred and fifty
        value = value.replace(".", "")
    try:
        return round(float(value), 2)
    except ValueError:
        return None


def parse_amount(env, text, column):
    value = _amount(text)
    if value is None:
        return None, env._("%(value)s is not an amount.", value=text.strip())
    if value < 0:
        return None, env._("%(value)s is negative.", value=text.strip())
    return value, None


def parse_amount_signed(env, text, column):
    value = _amount(text)
    if value is None:
        return None, env._("%(value)s is not an amount.", value=text.strip())
    return value, None


def parse_date(env, text, column):
    value = text.strip()
    if re.fullmatch(r"\d{5}(\.0+)?", value):
        # an Excel serial date read as a number (a CSV export, a text cell)
        serial = int(float(value))
        if 20000 <= serial <= 80000:
            return EXCEL_EPOCH + datetime.timedelta(days=serial), None
    for form in DATE_FORMS:
        match = form.match(value)
        if not match:
            continue
        year = int(match["y"])
        if len(match["y"]) == 2:
            pivot = datetime.date.today().year % 100 + 10
            year += 2000 if year <= pivot else 1900
        try:
            return datetime.date(year, int(match["m"]), int(match["d"])), None
        except ValueError:
            return None, env._("%(value)s is not a date that exists.", value=value)
    return None, env._(
        "%(value)s is not a date (write it as 31/12/2024, 31.12.24 or 2024-12-31).", value=value
    )


def parse_bool(env, text, column):
    value = YES_NO.get(normalize(text))
    if value is None:
        return None, env._("%(value)s is neither yes nor no.", value=text.strip())
    return value, None


def parse_choice(env, text, column):
    key = normalize(text)
    value = column.selection.get(key)
    if value is None and " " in key:
        # "Appartement 2 chambres", "Maison de rapport": the kind is the first word
        value = column.selection.get(key.split()[0])
    if value is None:
        return None, env._(
            "%(value)s is not one of: %(choices)s.",
            value=text.strip(),
            choices=", ".join(sorted({key for key in column.selection if len(key) > 1})),
        )
    return value, None


def parse_iban(env, text, column):
    value = re.sub(r"[\s.\-]", "", text).upper()
    try:
        return stdnum_iban.validate(value), None
    except StdnumError:
        return None, env._(
            "%(value)s is not a valid IBAN (its check digits do not match).", value=text.strip()
        )


def parse_ean(env, text, column):
    value = re.sub(r"\s", "", text)
    if re.fullmatch(r"\d+\.0", value):
        value = value[:-2]
    error = ean_error(env, value)
    return (None, error) if error else (value, None)


def parse_ogm(env, text, column):
    reference = sanitize_structured_reference(text.strip())
    if not is_valid_structured_reference_be(reference):
        return None, env._(
            "%(value)s is not a valid structured communication (+++123/4567/89002+++, its "
            "last two digits are the remainder of the first ten by 97).",
            value=text.strip(),
        )
    return structured_communication(int(reference[:10])), None


def parse_phone(env, text, column):
    value = text.strip()
    if re.fullmatch(r"\d{8,10}\.0", value):
        value = "0" + value[:-2]  # a spreadsheet drops the leading 0 of 0470...
    elif re.fullmatch(r"\d{8,9}", value) and not value.startswith("0"):
        value = "0" + value
    country = env.company.country_id or env.ref("base.be")
    try:
        number = env["res.partner"]._phone_format(
            number=value, country=country, force_format="E164", raise_exception=True
        )
    except UserError:
        number = False
    if not number:
        return None, env._("%(value)s is not a valid phone number.", value=text.strip())
    return number, None


def parse_email(env, text, column):
    value = text.strip()
    # Odoo's normal form (lower case); a domain without its extension is refused too
    normalized = re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", value) and email_normalize(value)
    if not normalized:
        return None, env._("%(value)s is not an e-mail address.", value=value)
    return normalized, None


PARSERS = {
    "text": parse_text,
    "ref": parse_ref,
    "zip": parse_zip,
    "int": parse_int,
    "floor": parse_floor,
    "duration": parse_duration,
    "year": parse_year,
    "amount": parse_amount,
    "amount_signed": parse_amount_signed,
    "date": parse_date,
    "bool": parse_bool,
    "choice": parse_choice,
    "iban": parse_iban,
    "ean": parse_ean,
    "ogm": parse_ogm,
    "phone": parse_phone,
    "email": parse_email,
}
