import logging
from datetime import date as dt_date
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import float_compare

from odoo.addons.svk_housing.models.svk_unit import UNIT_TYPES

_logger = logging.getLogger(__name__)

INCOME_KINDS = [
    ("single", "Single person"),
    ("one_income", "Household with one income"),
    ("several_incomes", "Household with several incomes"),
]
ELIGIBILITY = [
    ("eligible", "Eligible"),
    ("band", "100–150% band"),
    ("not_eligible", "Not eligible"),
    ("owner", "Not eligible (owns a dwelling)"),
    ("unknown", "Unknown"),
]
# Housing Code art. 125 §1, 2°: no household member may hold a building used for housing
# or a trade in full ownership, emphyteusis or usufruct
DWELLING_RIGHTS = [
    ("full", "Full ownership"),
    ("emphyteusis", "Emphyteusis"),
    ("usufruct", "Usufruct"),
]
# the agency may derogate for an individual case in particular circumstances, by a
# motivated decision (art. 125 §1, 2°): the grounds it records
OWNERSHIP_EXCEPTIONS = [
    ("uninhabitable", "Dwelling declared unfit or uninhabitable"),
    ("unsuitable", "Dwelling unsuited to a household member's disability"),
    ("violence", "Left because of domestic violence"),
    ("cannot_occupy", "Shared with others outside the household: cannot be lived in"),
    ("other", "Other particular circumstance"),
]
EXIT_REASONS = [
    ("allocated", "Unit allocated"),
    ("withdrawn", "Withdrawn"),
    ("expired", "Not renewed"),
    ("ineligible", "No longer eligible"),
    ("other", "Other"),
]
RENEWAL_YEARS = 2
ELIGIBILITY_FIELDS = ("svk_ceiling_id", "svk_ceiling", "svk_income_percent", "svk_eligibility")
SOCIAL = "svk_housing.group_svk_social"
OWNERSHIP_DECISION_FIELDS = ("svk_ownership_exception", "svk_ownership_decision")
OWNERSHIP_READERS = "svk_housing.group_svk_manager,svk_housing.group_svk_social"


