import importlib.util
from pathlib import Path

from odoo.tools import SQL

from .test_eligibility import SvkApplicationCase

MIGRATION = Path(__file__).parent.parent / "migrations" / "18.0.1.0.1" / "post-migration.py"


def _migrate(cr):
    """Run the 18.0.1.0.1 post-migration script as the upgrade does."""
    spec = importlib.util.spec_from_file_location("svk_partners_post_migration_1_0_1", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, "18.0.1.0.0")


class TestRestoreCompany(SvkApplicationCase):
    """Applications that lost their company in an existing database get their agency back
    on upgrade (those that cannot be placed are logged), and its staff find them again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the Candidates team gives no agency here: each application's own data does
        cls.team.company_id = False

    def _lost(self, *leads):
        """Blank the company as CRM's compute did before the fix."""
        leads = self.env["crm.lead"].union(*leads)
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE crm_lead SET company_id = NULL WHERE id IN %s", tuple(leads.ids))
        )
        self.env.invalidate_all()
        self.assertFalse(leads.with_user(self.svk_user).search_count([("id", "in", leads.ids)]))
        return leads

    def test_single_company_database_gets_every_application_back(self):
        if self.env["res.company"].search_count([]) != 1:
            self.skipTest("this database holds several companies")
        lead = self._lost(self._application())
        _migrate(self.env.cr)
        self.env.invalidate_all()
        self.assertEqual(lead.company_id, self.company)
        self.assertEqual(self.env["crm.lead"].with_user(self.svk_user).search([]) & lead, lead)

    def test_each_application_gets_the_agency_of_its_lease_or_household(self):
        agency_b = self.env["res.company"].create({"name": "AIS Bruxelles-Est"})
        household_b = self.env["res.partner"].create(
            {"name": "Famille Lambert", "company_id": agency_b.id}
        )
        building = self.env["svk.building"].create({"name": "Rue Haute 120"})
        unit = self.env["svk.unit"].create({"name": "0.1", "building_id": building.id})
        lease = self.env["svk.lease"].create(
            {
                "unit_id": unit.id,
                "tenant_id": self.env["res.partner"].create({"name": "Famille Diallo"}).id,
                "date_start": "2026-01-01",
                "rent": 540.0,
            }
        )
        of_lease = self._application(name="Famille Diallo", svk_allocated_lease_id=lease.id)
        of_household = self._application(name="Famille Lambert", company_id=agency_b.id)
        of_household.partner_id = household_b
        nowhere = self._application(name="Famille Nkemba")
        self._lost(of_lease, of_household, nowhere)

        with self.assertLogs("odoo.addons.svk_partners.models.crm_lead", "WARNING") as logs:
            _migrate(self.env.cr)
        self.env.invalidate_all()
        self.assertEqual(of_lease.company_id, self.company)
        self.assertEqual(of_household.company_id, agency_b)
        self.assertFalse(nowhere.company_id, "two agencies: nothing says whose it is")
        self.assertIn(str([nowhere.id]), "\n".join(logs.output))
        # agency A's staff find their application again, and nothing of agency B's
        found = (
            self.env["crm.lead"].with_user(self.svk_user).search([("svk_application", "=", True)])
        )
        self.assertIn(of_lease, found)
        self.assertNotIn(of_household, found)
