"""The rules of a lease and an owner contract, and the month maths, in one place.

Plain Python, no model: the leases' and contracts' constraints (`models/`), the monthly
run, the indexation's rents and the import's checks (svk_import) all read them here, so a
rule changes once.
"""

import calendar

from dateutil.relativedelta import relativedelta

from odoo.tools.date_utils import get_month

# a lease's longest term by type, in months (Brussels Housing Code: a transit lease at
# most 18 months, a short lease at most 3 years); these types need an end date
LEASE_MAX_MONTHS = {"transit": 18, "short": 36}
# a standard lease (a main residence) runs 9 years unless its end says otherwise
STANDARD_LEASE_MONTHS = 108
# the rental guarantee is at most two months' rent in Brussels
GUARANTEE_MAX_MONTHS = 2
# the day of the month the agency pays an owner (one every month has)
PAYMENT_DAY_MIN = 1
PAYMENT_DAY_MAX = 28


# ---------------------------------------------------------------- terms
def term_end(date_start, months):
    """The last day of a term of `months` months from `date_start`."""
    return date_start + relativedelta(months=months, days=-1)


def lease_max_months(lease_type):
    """The longest term of a lease of `lease_type`, in months, or None."""
    return LEASE_MAX_MONTHS.get(lease_type)


def lease_latest_end(lease_type, date_start):
    """The last day a lease of `lease_type` starting on `date_start` may end, or None."""
    limit = lease_max_months(lease_type)
    return term_end(date_start, limit) if limit else None


def lease_default_end(lease_type, date_start):
    """The end of a lease whose end is not given: a standard lease's nine years; other
    types have none."""
    if lease_type == "standard":
        return term_end(date_start, STANDARD_LEASE_MONTHS)
    return None


# ---------------------------------------------------------------- amounts
def guarantee_max(rent):
    """The highest rental guarantee for a monthly `rent`."""
    return GUARANTEE_MAX_MONTHS * rent


def third_payer_max(rent):
    """The most a third payer (a CPAS/OCMW...) pays of a monthly `rent`: all of it."""
    return rent


def payment_day_valid(day):
    """Whether `day` may be an owner contract's payment day."""
    return PAYMENT_DAY_MIN <= day <= PAYMENT_DAY_MAX


# ---------------------------------------------------------------- a month's prorata
def days_in_month(day):
    """The number of days of the month of `day`."""
    return calendar.monthrange(day.year, day.month)[1]


def month_days_covered(period, date_start, date_end):
    """(first, last) day of the month of `period` that a term from `date_start` to
    `date_end` (empty: open-ended) covers, or None if it covers none."""
    first, last = get_month(period)
    start = max(first, date_start)
    end = min(last, date_end) if date_end else last
    return (start, end) if start <= end else None


def month_fraction(day_from, day_to):
    """The share of its month the days `day_from`..`day_to` (inclusive, in one month)
    are: the prorata of a partial month."""
    if day_to < day_from:
        return 0.0
    return ((day_to - day_from).days + 1) / days_in_month(day_from)


# ---------------------------------------------------------------- payment references
def structured_communication(number):
    """Belgian structured communication (OGM/VCS) for a 10-digit number."""
    digits = f"{number:010d}"
    check = int(digits) % 97 or 97
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}{check:02d}+++"
