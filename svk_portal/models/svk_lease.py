from odoo import Command, models
from odoo.exceptions import AccessError, UserError


class SvkLease(models.Model):
    _inherit = "svk.lease"

    def action_svk_portal_invite(self):
        """Invite the tenant to the portal: their portal user (login: e-mail, else mobile
        number) and Odoo's signup link, sent through the tenant's channels."""
        if not self.env.user.has_group("svk_housing.group_svk_user"):
            raise AccessError(self.env._("Only agency staff may invite a tenant to the portal."))
        messages = self.env["svk.message"]
        for lease in self:
            messages |= lease._svk_portal_invite()
        failed = messages.filtered(lambda message: message.state == "failed")
        if failed:
            text = self.env._(
                "The invitation could not be sent: %(reasons)s",
                reasons="; ".join(failed.mapped("failure_reason")),
            )
        else:
            text = self.env._("Invitation sent.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": text,
                "type": "warning" if failed else "success",
                "sticky": bool(failed),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _svk_portal_invite(self):
        """One lease's invitation; returns the svk.message of the attempt."""
        self.ensure_one()
        if self.state not in ("active", "notice"):
            raise UserError(
                self.env._(
                    "Only the tenant of a running lease can be invited (%(name)s).",
                    name=self.name,
                )
            )
        user = self._svk_portal_user()
        partner = self.tenant_id.sudo()
        partner.signup_prepare(signup_type="signup")
        url = partner._get_signup_url_for_action(url="/my/home")[partner.id]
        template = self.env.ref("svk_portal.sms_template_svk_portal_invitation")
        return self.env["svk.message"]._send_to_partner(
            self.tenant_id,
            self.company_id,
            template=template,
            record=self,
            render_context={"svk_signup_url": url, "svk_login": user.login},
        )

    def _svk_portal_login(self):
        """The tenant's login: their e-mail, else their mobile number in E.164."""
        self.ensure_one()
        partner = self.tenant_id
        if partner.email:
            return partner.email.strip().lower()
        for number in (partner.mobile, partner.phone):
            e164 = partner._svk_e164(number)[0]
            if e164:
                return e164
        raise UserError(
            self.env._(
                "%(name)s has neither an e-mail address nor a mobile number: add one to "
                "invite them.",
                name=partner.name,
            )
        )

    def _svk_portal_user(self):
        """The tenant's portal user, created (or reactivated) if needed. Staff (internal
        users) are never turned into portal users."""
        self.ensure_one()
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        partner = self.tenant_id
        users = Users.search([("partner_id", "=", partner.id)])
        if any(not user.share for user in users):
            raise UserError(
                self.env._(
                    "%(name)s is a user of the agency's back office: they need no portal "
                    "invitation.",
                    name=partner.name,
                )
            )
        portal = self.env.ref("base.group_portal")
        if users:
            user = users[0]
            if not user.active:
                user.active = True
            if self.company_id not in user.company_ids:
                user.company_ids = [Command.link(self.company_id.id)]
            return user
        login = self._svk_portal_login()
        if Users.search_count([("login", "=", login)], limit=1):
            raise UserError(
                self.env._(
                    "The login %(login)s is already someone else's: give %(name)s their own "
                    "e-mail address or mobile number.",
                    login=login,
                    name=partner.name,
                )
            )
        return Users.with_context(no_reset_password=True).create(
            {
                "login": login,
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "company_ids": [Command.set(self.company_id.ids)],
                "groups_id": [Command.set(portal.ids)],
            }
        )

    def _svk_portal_balance(self):
        """What the tenant owes on these leases (their own documents, not the third
        payer's) and their open receivable lines, oldest due first: the lease's one
        definition of what is still owed, restricted to the tenant."""
        lines = (
            self.env["account.move.line"]
            .sudo()
            ._svk_open_receivables(self)
            .filtered(lambda line: line.partner_id.commercial_partner_id in self.tenant_id)
        )
        return sum(lines.mapped("amount_residual")), lines
