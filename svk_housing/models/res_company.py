from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# (field, code, account type, English name): the accounts the agency's rent cycle books
# on, created in the company's chart when missing (Belgian chart: classes 4, 6 and 7).
SVK_ACCOUNTS = [
    ("svk_rent_income_account_id", "705100", "income", _lt("Rent income (main leases)")),
    ("svk_charges_income_account_id", "705200", "income", _lt("Flat charges recharged to tenants")),
    (
        "svk_charges_provision_account_id",
        "489200",
        "liability_current",
        _lt("Charge provisions received from tenants"),
    ),
    (
        "svk_owner_collected_account_id",
        "489100",
        "liability_current",
        _lt("Rents collected for owners (management mandates)"),
    ),
    ("svk_owner_rent_expense_account_id", "610100", "expense", _lt("Owner rent (main leases)")),
    (
        "svk_guarantee_cost_account_id",
        "610200",
        "expense",
        _lt("Guaranteed rent not collected (management mandates)"),
    ),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_contract_expiry_lead_days = fields.Integer(
        string="Owner contract expiry warning (days)",
        default=180,
        help="How many days before an owner contract ends its responsible person gets an "
        "activity to renew or end it.",
    )
    svk_analytic_plan_id = fields.Many2one(
        "account.analytic.plan",
        string="Analytic plan of sites",
        help="Plan under which every building gets its analytic account, so that rent "
        "income and costs read per site.",
    )
    svk_rent_income_account_id = fields.Many2one(
        "account.account", string="Rent income", check_company=True
    )
    svk_charges_income_account_id = fields.Many2one(
        "account.account", string="Flat charges income", check_company=True
    )
    svk_charges_provision_account_id = fields.Many2one(
        "account.account", string="Charge provisions", check_company=True
    )
    svk_owner_collected_account_id = fields.Many2one(
        "account.account", string="Rents collected for owners", check_company=True
    )
    svk_owner_rent_expense_account_id = fields.Many2one(
        "account.account", string="Owner rent expense", check_company=True
    )
    svk_guarantee_cost_account_id = fields.Many2one(
        "account.account", string="Guarantee cost", check_company=True
    )
    svk_rent_journal_id = fields.Many2one(
        "account.journal",
        string="Rent journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
    )
    svk_owner_journal_id = fields.Many2one(
        "account.journal",
        string="Owner rent journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
    )
    svk_owner_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Owner payment mode",
        check_company=True,
        help="Owner bills get this payment mode (SEPA credit transfer), so that they can be "
        "added to a payment order.",
    )
    svk_tenant_debit_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Tenant direct debit mode",
        check_company=True,
        help="Invoices of leases with a direct debit mandate get this payment mode.",
    )
    svk_rent_run_chunk = fields.Integer(
        string="Monthly run chunk size",
        default=200,
        help="Leases invoiced per transaction by the monthly run.",
    )
    svk_payment_plan_grace_days = fields.Integer(
        string="Payment plan grace (days)",
        default=10,
        help="A payment plan is broken when what was paid towards it is behind its "
        "schedule by more than this many days.",
    )

    _sql_constraints = [
        (
            "svk_contract_expiry_lead_days_positive",
            "CHECK(svk_contract_expiry_lead_days >= 0)",
            "The owner contract expiry warning cannot be negative.",
        ),
        (
            "svk_rent_run_chunk_positive",
            "CHECK(svk_rent_run_chunk > 0)",
            "The monthly run's chunk size must be positive.",
        ),
    ]

    def _svk_check_accounting(self):
        """Before a run: the rent cycle's accounts and journals are there."""
        self._svk_ensure_accounting()

    def _svk_ensure_accounting(self):
        """Fill in the rent cycle's accounts and journals where they are missing: find the
        account by code in the company's chart, or create it."""
        for company in self:
            if not company.chart_template:
                raise UserError(
                    self.env._(
                        "Company %(company)s has no chart of accounts yet: install one "
                        "(Belgium: l10n_be) before invoicing rent.",
                        company=company.name,
                    )
                )
            Account = self.env["account.account"].sudo().with_company(company)
            vals = {}
            for field, code, account_type, name in SVK_ACCOUNTS:
                if company[field]:
                    continue
                account = Account.search(
                    [*Account._check_company_domain(company), ("code", "=", code)], limit=1
                )
                if not account:
                    account = Account.with_context(lang="en_US").create(
                        {
                            "code": code,
                            "name": name._translate("en_US"),
                            "account_type": account_type,
                            "reconcile": account_type == "liability_current",
                            "company_ids": [fields.Command.set(company.ids)],
                        }
                    )
                    for lang, _label in self.env["res.lang"].get_installed():
                        if lang != "en_US":
                            account.with_context(lang=lang).name = name._translate(lang)
                vals[field] = account.id
            Journal = self.env["account.journal"].sudo()
            for field, journal_type in (
                ("svk_rent_journal_id", "sale"),
                ("svk_owner_journal_id", "purchase"),
            ):
                if not company[field]:
                    vals[field] = Journal.search(
                        [*Journal._check_company_domain(company), ("type", "=", journal_type)],
                        limit=1,
                    ).id
            bank_journal = Journal.search(
                [*Journal._check_company_domain(company), ("type", "=", "bank")], limit=1
            )
            Mode = self.env["account.payment.mode"].sudo()
            for field, method_xmlid, label in (
                (
                    "svk_owner_payment_mode_id",
                    "account_banking_sepa_credit_transfer.sepa_credit_transfer",
                    _lt("Owner rent (SEPA credit transfer)"),
                ),
                (
                    "svk_tenant_debit_mode_id",
                    "account_banking_sepa_direct_debit.sepa_direct_debit",
                    _lt("Rent by SEPA direct debit"),
                ),
            ):
                if company[field] or not bank_journal:
                    continue
                vals[field] = Mode.create(
                    {
                        "name": label._translate(self.env.lang or "en_US"),
                        "company_id": company.id,
                        "payment_method_id": self.env.ref(method_xmlid).id,
                        "bank_account_link": "fixed",
                        "fixed_journal_id": bank_journal.id,
                        "payment_order_ok": True,
                    }
                ).id
            if vals:
                company.sudo().write(vals)
            ReconcileModel = self.env["account.reconcile.model"].sudo()
            if not ReconcileModel.search_count(
                [("company_id", "=", company.id), ("svk_lease_matching", "=", True)]
            ):
                ReconcileModel.create(
                    {
                        "name": _lt("Lease structured communication")._translate(
                            self.env.lang or "en_US"
                        ),
                        "sequence": 1,
                        "rule_type": "invoice_matching",
                        "auto_reconcile": True,
                        "match_nature": "amount_received",
                        "match_partner": False,
                        # a tenant who pays part of the rent still pays something:
                        # reconcile what was paid, oldest invoice first
                        "allow_payment_tolerance": False,
                        "svk_lease_matching": True,
                        "company_id": company.id,
                    }
                )
