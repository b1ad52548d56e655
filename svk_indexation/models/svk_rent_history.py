import datetime

from odoo import fields, models

from odoo.addons.svk_housing.rules import month_fraction

REASONS = [
    ("start", "Rent at signature"),
    ("indexation", "Indexation"),
    ("manual", "Changed by hand"),
]


class SvkRentHistory(models.Model):
    """The rents a lease (or a unit of an owner contract) had, each from its date: what
    the monthly run reads for a month (prorata on the day a rent changes) and the record
    of every indexation."""

    _name = "svk.rent.history"
    _description = "Rent history"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    lease_id = fields.Many2one("svk.lease", ondelete="cascade", index=True, check_company=True)
    contract_line_id = fields.Many2one(
        "svk.owner.contract.line",
        ondelete="cascade",
        index=True,
        string="Owner contract unit",
        check_company=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True)
    rent = fields.Monetary(required=True)
    previous_rent = fields.Monetary()
    reason = fields.Selection(REASONS, required=True, default="indexation")
    indexation_line_id = fields.Many2one(
        "svk.indexation.line", ondelete="set null", check_company=True
    )

    _sql_constraints = [
        (
            "one_side",
            "CHECK((lease_id IS NULL) != (contract_line_id IS NULL))",
            "A rent is a lease's or an owner contract unit's.",
        ),
        ("lease_date_unique", "UNIQUE(lease_id, date_from)", "One rent per lease and date."),
        (
            "line_date_unique",
            "UNIQUE(contract_line_id, date_from)",
            "One owner rent per unit and date.",
        ),
    ]


def record_manual_change(records, field, vals, company_of, today):
    """A rent changed by hand on a lease (or an owner contract's unit) whose rent has a
    history: from today, on record, or the history would keep the old one."""
    History = records.env["svk.rent.history"].sudo()
    link = "lease_id" if records._name == "svk.lease" else "contract_line_id"
    for record in records:
        if not record.rent_history_ids or record[field] == vals[field]:
            continue
        same_day = record.rent_history_ids.filtered(lambda h: h.date_from == today)
        if same_day:
            same_day.rent = vals[field]
            continue
        History.create(
            {
                link: record.id,
                "company_id": company_of(record).id,
                "date_from": today,
                "rent": vals[field],
                "previous_rent": record[field],
                "reason": "manual",
            }
        )


def rent_of_days(changes, rent_now, day_from, day_to):
    """The rent due for the days `day_from`..`day_to` (inclusive) of one month, the rent
    changing on the dates of `changes` [(date, rent)] sorted by date: each day at the
    rent of the last change on or before it (before the first change, the first change's
    rent; without changes, `rent_now`)."""
    if day_to < day_from:
        return 0.0
    if not changes:
        return rent_now * month_fraction(day_from, day_to)
    total, day = 0.0, day_from
    rent = changes[0][1]
    for date, changed in changes:
        if date <= day_from:
            rent = changed
    for date, changed in changes:
        if day_from < date <= day_to:
            total += rent * month_fraction(day, date - datetime.timedelta(days=1))
            day, rent = date, changed
    return total + rent * month_fraction(day, day_to)
