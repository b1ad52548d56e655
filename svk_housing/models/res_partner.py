from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    svk_owner_contract_ids = fields.One2many(
        "svk.owner.contract",
        "owner_id",
        string="Owner contracts",
        groups="svk_housing.group_svk_user",
    )
    svk_owner_contract_count = fields.Integer(
        compute="_compute_svk_owner_contract_count",
        string="Owner contract count",
        groups="svk_housing.group_svk_user",
    )

    def _compute_svk_owner_contract_count(self):
        counts = dict(
            self.env["svk.owner.contract"]._read_group(
                [("owner_id", "in", self.ids)], ["owner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.svk_owner_contract_count = counts.get(partner, 0)

    def action_view_svk_owner_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "svk_housing.svk_owner_contract_action"
        )
        action["domain"] = [("owner_id", "=", self.id)]
        action["context"] = {"default_owner_id": self.id}
        return action

    svk_lease_ids = fields.One2many(
        "svk.lease", "tenant_id", string="Leases", groups="svk_housing.group_svk_user"
    )
    svk_days_overdue = fields.Integer(
        string="Days overdue",
        compute="_compute_svk_arrears",
        groups="svk_housing.group_svk_user",
        help="Age of the tenant's oldest unpaid rent document.",
    )
    svk_balance_due = fields.Monetary(
        string="Rent balance due",
        compute="_compute_svk_arrears",
        groups="svk_housing.group_svk_user",
        currency_field="currency_id",
    )

    def _compute_svk_arrears(self):
        today = fields.Date.context_today(self)
        AML = self.env["account.move.line"].sudo()
        groups = {
            partner.id: (residual, first)
            for partner, residual, first in AML._read_group(
                [
                    *AML._svk_open_receivable_domain(),
                    ("partner_id", "in", self.ids),
                    ("company_id", "in", self.env.companies.ids),
                ],
                ["partner_id"],
                ["amount_residual:sum", "date_maturity:min"],
            )
        }
        for partner in self:
            residual, first = groups.get(partner.id, (0.0, False))
            partner.svk_balance_due = residual
            partner.svk_days_overdue = max(0, (today - first).days) if first else 0

    # ------------------------------------------------------------------ hooks
    # What the optional addons extend; each has its default here, so that svk_housing
    # alone works and no addon has to look for another one.

    @api.model
    def _svk_notifies(self):
        """Hook: whether the suite writes to people itself (by WhatsApp, SMS or e-mail,
        through `_svk_notify`). Default: no, letters go on paper and the chatter e-mails
        its followers; svk_messaging says yes."""
        return False

    def _svk_notify(self, company, body, record=None):
        """Hook "notify this partner": write the plain text `body`, already in the
        partner's language, to this partner for `company`, about `record` (a lease, or
        None), by the channels the agency uses with them. Returns the attempt, an
        ``svk.message`` whose ``channel``, ``state`` and ``failure_reason`` say how it went,
        or None when nothing can be sent. Default: nothing is sent (None); svk_messaging
        sends it by the partner's channels (WhatsApp, SMS, e-mail, by their preference)."""
        self.ensure_one()
        return None

    def _svk_is_social_only(self):
        """Hook "an organisation only social workers may tie a household to": whether the
        households this organisation supports are social data (a justice assistance
        service). Default: no; svk_partners says yes for justice assistance."""
        self.ensure_one()
        return False

    def _svk_supported_leases_domain(self):
        """Hook "leases of an organisation": the domain of the leases of the households
        this organisation (a CPAS, an association) supports, searched with the user's own
        rights. Default: the leases it pays a part of the rent for (third payer) and those
        whose tenant is one of its contacts; svk_partners adds the households it refers."""
        self.ensure_one()
        return [
            "|",
            ("third_payer_id", "child_of", self.id),
            ("tenant_id.parent_id", "=", self.id),
        ]
