from collections import defaultdict

from odoo import api, fields, models

AGREEMENT_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("ended", "Ended"),
    ("cancelled", "Cancelled"),
]


class SvkPartnerAgreement(models.Model):
    _name = "svk.partner.agreement"
    _description = "Convention with a referral organisation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    organisation_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('svk_referral_org', '=', True)]",
    )
    contact_id = fields.Many2one(
        "res.partner",
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', organisation_id)]",
        help="The organisation's contact person for the convention.",
    )
    date_start = fields.Date(
        string="Start", required=True, tracking=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End", tracking=True)
    units_quota = fields.Integer(
        string="Households reserved",
        tracking=True,
        help="How many households of the organisation the agency houses under this "
        "convention at the same time.",
    )
    unit_ids = fields.Many2many("svk.unit", string="Reserved units", check_company=True)
    commitments = fields.Html(
        string="Support commitments",
        help="What the organisation commits to: support of the household, visits, "
        "mediation in case of arrears...",
    )
    state = fields.Selection(
        AGREEMENT_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    referral_ids = fields.One2many("svk.referral", "agreement_id", string="Referrals")
    quota_used = fields.Integer(
        compute="_compute_quota",
        string="Households referred",
        help="Active referrals of the organisation that started during the convention.",
    )
    quota_left = fields.Integer(compute="_compute_quota", string="Places left")

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A convention cannot end before it starts.",
        ),
        ("units_quota_positive", "CHECK(units_quota >= 0)", "The quota cannot be negative."),
    ]

    @api.depends("organisation_id", "date_start", "date_end", "units_quota", "company_id")
    def _compute_quota(self):
        # one read for all conventions; sudo: a count of referrals, no social data, right
        # for anyone who reads the convention whatever companies are active in the session
        referrals = (
            self.env["svk.referral"]
            .sudo()
            .search_read(
                [
                    ("organisation_id", "in", self.organisation_id.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("status", "=", "active"),
                ],
                ["organisation_id", "company_id", "date"],
            )
        )
        dates = defaultdict(list)
        for ref in referrals:
            dates[ref["organisation_id"][0], ref["company_id"][0]].append(ref["date"])
        for agreement in self:
            start, end = agreement.date_start, agreement.date_end
            agreement.quota_used = sum(
                1
                for day in dates[agreement.organisation_id.id, agreement.company_id.id]
                if start and start <= day and (not end or day <= end)
            )
            agreement.quota_left = max(0, agreement.units_quota - agreement.quota_used)

    def action_start(self):
        self.write({"state": "running"})

    def action_end(self):
        for agreement in self:
            agreement.write(
                {
                    "state": "ended",
                    "date_end": agreement.date_end or fields.Date.context_today(self),
                }
            )

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_draft(self):
        self.write({"state": "draft"})
