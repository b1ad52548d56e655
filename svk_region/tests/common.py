from datetime import date

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


class SvkRegionCase(TransactionCase):
    """An agency of its own (no demo data reaches it): units in two communes, an owner,
    and its users of the lowest rights that do each job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "AIS Région Test"})
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=True, allowed_company_ids=cls.company.ids
            )
        )

        def user(login, groups, name):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                name=name,
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )

        cls.staff = user("svk_region_staff", "svk_housing.group_svk_user", "Sam Staff")
        cls.manager = user(
            "svk_region_manager",
            "svk_housing.group_svk_manager,sales_team.group_sale_salesman_all_leads",
            "Mia Manager",
        )
        cls.accountant = user(
            "svk_region_accountant",
            "svk_housing.group_svk_user,account.group_account_invoice",
            "Ada Accountant",
        )
        cls.allocator = user(
            "svk_region_allocator",
            "svk_housing.group_svk_user,sales_team.group_sale_salesman_all_leads",
            "Alex Allocator",
        )
        cls.owner = cls.env["res.partner"].create(
            {"name": "Fatima El Amrani", "company_id": cls.company.id}
        )
        cls.tenant = cls.env["res.partner"].create(
            {"name": "Yonas Tesfay", "company_id": cls.company.id}
        )

    @classmethod
    def _unit(cls, name, city="Bruxelles", zip_code="1000", bedrooms=2, **vals):
        return cls.env["svk.unit"].create(
            {
                "name": name,
                "street": f"Rue Haute {name}",
                "zip": zip_code,
                "city": city,
                "bedrooms": bedrooms,
                "surface": 40.0 + 15 * bedrooms,
                "epc_class": "D",
                "state": "available",
                "company_id": cls.company.id,
                **vals,
            }
        )

    @classmethod
    def _contract(cls, units, start, end=None, state="active", **vals):
        """A contract in the given state (created as superuser, as an import or the demo
        does: the states' own rules are svk_housing's tests)."""
        return cls.env["svk.owner.contract"].create(
            {
                "owner_id": cls.owner.id,
                "company_id": cls.company.id,
                "date_start": start,
                "duration": "custom",
                "date_end": end,
                "state": state,
                "line_ids": [Command.create({"unit_id": u.id, "owner_rent": 600.0}) for u in units],
                **vals,
            }
        )

    @classmethod
    def _lease(cls, unit, start=date(2024, 1, 1), rent=600.0, **vals):
        return cls.env["svk.lease"].create(
            {
                "unit_id": unit.id,
                "tenant_id": cls.tenant.id,
                "company_id": cls.company.id,
                "date_start": start,
                "rent": rent,
                "state": "active",
                **vals,
            }
        )
