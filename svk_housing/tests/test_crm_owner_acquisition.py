from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common import SvkHousingCase


class TestOwnerAcquisition(SvkHousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env.ref("svk_housing.crm_team_owner_acquisition")
        cls.prospector = new_test_user(
            cls.env,
            login="prospector",
            groups="svk_housing.group_svk_user,sales_team.group_sale_salesman",
        )

    def _lead(self, **vals):
        return (
            self.env["crm.lead"]
            .with_user(self.prospector)
            .create(
                {
                    "name": "Owner offers a building",
                    "type": "opportunity",
                    "team_id": self.team.id,
                    "partner_name": "Immo Brabant SA",
                    "contact_name": "Jan Peeters",
                    "street": "Rue de Mérode 15",
                    "zip": "1060",
                    "city": "Saint-Gilles",
                    "svk_unit_count": 3,
                    "svk_unit_type": "apartment",
                    "svk_bedrooms": 2,
                    "svk_surface": 78.0,
                    "svk_epc_class": "D",
                    "svk_contract_type": "main_lease",
                    "svk_duration": "9",
                    "svk_owner_rent": 820.0,
                    **vals,
                }
            )
        )

    def test_opportunity_becomes_draft_contract_building_and_units(self):
        lead = self._lead()
        self.assertTrue(lead.svk_owner_acquisition)
        action = lead.action_svk_create_owner_contract()
        contract = lead.svk_owner_contract_id
        self.assertEqual(action["res_id"], contract.id)
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.contract_type, "main_lease")
        self.assertEqual(contract.duration, "9")
        self.assertEqual(contract.owner_id, lead.partner_id)
        self.assertTrue(lead.partner_id, "the owner became a contact")
        self.assertEqual(contract.owner_rent_total, 3 * 820.0)
        units = contract.line_ids.unit_id
        self.assertEqual(len(units), 3)
        building = units.building_id
        self.assertEqual(len(building), 1)
        self.assertEqual((building.street, building.zip), ("Rue de Mérode 15", "1060"))
        self.assertEqual(set(units.mapped("state")), {"prospect"})
        self.assertEqual(set(units.mapped("epc_class")), {"D"})
        self.assertEqual(set(units.mapped("bedrooms")), {2})
        self.assertEqual(units.owner_id, lead.partner_id)
        self.assertEqual(set(units.mapped("city")), {"Saint-Gilles"})

    def test_single_unit_gets_its_own_address_without_building(self):
        lead = self._lead(svk_unit_count=1, svk_unit_type="house")
        lead.action_svk_create_owner_contract()
        unit = lead.svk_owner_contract_id.line_ids.unit_id
        self.assertFalse(unit.building_id)
        self.assertEqual((unit.street, unit.unit_type), ("Rue de Mérode 15", "house"))

    def test_conversion_happens_once(self):
        lead = self._lead()
        lead.action_svk_create_owner_contract()
        with self.assertRaises(UserError):
            lead.action_svk_create_owner_contract()
        self.assertEqual(
            self.env["svk.owner.contract"].search_count([("owner_id", "=", lead.partner_id.id)]), 1
        )

    def test_incomplete_property_is_refused_and_nothing_is_created(self):
        lead = self._lead(street=False, svk_owner_rent=0.0)
        units_before = self.env["svk.unit"].search_count([])
        with self.assertRaises(UserError) as caught:
            lead.action_svk_create_owner_contract()
        self.assertIn("street", str(caught.exception))
        self.assertIn("owner rent", str(caught.exception))
        self.assertFalse(lead.svk_owner_contract_id)
        self.assertFalse(lead.partner_id)
        self.assertEqual(self.env["svk.unit"].search_count([]), units_before)
