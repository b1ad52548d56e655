from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUnitUi(HttpCase):
    """The unit list and a unit form, in the real web client, for a plain SVK User."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, login="svk_tour", password="svk_tour_pw", groups="svk_housing.group_svk_user"
        )
        owner = cls.env["res.partner"].create({"name": "Tour Owner"})
        building = cls.env["svk.building"].create({"name": "Tour Building", "zip": "1080"})
        unit = cls.env["svk.unit"].create(
            {
                "name": "Tour 2B",
                "building_id": building.id,
                "floor": 2,
                "epc_class": "E",
                "state": "let",
                "meter_ids": [
                    Command.create({"meter_type": "electricity", "ean": "541448820000000015"})
                ],
            }
        )
        cls.env["svk.owner.contract"].create(
            {
                "owner_id": owner.id,
                "line_ids": [Command.create({"unit_id": unit.id, "owner_rent": 640.0})],
            }
        )

    def test_unit_list_and_form(self):
        self.start_tour(
            "/odoo/action-svk_housing.svk_unit_action", "svk_housing_unit_tour", login="svk_tour"
        )
