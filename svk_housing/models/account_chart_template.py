from odoo import models

from odoo.addons.account.models.chart_template import template

# (company field, code, type, reconcilable, English, French, Dutch name)
SVK_ACCOUNTS = [
    (
        "svk_rent_income_account_id",
        "706100",
        "income",
        False,
        "Rent income (main leases)",
        "Loyers perçus (baux principaux)",
        "Huurinkomsten (hoofdhuurovereenkomsten)",
    ),
    (
        "svk_charges_income_account_id",
        "706200",
        "income",
        False,
        "Flat charges recharged to tenants",
        "Charges forfaitaires refacturées aux locataires",
        "Forfaitaire lasten doorgerekend aan huurders",
    ),
    (
        "svk_charges_provision_account_id",
        "489700",
        "liability_current",
        True,
        "Charge provisions received from tenants",
        "Provisions pour charges reçues des locataires",
        "Voorschotten op lasten ontvangen van huurders",
    ),
    (
        "svk_owner_collected_account_id",
        "489600",
        "liability_current",
        True,
        "Rents collected for owners (management mandates)",
        "Loyers perçus pour les propriétaires (mandats de gestion)",
        "Huur geïnd voor eigenaars (beheersmandaten)",
    ),
    (
        "svk_owner_rent_expense_account_id",
        "610100",
        "expense",
        False,
        "Owner rent (main leases)",
        "Loyers des propriétaires (baux principaux)",
        "Huur aan eigenaars (hoofdhuurovereenkomsten)",
    ),
    (
        "svk_guarantee_cost_account_id",
        "610200",
        "expense",
        False,
        "Guaranteed rent not collected (management mandates)",
        "Loyer garanti non perçu (mandats de gestion)",
        "Gewaarborgde huur niet geïnd (beheersmandaten)",
    ),
]


class AccountChartTemplate(models.AbstractModel):
    """What a Belgian agency's rent cycle needs, loaded with its chart of accounts (and
    for companies that already had one, when the addon is installed: hooks.py)."""

    _inherit = "account.chart.template"

    @template("be", "account.account")
    def _get_svk_be_account_account(self):
        return {
            f"svk_{code}": {
                "code": code,
                "account_type": account_type,
                "reconcile": reconcile,
                "name": name,
                "name@fr": name_fr,
                "name@nl": name_nl,
            }
            for _field, code, account_type, reconcile, name, name_fr, name_nl in SVK_ACCOUNTS
        }

    @template("be", "res.company")
    def _get_svk_be_res_company(self):
        return {
            self.env.company.id: {
                **{field: f"svk_{code}" for field, code, *_rest in SVK_ACCOUNTS},
                "svk_rent_journal_id": "sale",
                "svk_owner_journal_id": "purchase",
                "svk_owner_payment_mode_id": "svk_owner_payment_mode",
                "svk_tenant_debit_mode_id": "svk_tenant_debit_mode",
            }
        }

    @template("be", "account.payment.mode")
    def _get_svk_be_account_payment_mode(self):
        return {
            "svk_owner_payment_mode": {
                "name": "Owner rent (SEPA credit transfer)",
                "name@fr": "Loyers des propriétaires (virement SEPA)",
                "name@nl": "Huur aan eigenaars (SEPA-overschrijving)",
                "payment_method_id": "account_banking_sepa_credit_transfer.sepa_credit_transfer",
                "bank_account_link": "fixed",
                "fixed_journal_id": "bank",
                "payment_order_ok": True,
            },
            "svk_tenant_debit_mode": {
                "name": "Rent by SEPA direct debit",
                "name@fr": "Loyer par domiciliation SEPA",
                "name@nl": "Huur via SEPA-domiciliëring",
                "payment_method_id": "account_banking_sepa_direct_debit.sepa_direct_debit",
                "bank_account_link": "fixed",
                "fixed_journal_id": "bank",
                "payment_order_ok": True,
            },
        }

    @template("be", "account.reconcile.model")
    def _get_svk_be_account_reconcile_model(self):
        return {
            "svk_lease_communication": {
                "name": "Rent: lease communications and tenants' bank accounts",
                "name@fr": "Loyers : communications des baux et comptes des locataires",
                "name@nl": "Huur: mededelingen van huurovereenkomsten en rekeningen van huurders",
                "sequence": 1,
                "rule_type": "invoice_matching",
                "auto_reconcile": True,
                "match_nature": "amount_received",
                "match_partner": False,
                "allow_payment_tolerance": False,
                "svk_lease_matching": True,
            },
        }

    def _svk_load_into(self, companies):
        """Load the rent cycle's chart data into companies that already have a chart
        (installing or upgrading the addon): accounts that exist by code are kept."""
        for company in companies.filtered(lambda c: c.chart_template):
            ChartTemplate = self.with_company(company)
            code = company.chart_template
            if "be" not in [code, *ChartTemplate._get_parent_template(code)]:
                continue
            existing = self._svk_existing_records(company)
            if existing:
                self.env["ir.model.data"]._update_xmlids(existing)
            ChartTemplate._load_data(
                {
                    "account.account": ChartTemplate._get_svk_be_account_account(),
                    "account.payment.mode": ChartTemplate._get_svk_be_account_payment_mode(),
                    "account.reconcile.model": (
                        ChartTemplate._get_svk_be_account_reconcile_model()
                    ),
                    "res.company": ChartTemplate._get_svk_be_res_company(),
                }
            )
            ChartTemplate._load_translations(companies=company)

    def _svk_existing_records(self, company):
        """The records of the rent cycle's chart data that `company` already has
        (accounts by code, the lease matching rule, the payment modes), as
        ``_update_xmlids`` values: loading the data then keeps them instead of making
        new ones."""
        Account = self.env["account.account"].with_company(company)
        existing = []
        for _field, account_code, *_rest in SVK_ACCOUNTS:
            account = Account.search(
                [*Account._check_company_domain(company), ("code", "=", account_code)],
                limit=1,
            )
            if account:
                existing.append(
                    {
                        "xml_id": f"account.{company.id}_svk_{account_code}",
                        "record": account,
                        "noupdate": True,
                    }
                )
        reconcile_model = self.env["account.reconcile.model"].search(
            [("company_id", "=", company.id), ("svk_lease_matching", "=", True)], limit=1
        )
        if reconcile_model:
            existing.append(
                {
                    "xml_id": f"account.{company.id}_svk_lease_communication",
                    "record": reconcile_model,
                    "noupdate": True,
                }
            )
        for field, xml_id in (
            ("svk_owner_payment_mode_id", "svk_owner_payment_mode"),
            ("svk_tenant_debit_mode_id", "svk_tenant_debit_mode"),
        ):
            if company[field]:
                existing.append(
                    {
                        "xml_id": f"account.{company.id}_{xml_id}",
                        "record": company[field],
                        "noupdate": True,
                    }
                )
        return existing
