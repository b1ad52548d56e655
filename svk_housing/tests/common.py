from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


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
