"""The indexation formula of the Brussels Housing Code, as plain Python: the indexed
rent (art. 224) and what art. 224/2 makes of it for a poor energy certificate: the year
of limited indexation (ordinance of 13 October 2022) and the correction factor that
carries it on (ordinance of 13 October 2023)."""

from datetime import date

from odoo.tools import float_round

# Housing Code art. 224/2: leases in force before this day with a poor EPC...
FACTOR_LEASES_BEFORE = date(2022, 10, 14)
# ...were indexed in part (E) or not at all (F, G, none) on their anniversaries of the
# year of limited indexation (ordinance of 13 October 2022, in force 14 October 2022,
# for twelve months)...
FREEZE_FROM = date(2022, 10, 14)
FREEZE_TO = date(2023, 10, 13)
# ...and from this day on, their indexation takes a correction factor that keeps that
# year's loss (ordinance of 13 October 2023)
FACTOR_FROM = date(2023, 10, 14)
GOOD_EPC = ("A", "B", "C", "D")


def indexed_rent(base, start_index, new_index, factor=1.0, cap=None):
    """Base rent × new index ÷ start index, times the correction factor, under the cap,
    rounded to the cent (as the region's calculator does)."""
    rent = base * new_index / start_index * factor
    if cap:
        rent = min(rent, cap)
    return float_round(rent, precision_digits=2)


def in_freeze_year(day):
    """An anniversary of the year of limited indexation (14 Oct 2022 – 13 Oct 2023)."""
    return FREEZE_FROM <= day <= FREEZE_TO


def factor_years(day):
    """(older, newer): the years whose health indexes the factor compares for an
    anniversary on `day`: anniversaries from 14 October to 31 December compare 2021 to
    2022, the others 2022 to 2023."""
    late = (day.month, day.day) >= (FACTOR_FROM.month, FACTOR_FROM.day)
    return (2021, 2022) if late else (2022, 2023)


def correction_factor(epc, start, day, index_of):
    """(factor, which) of Housing Code art. 224/2 for a lease that entered into force on
    `start` with EPC class `epc` (None: no certificate), indexed on its anniversary `day`;
    `index_of(year)` is the health index of the month before that year's anniversary.
    None when an index is missing.

    In the year of limited indexation the rent of an EPC E rose by half the year's
    indexation, an F, G or none's not at all: the standard result times ½ (I_older +
    I_newer) ÷ I_newer, resp. I_older ÷ I_newer, I_newer being the index of this
    anniversary and I_older the one of the year before. From 14 October 2023 the same
    factors stay on every later indexation (the ordinance of 13 October 2023 wrote them
    so that the year lost is not caught up); both share one formula."""
    if start >= FACTOR_LEASES_BEFORE or day < FREEZE_FROM or epc in GOOD_EPC:
        return 1.0, ""
    older, newer = factor_years(day)
    i_older, i_newer = index_of(older), index_of(newer)
    if not (i_older and i_newer):
        return None, ""
    if epc == "E":
        return 0.5 * (i_older + i_newer) / i_newer, "E"
    return i_older / i_newer, "FG"
