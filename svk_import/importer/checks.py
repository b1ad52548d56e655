"""The checks of an analysis, one function each, in the order they run (`CHECKS`).

Each takes the `Analysis` once its files are read and parsed and its rows imported before
found, adds its errors to the rows (`analysis.add_error`) or its warnings to
`analysis.warnings`, and writes nothing.
"""

import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo.addons.svk_housing.rules import (
    guarantee_max,
    lease_latest_end,
    lease_max_months,
    payment_day_valid,
    third_payer_max,
)

from .columns import METER_COLUMNS, ORDER, REFERENCES, SHEET_BY_KEY, normalize

OGM_COLUMNS = ("payment_reference", "third_payer_payment_reference")
# years after which a tenant's debt is time-barred (Civil Code art. 2277, periodic
# payments), unless the system parameter svk_import.debt_limitation_years says otherwise
DEBT_LIMITATION_YEARS = 5


def check_duplicate_rows(analysis):
    """One row per reference in the files (a contract has one row per unit)."""
    env = analysis.env
    for key in ORDER:
        seen = {}
        for row in analysis.rows(key):
            if key == "balance":
                ident = normalize(row.values.get("lease"))
                column = "lease"
            elif key == "contract":
                ident = (normalize(row.values.get("ref")), normalize(row.values.get("unit")))
                column = "unit"
            else:
                ident = normalize(row.values.get("ref"))
                column = "ref"
            if not ident or (isinstance(ident, tuple) and not all(ident)):
                continue
            if ident in seen:
                analysis.add_error(
                    row,
                    key,
                    column,
                    env._("Duplicate of row %(row)s.", row=seen[ident].number),
                )
            else:
                seen[ident] = row


def check_duplicate_ibans(analysis):
    """An owner's bank account is on one row of the files."""
    same_value_twice(
        analysis, "owner", "iban", analysis.env._("IBAN %(value)s is also on row %(row)s.")
    )


def check_duplicate_communications(analysis):
    """A structured communication is one lease's, tenant or third payer side."""
    env = analysis.env
    seen = {}
    for row in analysis.rows("lease"):
        for column in OGM_COLUMNS:
            value = row.values.get(column)
            if not value:
                continue
            if value in seen:
                analysis.add_error(
                    row,
                    "lease",
                    column,
                    env._(
                        "Structured communication %(value)s is also on row %(row)s.",
                        value=value,
                        row=seen[value],
                    ),
                )
            else:
                seen[value] = row.number


def check_duplicate_meters(analysis):
    """A meter (its EAN) is one unit's, on one row of the files."""
    env = analysis.env
    eans = {}
    for row in analysis.rows("unit"):
        for column in METER_COLUMNS:
            ean = row.values.get(column)
            if ean and ean in eans:
                analysis.add_error(
                    row,
                    "unit",
                    column,
                    env._("EAN %(value)s is also on row %(row)s.", value=ean, row=eans[ean]),
                )
            elif ean:
                eans[ean] = row.number


def check_duplicate_units(analysis):
    """A unit (its address and box) is on one row of the files."""
    env = analysis.env
    addresses = {}
    for row in analysis.rows("unit"):
        address = unit_address_key(row.values)
        if not address:
            continue
        if address in addresses:
            analysis.add_error(
                row,
                "unit",
                "box",
                env._(
                    "Same address and box as row %(row)s: one unit is listed twice.",
                    row=addresses[address],
                ),
            )
        else:
            addresses[address] = row.number


def same_value_twice(analysis, key, column, message):
    seen = {}
    for row in analysis.rows(key):
        value = row.values.get(column)
        if not value:
            continue
        if value in seen:
            analysis.add_error(row, key, column, message % {"value": value, "row": seen[value]})
        else:
            seen[value] = row.number


def unit_address_key(values):
    """Building (or street and zip) + box or name: where a unit is."""
    where = normalize(values.get("building")) or (
        normalize(values.get("street")) + "|" + normalize(values.get("zip"))
    )
    door = normalize(values.get("box")) or normalize(values.get("name"))
    if where.strip("|") and door:
        return (where, door)
    return None


def check_references(analysis):
    """A row names another sheet's row (a unit its building...) that is in the files or
    imported before."""
    env = analysis.env
    in_file = {
        key: {normalize(row.values.get("ref")): row for row in analysis.rows(key)}
        for key in ORDER
        if key != "balance"
    }
    for key, target in REFERENCES:
        column = target
        for row in analysis.rows(key):
            ref = row.values.get(column)
            if not ref:
                continue
            if normalize(ref) in in_file[target] or analysis.ref_id(target, ref):
                continue
            analysis.add_error(
                row,
                key,
                column,
                env._(
                    "%(kind)s %(ref)s is neither in sheet %(sheet)s nor imported before.",
                    kind=SHEET_BY_KEY[key].column(column).label,
                    ref=ref,
                    sheet=SHEET_BY_KEY[target].label,
                ),
            )


