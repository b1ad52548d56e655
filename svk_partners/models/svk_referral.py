import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)

REFERRAL_STATUSES = [
    ("active", "Active"),
    ("ended", "Ended"),
    ("cancelled", "Cancelled"),
]
SOCIAL = "svk_housing.group_svk_social"
# what the retention deletes (never tracked: their history would land in the chatter)
SOCIAL_NOTE_FIELDS = ("support_plan", "social_note", "justice_info")


class SvkReferral(models.Model):
    _name = "svk.referral"
    _description = "Referral by a partner organisation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
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
    social_worker_id = fields.Many2one(
        "res.partner",
        string="Referrer",
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', organisation_id)]",
        help="The organisation's social worker who follows the household: informed of "
        "arrears and of the end of the support as far as the household agreed.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agency social worker",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Gets the alerts of this referral.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Household",
        index=True,
        tracking=True,
        check_company=True,
        help="The referred person: the tenant once housed.",
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Application", index=True, tracking=True, check_company=True
    )
    lease_id = fields.Many2one("svk.lease", compute="_compute_lease_id", string="Running lease")
    date = fields.Date(
        string="Referral date", required=True, tracking=True, default=fields.Date.context_today
    )
    agreement_id = fields.Many2one(
        "svk.partner.agreement",
        string="Convention",
        tracking=True,
        check_company=True,
        domain="[('organisation_id', '=', organisation_id)]",
    )
    status = fields.Selection(
        REFERRAL_STATUSES, default="active", required=True, tracking=True, index=True, copy=False
    )
    support_end_date = fields.Date(
        string="Support ends", tracking=True, help="When the organisation's support ends."
    )
    date_end = fields.Date(string="Ended on", readonly=True, copy=False, tracking=True)
    consent_arrears = fields.Boolean(
        string="Share arrears",
        tracking=True,
        help="The household agreed that the agency tells the referrer when rent is overdue.",
    )
    consent_lease_end = fields.Boolean(
        string="Share end of lease",
        tracking=True,
        help="The household agreed that the agency tells the referrer when the lease ends.",
    )
    consent_contact = fields.Boolean(
        string="Share contact details",
        tracking=True,
        help="The household agreed that the agency gives the referrer its contact details.",
    )
    # social data (GDPR art. 9 and 10): social workers only, never tracked
    support_plan = fields.Html(groups=SOCIAL)
    social_note = fields.Html(groups=SOCIAL)
    justice_info = fields.Text(string="Justice assistance", groups=SOCIAL)
    meeting_ids = fields.One2many(
        "svk.referral.meeting", "referral_id", string="Meetings", groups=SOCIAL
    )
    # what the alerts already did
    arrears_alerted_due = fields.Date(
        readonly=True,
        copy=False,
        help="Oldest unpaid due date of the debt the referral was alerted for.",
    )
    support_end_alerted = fields.Boolean(readonly=True, copy=False)
    lease_end_alerted = fields.Date(
        readonly=True, copy=False, help="Lease end date the referrer was informed of."
    )
    social_notes_deleted = fields.Date(
        readonly=True, copy=False, help="When the retention deleted the social notes."
    )

    @api.depends(
        "organisation_id.name",
        "partner_id.name",
        "lead_id.name",
        "lead_id.contact_name",
        "lead_id.partner_name",
    )
    def _compute_name(self):
        for referral in self:
            lead = referral.lead_id
            household = (
                referral.partner_id.name or lead.contact_name or lead.partner_name or lead.name
            )
            referral.name = " – ".join(
                part for part in (referral.organisation_id.name, household) if part
            )

    @api.depends("partner_id")
    def _compute_lease_id(self):
        leases = self.env["svk.lease"].search(
            [("tenant_id", "in", self.partner_id.ids), ("state", "in", ("active", "notice"))],
            order="date_start desc, id desc",
        )
        lease_of = {}
        for lease in leases:
            lease_of.setdefault((lease.tenant_id.id, lease.company_id.id), lease)
        for referral in self:
            key = (referral.partner_id.id, referral.company_id.id)
            referral.lease_id = lease_of.get(key, self.env["svk.lease"])

    @api.constrains("partner_id", "lead_id")
    def _check_household(self):
        for referral in self:
            if not referral.partner_id and not referral.lead_id:
                raise ValidationError(
                    self.env._(
                        "The referral %(name)s needs a household or an application.",
                        name=referral.name,
                    )
                )

    @api.constrains("organisation_id", "social_worker_id", "agreement_id")
    def _check_organisation(self):
        for referral in self:
            org = referral.organisation_id.commercial_partner_id
            worker = referral.social_worker_id
            if worker and worker.commercial_partner_id != org:
                raise ValidationError(
                    self.env._(
                        "%(worker)s does not work for %(organisation)s.",
                        worker=worker.name,
                        organisation=org.name,
                    )
                )
            agreement = referral.agreement_id
            if agreement and agreement.organisation_id.commercial_partner_id != org:
                raise ValidationError(
                    self.env._(
                        "The convention %(agreement)s is not with %(organisation)s.",
                        agreement=agreement.name,
                        organisation=org.name,
                    )
                )

    def write(self, vals):
        if "support_end_date" in vals:
            # a new end date gets its own alert
            vals = {"support_end_alerted": False, **vals}
        return super().write(vals)

    def action_end(self):
        today = fields.Date.context_today(self)
        for referral in self:
            referral.write(
                {
                    "status": "ended",
                    "date_end": today,
                    "support_end_date": referral.support_end_date or today,
                }
            )

    def action_cancel(self):
        self.write({"status": "cancelled", "date_end": fields.Date.context_today(self)})

    def action_reactivate(self):
        self.write({"status": "active", "date_end": False})

    # alerts

    @api.model
    def _cron_svk_alerts(self):
        """Daily: the agency's social worker gets an activity, and the referrer is
        informed as far as the household agreed, when a referred tenant's rent is overdue,
        the support is about to end or the lease ends."""
        referrals = self.search([("status", "=", "active")])
        # the running lease and its arrears depend on the day: never from a cache
        referrals.invalidate_recordset(["lease_id"])
        referrals.lease_id.invalidate_recordset(
            ["overdue_amount", "oldest_unpaid_date", "days_overdue"]
        )
        for company, company_referrals in referrals.grouped("company_id").items():
            for referral in company_referrals.with_company(company):
                # one referral's error (an archived responsible, a provider down) must not
                # stop every other alert of the day: logged, and tried again tomorrow
                try:
                    with self.env.cr.savepoint():
                        referral._svk_alert_arrears()
                        referral._svk_alert_support_end()
                        referral._svk_alert_lease_end()
                except Exception:
                    _logger.exception("svk_partners: the alerts of referral %s failed", referral.id)

    def _svk_alert_arrears(self):
        """Once per debt: the alert is for the oldest unpaid due date, and is reset only
        once the tenant owes nothing overdue any more."""
        for referral in self:
            lease = referral.lease_id
            company = referral.company_id
            if not lease or lease.overdue_amount <= 0:
                if referral.arrears_alerted_due:
                    referral.arrears_alerted_due = False
                continue
            if referral.arrears_alerted_due or lease.days_overdue < company.svk_arrears_alert_days:
                continue
            since = lease.oldest_unpaid_date
            referral._svk_schedule_alert(
                self.env._(
                    "Rent overdue since %(date)s (%(days)s days)",
                    date=format_date(self.env, since),
                    days=lease.days_overdue,
                )
            )
            if referral.consent_arrears:
                referral._svk_inform_referrer(
                    referral._svk_referrer_env()._(
                        "The rent of %(household)s has been overdue since %(date)s.",
                        household=referral.partner_id.name,
                        date=format_date(referral._svk_referrer_env(), since),
                    )
                )
            referral.arrears_alerted_due = since

    def _svk_alert_support_end(self):
        """Once per support end date. The referrer is reminded of the end of its own
        support: it learns nothing it did not know about the household."""
        today = fields.Date.context_today(self)
        for referral in self:
            company = referral.company_id
            horizon = today + relativedelta(days=company.svk_support_end_notice_days)
            if (
                not referral.support_end_date
                or referral.support_end_alerted
                or referral.support_end_date > horizon
            ):
                continue
            referral._svk_schedule_alert(
                self.env._(
                    "Support by %(organisation)s ends on %(date)s",
                    organisation=referral.organisation_id.name,
                    date=format_date(self.env, referral.support_end_date),
                ),
                deadline=max(today, referral.support_end_date),
            )
            env = referral._svk_referrer_env()
            referral._svk_inform_referrer(
                env._(
                    "Your support of %(household)s ends on %(date)s. Please contact the "
                    "agency if it should continue.",
                    household=referral.partner_id.name or referral.lead_id.contact_name,
                    date=format_date(env, referral.support_end_date),
                )
            )
            referral.support_end_alerted = True

    def _svk_alert_lease_end(self):
        """The referrer hears of the end of the lease (notice given) once per end date,
        only if the household agreed."""
        for referral in self.filtered("consent_lease_end"):
            lease = referral.lease_id
            if lease.state != "notice" or not lease.date_end:
                continue
            if referral.lease_end_alerted == lease.date_end:
                continue
            env = referral._svk_referrer_env()
            referral._svk_inform_referrer(
                env._(
                    "The lease of %(household)s ends on %(date)s.",
                    household=referral.partner_id.name,
                    date=format_date(env, lease.date_end),
                )
            )
            referral.lease_end_alerted = lease.date_end

    def _svk_schedule_alert(self, summary, deadline=None):
        self.ensure_one()
        self.activity_schedule(
            "svk_partners.mail_activity_type_svk_referral_alert",
            date_deadline=deadline or fields.Date.context_today(self),
            summary=summary,
            user_id=(self.user_id or self.create_uid or self.env.user).id,
        )

    def _svk_referrer(self):
        self.ensure_one()
        return self.social_worker_id or self.organisation_id

    def _svk_referrer_env(self):
        """An environment in the referrer's language, for the texts sent to them."""
        self.ensure_one()
        lang = self._svk_referrer().lang or self.company_id.partner_id.lang
        return self.with_context(lang=lang).env if lang else self.env

    def _svk_inform_referrer(self, text):
        """Write to the organisation's social worker. `text` never holds social data.
        Through the suite's own channels when it has them (svk_housing's hook "notify
        this partner", which svk_messaging implements), else by a chatter message that
        Odoo e-mails to them."""
        self.ensure_one()
        referrer = self._svk_referrer()
        sent = referrer._svk_notify(self.company_id, text, record=self.lease_id or None)
        if sent is not None:
            channels = dict(sent._fields["channel"].selection)
            self.message_post(
                body=self.env._(
                    "%(name)s informed by %(channel)s: %(text)s",
                    name=referrer.name,
                    channel=channels[sent.channel],
                    text=text,
                )
                if sent.state != "failed"
                else self.env._(
                    "%(name)s could not be informed (%(reason)s): %(text)s",
                    name=referrer.name,
                    reason=sent.failure_reason,
                    text=text,
                ),
                subtype_xmlid="mail.mt_note",
            )
            return sent
        return self.message_post(
            body=text,
            partner_ids=referrer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        # a referral's conversation is social follow-up (meeting reports, documents):
        # reading it takes a social worker's rights on referrals (creating them), not only
        # knowing that the referral exists
        check = super()._get_mail_message_access(res_ids, operation, model_name=model_name)
        return "create" if check == "read" else check

    # retention

    @api.model
    def _cron_svk_retention(self):
        """Daily: the social notes of referrals whose support ended more than the
        company's retention period ago are deleted. Returns how many referrals."""
        today = fields.Date.context_today(self)
        ended = self.search(
            [("status", "in", ("ended", "cancelled")), ("social_notes_deleted", "=", False)]
        )
        expired = self.browse()
        for company, referrals in ended.grouped("company_id").items():
            limit = today - relativedelta(days=company.svk_referral_note_retention_days)
            expired |= referrals.filtered(
                lambda r, limit=limit: (r.support_end_date or r.date_end or r.date) < limit
            )
        expired._svk_delete_social_notes()
        _logger.info("svk.referral retention: social notes of %s referrals deleted", len(expired))
        return len(expired)

    def _svk_delete_social_notes(self):
        if not self:
            return
        records = self.sudo()  # the cron's user may not be a social worker
        records.meeting_ids.write({"note": False})
        records.write(
            {
                **dict.fromkeys(SOCIAL_NOTE_FIELDS, False),
                "social_notes_deleted": fields.Date.context_today(self),
            }
        )
        for referral in self:
            referral.message_post(
                body=self.env._("Social notes deleted (retention)."),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )


class SvkReferralMeeting(models.Model):
    _name = "svk.referral.meeting"
    _description = "Meeting about a referral"
    _order = "date desc, id desc"

    referral_id = fields.Many2one("svk.referral", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="referral_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    attendee_ids = fields.Many2many("res.partner", string="Attendees")
    note = fields.Html()
