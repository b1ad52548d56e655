import time

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


def wait_for_a_blocked_backend(registry, timeout=60):
    """Whether another connection to the database came to wait on a lock within
    `timeout` seconds: the two-connection tests hold one transaction open until the
    other one meets the database's guarantee."""
    deadline = time.monotonic() + timeout
    with registry.cursor() as probe:
        while time.monotonic() < deadline:
            probe.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if probe.fetchone()[0]:
                return True
            probe.rollback()
            time.sleep(0.05)
    return False


class SvkHousingCase(TransactionCase):
    """A small agency: one building, units, an owner with a bank account, and users of
    the lowest rights that do the job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.svk_user = new_test_user(
            cls.env, login="svk_user", groups="svk_housing.group_svk_user", name="Sam User"
        )
        cls.svk_manager = new_test_user(
            cls.env,
            login="svk_manager",
            groups="svk_housing.group_svk_manager",
            name="Mia Manager",
        )
        cls.owner = cls.env["res.partner"].create({"name": "Fatima El Amrani"})
        cls.owner_bank = cls.env["res.partner.bank"].create(
            {"partner_id": cls.owner.id, "acc_number": "BE71096123456769"}
        )
        cls.building = cls.env["svk.building"].create(
            {"name": "Rue Haute 120", "street": "Rue Haute 120", "zip": "1000", "city": "Bruxelles"}
        )
        cls.units = cls.env["svk.unit"].create(
            [
                {"name": f"{floor}.{door}", "building_id": cls.building.id, "floor": floor}
                for floor in range(2)
                for door in (1, 2)
            ]
        )

    @classmethod
    def _contract(cls, units=None, **vals):
        units = cls.units if units is None else units
        return cls.env["svk.owner.contract"].create(
            {
                "owner_id": cls.owner.id,
                "bank_account_id": cls.owner_bank.id,
                "date_start": "2026-01-01",
                "duration": "3",
                "line_ids": [Command.create({"unit_id": u.id, "owner_rent": 700.0}) for u in units],
                **vals,
            }
        )


class SvkRentCase(SvkHousingCase):
    """A small agency with running owner contracts of both types, leases and the
    accounting of the rent cycle, run by an accountant with the lowest rights that
    invoice (Billing) and an SVK user's access to the portfolio."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._svk_check_accounting()
        cls.accountant = new_test_user(
            cls.env,
            login="svk_accountant",
            groups="account.group_account_invoice,svk_housing.group_svk_user",
            name="Ada Accountant",
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.bank_journal.bank_account_id = cls.env["res.partner.bank"].create(
            {"partner_id": cls.company.partner_id.id, "acc_number": "BE68539007547034"}
        )
        # owner A: management mandate on units[0] (let) and units[1] (vacant)
        cls.mandate = cls._contract(units=cls.units[:2], date_start="2026-01-01", duration="9")
        cls.mandate.line_ids[0].owner_rent = 650.0
        cls.mandate.line_ids[1].owner_rent = 500.0
        # owner B: main lease on units[2]
        cls.owner_b = cls.env["res.partner"].create({"name": "Immo Brabant SA", "is_company": True})
        cls.owner_b_bank = cls.env["res.partner.bank"].create(
            {"partner_id": cls.owner_b.id, "acc_number": "BE62510007547061"}
        )
        cls.main_lease = cls.env["svk.owner.contract"].create(
            {
                "owner_id": cls.owner_b.id,
                "contract_type": "main_lease",
                "bank_account_id": cls.owner_b_bank.id,
                "date_start": "2026-01-01",
                "duration": "9",
                "payment_day": 5,
                "line_ids": [Command.create({"unit_id": cls.units[2].id, "owner_rent": 800.0})],
            }
        )
        (cls.mandate | cls.main_lease).with_user(cls.svk_manager).action_activate()
        cls.units[:3].write({"state": "available"})
        cls.tenant = cls.env["res.partner"].create({"name": "Yonas Tesfay", "lang": "en_US"})
        cls.tenant_2 = cls.env["res.partner"].create({"name": "Ioana Popescu"})
        cls.cpas = cls.env["res.partner"].create({"name": "CPAS de Molenbeek", "is_company": True})
        cls.lease = cls._lease(cls.units[0], cls.tenant, rent=600.0, charges_amount=50.0)
        cls.lease_cpas = cls._lease(
            cls.units[2],
            cls.tenant_2,
            rent=700.0,
            charges_amount=40.0,
            charges_mode="flat",
            date_start="2026-11-16",
            third_payer_id=cls.cpas.id,
            third_payer_amount=150.0,
        )

    @classmethod
    def _lease(cls, unit, tenant, **vals):
        lease = cls.env["svk.lease"].create(
            {
                "unit_id": unit.id,
                "tenant_id": tenant.id,
                "date_start": "2026-01-01",
                "rent": 600.0,
                **vals,
            }
        )
        lease.action_activate()
        return lease

    def _run(self, period="2026-11-01", user=None):
        run = (
            self.env["svk.rent.run"]
            .with_user(user or self.accountant)
            .with_context(queue_job__no_delay=True)
            .create({"period": period})
        )
        run.action_start()
        return run

    def _documents(self, **domain):
        return self.env["account.move"].search(
            [
                (f"svk_{key}" if key != "partner_id" else key, "=", value)
                for key, value in domain.items()
            ]
        )
