from odoo import api, fields, models

from .sequence import assign_references

OCCUPANCY_COUNTS = {
    "unit_count": None,
    "unit_let_count": ("let", "leaving"),
    "unit_vacant_count": ("available",),
    "unit_renovation_count": ("renovation",),
    "unit_withdrawn_count": ("withdrawn",),
    "unit_prospect_count": ("prospect",),
}


def create_site_analytic_accounts(records):
    """Give each record (a building, or a unit outside any building) an analytic account
    in its company's plan of sites, so that income and costs read per site."""
    env = records.env
    vals_list, todo = [], records.browse()
    for record in records:
        plan = record.company_id.svk_analytic_plan_id or env.ref(
            "svk_housing.account_analytic_plan_sites", raise_if_not_found=False
        )
        if plan:
            vals_list.append(
                {
                    "name": record.name,
                    "code": record.code,
                    "plan_id": plan.id,
                    "company_id": record.company_id.id,
                }
            )
            todo |= record
    accounts = env["account.analytic.account"].sudo().create(vals_list)
    for record, account in zip(todo, accounts, strict=True):
        record.analytic_account_id = account


class SvkBuilding(models.Model):
    _name = "svk.building"
    _description = "Building or site"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(string="Reference", copy=False, index=True, readonly=True, default="/")
    street = fields.Char(tracking=True)
    street2 = fields.Char()
    zip = fields.Char(index=True)
    city = fields.Char()
    country_id = fields.Many2one(
        "res.country", default=lambda self: self.env.ref("base.be", raise_if_not_found=False)
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Site manager",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    floor_count = fields.Integer(string="Floors")
    construction_year = fields.Integer()
    unit_ids = fields.One2many("svk.unit", "building_id", string="Units")
    meter_ids = fields.One2many(
        "svk.meter", "building_id", string="Common-area meters", context={"active_test": False}
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        check_company=True,
        copy=False,
        help="Rent income, owner cost and guarantee cost of the site are read on it.",
    )
    unit_count = fields.Integer(compute="_compute_occupancy", string="Number of units")
    unit_let_count = fields.Integer(compute="_compute_occupancy", string="Let")
    unit_vacant_count = fields.Integer(compute="_compute_occupancy", string="Vacant")
    unit_renovation_count = fields.Integer(compute="_compute_occupancy", string="In renovation")
    unit_withdrawn_count = fields.Integer(compute="_compute_occupancy", string="Withdrawn")
    unit_prospect_count = fields.Integer(compute="_compute_occupancy", string="Prospects")
    occupancy_rate = fields.Float(
        compute="_compute_occupancy",
        string="Occupancy (%)",
        help="Let units (including those whose tenant is leaving) among the units the "
        "agency manages (prospects and withdrawn units excluded).",
    )
    note = fields.Html()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_company_unique", "UNIQUE(code, company_id)", "Building references are unique."),
    ]

    @api.depends("unit_ids.state")
    def _compute_occupancy(self):
        counts = {}
        if self.ids:
            for building, state, count in self.env["svk.unit"]._read_group(
                [("building_id", "in", self.ids)], ["building_id", "state"], ["__count"]
            ):
                counts.setdefault(building.id, {})[state] = count
        for building in self:
            by_state = counts.get(building.id, {})
            for field, states in OCCUPANCY_COUNTS.items():
                building[field] = sum(
                    count for state, count in by_state.items() if not states or state in states
                )
            managed = (
                building.unit_count - building.unit_withdrawn_count - building.unit_prospect_count
            )
            building.occupancy_rate = 100.0 * building.unit_let_count / managed if managed else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        buildings = super().create(assign_references(self, vals_list, "code", "svk.building"))
        buildings.filtered(lambda b: not b.analytic_account_id)._create_analytic_accounts()
        return buildings

    def _create_analytic_accounts(self):
        create_site_analytic_accounts(self)

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("svk_housing.svk_unit_action")
        action["domain"] = [("building_id", "=", self.id)]
        action["context"] = {
            "default_building_id": self.id,
            "search_default_group_floor": 1,
        }
        return action
