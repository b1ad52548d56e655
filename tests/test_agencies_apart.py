"""Two agencies in one database (issue 15, point 5): agency B's staff find, count and read
nothing of agency A's, for every ``svk.*`` model of the registry, the applications in CRM
(also one whose salesperson was cleared) and the tenants' messages; the shared reference
rows are the system administrator's to change; a rent history never points at another
agency's lease.

The test walks the registry: a new ``svk.*`` model fails it until it has a factory here
(and, with it, a rule that keeps it in its agency)."""

import contextlib

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.svk_housing.tests.common import SvkRentCase

# the reference tables whose rows without an agency are every agency's
SHARED = {
    "svk.charge.type",
    "svk.health.index",
    "svk.income.ceiling",
    "svk.priority.criterion",
    "svk.rent.cap",
}


def _one(model):
    return lambda cls: cls.env[model].search([("company_id", "=", cls.company.id)], limit=1)


def _create(model, own=False, **vals):
    """A record of `model`; `own`: of agency A (a shared reference table's own row)."""
    return lambda cls: cls.env[model].create(
        dict(vals, **({"company_id": cls.company.id} if own else {}))
    )


def _computed_inventory(cls):
    """Agency A's stock at 30 September 2026: its units, and their entries since 2025."""
    inventory = cls.env["svk.region.inventory"].create({"date": "2026-09-30"})
    inventory.action_compute()
    return inventory


