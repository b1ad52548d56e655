from odoo import fields, models

ORG_TYPES = [
    ("cpas", "CPAS / OCMW"),
    ("minors", "Unaccompanied minors"),
    ("refugees", "Refugee support"),
    ("homeless", "Homeless / Housing First"),
    ("justice", "Justice assistance"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    svk_referral_org = fields.Boolean(
        string="Referral organisation",
        help="An organisation that refers households to the agency and keeps supporting "
        "them (CPAS / OCMW, Housing First...). Its social workers are its contacts.",
    )
    svk_org_type = fields.Selection(ORG_TYPES, string="Organisation type")
    svk_agreement_ids = fields.One2many(
        "svk.partner.agreement",
        "organisation_id",
        string="Conventions",
        groups="svk_housing.group_svk_user",
    )
    svk_referral_count = fields.Integer(
        string="Referral count",
        compute="_compute_svk_referral_count",
        groups="svk_housing.group_svk_user",
    )

    def _compute_svk_referral_count(self):
        # that a referral exists is not social data: every SVK user may count them
        counts = dict(
            self.env["svk.referral"]._read_group(
                [("organisation_id", "in", self.ids)], ["organisation_id"], ["__count"]
            )
        )
        for partner in self:
            partner.svk_referral_count = counts.get(partner, 0)

    def action_view_svk_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("svk_partners.svk_referral_action")
        action["domain"] = [("organisation_id", "=", self.id)]
        action["context"] = {"default_organisation_id": self.id}
        return action

    def _svk_is_social_only(self):
        # svk_housing's hook: the households a justice assistance service supports are
        # justice data (GDPR art. 10), the social workers' only
        return self.commercial_partner_id.svk_org_type == "justice" or super()._svk_is_social_only()

    def _svk_supported_leases_domain(self):
        # svk_housing's hook "leases of an organisation": also the households it refers,
        # read with the user's own rights: staff see that a referral exists, but a
        # referral by justice assistance (and so the household it names) only a social
        # worker
        domain = super()._svk_supported_leases_domain()
        referred = (
            self.env["svk.referral"]
            .search(
                [
                    ("organisation_id", "child_of", self.id),
                    ("status", "=", "active"),
                    ("partner_id", "!=", False),
                ]
            )
            .partner_id
        )
        return ["|", ("tenant_id", "in", referred.ids), *domain]
