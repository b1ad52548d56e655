"""Deterministic generator of a realistic demo agency (not Odoo XML demo data).

``env["svk.demo.generator"]._generate(size=800, seed=1)`` builds, in the current company,
about ``size`` units in buildings of a few units, one 130-unit site per 800 units,
single houses, their owners (0.625 per unit) with Belgian bank accounts, owner contracts
of both types in every state and meters with valid EAN codes, the tenants and their
leases, the leases as indexation finds them, the tenants' messaging consents, the
referral organisations, referrals and applications, and a portal user per organisation.
``_generate_months`` then runs, pays and reconciles the last months. The same size and
seed give the same agency.

Each kind of record is built by plain Python in its own module of ``demo/`` (portfolio,
owners, leases, indexation, messaging, applications, months); the model holds the two
entry points and their guard. They are private (no RPC reaches them), a system
administrator's or a script's only, and they refuse a company that holds real data (see
``_check_demo_allowed``).
"""

import random

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ..demo.applications import build_applications, generate_partners
from ..demo.indexation import generate_indexation
from ..demo.leases import generate_tenants
from ..demo.messaging import generate_messaging
from ..demo.months import generate_months
from ..demo.organisations import generate_organisation_users
from ..demo.portal import generate_portal
from ..demo.portfolio import generate_housing
from ..demo.repairs import generate_repairs

# the companies the generator filled (ids, comma-separated): it may fill them again (the
# key predates this addon, when the generator was svk_housing's: kept for those databases)
DEMO_COMPANIES_PARAM = "svk_housing.demo_company_ids"


class SvkDemoGenerator(models.AbstractModel):
    _name = "svk.demo.generator"
    _description = "Demo agency generator"

    @api.model
    def _generate(self, size=800, seed=1):
        """Build a demo agency of about `size` units; return counts of what was made."""
        self._check_demo_allowed()
        self._mark_demo_company()
        gen = self.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
        )
        stats = generate_housing(gen, random.Random(seed), size)
        stats.update(generate_tenants(gen, random.Random(seed + 1)))
        stats.update(generate_indexation(self, random.Random(seed + 7)))
        stats.update(generate_messaging(self, random.Random(seed + 3)))
        stats.update(generate_portal(self))
        stats.update(generate_repairs(gen, random.Random(seed + 5), size))
        stats.update(generate_partners(gen, random.Random(seed + 4), size))
        stats.update(generate_organisation_users(gen))
        return stats

    @api.model
    def _demo_applications(self, rng, count):
        """`count` more applications in every stage of the register (the benches')."""
        self._check_demo_allowed()
        return build_applications(self, rng, count)

    @api.model
    def _check_demo_allowed(self):
        """The demo agency is built by a system administrator (or a script running as
        superuser) only, and only into a company without real data: one with no building,
        unit, owner contract, lease or posted journal entry yet, or one the generator
        filled itself. Nothing is written when it refuses."""
        if not (self.env.su or self.env.user._is_system()):
            raise AccessError(self.env._("Only a system administrator can build the demo agency."))
        company = self.env.company
        if company.id in self._demo_company_ids():
            return
        # sudo: the administrator may not see every record of the company; the counts
        # are the company's whole content
        env = self.sudo().with_context(active_test=False).env
        domain = [("company_id", "=", company.id)]
        real = [
            model
            for model in ("svk.building", "svk.unit", "svk.owner.contract", "svk.lease")
            if env[model].search_count(domain, limit=1)
        ]
        if env["account.move"].search_count([*domain, ("state", "=", "posted")], limit=1):
            real.append("account.move")
        if real:
            raise UserError(
                self.env._(
                    "The demo agency is built only into an empty company: %(company)s "
                    "already holds real data (%(what)s). Use a new database or company.",
                    company=company.name,
                    what=", ".join(env["ir.model"]._get(model).name for model in real),
                )
            )

    @api.model
    def _demo_company_ids(self):
        value = self.env["ir.config_parameter"].sudo().get_param(DEMO_COMPANIES_PARAM) or ""
        return {int(part) for part in value.split(",") if part.strip().isdigit()}

    @api.model
    def _mark_demo_company(self):
        """Remember that the generator filled this company: it may fill it again."""
        ids = self._demo_company_ids() | {self.env.company.id}
        self.env["ir.config_parameter"].sudo().set_param(
            DEMO_COMPANIES_PARAM, ",".join(str(i) for i in sorted(ids))
        )

    @api.model
    def _generate_months(self, months=3, seed=1):
        """Run, pay and reconcile the last `months` months of the demo agency (this one
        included): the monthly runs, a bank statement per month of what tenants and
        third payers paid (most the exact amount with their structured communication,
        some half, some double, some by a bank account the agency knows, some
        nothing), payment plans for part of the arrears (some already broken). The
        month-end screen and the aged arrears then have something to show."""
        self._check_demo_allowed()
        return generate_months(self, months, seed)
