from odoo import fields, models


class SvkUnit(models.Model):
    _inherit = "svk.unit"

    rent_cap_uplift = fields.Boolean(
        string="Rent cap zone uplift",
        tracking=True,
        help="The unit lies in the zone where the decree raises the agency rent caps (by "
        "each cap row's zone uplift, +10 %).",
    )

    def _svk_rent_caps(self, day):
        """{unit id: (tenant rent at most, owner rent at most)} on `day`: the agency rent
        caps of these units, the zone uplift applied, 0.0 where none is set."""
        return self.env["svk.rent.cap"]._caps_of(self, day)