# model -> how agency A gets one record of it (cls is the test class, A is cls.company).
# Values given as callables are evaluated against the class (records created before).
FACTORIES = {
    "svk.building": lambda cls: cls.building,
    "svk.unit": lambda cls: cls.units,
    "svk.lease": lambda cls: cls.lease,
    "svk.lease.member": lambda cls: cls.env["svk.lease.member"].create(
        {"lease_id": cls.lease.id, "name": "Selam Tesfay"}
    ),
    "svk.owner.contract": lambda cls: cls.mandate,
    "svk.owner.contract.line": lambda cls: cls.mandate.line_ids,
    "svk.meter": lambda cls: cls.env["svk.meter"].create(
        {"meter_type": "heating", "unit_id": cls.units[0].id, "name": "H-A-0.1"}
    ),
    "svk.meter.reading": lambda cls: cls.env["svk.meter.reading"].create(
        {"meter_id": cls.records["svk.meter"].id, "value": 1200.0, "date": "2026-01-01"}
    ),
    "svk.rent.run": lambda cls: cls.rent_run,
    "svk.rent.run.error": lambda cls: cls.env["svk.rent.run.error"].create(
        {"run_id": cls.rent_run.id, "lease_id": cls.lease.id, "message": "Agency A's error"}
    ),
    "svk.arrears.report": _one("svk.arrears.report"),
    # svk_dashboard: agency A's mandate runs in the report's twelve months
    "svk.occupancy.report": _one("svk.occupancy.report"),
    "svk.month.end": _create("svk.month.end", period="2026-11-01"),
    "svk.payment.plan": lambda cls: cls.env["svk.payment.plan"].create({"lease_id": cls.lease.id}),
    "svk.payment.plan.line": lambda cls: cls.env["svk.payment.plan.line"].create(
        {"plan_id": cls.records["svk.payment.plan"].id, "date": "2026-12-15", "amount": 50.0}
    ),
    # svk_messaging
    "svk.messaging.provider": _create(
        "svk.messaging.provider",
        name="Agency A's Twilio",
        provider_type="twilio",
        channel="sms",
        api_url="http://127.0.0.1:9/",
    ),
    "svk.messaging.price": lambda cls: cls.env["svk.messaging.price"].create(
        {"provider_id": cls.records["svk.messaging.provider"].id, "price": 0.08}
    ),
    "svk.messaging.consent": _create(
        "svk.messaging.consent", number="+32470123456", channel="sms", partner_id=False
    ),
    "svk.message": lambda cls: cls.env["svk.message"].create(
        {
            "channel": "sms",
            "direction": "in",
            "partner_id": cls.tenant.id,
            "lease_id": cls.lease.id,
            "body": "My heating is broken",
        }
    ),
    "svk.message.mass": _create("svk.message.mass", name="Agency A's building", body="Hello"),
    "svk.message.mass.recipient": lambda cls: cls.env["svk.message.mass.recipient"].create(
        {
            "mass_id": cls.records["svk.message.mass"].id,
            "lease_id": cls.lease.id,
            "partner_id": cls.tenant.id,
        }
    ),
    # svk_partners
    "svk.partner.agreement": lambda cls: cls.env["svk.partner.agreement"].create(
        {"name": "Agency A's convention", "organisation_id": cls.org.id}
    ),
    "svk.referral": lambda cls: cls.env["svk.referral"].create(
        {"organisation_id": cls.org.id, "partner_id": cls.tenant.id}
    ),
    "svk.referral.meeting": lambda cls: cls.env["svk.referral.meeting"].create(
        {"referral_id": cls.records["svk.referral"].id}
    ),
    # svk_partners_portal
    "svk.referral.alert": lambda cls: cls.env["svk.referral.alert"].create(
        {"referral_id": cls.records["svk.referral"].id, "body": "Agency A's alert"}
    ),
    "svk.income.ceiling": lambda cls: cls.env["svk.income.ceiling"].create(
        {
            "date_from": "2026-01-01",
            "company_id": cls.company.id,
            "single_amount": 27499.10,
            "one_income_amount": 30554.58,
            "several_incomes_amount": 34919.57,
        }
    ),
    "svk.priority.criterion": _create(
        "svk.priority.criterion", name="Agency A's own priority", own=True
    ),
    # svk_import
    "svk.import": _create("svk.import"),
    "svk.import.sheet": lambda cls: cls.env["svk.import.sheet"].create(
        {"import_id": cls.records["svk.import"].id, "sheet": "building"}
    ),
    "svk.import.column": lambda cls: cls.env["svk.import.column"].create(
        {"import_id": cls.records["svk.import"].id, "sheet": "building", "header": "Nom"}
    ),
    "svk.import.message": lambda cls: cls.env["svk.import.message"].create(
        {"import_id": cls.records["svk.import"].id, "reason": "Agency A's row"}
    ),
    "svk.import.mapping": _create("svk.import.mapping", sheet="building", header="Adresse A"),
    # svk_indexation
    "svk.health.index": lambda cls: (
        cls.env["svk.health.index"].search([], limit=1)
        or cls.env["svk.health.index"].create({"month": "2026-10-01", "value": 130.0})
    ),
    "svk.rent.cap": _create(
        "svk.rent.cap", date_from="2026-01-01", unit_type="studio", bedrooms=0, own=True
    ),
    "svk.indexation": _create("svk.indexation", month="2027-01-01"),
    "svk.indexation.line": lambda cls: cls.env["svk.indexation.line"].create(
        {
            "indexation_id": cls.records["svk.indexation"].id,
            "kind": "tenant",
            "lease_id": cls.lease.id,
            "partner_id": cls.tenant.id,
            "unit_id": cls.units[0].id,
            "anniversary": "2027-01-01",
        }
    ),
    "svk.rent.history": lambda cls: cls.env["svk.rent.history"].create(
        {
            "lease_id": cls.lease.id,
            "company_id": cls.company.id,
            "date_from": "2026-01-01",
            "rent": 600.0,
            "reason": "start",
        }
    ),
    # svk_gdpr
    "svk.gdpr.log": lambda cls: cls.env["svk.gdpr.log"]._svk_log(
        "export", "Agency A's subject access export", partner=cls.tenant, company=cls.company
    ),
    # svk_charges
    "svk.charge.type": _create("svk.charge.type", name="Agency A's lift", code="LIFT_A", own=True),
    "svk.charge.key": lambda cls: cls.env["svk.charge.key"].create(
        {
            "building_id": cls.building.id,
            "charge_type_id": cls.records["svk.charge.type"].id,
            "method": "equal",
        }
    ),
    "svk.charges.statement": lambda cls: cls.env["svk.charges.statement"].create(
        {"building_id": cls.building.id}
    ),
    "svk.charges.statement.cost": lambda cls: cls.env["svk.charges.statement.cost"].create(
        {
            "statement_id": cls.records["svk.charges.statement"].id,
            "charge_type_id": cls.records["svk.charge.type"].id,
            "method": "equal",
        }
    ),
    "svk.charges.statement.line": lambda cls: cls.env["svk.charges.statement.line"].create(
        {
            "statement_id": cls.records["svk.charges.statement"].id,
            "lease_id": cls.lease.id,
            "tenant_id": cls.tenant.id,
            "unit_id": cls.units[0].id,
        }
    ),
    "svk.charges.statement.detail": lambda cls: cls.env["svk.charges.statement.detail"].create(
        {
            "line_id": cls.records["svk.charges.statement.line"].id,
            "cost_id": cls.records["svk.charges.statement.cost"].id,
        }
    ),
    # svk_repair
    "svk.repair.request": lambda cls: cls.env["svk.repair.request"].create(
        {"lease_id": cls.lease.id, "category": "leak", "description": "Agency A's leak"}
    ),
    # svk_region
    "svk.region.inventory": _computed_inventory,
    "svk.region.inventory.line": lambda cls: cls.records["svk.region.inventory"].line_ids,
    "svk.region.inventory.move": lambda cls: cls.records["svk.region.inventory"].move_ids,
}


