from odoo import api, fields, models

# The register order of the matching list (the list view's default_order says the same):
# an application that won an appeal comes first, then complete files in chronological
# order (crm.lead._svk_register_order() sorts records the same way).
MATCHING_ORDER = "svk_absolute_priority desc, svk_register_date, svk_register_number, id"
CLOSED_STAGES = ("svk_partners.crm_stage_svk_allocated", "svk_partners.crm_stage_svk_closed")


class SvkUnit(models.Model):
    _inherit = "svk.unit"

    svk_transit = fields.Boolean(
        string="Transit unit",
        tracking=True,
        help="Transit housing: stays of at most 18 months, for at most 20% of the agency's "
        "stock. Only applications for transit housing are proposed for it.",
    )
    svk_matching_count = fields.Integer(
        string="Matching applications", compute="_compute_svk_matching_count"
    )

    @api.depends_context("uid")
    def _compute_svk_matching_count(self):
        Lead = self.env["crm.lead"]
        for unit in self:
            unit.svk_matching_count = (
                Lead.search_count(unit._svk_matching_domain()) if unit.id else 0
            )

    def _svk_matching_domain(self):
        """The open applications this unit suits: the one definition of "an application
        fits a unit", used by the matching list, its count and the allocation wizard."""
        self.ensure_one()
        closed = [
            stage.id
            for stage in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in CLOSED_STAGES)
            if stage
        ]
        bedrooms = self.bedrooms or 0
        domain = [
            *self.env["crm.lead"]._svk_open_domain(),
            ("stage_id", "not in", closed),
            ("company_id", "in", [self.company_id.id, False]),
            # the register holds complete files only (decree of 17 December 2015)
            ("svk_register_date", "!=", False),
            ("svk_eligibility", "in", ("eligible", "band")),
            ("svk_bedrooms_needed", "<=", bedrooms),
            ("svk_household_size", "<=", 2 * max(bedrooms, 1) + 1),
            ("svk_transit", "=", self.svk_transit),
            ("svk_wanted_unit_type", "in", ("any", self.unit_type)),
        ]
        if not self.wheelchair_accessible:
            domain.append(("svk_needs_accessible", "=", False))
        return domain

    def _svk_matching_applications(self, limit=None):
        """The applications that fit this unit, in register order."""
        self.ensure_one()
        return self.env["crm.lead"].search(
            self._svk_matching_domain(), order=MATCHING_ORDER, limit=limit
        )

    def action_svk_matching(self):
        """The applications that fit this unit, in register order, each with a button to
        allocate the unit to it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Applications for %(unit)s", unit=self.display_name),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("svk_partners.crm_lead_view_list_svk_matching").id, "list"),
                (self.env.ref("svk_partners.crm_lead_view_form_candidates").id, "form"),
            ],
            "domain": self._svk_matching_domain(),
            "context": {"svk_unit_id": self.id, "create": False},
        }
