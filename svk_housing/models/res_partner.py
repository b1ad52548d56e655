from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    svk_owner_contract_ids = fields.One2many(
        "svk.owner.contract",
        "owner_id",
        string="Owner contracts",
        groups="svk_housing.group_svk_user",
    )
    svk_owner_contract_count = fields.Integer(
        compute="_compute_svk_owner_contract_count",
        string="Owner contract count",
        groups="svk_housing.group_svk_user",
    )

    def _compute_svk_owner_contract_count(self):
        counts = dict(
            self.env["svk.owner.contract"]._read_group(
                [("owner_id", "in", self.ids)], ["owner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.svk_owner_contract_count = counts.get(partner, 0)

    def action_view_svk_owner_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "svk_housing.svk_owner_contract_action"
        )
        action["domain"] = [("owner_id", "=", self.id)]
        action["context"] = {"default_owner_id": self.id}
        return action