@tagged("post_install", "-at_install")
class TestAgenciesApart(SvkRentCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "AIS Bruxelles-Sud (B)"})
        cls.b_users = [
            new_test_user(
                cls.env,
                login=login,
                groups=group,
                company_id=cls.company_b.id,
                company_ids=[Command.set(cls.company_b.ids)],
                name=login,
            )
            for login, group in (
                ("b_svk_user", "svk_housing.group_svk_user"),
                ("b_svk_manager", "svk_housing.group_svk_manager"),
                ("b_social", "svk_housing.group_svk_social"),
            )
        ]
        cls.b_manager = cls.b_users[1]
        cls.org = cls.env["res.partner"].create(
            {"name": "CPAS d'Anderlecht", "is_company": True, "svk_referral_org": True}
        )
        cls.rent_run = (
            cls.env["svk.rent.run"]
            .with_context(queue_job__no_delay=True)
            .create({"period": "2026-11-01"})
        )
        cls.rent_run.action_start()
        cls.records = {}
        for model in cls._models():
            if model not in FACTORIES:
                continue
            factory = FACTORIES[model]
            records = factory(cls)
            cls.records[model] = records
        cls.application = cls.env["crm.lead"].create(
            {
                "name": "Application of the Tesfay household",
                "type": "opportunity",
                "team_id": cls.env.ref("svk_partners.crm_team_candidates").id,
                "partner_id": cls.tenant.id,
                "company_id": cls.company.id,
                "user_id": cls.svk_user.id,
            }
        )
        # the salesperson leaves: the application stays agency A's
        cls.application.user_id = False
        cls.chatter = cls.lease.message_post(body="Agency A's note on the lease")

    @classmethod
    def _models(cls):
        """Every stored svk.* model of the registry, in the order of FACTORIES first (a
        factory may use the records of those before it)."""
        models = [
            name
            for name, model in cls.env.registry.items()
            if name.startswith("svk.") and not model._transient and not model._abstract
        ]
        order = list(FACTORIES)
        return sorted(models, key=lambda name: order.index(name) if name in order else 999)

    # ------------------------------------------------------------------ helpers
    def _probe(self, user, model, records):
        """What `user` of agency B gets of agency A's `records` of `model` by search,
        search_count, read_group, name_search and read: a list of the routes that leaked."""
        Model = self.env[model].with_user(user).with_context(allowed_company_ids=self.company_b.ids)
        if not records or not Model.has_access("read"):
            return []
        leaks = []
        domain = [("id", "in", records.ids)]
        if Model.search(domain):
            leaks.append("search")
        if Model.search_count(domain):
            leaks.append("search_count")
        if (
            Model.read_group(domain, ["__count"], [])
            and Model.read_group(domain, ["__count"], [])[0]["__count"]
        ):
            leaks.append("read_group")
        names = [name for name in records.sudo().mapped("display_name") if name and len(name) > 1][
            :1
        ]
        for name in names:
            if {rec_id for rec_id, _label in Model.name_search(name, limit=1000)} & set(
                records.ids
            ):
                leaks.append("name_search")
        with contextlib.suppress(AccessError):
            Model.browse(records.ids).read(["display_name"])
            leaks.append("read")
        return leaks

    def _leaks(self):
        """{what: routes} of agency A's records that agency B's users reach."""
        leaks = {}
        for model in self._models():
            records = self.records[model]
            if model in SHARED:
                # the rows of every agency are read by all; agency A's own are A's
                records = records.filtered(lambda r: "company_id" in r and r.company_id)
            for user in self.b_users:
                routes = self._probe(user, model, records)
                if routes:
                    leaks[f"{model} as {user.login}"] = routes
        for user in self.b_users:
            routes = self._probe(user, "crm.lead", self.application)
            if routes:
                leaks[f"application without salesperson as {user.login}"] = routes
            routes = self._probe(user, "mail.message", self.chatter)
            if routes:
                leaks[f"lease chatter as {user.login}"] = routes
        return leaks

    def _lose_agency(self):
        """Agency A's rows as rows that lost their agency would be (data written before a
        fix, an application whose salesperson left while CRM cleared its company): a
        business row without a company is nobody's, not every agency's."""
        for model in self._models():
            Model = self.env[model]
            field = Model._fields["company_id"] if "company_id" in Model else None
            if model in SHARED or not Model._auto or not field or field.required:
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET company_id = NULL WHERE id = ANY(%s)",
                    SQL.identifier(Model._table),
                    self.records[model].ids,
                )
            )
        self.env.cr.execute(
            SQL("UPDATE crm_lead SET company_id = NULL WHERE id = %s", self.application.id)
        )
        self.env.invalidate_all()

    # -------------------------------------------------------------------- tests
    def test_agency_b_finds_counts_and_reads_nothing_of_agency_a(self):
        """Every svk.* model of the registry, as each of agency B's users, by search,
        search_count, read_group, name_search and read; then the same rows once they lost
        their agency."""
        unknown = [model for model in self._models() if model not in FACTORIES]
        self.assertFalse(
            unknown,
            "a new svk.* model: give it a record rule by company and a factory in this test",
        )
        empty = [model for model in self._models() if not self.records[model]]
        self.assertFalse(empty, "a factory gave no record of agency A")
        self.assertTrue(self.application.svk_application)
        self.assertFalse(self._leaks(), "agency B reaches agency A's records")
        self._lose_agency()
        self.assertFalse(self._leaks(), "agency B reaches rows that lost their agency")

    def test_every_link_stays_in_one_agency(self):
        """A record of agency B never points at one of agency A (reading the link would
        show A's record's name, and its related fields): every link a user sets between
        two records of an agency is checked against the record's company."""
        unchecked = []
        for model in self._models():
            Model = self.env[model]
            if not Model._auto or "company_id" not in Model:
                continue
            company = Model._fields["company_id"]
            parent = company.related.split(".")[0] if company.related else None
            for field in Model._fields.values():
                if (
                    field.type != "many2one"
                    or not field.store
                    or field.related
                    or field.compute
                    or field.name in ("company_id", parent)
                    or field.comodel_name in ("res.company", "res.partner", "res.users")
                    or "company_id" not in self.env[field.comodel_name]
                ):
                    continue
                if not (field.check_company and Model._check_company_auto):
                    unchecked.append(f"{model}.{field.name}")
        self.assertFalse(unchecked, "links not checked against the record's company")

    def test_agency_b_reads_nothing_of_agency_a_through_a_related_field(self):
        """Through a related path, agency A's rows neither match a search nor show; and no
        rent history of B points at A's lease (reading it would show A's lease)."""
        for user in self.b_users:
            Message = self.env["svk.message"].with_user(user)
            self.assertFalse(Message.search([("lease_id.tenant_id", "=", self.tenant.id)]))
            Lead = self.env["crm.lead"].with_user(user)
            self.assertFalse(Lead.search([("partner_id", "=", self.tenant.id)]))
            History = self.env["svk.rent.history"].with_user(user)
            if History.has_access("read"):
                self.assertFalse(History.search([("lease_id.rent", ">", 0)]))
                self.assertFalse(History.read_group([], ["rent:sum"], ["lease_id"]))
        History = self.env["svk.rent.history"].with_user(self.b_manager)
        with self.assertRaises(UserError):
            History.create(
                {
                    "lease_id": self.lease.id,
                    "company_id": self.company_b.id,
                    "date_from": "2026-12-01",
                    "rent": 1.0,
                    "reason": "manual",
                }
            )

    def test_shared_reference_rows_changed_by_the_administrator_only(self):
        admin = new_test_user(
            self.env, login="b_admin", groups="base.group_system,svk_housing.group_svk_manager"
        )
        ceiling_vals = {
            "date_from": "2030-01-01",
            "single_amount": 1.0,
            "one_income_amount": 1.0,
            "several_incomes_amount": 1.0,
        }
        shared = {
            "svk.charge.type": {"name": "Shared lift", "code": "LIFT_SHARED"},
            "svk.health.index": {"month": "2030-01-01", "value": 200.0},
            "svk.income.ceiling": ceiling_vals,
            "svk.priority.criterion": {"name": "Shared priority"},
            "svk.rent.cap": {"date_from": "2030-01-01", "unit_type": "room", "bedrooms": 0},
        }
        self.assertEqual(set(shared), SHARED)
        for model, vals in shared.items():
            row = self.env[model].create(vals)
            for user in [*self.b_users, self.svk_manager, self.svk_user]:
                Model = self.env[model].with_user(user)
                self.assertTrue(Model.browse(row.id).read(["display_name"]), model)
                with self.assertRaises(AccessError, msg=f"{model} created by {user.login}"):
                    Model.create(dict(vals, **self._other_key(model)))
                with self.assertRaises(AccessError, msg=f"{model} written by {user.login}"):
                    Model.browse(row.id).write(self._a_change(model))
                with self.assertRaises(AccessError, msg=f"{model} deleted by {user.login}"):
                    Model.browse(row.id).unlink()
            Admin = self.env[model].with_user(admin)
            Admin.browse(row.id).write(self._a_change(model))
            Admin.create(dict(vals, **self._other_key(model))).unlink()

    @staticmethod
    def _other_key(model):
        return {
            "svk.charge.type": {"code": "LIFT_SHARED_2"},
            "svk.health.index": {"month": "2030-02-01"},
            "svk.income.ceiling": {"date_from": "2030-02-01"},
            "svk.priority.criterion": {"name": "Another shared priority"},
            "svk.rent.cap": {"unit_type": "studio"},
        }[model]

    @staticmethod
    def _a_change(model):
        return {
            "svk.charge.type": {"name": "Shared lift and stairs"},
            "svk.health.index": {"value": 201.0},
            "svk.income.ceiling": {"single_amount": 2.0},
            "svk.priority.criterion": {"weight": 9},
            "svk.rent.cap": {"tenant_rent_max": 9.0},
        }[model]

    def test_agency_b_gets_nothing_of_agency_a_through_json_rpc(self):
        """The route a script takes: call_kw as each of agency B's users, also for rows
        that lost their agency."""
        leaks = {}
        self._lose_agency()
        for user in self.b_users:
            self.authenticate(user.login, user.login)
            for model in [*self._models(), "crm.lead"]:
                records = self.application if model == "crm.lead" else self.records[model]
                if model in SHARED:
                    records = records.filtered(lambda r: "company_id" in r and r.company_id)
                if not records or not self.env[model].with_user(user).has_access("read"):
                    continue
                for method, args in (
                    ("search_count", [[("id", "in", records.ids)]]),
                    ("search_read", [[("id", "in", records.ids)], ["id"]]),
                    ("read_group", [[("id", "in", records.ids)], ["__count"], []]),
                ):
                    result = self.make_jsonrpc_request(
                        "/web/dataset/call_kw",
                        {"model": model, "method": method, "args": args, "kwargs": {}},
                    )
                    if method == "read_group":
                        result = result and result[0]["__count"]
                    if result:
                        leaks[f"{model}.{method} as {user.login}"] = result
        self.assertFalse(leaks, "agency B's scripts reach agency A's records")
