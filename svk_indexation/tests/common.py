import base64
from datetime import date

from odoo.fields import Command
from odoo.tools.misc import file_path

from odoo.addons.svk_housing.tests.common import SvkRentCase

# Statbel's series as the addon ships it (data/reference/health_index.csv points to it)
HEALTH_INDEX = file_path("svk_indexation/data/health_index.csv")


class SvkIndexationCase(SvkRentCase):
    """The agency of svk_housing's tests, with the health index series the addon ships
    loaded as an admin does (the load wizard), and leases of known dates to index."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(HEALTH_INDEX, "rb") as handle:
            series = handle.read()
        cls.env["svk.health.index"].search([]).unlink()
        # Statbel's series is every agency's: the administrator loads it
        cls.env["svk.health.index.load"].create(
            {"file": base64.b64encode(series), "file_name": "health_index.csv"}
        ).action_load()
        cls.Index = cls.env["svk.health.index"]
        for code in ("fr_BE", "nl_BE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["svk_housing", "svk_indexation"], ["fr_BE", "nl_BE"]
        )
        cls.tenant_3 = cls.env["res.partner"].create({"name": "Farid Haddad", "lang": "fr_BE"})
        cls.flats = cls.env["svk.unit"].create(
            [
                {
                    "name": f"3.{door}",
                    "building_id": cls.building.id,
                    "floor": 3,
                    "unit_type": "apartment",
                    "bedrooms": 2,
                }
                for door in range(1, 7)
            ]
        )

    @classmethod
    def _old_lease(cls, unit, epc, start, signed, base, **vals):
        """A lease that has run for years, registered and with its EPC handed over."""
        unit.write({"epc_class": epc, "state": "available"})
        lease = cls.env["svk.lease"].create(
            {
                "unit_id": unit.id,
                "tenant_id": vals.pop("tenant_id", cls.tenant_3.id),
                "date_signature": signed,
                "date_start": start,
                "rent": base,
                "registration_date": signed,
                "epc_handed_over": True,
                **vals,
            }
        )
        lease.action_activate()
        return lease

    @classmethod
    def _figures(cls, **months):
        """Add health index figures the tests need beyond the shipped series (2026)."""
        cls.env["svk.health.index"].create(
            [
                {"month": date(int(k[1:5]), int(k[6:8]), 1), "value": value}
                for k, value in months.items()
            ]
        )

    def _batch(self, month, user=None):
        batch = self.env["svk.indexation"].with_user(user or self.svk_user).create({"month": month})
        batch.action_propose()
        return batch

    def _line(self, batch, lease):
        return batch.line_ids.filtered(lambda line: line.lease_id == lease)

    @staticmethod
    def _unit_line(unit, rent):
        return Command.create({"unit_id": unit.id, "owner_rent": rent})