def check_unit_address(analysis):
    """A unit is in a building or has its own street and postal code."""
    env = analysis.env
    for row in analysis.rows("unit"):
        values = row.values
        if not values.get("building") and not (values.get("street") and values.get("zip")):
            analysis.add_error(
                row,
                "unit",
                "building",
                env._("A unit outside a building needs its street and postal code."),
            )


# ------------------------------------------------ what the files would duplicate in the database
def check_bank_accounts_taken(analysis):
    """An owner's IBAN is not already another partner's bank account."""
    env = analysis.env
    company = analysis.company
    owners = [r for r in analysis.rows("owner") if r.values.get("iban")]
    if owners:
        banks = (
            env["res.partner.bank"]
            .sudo()
            .search_read(
                [
                    ("sanitized_acc_number", "in", [r.values["iban"] for r in owners]),
                    ("company_id", "in", [company.id, False]),
                ],
                ["sanitized_acc_number", "partner_id"],
            )
        )
        holder = {b["sanitized_acc_number"]: b["partner_id"] for b in banks}
        for row in owners:
            partner = holder.get(row.values["iban"])
            if partner and partner[0] != row.res_id:
                analysis.add_error(
                    row,
                    "owner",
                    "iban",
                    env._(
                        "IBAN %(iban)s already belongs to %(partner)s.",
                        iban=row.values["iban"],
                        partner=partner[1],
                    ),
                )


def check_meters_taken(analysis):
    """A unit's EAN is not already another unit's (or the common areas') meter."""
    env = analysis.env
    company = analysis.company
    eans = {
        row.values[column]: (row, column)
        for row in analysis.rows("unit")
        for column in METER_COLUMNS
        if row.values.get(column)
    }
    if eans:
        meters = (
            env["svk.meter"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [("ean", "in", list(eans)), ("company_id", "=", company.id)],
                ["ean", "unit_id", "display_name"],
            )
        )
        common = env._("a building's common areas")
        for meter in meters:
            row, column = eans[meter["ean"]]
            if not meter["unit_id"] or meter["unit_id"][0] != row.res_id:
                analysis.add_error(
                    row,
                    "unit",
                    column,
                    env._(
                        "EAN %(ean)s is already the meter of %(unit)s.",
                        ean=meter["ean"],
                        unit=meter["unit_id"][1] if meter["unit_id"] else common,
                    ),
                )


def check_units_taken(analysis):
    """A new unit's address and box is not already another unit's."""
    env = analysis.env
    company = analysis.company
    new_units = [r for r in analysis.rows("unit") if not r.res_id]
    if new_units:
        boxes = {normalize(r.values.get("box")) for r in new_units if r.values.get("box")}
        if boxes:
            units = (
                env["svk.unit"]
                .sudo()
                .with_context(active_test=False)
                .search_read(
                    [("company_id", "=", company.id), ("street2", "!=", False)],
                    ["street", "zip", "street2", "display_name"],
                )
            )
            where = {
                (normalize(u["street"]), normalize(u["zip"]), normalize(u["street2"])): u
                for u in units
                if normalize(u["street2"]) in boxes
            }
            streets = unit_streets(analysis)
            for row in new_units:
                street, zip_code = streets(row)
                unit = where.get((street, zip_code, normalize(row.values.get("box"))))
                if unit:
                    analysis.add_error(
                        row,
                        "unit",
                        "box",
                        env._(
                            "Unit %(unit)s is already at this address and box.",
                            unit=unit["display_name"],
                        ),
                    )


def check_references_taken(analysis):
    """A new record's reference (a building's code, a lease's name...) is not already
    another record's."""
    env = analysis.env
    company = analysis.company
    for key, model, field in (
        ("building", "svk.building", "code"),
        ("unit", "svk.unit", "code"),
        ("contract", "svk.owner.contract", "name"),
        ("lease", "svk.lease", "name"),
    ):
        new = {
            r.values["ref"]: r for r in analysis.rows(key) if r.values.get("ref") and not r.res_id
        }
        if not new:
            continue
        taken = (
            env[model]
            .sudo()
            .with_context(active_test=False)
            .search_read([(field, "in", list(new)), ("company_id", "=", company.id)], [field])
        )
        for record in taken:
            analysis.add_error(
                new[record[field]],
                key,
                "ref",
                env._("Reference %(ref)s is already another record's in Odoo.", ref=record[field]),
            )


