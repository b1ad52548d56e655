from odoo import api, fields, models
from odoo.exceptions import UserError

from .svk_owner_contract import CONTRACT_TYPES, DURATIONS
from .svk_unit import EPC_CLASSES, UNIT_TYPES


class CrmLead(models.Model):
    _inherit = "crm.lead"

    svk_owner_acquisition = fields.Boolean(related="team_id.svk_owner_acquisition")
    svk_unit_type = fields.Selection(UNIT_TYPES, string="Property type", default="apartment")
    svk_unit_count = fields.Integer(
        string="Number of units", default=1, help="Units the owner offers at this address."
    )
    svk_bedrooms = fields.Integer(string="Bedrooms per unit")
    svk_surface = fields.Float(string="Surface per unit (m²)", digits=(8, 1))
    svk_epc_class = fields.Selection(EPC_CLASSES, string="EPC class")
    svk_contract_type = fields.Selection(
        CONTRACT_TYPES, string="Proposed contract", default="mandate"
    )
    svk_duration = fields.Selection(DURATIONS, string="Proposed duration", default="9")
    svk_owner_rent = fields.Monetary(
        string="Proposed owner rent per unit", currency_field="company_currency"
    )
    svk_owner_contract_id = fields.Many2one(
        "svk.owner.contract", string="Owner contract", copy=False, readonly=True
    )

    @api.constrains("svk_unit_count")
    def _check_svk_unit_count(self):
        for lead in self:
            if lead.svk_owner_acquisition and lead.svk_unit_count < 1:
                raise UserError(self.env._("An owner offers at least one unit."))

    def action_svk_create_owner_contract(self):
        """Turn an owner-acquisition opportunity into a draft owner contract, its units
        (and their building when the owner offers several units at one address)."""
        self.ensure_one()
        self._svk_check_owner_contract_ready()
        self._handle_partner_assignment(create_missing=True)
        company = self.company_id or self.env.company
        building = self.env["svk.building"]
        if self.svk_unit_count > 1:
            building = building.create(self._prepare_svk_building_values(company))
        units = self.env["svk.unit"].create(self._prepare_svk_unit_values(company, building))
        contract = self.env["svk.owner.contract"].create(
            self._prepare_svk_owner_contract_values(company, units)
        )
        self.svk_owner_contract_id = contract
        self.message_post(
            body=self.env._(
                "Owner contract %(name)s created in draft with %(count)s unit(s).",
                name=contract.name,
                count=len(units),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "svk.owner.contract",
            "res_id": contract.id,
            "view_mode": "form",
        }

    def _svk_check_owner_contract_ready(self):
        """Refuse an opportunity already turned into a contract, or one whose property
        is not described enough to create it."""
        if self.svk_owner_contract_id:
            raise UserError(
                self.env._(
                    "This opportunity already became owner contract %(name)s.",
                    name=self.svk_owner_contract_id.name,
                )
            )
        missing = [
            label
            for label, value in (
                (self.env._("street"), self.street),
                (self.env._("city"), self.city),
                (self.env._("proposed owner rent"), self.svk_owner_rent > 0),
                (self.env._("number of units"), self.svk_unit_count >= 1),
            )
            if not value
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Fill in the property before creating the owner contract: %(missing)s.",
                    missing=", ".join(missing),
                )
            )

    def _prepare_svk_address_values(self):
        """The property's address, as a building or a unit holds it."""
        return {
            "street": self.street,
            "zip": self.zip,
            "city": self.city,
            "country_id": (self.country_id or self.env.ref("base.be")).id,
        }

    def _prepare_svk_building_values(self, company):
        """The building of an owner offering several units at one address."""
        return {
            **self._prepare_svk_address_values(),
            "name": self.street,
            "company_id": company.id,
            "user_id": self.user_id.id or self.env.uid,
        }

    def _prepare_svk_unit_values(self, company, building):
        """The values of the units offered, in the building when there is one, else
        each at the property's address."""
        unit_vals = []
        for number in range(1, self.svk_unit_count + 1):
            vals = {
                "name": self.env._("Unit %(number)s", number=number) if building else self.street,
                "building_id": building.id,
                "use_building_address": bool(building),
                "unit_type": self.svk_unit_type or "apartment",
                "bedrooms": self.svk_bedrooms,
                "surface": self.svk_surface,
                "epc_class": self.svk_epc_class,
                "owner_id": self.partner_id.id,
                "state": "prospect",
                "company_id": company.id,
            }
            if not building:
                vals.update(self._prepare_svk_address_values())
            unit_vals.append(vals)
        return unit_vals

    def _prepare_svk_owner_contract_values(self, company, units):
        """The draft owner contract: one line per unit at the proposed owner rent."""
        return {
            "owner_id": self.partner_id.id,
            "contract_type": self.svk_contract_type or "mandate",
            "duration": self.svk_duration or "9",
            "company_id": company.id,
            "user_id": self.user_id.id or self.env.uid,
            "bank_account_id": self.partner_id.bank_ids[:1].id,
            "line_ids": [
                fields.Command.create({"unit_id": unit.id, "owner_rent": self.svk_owner_rent})
                for unit in units
            ],
        }
