"""The demo agency's money months (``_generate_months``): what tenants and third payers
paid by bank, the owners paid by SEPA payment orders, payment plans for some arrears."""

import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command

from odoo.addons.svk_housing.rules import structured_communication

from .codes import belgian_iban


def pay_month(gen, rng, journal, period, today):
    """One bank statement with what tenants and third payers paid for `period`."""
    invoices = gen.env["account.move"].search(
        [
            ("svk_period", "=", period),
            ("svk_kind", "in", ("tenant", "third_payer")),
            ("state", "=", "posted"),
            ("company_id", "=", gen.env.company.id),
        ],
        order="id",
    )
    last_day = min(today, period + relativedelta(months=1, days=-1))
    line_vals = []
    for invoice in invoices:
        payer = invoice.partner_id
        amount = invoice.amount_total
        reference = invoice.payment_reference
        bank = payer.bank_ids[:1]
        if invoice.svk_kind == "tenant":
            draw = rng.random()
            if draw < 0.04:
                continue  # not paid: arrears
            if draw < 0.08:
                amount = invoice.currency_id.round(amount / 2)
            elif draw < 0.11:
                amount = 2 * amount
            elif draw < 0.18:
                # no communication: applied if the agency knows the bank account,
                # otherwise it waits with its candidate leases
                reference = rng.choice(["loyer", "huur", "rent", "loyer + charges"])
                bank = bank if rng.random() < 0.7 else bank.browse()
        day = min(last_day, invoice.invoice_date_due + timedelta(days=rng.randint(-3, 12)))
        line_vals.append(
            {
                "date": max(period, day),
                "payment_ref": reference,
                "amount": amount,
                "partner_name": payer.name.upper(),
                "account_number": bank.acc_number if bank else belgian_iban(rng),
                "journal_id": journal.id,
            }
        )
    for _stranger in range(2):
        # someone nobody knows, with a valid communication that is no lease's
        number = rng.randrange(10**9)
        line_vals.append(
            {
                "date": last_day,
                "payment_ref": structured_communication(number),
                "amount": float(rng.choice([50, 120, 400])),
                "partner_name": "M. DUPONT",
                "account_number": belgian_iban(rng),
                "journal_id": journal.id,
            }
        )
    line_vals.sort(key=lambda vals: vals["date"])
    # the rent rules apply at once, as after a CODA import (the context key only
    # matters under tests, where account_reconcile_oca otherwise waits)
    gen.env["account.bank.statement"].with_context(_test_account_reconcile_oca=True).create(
        {
            "name": f"{journal.code} {period:%Y-%m}",
            "journal_id": journal.id,
            "date": line_vals[-1]["date"],
            "line_ids": [Command.create(vals) for vals in line_vals],
        }
    )
    return len(line_vals)


def pay_owners(gen, period):
    """The month's owner bills paid by a SEPA credit transfer order (OCA
    account_payment_order), prepared from the month-end screen, its file generated
    and sent."""
    month_end = gen.env["svk.month.end"]._ensure(gen.env.company, [period])
    month_end.action_prepare_payment_order()
    orders = gen.env["account.payment.order"].search(
        [
            ("state", "=", "draft"),
            ("payment_mode_id", "=", gen.env.company.svk_owner_payment_mode_id.id),
        ]
    )
    for order in orders:
        order.draft2open()
        order.open2generated()
        order.generated2uploaded()
    return orders


def build_payment_plans(gen, rng, today):
    """Payment plans for a few leases in arrears: the schedule starts last month,
    so those that paid nothing since are broken today."""
    leases = gen.env["svk.lease"].search(
        [("company_id", "=", gen.env.company.id), ("state", "=", "active")]
    )
    in_arrears = leases.filtered(lambda lease: lease.overdue_amount > 0)
    start = (today - relativedelta(months=1)).replace(day=1)
    plans = gen.env["svk.payment.plan"]
    for lease in in_arrears[:: max(1, len(in_arrears) // 6)][:6]:
        plan = plans.create(
            {
                "lease_id": lease.id,
                "date_start": start,
                "first_due_date": start + timedelta(days=14),
                "instalment_amount": max(50.0, round(lease.overdue_amount / 6, -1)),
            }
        )
        plan.action_confirm()
        plans |= plan
    plans._check_schedule(today)
    return plans


def generate_months(generator, count, seed):
    """The last `count` months of the demo agency run, paid and reconciled (see the
    generator's ``_generate_months``)."""
    rng = random.Random(seed + 2)
    gen = generator.with_context(
        tracking_disable=True,
        mail_create_nolog=True,
        mail_create_nosubscribe=True,
        mail_notrack=True,
        queue_job__no_delay=True,
    )
    company = generator.env.company
    company._svk_check_accounting()
    today = fields.Date.context_today(generator)
    stats = {"runs": 0, "payments": 0}
    tenants = generator.env["svk.lease"].search([("company_id", "=", company.id)]).tenant_id
    # a fifth of the tenants pay from a bank account the agency knows
    generator.env["res.partner.bank"].create(
        [
            {"partner_id": tenant.id, "acc_number": belgian_iban(rng)}
            for tenant in tenants
            if rng.random() < 0.2 and not tenant.bank_ids
        ]
    )
    journal = generator.env["account.journal"].search(
        [*generator.env["account.journal"]._check_company_domain(company), ("type", "=", "bank")],
        limit=1,
    )
    if not journal.bank_account_id:
        # the agency's own account, which CODA files and SEPA orders name
        journal.bank_account_id = generator.env["res.partner.bank"].create(
            {"partner_id": company.partner_id.id, "acc_number": belgian_iban(rng)}
        )
    for offset in reversed(range(count)):
        period = (today - relativedelta(months=offset)).replace(day=1)
        run = gen.env["svk.rent.run"].create({"company_id": company.id, "period": period})
        run.action_start()
        stats["runs"] += 1
        stats["payments"] += pay_month(gen, rng, journal, period, today)
        if offset:
            # past months: the owners were paid by SEPA credit transfer
            pay_owners(gen, period)
    build_payment_plans(gen, rng, today)
    return stats
