from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _svk_portal_tiles(self):
        tiles = super()._svk_portal_tiles()
        tiles.append(
            {
                "key": "repairs",
                "url": "/my/repairs",
                "icon": "fa-wrench",
                "title": self.env._("My repairs"),
                "text": self.env._("Something broken? Tell us. See where it stands."),
                "sequence": 25,
            }
        )
        return tiles
