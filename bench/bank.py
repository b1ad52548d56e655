"""Suite "bank": a month's CODA statement imported and auto-reconciled."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import base64
import itertools
import random
import time
import unicodedata

import odoo
from odoo import SUPERUSER_ID, api, fields

from .cache import demo_template
from .common import bench_user, emit, svk_db, test_helper

SIZES = "800,3200"
template = demo_template

BANK_PERIOD = "2026-11-01"
BANK_DAY = "2026-11-20"
AGENCY_IBAN = "BE68539007547034"
# share of the statement's lines by kind of payment; namesakes make up the rest
BANK_MIX = {
    "exact": 0.70,
    "half": 0.08,
    "double": 0.04,
    "free_known_iban": 0.03,
    "free_unknown_iban": 0.03,
    "third_payer": 0.04,
    "stranger": 0.03,
}


def _bank_text(text):
    """A text as a CODA file carries it (Latin-1: no 'ş', no '–')."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text


def bank_journal(env):
    """The agency's bank journal, given the agency's own account if it has none (the
    account CODA files and SEPA orders name)."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    if not journal.bank_account_id:
        journal.bank_account_id = env["res.partner.bank"].create(
            {"partner_id": company.partner_id.id, "acc_number": AGENCY_IBAN}
        )
    return journal


def _bank_prepare(env, lines_wanted, seed=1):
    """Build the demo agency, run November as the bench user, register some tenants'
    bank accounts and return the CODA file of the month's payments: `lines_wanted`
    movements mixed as BANK_MIX says, in a deterministic order."""
    rng = random.Random(seed)
    env["svk.demo.generator"]._generate(size=max(round(lines_wanted / 0.965), 10), seed=seed)
    company = env.company
    company._svk_check_accounting()
    accountant = bench_user(env)
    accountant.groups_id |= env.ref("account.group_account_user")
    env.cr.commit()
    # queue_job__no_delay: run the month in this transaction should it queue jobs
    run = (
        env["svk.rent.run"]
        .with_user(accountant)
        .with_context(queue_job__no_delay=True)
        .create({"period": BANK_PERIOD})
    )
    env.cr.commit()
    run.action_start()
    env.cr.commit()
    return bank_statement(env, run, lines_wanted, rng)


def bank_statement(env, run, lines_wanted, rng, order="id"):
    """Register some tenants' bank accounts (committed) and return the CODA file of
    what was paid for `run`'s invoices: `lines_wanted` movements mixed as BANK_MIX
    says, in an order drawn from `rng` (the same file each time if the invoices, read
    in `order`, come in the same order)."""
    # the addons' code, importable once the bench has read odoo.conf's addons path
    from odoo.addons.svk_demo.demo.codes import belgian_iban
    from odoo.addons.svk_housing.models.svk_lease import structured_communication

    assert lines_wanted <= 9999, "a CODA statement numbers its movements on 4 digits"
    company = env.company
    builder = test_helper("svk_housing", "coda_builder")
    journal = bank_journal(env)
    invoices = env["account.move"].search(
        [
            ("svk_run_id", "=", run.id),
            ("svk_kind", "in", ("tenant", "third_payer")),
            ("state", "=", "posted"),
        ],
        order=order,
    )
    tenant_invoices, third_payer_invoices = {}, {}
    for invoice in invoices:
        by_lease = tenant_invoices if invoice.svk_kind == "tenant" else third_payer_invoices
        by_lease.setdefault(invoice.svk_lease_id, invoice)
    tenant_leases = list(tenant_invoices)
    third_payer_leases = list(third_payer_invoices)
    rng.shuffle(tenant_leases)
    rng.shuffle(third_payer_leases)
    assert tenant_leases, "the run invoiced no tenant"
    known = set(env["res.partner.bank"].search([]).mapped("sanitized_acc_number"))

    def unknown_iban():
        while True:
            iban = belgian_iban(rng)
            if iban not in known:
                known.add(iban)
                return iban

    counts = {kind: round(share * lines_wanted) for kind, share in BANK_MIX.items()}
    counts["namesake"] = max(lines_wanted - sum(counts.values()), 0)
    while sum(counts.values()) > lines_wanted:  # tiny sizes: rounding overshoots
        counts[max(counts, key=counts.get)] -= 1
    tenants = itertools.cycle(tenant_leases)
    third_payers = itertools.cycle(third_payer_leases)
    bank_vals, movements = [], []

    def tenant_pays(lease, amount, structured, free="", registered=False, name=None):
        iban = unknown_iban()
        if registered:
            bank_vals.append({"partner_id": lease.tenant_id.id, "acc_number": iban})
        movements.append((amount, structured, free, iban, _bank_text(name or lease.tenant_id.name)))

    for kind, count in counts.items():
        for index in range(count):
            if kind == "third_payer" and third_payer_leases:  # a CPAS pays its part
                lease = next(third_payers)
                invoice = third_payer_invoices[lease]
                movements.append(
                    (
                        invoice.amount_total,
                        builder.ogm_digits(lease.third_payer_payment_reference),
                        "",
                        unknown_iban(),
                        _bank_text(lease.third_payer_id.name),
                    )
                )
                continue
            if kind == "stranger":
                # valid, but no lease's: company ids lead the leases' numbers
                movements.append(
                    (
                        float(rng.randint(300, 900)),
                        builder.ogm_digits(
                            structured_communication(9 * 10**9 + rng.randrange(10**9))
                        ),
                        "",
                        unknown_iban(),
                        f"PAYER {rng.randrange(10**6):06d}",
                    )
                )
                continue
            if kind == "namesake" and index % 2:
                # a stranger called like a tenant, paying that tenant's amount
                other = rng.choice(tenant_leases)
                tenant_pays(
                    other,
                    tenant_invoices[other].amount_total,
                    None,
                    free="huur november",
                    name=other.tenant_id.name,
                )
                continue
            lease = next(tenants)
            total = tenant_invoices[lease].amount_total
            reference = builder.ogm_digits(lease.payment_reference)
            if kind == "exact":
                # one tenant in four pays from an account the agency knows
                tenant_pays(lease, total, reference, registered=rng.random() < 0.25)
            elif kind == "half":
                tenant_pays(lease, round(total / 2, 2), reference)
            elif kind == "double":
                tenant_pays(lease, 2 * total, reference)
            elif kind in ("free_known_iban", "free_unknown_iban"):
                tenant_pays(
                    lease,
                    total,
                    None,
                    free=_bank_text(f"loyer novembre {lease.unit_id.display_name}"),
                    registered=kind == "free_known_iban",
                )
            else:  # namesake: the tenant's rent, paid by someone called like another
                other = rng.choice(tenant_leases)
                tenant_pays(lease, total, reference, name=other.tenant_id.name)
    env["res.partner.bank"].create(bank_vals)
    rng.shuffle(movements)
    env.cr.commit()
    day = fields.Date.to_date(BANK_DAY)
    iban = journal.bank_account_id.sanitized_acc_number
    return builder.coda_file(iban, company.name, day, movements)


def _bank_import(db, data, svk_matching=True):
    """Import `data` into `db` as the bench user, committing; the lease-matching
    reconcile model archived first if not `svk_matching`. Returns the wall time, the
    number of the statement's lines and how many of them are reconciled."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if not svk_matching:
            env["account.reconcile.model"].search(
                [("svk_lease_matching", "=", True)]
            ).active = False
        cr.commit()
        wizard = (
            env["account.statement.import"]
            .with_user(bench_user(env))
            .create({"statement_file": base64.b64encode(data), "statement_filename": "bench.cod"})
        )
        started = time.perf_counter()
        wizard.import_file_button()
        cr.commit()
        elapsed = time.perf_counter() - started
        lines = env["account.bank.statement.line"].search([("date", "=", BANK_DAY)])
        return elapsed, len(lines), len(lines.filtered("is_reconciled"))


def measure(db, lines_wanted, repeat):
    """A month's CODA statement imported and auto-reconciled, against the same file
    imported into an identical copy of the database without the lease matching."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = _bank_prepare(env, lines_wanted)
    # the reference database: a copy of this one, made before anything is imported
    reference_db = f"{db}_reference"
    odoo.sql_db.close_db(db)
    if svk_db._exists(reference_db):
        svk_db._drop(reference_db)
    svk_db._copy_from_template(reference_db, db)
    try:
        ours, size, ours_reconciled = _bank_import(db, data)
        reference, _size, reference_reconciled = _bank_import(
            reference_db, data, svk_matching=False
        )
    finally:
        odoo.sql_db.close_db(reference_db)
        svk_db._drop(reference_db)
    label = (
        "the same file into an identical copy of the database, without the lease-matching "
        "reconcile model"
    )
    emit("coda_import_reconcile", size, ours, label, reference)
    emit(
        "coda_import_reconcile_per_line", size, ours / size, "reference per line", reference / size
    )
    emit(
        "coda_lines_reconciled",
        size,
        ours_reconciled,
        "lines reconciled without the lease-matching reconcile model",
        reference_reconciled,
        unit="lines",
    )