def check_communications_taken(analysis):
    """A lease's structured communication is not already another lease's."""
    env = analysis.env
    company = analysis.company
    ogms = {
        r.values["payment_reference"]: r
        for r in analysis.rows("lease")
        if r.values.get("payment_reference")
    }
    if ogms:
        leases = (
            env["svk.lease"]
            .sudo()
            .search_read(
                [
                    "|",
                    ("payment_reference", "in", list(ogms)),
                    ("third_payer_payment_reference", "in", list(ogms)),
                    ("company_id", "=", company.id),
                ],
                ["name", "payment_reference", "third_payer_payment_reference"],
            )
        )
        for lease in leases:
            for reference in (
                lease["payment_reference"],
                lease["third_payer_payment_reference"],
            ):
                row = ogms.get(reference)
                if row and row.res_id != lease["id"]:
                    analysis.add_error(
                        row,
                        "lease",
                        "payment_reference",
                        env._(
                            "Structured communication %(ogm)s is already lease %(lease)s's.",
                            ogm=reference,
                            lease=lease["name"],
                        ),
                    )


def unit_streets(analysis):
    """A function giving a unit row's (normalized street, zip): its building's, in the
    files or imported before, or its own."""
    buildings = {normalize(r.values.get("ref")): r for r in analysis.rows("building")}
    db_buildings = {}
    refs = {
        r.values["building"]
        for r in analysis.rows("unit")
        if r.values.get("building") and normalize(r.values["building"]) not in buildings
    }
    ids = {ref: analysis.ref_id("building", ref) for ref in refs}
    if any(ids.values()):
        for building in analysis.env["svk.building"].sudo().browse([i for i in ids.values() if i]):
            db_buildings[building.id] = building

    def streets(row):
        values = row.values
        if values.get("building"):
            building = buildings.get(normalize(values["building"]))
            if building:
                return normalize(building.values.get("street")), normalize(
                    building.values.get("zip")
                )
            record = db_buildings.get(ids.get(values["building"]))
            if record:
                return normalize(record.street), normalize(record.zip)
        return normalize(values.get("street")), normalize(values.get("zip"))

    return streets


# ------------------------------------------------ the rules of a contract, a lease, a debt
def contracts_by_ref(analysis):
    """{normalized reference: [its rows]}: a contract has one row per unit."""
    contracts = defaultdict(list)
    for row in analysis.rows("contract"):
        if row.values.get("ref"):
            contracts[normalize(row.values["ref"])].append(row)
    return contracts


def check_contract_rows_agree(analysis):
    """A contract is written on several rows: they must agree."""
    env = analysis.env
    for rows in contracts_by_ref(analysis).values():
        first = rows[0]
        for row in rows[1:]:
            for column in (
                "owner",
                "contract_type",
                "date_start",
                "date_end",
                "duration",
                "date_signature",
                "payment_day",
                "date_notice",
            ):
                if row.values.get(column) != first.values.get(column):
                    analysis.add_error(
                        row,
                        "contract",
                        column,
                        env._(
                            "Contract %(ref)s says otherwise on row %(row)s.",
                            ref=row.values["ref"],
                            row=first.number,
                        ),
                    )


def check_contract_terms(analysis):
    """A contract's payment day, its end or duration, its guaranteed rent."""
    env = analysis.env
    for row in analysis.rows("contract"):
        values = row.values
        if values.get("payment_day") and not payment_day_valid(values["payment_day"]):
            analysis.add_error(
                row, "contract", "payment_day", env._("The payment day is between 1 and 28.")
            )
        if values.get("date_end") and values.get("date_start"):
            if values["date_end"] <= values["date_start"]:
                analysis.add_error(
                    row, "contract", "date_end", env._("The contract ends before it starts.")
                )
        elif values.get("date_start") and not values.get("duration"):
            analysis.add_error(
                row,
                "contract",
                "date_end",
                env._("Give the contract's end or its duration in years."),
            )
        if values.get("owner_rent") == 0:
            analysis.add_error(
                row, "contract", "owner_rent", env._("The guaranteed rent cannot be zero.")
            )


def check_one_running_contract(analysis):
    """A unit has one running owner contract."""
    env = analysis.env
    running_contract = {}
    for rows in contracts_by_ref(analysis).values():
        for row in rows:
            if analysis.contract_state(row.values) not in ("active", "notice"):
                continue
            unit = normalize(row.values.get("unit"))
            if unit in running_contract:
                analysis.add_error(
                    row,
                    "contract",
                    "unit",
                    env._(
                        "The unit already has a running contract on row %(row)s.",
                        row=running_contract[unit],
                    ),
                )
            else:
                running_contract[unit] = row.number


