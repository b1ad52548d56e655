from odoo import api, fields, models


class SvkReferral(models.Model):
    _inherit = "svk.referral"

    alert_ids = fields.One2many(
        "svk.referral.alert",
        "referral_id",
        string="Alerts to the organisation",
        readonly=True,
        # like the referral's conversation where svk_partners logs them: social follow-up
        groups="svk_housing.group_svk_social",
    )

    def _svk_inform_referrer(self, text):
        # svk_partners writes to the referrer (e-mail, or the suite's channels); the text
        # is also kept for the organisation's social workers on the partners' portal. sudo:
        # the alerts are written by the daily cron or whoever ends a support, and no user
        # edits them
        sent = super()._svk_inform_referrer(text)
        self.env["svk.referral.alert"].sudo().create(
            {"referral_id": self.id, "partner_id": self._svk_referrer().id, "body": text}
        )
        return sent

    @api.model
    def _svk_portal_organisation(self, user):
        """The referral organisation `user` works for on the portal: a portal user whose
        commercial partner is a referral organisation. Empty for anyone else."""
        org = user.partner_id.commercial_partner_id
        if not user._is_portal() or not org.svk_referral_org:
            return self.env["res.partner"]
        return org

    @api.model
    def _svk_portal_domain(self, user):
        """The referrals `user` sees on the portal: their organisation's, in the agencies
        that invited them. None when they see none (not an organisation's user)."""
        org = self._svk_portal_organisation(user)
        if not org:
            return None
        return [("organisation_id", "=", org.id), ("company_id", "in", user.company_ids.ids)]

    def _svk_portal_facts(self):
        """What the organisation may know of this referral beyond its status: only the
        facts the household agreed to share. Called on the referral read as superuser
        after the ownership check, reads nothing else."""
        self.ensure_one()
        lease = self.lease_id
        facts = {}
        if self.consent_arrears and lease:
            facts["arrears"] = {
                "amount": lease.overdue_amount,
                "currency": lease.currency_id,
                "since": lease.oldest_unpaid_date,
                "days": lease.days_overdue,
            }
        if self.consent_lease_end and lease:
            facts["lease_end"] = {
                "date_end": lease.date_end,
                "notice": lease.state == "notice",
            }
        household = self.partner_id
        if self.consent_contact and household:
            facts["contact"] = {
                "phone": household.phone,
                "mobile": household.mobile,
                "email": household.email,
            }
        return facts

    @api.model
    def _svk_portal_responsible(self, org, company):
        """Who at the agency completes what `org` submits on the portal: the agency's
        social worker of its latest referral, else the leader of the Candidates team,
        else an SVK manager of the agency."""
        latest = self.search(
            [
                ("organisation_id", "=", org.id),
                ("company_id", "=", company.id),
                ("user_id.active", "=", True),
            ],
            order="date desc, id desc",
            limit=1,
        )
        if latest:
            return latest.user_id
        leader = self.env.ref("svk_partners.crm_team_candidates").user_id
        if leader.active and company in leader.company_ids:
            return leader
        return self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref("svk_housing.group_svk_manager").id),
                ("company_ids", "in", company.id),
                ("share", "=", False),
            ],
            order="id",
            limit=1,
        ) or self.env.ref("base.user_admin")
