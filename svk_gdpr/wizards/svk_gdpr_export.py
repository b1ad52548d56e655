import base64

from odoo import fields, models

REQUESTERS = [
    ("person", "The person"),
    ("regulator", "The Data Protection Authority"),
    ("other", "Other (say who in the reason)"),
]


class SvkGdprExport(models.TransientModel):
    """A subject access request (GDPR art. 15): everything about one person in one
    archive, for the person or the regulator. An SVK Manager's; logged."""

    _name = "svk.gdpr.export"
    _description = "Subject access export"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        default=lambda self: (
            self.env.context.get("active_model") == "res.partner"
            and self.env.context.get("active_id")
        ),
    )
    requested_by = fields.Selection(REQUESTERS, required=True, default="person")
    reason = fields.Text(help="The request: when and how it came, who asked.")
    archive = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(readonly=True)

    def action_export(self):
        self.ensure_one()
        requesters = dict(self._fields["requested_by"]._description_selection(self.env))
        reason = requesters[self.requested_by]
        if self.reason:
            reason = f"{reason}: {self.reason}"
        data, name, _log = self.partner_id._svk_gdpr_export(reason=reason)
        self.write({"archive": base64.b64encode(data), "filename": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/archive/{name}?download=true",
            "target": "self",
        }