def check_lease_terms(analysis):
    """A lease's dates for its type, its guarantee, its third payer, its rent."""
    env = analysis.env
    for row in analysis.rows("lease"):
        values = row.values
        start, end = values.get("date_start"), values.get("date_end")
        if start and end and end < start:
            analysis.add_error(row, "lease", "date_end", env._("The lease ends before it starts."))
            continue
        kind = values.get("lease_type", "standard")
        limit = lease_max_months(kind)
        if limit and start and not end:
            analysis.add_error(
                row, "lease", "date_end", env._("A transit or short lease has an end.")
            )
        elif limit and start and end > lease_latest_end(kind, start):
            analysis.add_error(
                row,
                "lease",
                "date_end",
                env._("This lease type lasts at most %(months)s months.", months=limit),
            )
        rent = values.get("rent")
        if rent is not None and values.get("guarantee_amount", 0) > guarantee_max(rent) + 0.005:
            analysis.add_error(
                row,
                "lease",
                "guarantee_amount",
                env._("The rental guarantee is at most two months' rent in Brussels."),
            )
        if values.get("third_payer_amount"):
            if not values.get("third_payer"):
                analysis.add_error(row, "lease", "third_payer", env._("Who is the third payer?"))
            elif rent is not None and values["third_payer_amount"] > third_payer_max(rent) + 0.005:
                analysis.add_error(
                    row,
                    "lease",
                    "third_payer_amount",
                    env._("The third payer pays at most the rent."),
                )
        if rent == 0:
            analysis.add_error(row, "lease", "rent", env._("The rent cannot be zero."))


def check_lease_overlaps(analysis):
    """A unit is let to one tenant at a time."""
    env = analysis.env
    running_lease = defaultdict(list)
    for row in analysis.rows("lease"):
        values = row.values
        start, end = values.get("date_start"), values.get("date_end")
        if start and end and end < start:
            continue  # said by check_lease_terms
        if analysis.lease_state(values) in ("active", "notice") and values.get("unit"):
            running_lease[normalize(values["unit"])].append(row)
    for rows in running_lease.values():
        for index, row in enumerate(rows):
            for other in rows[:index]:
                if overlap(row.values, other.values):
                    analysis.add_error(
                        row,
                        "lease",
                        "unit",
                        env._(
                            "The unit is let to row %(row)s's tenant at the same time.",
                            row=other.number,
                        ),
                    )
                    break


def check_balance_dates(analysis):
    """A debt is due before the cut-over, and not long before its lease starts."""
    env = analysis.env
    leases = {normalize(r.values.get("ref")): r for r in analysis.rows("lease")}
    for row in analysis.rows("balance"):
        due = row.values.get("date_due")
        if due and analysis.cutover and due > analysis.cutover:
            analysis.add_error(
                row,
                "balance",
                "date_due",
                env._(
                    "The oldest due date is after the cut-over date (%(date)s).",
                    date=analysis.cutover,
                ),
            )
        lease = leases.get(normalize(row.values.get("lease")))
        if (
            lease
            and lease.values.get("date_start")
            and due
            and due < lease.values["date_start"] - relativedelta(months=1)
        ):
            analysis.add_error(
                row,
                "balance",
                "date_due",
                env._(
                    "The debt is older than the lease (it starts %(date)s).",
                    date=lease.values["date_start"],
                ),
            )


# ------------------------------------------------ the dates one sheet sets for another
def contract_periods(analysis):
    """{normalized unit: [(start, end or None, contract row)]}."""
    periods = defaultdict(list)
    for row in analysis.rows("contract"):
        values = row.values
        if values.get("unit") and values.get("date_start"):
            periods[normalize(values["unit"])].append(
                (values["date_start"], analysis.contract_end(values), row)
            )
    return periods


def check_one_contract_at_a_time(analysis):
    """A unit is in one owner contract at a time."""
    env = analysis.env
    far = datetime.date.max
    running = ("active", "notice")
    for unit_periods in contract_periods(analysis).values():
        for index, (start, end, row) in enumerate(unit_periods):
            for other_start, other_end, other in unit_periods[:index]:
                if normalize(other.values["ref"]) == normalize(row.values["ref"]):
                    continue  # the same contract twice: a duplicate row, said elsewhere
                if analysis.contract_state(row.values) in running and (
                    analysis.contract_state(other.values) in running
                ):
                    continue  # two running contracts: said by check_one_running_contract
                if start <= (other_end or far) and other_start <= (end or far):
                    analysis.add_error(
                        row,
                        "contract",
                        "unit",
                        env._(
                            "The unit is also in contract %(ref)s (row %(row)s) over the "
                            "same period: a unit is in one owner contract at a time.",
                            ref=other.values["ref"],
                            row=other.number,
                        ),
                    )
                    break


