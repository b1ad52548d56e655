from odoo import fields, models


class SvkBuilding(models.Model):
    _inherit = "svk.building"

    svk_charge_key_ids = fields.One2many(
        "svk.charge.key", "building_id", string="Distribution keys"
    )
    svk_charges_statement_count = fields.Integer(
        string="Charges statements", compute="_compute_svk_charges_statement_count"
    )

    def _compute_svk_charges_statement_count(self):
        counts = dict(
            self.env["svk.charges.statement"]._read_group(
                [("building_id", "in", self.ids)], ["building_id"], ["__count"]
            )
        )
        for building in self:
            building.svk_charges_statement_count = counts.get(building, 0)

    def action_view_charges_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "svk_charges.svk_charges_statement_action"
        )
        action["domain"] = [("building_id", "=", self.id)]
        action["context"] = {"default_building_id": self.id}
        return action
