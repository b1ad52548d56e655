from .common import SvkHousingCase


class TestOccupancy(SvkHousingCase):
    def test_building_counts_follow_unit_states(self):
        building = self.building
        self.assertEqual(building.unit_count, 4)
        self.assertEqual(building.unit_prospect_count, 4)
        self.assertEqual(building.occupancy_rate, 0.0)

        self.units[0].state = "let"
        self.units[1].state = "leaving"
        self.units[2].state = "available"
        self.units[3].state = "withdrawn"
        self.assertEqual(
            (
                building.unit_count,
                building.unit_let_count,
                building.unit_vacant_count,
                building.unit_renovation_count,
                building.unit_withdrawn_count,
                building.unit_prospect_count,
            ),
            (4, 2, 1, 0, 1, 0),
        )
        # 2 let (incl. leaving) of 3 managed units; the withdrawn one does not count.
        self.assertAlmostEqual(building.occupancy_rate, 200 / 3)

        self.units[2].state = "renovation"
        self.assertEqual(building.unit_vacant_count, 0)
        self.assertEqual(building.unit_renovation_count, 1)

    def test_counts_are_per_building(self):
        other = self.env["svk.building"].create({"name": "Chaussée de Gand 12"})
        self.env["svk.unit"].create(
            [
                {"name": "A", "building_id": other.id, "state": "let"},
                {"name": "B", "building_id": other.id, "state": "available"},
            ]
        )
        buildings = self.building | other
        buildings.invalidate_recordset()
        self.assertEqual(buildings.mapped("unit_count"), [4, 2])
        self.assertEqual(other.occupancy_rate, 50.0)

    def test_building_without_units(self):
        empty = self.env["svk.building"].create({"name": "Empty"})
        self.assertEqual((empty.unit_count, empty.occupancy_rate), (0, 0.0))

    def test_unit_takes_building_address_unless_told_otherwise(self):
        unit = self.units[0]
        self.assertEqual((unit.street, unit.zip, unit.city), ("Rue Haute 120", "1000", "Bruxelles"))
        self.building.street = "Rue Haute 122"
        self.assertEqual(unit.street, "Rue Haute 122")
        own = self.env["svk.unit"].create(
            {
                "name": "Annex",
                "building_id": self.building.id,
                "use_building_address": False,
                "street": "Rue Blaes 3",
            }
        )
        self.building.street = "Rue Haute 124"
        self.assertEqual(own.street, "Rue Blaes 3")

    def test_building_gets_an_analytic_account_in_the_sites_plan(self):
        account = self.building.analytic_account_id
        self.assertTrue(account)
        self.assertEqual(account.plan_id, self.env.ref("svk_housing.account_analytic_plan_sites"))
        self.assertEqual(account.name, "Rue Haute 120")

    def test_unit_state_history_is_tracked(self):
        unit = (
            self.env["svk.unit"]
            .with_context(tracking_disable=False)
            .create({"name": "Tracked", "building_id": self.building.id})
        )
        self.env.cr.flush()
        unit.state = "renovation"
        self.env.cr.flush()
        unit.state = "available"
        self.env.cr.flush()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "svk.unit"),
                ("mail_message_id.res_id", "=", unit.id),
                ("field_id.name", "=", "state"),
            ]
        )
        self.assertEqual(
            sorted((t.old_value_char, t.new_value_char) for t in tracked),
            [("In renovation", "Available"), ("Prospect", "In renovation")],
        )
