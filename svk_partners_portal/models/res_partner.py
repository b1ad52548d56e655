from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command


class ResPartner(models.Model):
    _inherit = "res.partner"

    svk_referral_contact = fields.Boolean(
        string="Social worker of a referral organisation",
        compute="_compute_svk_referral_contact",
        help="A contact person of a referral organisation: the agency may invite them to "
        "the partners' portal.",
    )

    @api.depends("parent_id", "commercial_partner_id.svk_referral_org")
    def _compute_svk_referral_contact(self):
        for partner in self:
            partner.svk_referral_contact = bool(
                partner.parent_id and partner.commercial_partner_id.svk_referral_org
            )

    def action_svk_invite_partner_portal(self):
        """Give this social worker of a referral organisation a portal user of the
        agency (Odoo's portal wizard: a portal user linked to this contact, so to the
        organisation, and Odoo's invitation e-mail with its link to choose a password)."""
        self.ensure_one()
        if not self.env.user.has_group("svk_housing.group_svk_user"):
            raise AccessError(
                self.env._("Only agency staff invite an organisation to the partners' portal.")
            )
        if not self.svk_referral_contact:
            raise UserError(
                self.env._(
                    "%(name)s is not a contact person of a referral organisation: invite "
                    "one of the organisation's social workers.",
                    name=self.display_name,
                )
            )
        if not self.email:
            raise UserError(
                self.env._(
                    "%(name)s has no e-mail address: the invitation is sent to it and it "
                    "is their login.",
                    name=self.display_name,
                )
            )
        # sudo: the portal wizard is a partner manager's tool, and creating a user an
        # administrator's; staff may use it for an organisation's contact only (above)
        wizard = self.env["portal.wizard"].sudo().create({"partner_ids": [Command.set(self.ids)]})
        wizard.user_ids.action_grant_access()
        self.message_post(
            body=self.env._(
                "Invited to the partners' portal by %(user)s.", user=self.env.user.name
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(name)s is invited: Odoo sent the e-mail with the link to the "
                    "partners' portal to %(email)s.",
                    name=self.name,
                    email=self.email,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
