from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.svk_housing.models.action_scope import action_value, in_action_scope
from odoo.addons.svk_housing.rules import month_days_covered

from .svk_lease import last_anniversary_month
from .svk_rent_history import record_manual_change, rent_of_days


class SvkOwnerContract(models.Model):
    _inherit = "svk.owner.contract"

    indexed = fields.Boolean(
        compute="_compute_indexed",
        store=True,
        readonly=False,
        tracking=True,
        help="The owner's rent is indexed each anniversary: always under a main lease; under "
        "a management mandate when the contract says so.",
    )

    index_start_month = fields.Date(
        string="Start index month",
        tracking=True,
        help="The month of the index the guaranteed rents stand at. Empty: the month before "
        "signature. A contract that came into the suite already running has its rents of "
        "then, at the index of the month before its last anniversary.",
    )

    @api.depends("contract_type")
    def _compute_indexed(self):
        for contract in self:
            if contract.contract_type == "main_lease" or not contract.indexed:
                contract.indexed = contract.contract_type == "main_lease"

    def _post_units_change(self, messages):
        gathered = action_value("svk.owner.contract.unit_messages")
        if gathered is None:
            return super()._post_units_change(messages)
        # an indexation's approval writes its rents one amount at a time: it says what
        # changed once per contract (svk.indexation.line._write_owner_rents)
        for contract, texts in messages.items():
            gathered[contract].extend(texts)
        return None

    def _owner_rent_of_period(self, line, period, fraction):
        changes = line._svk_rent_changes()
        if not changes:
            return super()._owner_rent_of_period(line, period, fraction)
        covered = month_days_covered(period, self.date_start, self.date_end)
        return rent_of_days(changes, line.owner_rent, *covered) if covered else 0.0

    @api.model
    def _svk_running_vals(self, vals):
        vals = super()._svk_running_vals(vals)
        if vals.get("date_start") and not vals.get("index_start_month"):
            # a running contract brought in from an agency's files: its rents are the ones
            # of its last anniversary, not of its signature
            today = fields.Date.context_today(self)
            month = last_anniversary_month(fields.Date.to_date(vals["date_start"]), today)
            if month:
                vals["index_start_month"] = month
        return vals

    def _svk_index_start_month(self):
        if self.index_start_month:
            return self.index_start_month.replace(day=1)
        signed = self.date_signature or self.date_start
        return (signed - relativedelta(months=1)).replace(day=1)


class SvkOwnerContractLine(models.Model):
    _inherit = "svk.owner.contract.line"

    base_rent = fields.Monetary(
        string="Base rent",
        currency_field="currency_id",
        help="The guaranteed rent the contract was signed at: each indexation starts from it.",
    )
    rent_history_ids = fields.One2many(
        "svk.rent.history", "contract_line_id", string="Rent history"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("base_rent") and vals.get("owner_rent"):
                vals["base_rent"] = vals["owner_rent"]
        return super().create(vals_list)

    def write(self, vals):
        if "owner_rent" in vals and not in_action_scope("svk.rent.indexation"):
            drafts = self.filtered(lambda line: line.contract_id.state == "draft")
            if drafts:
                super(SvkOwnerContractLine, drafts).write({"base_rent": vals["owner_rent"]})
            record_manual_change(
                self - drafts,
                "owner_rent",
                vals,
                lambda line: line.company_id,
                fields.Date.context_today(self),
            )
        return super().write(vals)

    def _svk_rent_changes(self):
        self.ensure_one()
        return sorted((h.date_from, h.rent) for h in self.rent_history_ids)
