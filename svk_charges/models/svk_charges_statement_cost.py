from odoo import api, fields, models

from odoo.addons.svk_housing.models.svk_meter import METER_TYPES

from .svk_charge_type import KEY_METHODS


class SvkChargesStatementCost(models.Model):
    """One charge type of a statement: the building's cost for the period, the key that
    shares it and its total, what tenants bear of it and what stays with the agency."""

    _name = "svk.charges.statement.cost"
    _description = "Charges statement cost"
    _order = "statement_id, sequence, id"
    _check_company_auto = True

    statement_id = fields.Many2one(
        "svk.charges.statement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    charge_type_id = fields.Many2one(
        "svk.charge.type", string="Charge type", required=True, check_company=True
    )
    sequence = fields.Integer(related="charge_type_id.sequence")
    key_id = fields.Many2one(
        "svk.charge.key",
        string="Building's key",
        ondelete="set null",
        check_company=True,
        help="Empty when the building has no key of its own: the charge type's default.",
    )
    method = fields.Selection(KEY_METHODS, string="Key", required=True)
    meter_type = fields.Selection(METER_TYPES)
    amount = fields.Monetary(string="Cost", help="The building's cost of the period.")
    total_quantity = fields.Float(
        string="Key total",
        digits=(16, 4),
        help="What every unit sharing the cost counts over the whole period (days, m², "
        "shares or consumption).",
    )
    share_amount = fields.Monetary(compute="_compute_share_amount", string="Tenants' shares")
    agency_amount = fields.Monetary(compute="_compute_share_amount", string="Agency's part")
    detail_ids = fields.One2many("svk.charges.statement.detail", "cost_id", string="Shares")

    _sql_constraints = [
        (
            "statement_type_unique",
            "UNIQUE(statement_id, charge_type_id)",
            "A charge type appears once on a statement.",
        ),
    ]

    @api.depends("detail_ids.share_amount", "amount")
    def _compute_share_amount(self):
        shares = dict(
            self.env["svk.charges.statement.detail"]._read_group(
                [("cost_id", "in", self.ids)], ["cost_id"], ["share_amount:sum"]
            )
        )
        for cost in self:
            cost.share_amount = shares.get(cost, 0.0)
            cost.agency_amount = cost.amount - cost.share_amount
