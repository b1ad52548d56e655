from odoo import api, fields, models

from .sequence import assign_references
from .svk_building import create_site_analytic_accounts

UNIT_STATES = [
    ("prospect", "Prospect"),
    ("renovation", "In renovation"),
    ("available", "Available"),
    ("let", "Let"),
    ("leaving", "Leaving"),
    ("withdrawn", "Withdrawn"),
]
UNIT_TYPES = [
    ("studio", "Studio"),
    ("apartment", "Apartment"),
    ("house", "House"),
    ("room", "Room"),
]
EPC_CLASSES = [(c, c) for c in "ABCDEFG"]
ADDRESS_FIELDS = ("street", "zip", "city", "country_id")


class SvkUnit(models.Model):
    _name = "svk.unit"
    _description = "Housing unit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "building_id, floor, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, index="trigram")
    code = fields.Char(string="Reference", copy=False, index=True, readonly=True, default="/")
    building_id = fields.Many2one("svk.building", index=True, tracking=True, check_company=True)
    use_building_address = fields.Boolean(
        string="Use the building's address",
        default=True,
        help="The unit's address is its building's.",
    )
    street = fields.Char(compute="_compute_address", store=True, readonly=False)
    street2 = fields.Char(string="Box / door")
    zip = fields.Char(compute="_compute_address", store=True, readonly=False, index=True)
    city = fields.Char(compute="_compute_address", store=True, readonly=False)
    country_id = fields.Many2one(
        "res.country",
        compute="_compute_address",
        store=True,
        readonly=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    unit_type = fields.Selection(UNIT_TYPES, string="Type", required=True, default="apartment")
    bedrooms = fields.Integer(tracking=True)
    floor = fields.Integer(help="0 is the ground floor, -1 the basement.")
    surface = fields.Float(string="Surface (m²)", digits=(8, 1))
    epc_class = fields.Selection(
        EPC_CLASSES,
        string="EPC class",
        tracking=True,
        help="Energy performance certificate (PEB / EPB) class. F and G lettings are to be "
        "banned by 2033, D and E by 2043.",
    )
    epc_number = fields.Char(string="EPC certificate number", tracking=True)
    epc_date = fields.Date(string="EPC date")
    wheelchair_accessible = fields.Boolean(string="Wheelchair accessible", tracking=True)
    has_elevator = fields.Boolean(string="Elevator")
    accessibility_note = fields.Char(
        string="Accessibility note",
        help="Steps, door widths, adapted bathroom... what matters to place a household.",
    )
    state = fields.Selection(
        UNIT_STATES, required=True, default="prospect", tracking=True, index=True
    )
    owner_contract_line_ids = fields.One2many(
        "svk.owner.contract.line", "unit_id", string="Owner contract lines"
    )
    owner_contract_id = fields.Many2one(
        "svk.owner.contract",
        string="Current owner contract",
        compute="_compute_owner_contract",
        store=True,
        index=True,
    )
    contract_type = fields.Selection(
        related="owner_contract_id.contract_type", store=True, string="Contract type"
    )
    owner_id = fields.Many2one(
        "res.partner",
        compute="_compute_owner_contract",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    owner_rent = fields.Monetary(
        string="Guaranteed owner rent",
        compute="_compute_owner_contract",
        store=True,
        currency_field="currency_id",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        check_company=True,
        copy=False,
        help="A unit outside any building has its own; the others read on their building's.",
    )
    lease_ids = fields.One2many("svk.lease", "unit_id", string="Leases")
    lease_id = fields.Many2one(
        "svk.lease", string="Current lease", compute="_compute_lease_id", store=True, index=True
    )
    tenant_id = fields.Many2one(related="lease_id.tenant_id", string="Tenant", store=True)
    meter_ids = fields.One2many("svk.meter", "unit_id", string="Meters")
    meter_count = fields.Integer(compute="_compute_meter_count")
    note = fields.Html()
    active = fields.Boolean(default=True)
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        ("code_company_unique", "UNIQUE(code, company_id)", "Unit references are unique."),
        ("bedrooms_positive", "CHECK(bedrooms >= 0)", "Bedrooms cannot be negative."),
        ("surface_positive", "CHECK(surface >= 0)", "The surface cannot be negative."),
    ]

    @api.depends(
        "building_id", "use_building_address", *(f"building_id.{f}" for f in ADDRESS_FIELDS)
    )
    def _compute_address(self):
        for unit in self:
            if unit.building_id and unit.use_building_address:
                for fname in ADDRESS_FIELDS:
                    unit[fname] = unit.building_id[fname]

    @api.depends(
        "owner_contract_line_ids.contract_id.state",
        "owner_contract_line_ids.contract_id.owner_id",
        "owner_contract_line_ids.owner_rent",
    )
    def _compute_owner_contract(self):
        """The current contract is the running one (active or under notice); before the
        first one starts, the newest draft; after the last one ended, the newest ended."""
        rank = {"active": 0, "notice": 0, "draft": 1, "ended": 2}
        for unit in self:
            lines = unit.owner_contract_line_ids.sorted(
                lambda line: (rank[line.contract_id.state], -line.contract_id.id)
            )
            line = lines[:1]
            unit.owner_contract_id = line.contract_id
            unit.owner_rent = (
                line.owner_rent if line.contract_id.state in ("active", "notice") else 0.0
            )
            if line:
                unit.owner_id = line.contract_id.owner_id

    @api.depends("lease_ids.state")
    def _compute_lease_id(self):
        for unit in self:
            running = unit.lease_ids.filtered(lambda lease: lease.state in ("active", "notice"))
            unit.lease_id = running.sorted("date_start", reverse=True)[:1]

    def _analytic_distribution(self):
        self.ensure_one()
        account = self.building_id.analytic_account_id or self.analytic_account_id
        return {str(account.id): 100} if account else False

    def _compute_meter_count(self):
        counts = dict(
            self.env["svk.meter"]._read_group(
                [("unit_id", "in", self.ids)], ["unit_id"], ["__count"]
            )
        )
        for unit in self:
            unit.meter_count = counts.get(unit, 0)

    @api.depends("state")
    def _compute_color(self):
        colors = {
            "prospect": 0,
            "renovation": 2,
            "available": 4,
            "let": 10,
            "leaving": 3,
            "withdrawn": 1,
        }
        for unit in self:
            unit.color = colors.get(unit.state, 0)

    @api.model_create_multi
    def create(self, vals_list):
        units = super().create(assign_references(self, vals_list, "code", "svk.unit"))
        units.filtered(
            lambda u: not u.building_id and not u.analytic_account_id
        )._create_analytic_accounts()
        return units

    def _create_analytic_accounts(self):
        create_site_analytic_accounts(self)

    @api.depends("name", "building_id.name", "street", "street2")
    def _compute_display_name(self):
        for unit in self:
            if unit.building_id:
                unit.display_name = f"{unit.building_id.name} – {unit.name}"
            else:
                unit.display_name = unit.name

    def action_view_owner_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "svk.owner.contract",
            "res_id": self.owner_contract_id.id,
            "view_mode": "form",
        }
