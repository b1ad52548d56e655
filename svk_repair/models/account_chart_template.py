from odoo import models

from odoo.addons.account.models.chart_template import template

# (company field, code, type, English, French, Dutch name)
REPAIR_ACCOUNTS = [
    (
        "svk_repair_expense_account_id",
        "611100",
        "expense",
        "Repairs of let units",
        "Réparations des logements gérés",
        "Herstellingen van beheerde woningen",
    ),
    (
        "svk_repair_recharge_account_id",
        "743100",
        "income",
        "Repairs recharged to tenants and owners",
        "Réparations refacturées aux locataires et propriétaires",
        "Herstellingen doorgerekend aan huurders en eigenaars",
    ),
]


class AccountChartTemplate(models.AbstractModel):
    """The repairs' accounts, loaded with a Belgian chart of accounts (and for companies
    that already had one, when the addon is installed: hooks.py)."""

    _inherit = "account.chart.template"

    @template("be", "account.account")
    def _get_svk_repair_be_account_account(self):
        return {
            f"svk_{code}": {
                "code": code,
                "account_type": account_type,
                "reconcile": False,
                "name": name,
                "name@fr": name_fr,
                "name@nl": name_nl,
            }
            for _field, code, account_type, name, name_fr, name_nl in REPAIR_ACCOUNTS
        }

    @template("be", "res.company")
    def _get_svk_repair_be_res_company(self):
        return {
            self.env.company.id: {field: f"svk_{code}" for field, code, *_rest in REPAIR_ACCOUNTS}
        }

    def _svk_repair_load_into(self, companies):
        """Load the repairs' accounts into companies that already have a Belgian chart:
        accounts that exist by code are kept."""
        for company in companies.filtered(lambda c: c.chart_template):
            ChartTemplate = self.with_company(company)
            code = company.chart_template
            if "be" not in [code, *ChartTemplate._get_parent_template(code)]:
                continue
            Account = self.env["account.account"].with_company(company)
            existing = []
            for _field, account_code, *_rest in REPAIR_ACCOUNTS:
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
            if existing:
                self.env["ir.model.data"]._update_xmlids(existing)
            ChartTemplate._load_data(
                {
                    "account.account": ChartTemplate._get_svk_repair_be_account_account(),
                    "res.company": ChartTemplate._get_svk_repair_be_res_company(),
                }
            )
            ChartTemplate._load_translations(companies=company)
