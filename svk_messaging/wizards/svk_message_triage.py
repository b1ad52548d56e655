from odoo import fields, models
from odoo.exceptions import UserError


class SvkMessageTriage(models.TransientModel):
    """Attach messages from an unknown number to the person who sent them."""

    _name = "svk.message.triage"
    _description = "Attach a message to a contact"

    message_ids = fields.Many2many("svk.message", string="Messages", required=True)
    partner_id = fields.Many2one("res.partner", string="Contact", required=True)
    save_number = fields.Boolean(
        string="Save the number on the contact",
        default=True,
        help="As their mobile number when they have none, so that their next messages land "
        "in their record directly.",
    )

    def action_attach(self):
        self.ensure_one()
        messages = self.message_ids.filtered(lambda m: m.direction == "in" and m.needs_triage)
        if not messages:
            raise UserError(self.env._("These messages have already been attached."))
        numbers = set(messages.mapped("number"))
        messages.sudo().write({"partner_id": self.partner_id.id})
        messages.sudo().sorted("create_date")._land_in_chatter()
        # a STOP sent from the unknown number now belongs to this person
        self.env["svk.messaging.consent"].sudo().search(
            [("number", "in", list(numbers)), ("partner_id", "=", False)]
        ).write({"partner_id": self.partner_id.id})
        if self.save_number and len(numbers) == 1 and not self.partner_id.mobile:
            # staff who may not edit contacts may still file the number the person wrote from
            self.partner_id.sudo().mobile = numbers.pop()
        return {"type": "ir.actions.act_window_close"}
