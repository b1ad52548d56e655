from odoo import api, fields, models
from odoo.exceptions import UserError


class SvkGdprErase(models.TransientModel):
    """The right to erasure (GDPR art. 17): anonymise what no law keeps of one person.
    An SVK Manager's, with a reason and a confirmation; logged."""

    _name = "svk.gdpr.erase"
    _description = "Erase a person's data"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        default=lambda self: (
            self.env.context.get("active_model") == "res.partner"
            and self.env.context.get("active_id")
        ),
    )
    reason = fields.Text(required=True, help="The request, or why the agency erases the data.")
    confirm = fields.Boolean(string="I understand that this cannot be undone")
    blockers = fields.Text(compute="_compute_blockers")

    @api.depends("partner_id")
    def _compute_blockers(self):
        for wizard in self:
            wizard.blockers = (
                "\n".join(wizard.partner_id._svk_gdpr_erase_blockers())
                if wizard.partner_id
                else False
            )

    def action_erase(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(self.env._("Confirm that the erasure cannot be undone."))
        log = self.partner_id._svk_gdpr_erase(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": log._name,
            "res_id": log.id,
            "view_mode": "form",
            "target": "current",
        }