def check_lease_within_contract(analysis):
    """A lease runs inside its unit's owner contract (from the cut-over on; before, a
    warning)."""
    env = analysis.env
    far = datetime.date.max
    periods = contract_periods(analysis)
    for row in analysis.rows("lease"):
        values = row.values
        unit_periods = periods.get(normalize(values.get("unit")))
        start = values.get("date_start")
        if not unit_periods or not start:
            continue
        first = min(unit_periods, key=lambda p: p[0])
        # from the cut-over on, the suite pays the owner and bills the tenant: the
        # agency must hold the unit then; before, only the history is at stake (a
        # renewed contract's predecessor is often not in the files)
        since = max(start, analysis.cutover)
        lease_end = analysis.lease_end(values) or far
        if since <= lease_end and not any(p[0] <= since <= (p[1] or far) for p in unit_periods):
            analysis.add_error(
                row,
                "lease",
                "date_start",
                env._(
                    "On %(date)s the lease runs but its unit is in no owner contract "
                    "(contract %(contract)s, row %(row)s, starts %(start)s): the agency "
                    "has no right to let the unit then.",
                    date=since,
                    contract=first[2].values["ref"],
                    row=first[2].number,
                    start=first[0],
                ),
            )
            continue
        if start < first[0]:
            analysis.warnings.append(
                (
                    "lease",
                    row.number,
                    "date_start",
                    env._(
                        "the lease starts before its unit's owner contract %(contract)s "
                        "(row %(row)s, from %(start)s); add the earlier contract if the "
                        "agency held the unit then.",
                        contract=first[2].values["ref"],
                        row=first[2].number,
                        start=first[0],
                    ),
                )
            )
        last = max(unit_periods, key=lambda p: p[1] or far)
        if last[1] and lease_end > last[1]:
            analysis.warnings.append(
                (
                    "lease",
                    row.number,
                    "date_end",
                    env._(
                        "the lease runs after its unit's owner contract %(contract)s "
                        "(row %(row)s) ends on %(end)s: renew the contract or end the lease.",
                        contract=last[2].values["ref"],
                        row=last[2].number,
                        end=last[1],
                    ),
                )
            )


def check_time_barred_debts(analysis):
    """An ended lease's debt due long before the cut-over may be time-barred (a warning)."""
    env = analysis.env
    years = int(
        env["ir.config_parameter"]
        .sudo()
        .get_param("svk_import.debt_limitation_years", DEBT_LIMITATION_YEARS)
    )
    leases = {normalize(r.values.get("ref")): r for r in analysis.rows("lease")}
    for row in analysis.rows("balance"):
        lease = leases.get(normalize(row.values.get("lease")))
        due = row.values.get("date_due")
        if (
            lease
            and due
            and row.values.get("amount", 0) > 0
            and analysis.lease_state(lease.values) == "ended"
            and due < analysis.cutover - relativedelta(years=years)
        ):
            analysis.warnings.append(
                (
                    "balance",
                    row.number,
                    "date_due",
                    env._(
                        "lease %(lease)s has ended and its debt is due since %(date)s, more "
                        "than %(years)s years before the cut-over: it may be time-barred.",
                        lease=lease.values["ref"],
                        date=due,
                        years=years,
                    ),
                )
            )


def overlap(first, second):
    """Whether two leases' periods overlap (an open end runs on)."""
    far = first["date_start"] + relativedelta(years=999)
    return first["date_start"] <= (second.get("date_end") or far) and second["date_start"] <= (
        first.get("date_end") or far
    )


# the checks in the order they run: each row's errors come in this order
CHECKS = (
    check_duplicate_rows,
    check_duplicate_ibans,
    check_duplicate_communications,
    check_duplicate_meters,
    check_duplicate_units,
    check_references,
    check_unit_address,
    check_bank_accounts_taken,
    check_meters_taken,
    check_units_taken,
    check_references_taken,
    check_communications_taken,
    check_contract_rows_agree,
    check_contract_terms,
    check_one_running_contract,
    check_lease_terms,
    check_lease_overlaps,
    check_balance_dates,
    check_one_contract_at_a_time,
    check_lease_within_contract,
    check_time_barred_debts,
)