class CrmLead(models.Model):
    _inherit = "crm.lead"

    svk_application = fields.Boolean(
        related="team_id.svk_candidates", store=True, string="Housing application"
    )
    # household
    svk_income_kind = fields.Selection(INCOME_KINDS, string="Household kind", tracking=True)
    svk_net_income = fields.Monetary(
        string="Net taxable income",
        currency_field="company_currency",
        help="The household's net taxable income, as on the tax assessment.",
    )
    svk_adults = fields.Integer(string="Adults", default=1)
    svk_children = fields.Integer(
        string="Dependent children",
        help="All dependent children, those with a disability included (the household's "
        "size shows nothing of anyone's health).",
    )
    svk_disabled_children = fields.Integer(
        string="Of whom disabled",
        groups=SOCIAL,
        help="Among the dependent children, those with a disability (each counts twice for "
        "the ceiling).",
    )
    svk_disabled_adults = fields.Integer(
        string="Disabled adults", groups=SOCIAL, help="Among the adults."
    )
    svk_household_size = fields.Integer(
        string="Household size", compute="_compute_svk_household_size", store=True
    )
    svk_dwelling_right = fields.Selection(
        DWELLING_RIGHTS,
        string="Owns a dwelling",
        tracking=True,
        help="A household member holds a dwelling (or a building used for a trade) in full "
        "ownership, emphyteusis or usufruct: the household is not eligible, save a "
        "derogation (Housing Code art. 125 §1, 2°). Empty: nobody does.",
    )
    # a derogation's ground and reasons may tell of violence or a disability: the
    # managers who decide and the social workers read them; other staff see the verdict
    svk_ownership_exception = fields.Selection(
        OWNERSHIP_EXCEPTIONS,
        string="Derogation",
        groups=OWNERSHIP_READERS,
        help="The agency's derogation for this household, by a motivated decision of an "
        "SVK manager: the household stays eligible.",
    )
    svk_ownership_decision = fields.Text(
        string="Motivated decision",
        groups=OWNERSHIP_READERS,
        help="Why the agency derogates from the rule of not owning a dwelling.",
    )
    # eligibility
    svk_ceiling_id = fields.Many2one(
        "svk.income.ceiling",
        string="Ceilings used",
        compute="_compute_svk_eligibility",
        store=True,
    )
    # the ceiling and the percentage reveal the disability counts: social workers only;
    # other staff see the verdict
    svk_ceiling = fields.Monetary(
        string="Income ceiling",
        currency_field="company_currency",
        compute="_compute_svk_eligibility",
        store=True,
        groups=SOCIAL,
    )
    svk_income_percent = fields.Float(
        string="Income (% of the ceiling)",
        digits=(16, 2),
        compute="_compute_svk_eligibility",
        store=True,
        groups=SOCIAL,
    )
    svk_eligibility = fields.Selection(
        ELIGIBILITY,
        string="Eligibility",
        compute="_compute_svk_eligibility",
        store=True,
        index=True,
    )
    # what the household needs
    svk_wanted_unit_type = fields.Selection(
        [*UNIT_TYPES, ("any", "Any")], string="Suitable unit type", default="any"
    )
    svk_bedrooms_needed = fields.Integer(string="Bedrooms needed")
    svk_needs_accessible = fields.Boolean(string="Needs a wheelchair-accessible unit")
    svk_transit = fields.Boolean(
        string="Transit housing", help="The household applies for a transit unit."
    )
    svk_priority_ids = fields.Many2many(
        "svk.priority.criterion", string="Priority criteria", check_company=True
    )
    svk_priority_score = fields.Integer(
        string="Priority score", compute="_compute_svk_priority_score", store=True
    )
    svk_absolute_priority = fields.Boolean(
        string="Absolute priority",
        tracking=True,
        help="The household won an appeal: it gets the first suitable vacancy.",
    )
    # register
    svk_register_number = fields.Char(
        string="Register number", copy=False, readonly=True, index=True, tracking=True
    )
    svk_register_date = fields.Date(
        string="Registration date",
        copy=False,
        readonly=True,
        tracking=True,
        help="The day the file became complete: it sets the place in the register.",
    )
    svk_last_renewal = fields.Date(string="Last renewal", copy=False, readonly=True)
    svk_renewal_date = fields.Date(
        string="Renewal due", compute="_compute_svk_renewal_date", store=True
    )
    svk_renewal_due = fields.Boolean(
        string="Renewal due soon",
        compute="_compute_svk_renewal_due",
        search="_search_svk_renewal_due",
    )
    svk_exit_date = fields.Date(string="Exit date", copy=False, tracking=True)
    svk_exit_reason = fields.Selection(
        EXIT_REASONS, string="Exit reason", copy=False, tracking=True
    )
    svk_anonymised = fields.Boolean(string="Anonymised", copy=False, readonly=True)
    svk_health_note = fields.Text(
        string="Health and disability",
        groups=SOCIAL,
        help="What the allocation must take into account (health, disability).",
    )
    # a certificate in the chatter would be every staff member's: Odoo serves a field's
    # file only to who may read the field
    svk_health_document = fields.Binary(
        string="Health or disability document",
        attachment=True,
        groups=SOCIAL,
        help="A medical or disability certificate the allocation must take into account.",
    )
    svk_health_document_name = fields.Char(string="Health document name", groups=SOCIAL)
    svk_allocated_lease_id = fields.Many2one(
        "svk.lease", string="Lease", copy=False, check_company=True, readonly=True
    )
    svk_referral_ids = fields.One2many("svk.referral", "lead_id", string="Referrals")

    def _compute_company_id(self):
        # CRM takes a lead's company from its salesperson, team or partner, and clears it
        # when none gives one: the Candidates team is every agency's (its stages are the
        # register's), most applications have no salesperson and a household has no
        # company. An application is its agency's file: it keeps its company.
        applications = self.filtered(
            lambda lead: lead.team_id.svk_candidates or lead.svk_register_number
        )
        for lead in applications:
            if not lead.company_id:
                lead.company_id = lead.team_id.company_id or self.env.company
        return super(CrmLead, self - applications)._compute_company_id()

    @api.depends("svk_adults", "svk_children", "svk_disabled_children")
    def _compute_svk_household_size(self):
        for lead in self:
            lead.svk_household_size = lead.svk_adults + lead.svk_children

    @api.depends(
        "svk_application",
        "company_id",
        "svk_register_date",
        "svk_income_kind",
        "svk_net_income",
        "svk_children",
        "svk_disabled_children",
        "svk_disabled_adults",
        "svk_dwelling_right",
        "svk_ownership_exception",
    )
    def _compute_svk_eligibility(self):
        ceilings = self.env["svk.income.ceiling"]
        rows = ceilings._svk_rows()
        today = fields.Date.context_today(self)
        for lead in self:
            row = ceilings
            if lead.svk_application:
                row = ceilings._svk_pick(
                    rows, lead.company_id or self.env.company, lead.svk_register_date or today
                )
            lead.svk_ceiling_id = row
            lead.svk_ceiling = lead._svk_ceiling_amount(row)
            lead.svk_income_percent = (
                lead.svk_net_income / lead.svk_ceiling * 100 if lead.svk_ceiling else 0.0
            )
            lead.svk_eligibility = lead._svk_verdict(row) if lead.svk_application else False

    def _svk_ceiling_amount(self, row):
        """Ceiling of this household under `row`: the base of its kind, plus each
        dependent child (a disabled child twice) and each disabled adult."""
        self.ensure_one()
        if not row or not self.svk_income_kind:
            return 0.0
        base = row[f"{self.svk_income_kind}_amount"]
        # a disabled child counts twice: once among the children, once more
        children = self.svk_children + self.svk_disabled_children
        return (
            base
            + row.per_child_amount * children
            + row.per_disabled_adult_amount * self.svk_disabled_adults
        )

    def _svk_verdict(self, row):
        self.ensure_one()
        if self.svk_dwelling_right and not self.svk_ownership_exception:
            return "owner"
        if not row or not self.svk_ceiling or self.svk_net_income <= 0:
            return "unknown"
        rounding = row.currency_id.rounding
        income = self.svk_net_income
        if float_compare(income, self.svk_ceiling, precision_rounding=rounding) <= 0:
            return "eligible"
        band_top = row.currency_id.round(self.svk_ceiling * row.band_max_percent / 100)
        if float_compare(income, band_top, precision_rounding=rounding) <= 0:
            return "band"
        return "not_eligible"

    @api.depends("svk_priority_ids.weight")
    def _compute_svk_priority_score(self):
        for lead in self:
            lead.svk_priority_score = sum(lead.svk_priority_ids.mapped("weight"))

    @api.depends("svk_register_date", "svk_last_renewal")
    def _compute_svk_renewal_date(self):
        for lead in self:
            start = lead.svk_last_renewal or lead.svk_register_date
            lead.svk_renewal_date = start and start + relativedelta(years=RENEWAL_YEARS)

    @api.depends("svk_renewal_date", "svk_exit_date", "company_id")
    def _compute_svk_renewal_due(self):
        today = fields.Date.context_today(self)
        for lead in self:
            notice = (lead.company_id or self.env.company).svk_renewal_notice_days
            lead.svk_renewal_due = bool(
                lead.svk_renewal_date
                and not lead.svk_exit_date
                and lead.svk_renewal_date <= today + timedelta(days=notice)
            )

    def _search_svk_renewal_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the renewal."))
        today = fields.Date.context_today(self)
        by_company = [
            [
                ("company_id", "=", company.id),
                ("svk_renewal_date", "<=", today + timedelta(days=company.svk_renewal_notice_days)),
            ]
            for company in self.env.companies
        ]
        notice = self.env.company.svk_renewal_notice_days
        by_company.append(
            [
                ("company_id", "=", False),
                ("svk_renewal_date", "<=", today + timedelta(days=notice)),
            ]
        )
        due = expression.AND([[("svk_exit_date", "=", False)], expression.OR(by_company)])
        if (operator == "=") == value:
            return due
        return ["!", *due]

    @api.constrains("svk_adults", "svk_children", "svk_disabled_children", "svk_disabled_adults")
    def _check_svk_household(self):
        for lead in self.sudo():  # the disability counts are social fields
            if (
                min(
                    lead.svk_adults,
                    lead.svk_children,
                    lead.svk_disabled_children,
                    lead.svk_disabled_adults,
                )
                < 0
            ):
                raise ValidationError(self.env._("A household cannot count negative members."))
            if lead.svk_application and lead.svk_adults < 1:
                raise ValidationError(self.env._("A household has at least one adult."))
            if lead.svk_disabled_children > lead.svk_children:
                raise ValidationError(
                    self.env._("The disabled children are among the dependent children.")
                )
            if lead.svk_disabled_adults > lead.svk_adults:
                raise ValidationError(
                    self.env._(
                        "%(lead)s: the disabled adults are among the adults.", lead=lead.name
                    )
                )

    @api.constrains("svk_dwelling_right", "svk_ownership_exception", "svk_ownership_decision")
    def _check_svk_ownership_exception(self):
        for lead in self:
            if lead.svk_ownership_exception and not lead.svk_dwelling_right:
                raise ValidationError(
                    self.env._("A derogation is for a household that owns a dwelling.")
                )
            if lead.svk_ownership_exception and not (lead.svk_ownership_decision or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(lead)s: a derogation to the rule of not owning a dwelling is a "
                        "motivated decision: write its reasons.",
                        lead=lead.name,
                    )
                )

    @api.constrains("svk_bedrooms_needed")
    def _check_svk_bedrooms_needed(self):
        for lead in self:
            if lead.svk_bedrooms_needed < 0:
                raise ValidationError(self.env._("Bedrooms needed cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(field) for vals in vals_list for field in OWNERSHIP_DECISION_FIELDS):
            self._svk_check_ownership_decider()
        return super().create(vals_list)

    def write(self, vals):
        if any(field in vals for field in OWNERSHIP_DECISION_FIELDS):
            self._svk_check_ownership_decider()
        if vals.get("svk_exit_reason") and "svk_exit_date" not in vals:
            # an exit always has its date in the register
            undated = self.filtered(lambda lead: not lead.svk_exit_date)
            if undated:
                today = fields.Date.context_today(self)
                super(CrmLead, undated).write({**vals, "svk_exit_date": today})
                return super(CrmLead, self - undated).write(vals)
        return super().write(vals)

    # stages of the candidates' team only, not the sales pipeline's shared ones

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        teams = self.team_id | self.env["crm.team"].browse(team_id or [])
        if teams and all(teams.mapped("svk_candidates")):
            return self.env["crm.stage"].search(
                [("team_id", "in", teams.ids), *(domain or [])], order=order, limit=limit
            )
        return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        team = self.env["crm.team"].browse(self.env.context.get("default_team_id"))
        if team.exists() and team.svk_candidates:
            stage_ids = stages.sudo()._search(
                ["|", ("id", "in", stages.ids), ("team_id", "=", team.id)], order=stages._order
            )
            return stages.browse(stage_ids)
        return super()._read_group_stage_ids(stages, domain)

    # actions

    def action_svk_complete(self):
        """The file is complete: it takes its number and date in the register, and moves
        to Eligible or stays at File complete according to the verdict."""
        for lead in self:
            lead._svk_check_open()
            if lead.svk_register_number:
                raise UserError(
                    self.env._(
                        "%(lead)s is already registered as %(number)s.",
                        lead=lead.name,
                        number=lead.svk_register_number,
                    )
                )
            if not lead.svk_income_kind or lead.svk_net_income <= 0:
                raise UserError(
                    self.env._(
                        "%(lead)s: fill in the household kind and its net taxable income "
                        "before completing the file.",
                        lead=lead.name,
                    )
                )
            today = fields.Date.context_today(lead)
            number = (
                self.env["ir.sequence"]
                .with_company(lead.company_id or self.env.company)
                .next_by_code("svk.application", sequence_date=today)
            )
            lead.write({"svk_register_number": number, "svk_register_date": today})
            stage = "eligible" if lead.svk_eligibility in ("eligible", "band") else "complete"
            lead.stage_id = self.env.ref(f"svk_partners.crm_stage_svk_{stage}")
        return True

    def action_svk_renew(self):
        """The household confirmed its application: two more years from today."""
        for lead in self:
            lead._svk_check_open()
            if not lead.svk_register_date:
                raise UserError(
                    self.env._(
                        "%(lead)s is not registered yet: complete the file first.",
                        lead=lead.name,
                    )
                )
        self.write({"svk_last_renewal": fields.Date.context_today(self)})
        self.activity_feedback(
            ["svk_partners.mail_activity_type_svk_renewal"],
            feedback=self.env._("Application renewed."),
        )
        return True

    def action_svk_withdraw(self, reason="withdrawn"):
        """The application leaves the register (withdrawn by default)."""
        if reason not in dict(EXIT_REASONS):
            raise UserError(self.env._("Unknown exit reason %(reason)s.", reason=reason))
        for lead in self:
            lead._svk_check_open()
        self.write(
            {
                "svk_exit_date": fields.Date.context_today(self),
                "svk_exit_reason": reason,
                "stage_id": self.env.ref("svk_partners.crm_stage_svk_closed").id,
            }
        )
        self.activity_unlink(["svk_partners.mail_activity_type_svk_renewal"])
        return True

    # business methods

    def _svk_check_ownership_decider(self):
        """A derogation to the rule of not owning a dwelling is the agency's decision: an
        SVK manager's."""
        if self.env.su or self.env.user.has_group("svk_housing.group_svk_manager"):
            return
        raise AccessError(
            self.env._(
                "Only an SVK manager decides a derogation to the rule of not owning a dwelling."
            )
        )

    def _svk_check_open(self):
        self.ensure_one()
        if not self.svk_application:
            raise UserError(self.env._("%(lead)s is not a housing application.", lead=self.name))
        if self.svk_exit_date:
            raise UserError(
                self.env._(
                    "%(lead)s left the register on %(date)s.",
                    lead=self.name,
                    date=self.svk_exit_date,
                )
            )

    def _svk_open_domain(self):
        return [("svk_application", "=", True), ("svk_exit_date", "=", False)]

    @api.model
    def _svk_recompute_eligibility(self, companies=None):
        """Judge the open applications again (after the ceilings changed). The search is
        sudo: whoever edits the ceilings, every agency's verdicts must follow."""
        domain = self._svk_open_domain()
        if companies is not None:
            domain += [("company_id", "in", [*companies.ids, False])]
        leads = self.sudo().with_context(active_test=False).search(domain)
        if not leads:
            return leads
        for fname in ELIGIBILITY_FIELDS:
            self.env.add_to_compute(self._fields[fname], leads)
        leads._recompute_recordset(ELIGIBILITY_FIELDS)
        return leads

    @api.model
    def _svk_restore_company(self):
        """Give back their agency to the applications that lost it (CRM's own compute
        used to blank an application's company when its salesperson or team was cleared,
        and the applications' company rule now hides such a file from every agency): the
        company of its lease (or the lease's unit), of its household's
        contact or of its team, else the database's only company. Those it cannot place
        are logged. Returns {company: applications} and the applications left as they are.
        Called by the migration, as superuser: the lost files are nobody's to see."""
        leads = (
            self.sudo()
            .with_context(active_test=False, tracking_disable=True)
            .search([("svk_application", "=", True), ("company_id", "=", False)])
        )
        companies = self.env["res.company"].sudo().search([], limit=2)
        only = companies if len(companies) == 1 else companies.browse()
        placed, unplaced = {}, leads.browse()
        for lead in leads:
            lease = lead.svk_allocated_lease_id
            company = (
                lease.company_id
                or lease.unit_id.company_id
                or lead.partner_id.company_id
                or lead.team_id.company_id
                or only
            )
            if company:
                placed[company] = placed.get(company, leads.browse()) | lead
            else:
                unplaced |= lead
        for company, company_leads in placed.items():
            company_leads.write({"company_id": company.id})
        if placed:
            _logger.info(
                "Applications given back their company: %s",
                {company.name: applications.ids for company, applications in placed.items()},
            )
        if unplaced:
            _logger.warning(
                "Applications without a company that could not be placed (give each its "
                "agency by hand): %s",
                unplaced.ids,
            )
        return placed, unplaced

    def _svk_register_order(self):
        """The applications in the order of the register: absolute priority (a won
        appeal) first, then the date and number of the complete file."""
        return self.sorted(
            key=lambda lead: (
                not lead.svk_absolute_priority,
                lead.svk_register_date or dt_date.max,
                lead.svk_register_number or "",
                lead.id,
            )
        )

    @api.model
    def _cron_svk_renewals(self):
        """Renewal activity ahead of the due date; applications not renewed in time
        expire. Returns the expired applications."""
        today = fields.Date.context_today(self)
        [(notice,)] = (
            self.env["res.company"]
            .sudo()
            ._read_group([], aggregates=["svk_renewal_notice_days:max"])
        )
        leads = self.search(
            [
                *self._svk_open_domain(),
                ("svk_renewal_date", "!=", False),
                ("svk_renewal_date", "<=", today + timedelta(days=notice)),
            ]
        ).filtered("svk_renewal_due")
        expired = leads.filtered(lambda lead: lead.svk_renewal_date < today)
        for company, company_leads in expired.grouped("company_id").items():
            company_leads.with_company(company or self.env.company)._svk_expire()
        activity_type = self.env.ref("svk_partners.mail_activity_type_svk_renewal")
        for lead in leads - expired:
            if lead.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
                continue
            lead.with_company(lead.company_id or self.env.company).activity_schedule(
                "svk_partners.mail_activity_type_svk_renewal",
                date_deadline=lead.svk_renewal_date,
                user_id=lead.user_id.id or self.env.uid,
                note=self.env._(
                    "The application %(number)s must be renewed by %(date)s.",
                    number=lead.svk_register_number,
                    date=lead.svk_renewal_date,
                ),
            )
        return expired

    def _svk_expire(self):
        self.write(
            {
                "svk_exit_date": fields.Date.context_today(self),
                "svk_exit_reason": "expired",
                "stage_id": self.env.ref("svk_partners.crm_stage_svk_closed").id,
            }
        )
        self.activity_unlink(["svk_partners.mail_activity_type_svk_renewal"])
        for lead in self:
            lead.message_post(
                body=self.env._(
                    "Not renewed by %(date)s: the application expired.",
                    date=lead.svk_renewal_date,
                )
            )

    @api.model
    def _cron_svk_anonymise(self):
        """Applications that left the register longer ago than their agency keeps personal
        data: the register fields stay (art. 39/3), everything that identifies the
        household is cleared, its chatter and attachments deleted. Returns the count."""
        today = fields.Date.context_today(self)
        leads = self.with_context(active_test=False).search(
            [
                ("svk_application", "=", True),
                ("svk_anonymised", "=", False),
                ("svk_exit_date", "!=", False),
            ]
        )
        count = 0
        for company, company_leads in leads.grouped("company_id").items():
            company = company or self.env.company
            limit = today - timedelta(days=company.svk_application_retention_days)
            old = company_leads.filtered(lambda lead, lim=limit: lead.svk_exit_date < lim)
            old.with_company(company)._svk_anonymise()
            count += len(old)
        _logger.info("Anonymised %s closed housing application(s)", count)
        return count

    def _svk_anonymise(self):
        cleared = dict.fromkeys(self._svk_personal_fields(), False)
        for lead in self.with_context(tracking_disable=True, mail_notrack=True):
            lead.sudo().write(
                {
                    **cleared,
                    "name": self.env._(
                        "Anonymised %(number)s", number=lead.svk_register_number or lead.id
                    ),
                    "svk_anonymised": True,
                }
            )
        # the chatter holds the household's mails and documents
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        self.sudo().activity_ids.unlink()

    def _svk_personal_fields(self):
        names = [
            "partner_id",
            "contact_name",
            "partner_name",
            "email_from",
            "email_cc",
            "phone",
            "mobile",
            "function",
            "title",
            "website",
            "street",
            "street2",
            "zip",
            "city",
            "state_id",
            "description",
            "svk_health_note",
            "svk_health_document",
            "svk_health_document_name",
            "svk_net_income",
            "svk_dwelling_right",
            "svk_ownership_exception",
            "svk_ownership_decision",
        ]
        return [name for name in names if name in self._fields]

    # ------------------------------------------------------------------ matching list
    svk_referral_org_id = fields.Many2one(
        "res.partner",
        string="Referred by",
        compute="_compute_svk_referral_org",
        help="The organisation that referred the household (its latest active referral).",
    )
    svk_referral_quota_left = fields.Integer(
        string="Convention quota left",
        compute="_compute_svk_referral_org",
        help="Households the organisation's running convention still reserves.",
    )

    @api.depends("svk_referral_ids.status", "svk_referral_ids.organisation_id")
    def _compute_svk_referral_org(self):
        for lead in self:
            referral = lead.svk_referral_ids.filtered(lambda r: r.status == "active").sorted(
                "date", reverse=True
            )[:1]
            company = lead.company_id or self.env.company
            running = referral.organisation_id.svk_agreement_ids.filtered(
                lambda a, company=company: a.state == "running" and a.company_id == company
            )
            agreement = referral.agreement_id or running[:1]
            lead.svk_referral_org_id = referral.organisation_id
            lead.svk_referral_quota_left = agreement.quota_left if agreement else 0
