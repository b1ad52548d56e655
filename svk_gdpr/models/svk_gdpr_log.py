import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

KINDS = [
    ("retention", "Retention"),
    ("export", "Subject access export"),
    ("erasure", "Erasure"),
]


class SvkGdprLog(models.Model):
    """What the agency did with personal data on its own initiative or at a person's
    request: each retention run that removed something, each subject access export and
    each erasure, with who, when and why. Written by the suite only (never by hand)."""

    _name = "svk.gdpr.log"
    _description = "Data protection log"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True, default=lambda s: s.env.company
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    kind = fields.Selection(KINDS, required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Done by", readonly=True, default=lambda self: self.env.user
    )
    partner_id = fields.Many2one(
        "res.partner", string="Person", readonly=True, index="btree_not_null", ondelete="set null"
    )
    reason = fields.Text(readonly=True)
    summary = fields.Text(readonly=True, help="What was exported, deleted or anonymised.")

    @api.depends("kind", "date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for log in self:
            log.display_name = f"{kinds.get(log.kind, '')} {log.date or ''}".strip()

    @api.model
    def _svk_log(self, kind, summary, partner=None, reason=None, company=None):
        # the log is the suite's record of what it did: no staff member writes it by hand
        return self.sudo().create(
            {
                "company_id": (company or self.env.company).id,
                "kind": kind,
                "user_id": self.env.user.id,
                "partner_id": partner.id if partner else False,
                "reason": reason or False,
                "summary": summary,
            }
        )

    # ------------------------------------------------------------------ retention
    @api.model
    def _cron_svk_gdpr_retention(self):
        """Daily, per agency: tenant messages, unmatched messages of the triage inbox and
        withdrawn consents past the agency's retention periods (agencies that keep
        everything are skipped). Logs what each agency's run removed. Returns
        {company id: {what: count}}."""
        done = {}
        keeping = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    "|",
                    "|",
                    ("svk_gdpr_message_months", ">", 0),
                    ("svk_gdpr_triage_months", ">", 0),
                    ("svk_gdpr_consent_months", ">", 0),
                ]
            )
        )
        for company in keeping:
            counts = self.with_company(company)._svk_gdpr_retention(company)
            done[company.id] = counts
            _logger.info("svk_gdpr retention for %s: %s", company.name, counts)
            if any(counts.values()):
                self.with_company(company)._svk_log(
                    "retention",
                    self.env._(
                        "Tenant messages deleted: %(messages)s\n"
                        "Unmatched messages deleted from the triage inbox: %(triage)s\n"
                        "Withdrawn consents reduced to the number and channel: %(consents)s",
                        **counts,
                    ),
                    company=company,
                )
        return done

    @api.model
    def _svk_gdpr_retention(self, company):
        now = fields.Datetime.now()
        counts = {"messages": 0, "triage": 0, "consents": 0}
        # the cron's user need not be agency staff: the retention acts for the agency
        Message = self.env["svk.message"].sudo().with_context(active_test=False)
        if company.svk_gdpr_message_months:
            limit = now - relativedelta(months=company.svk_gdpr_message_months)
            old = Message.search(
                [
                    ("company_id", "=", company.id),
                    ("needs_triage", "=", False),
                    ("create_date", "<", limit),
                ]
            )
            counts["messages"] = old._svk_gdpr_delete()
        if company.svk_gdpr_triage_months:
            limit = now - relativedelta(months=company.svk_gdpr_triage_months)
            old = Message.search(
                [
                    ("company_id", "=", company.id),
                    ("needs_triage", "=", True),
                    ("create_date", "<", limit),
                ]
            )
            counts["triage"] = old._svk_gdpr_delete()
        if company.svk_gdpr_consent_months:
            limit = now - relativedelta(months=company.svk_gdpr_consent_months)
            old = (
                self.env["svk.messaging.consent"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("state", "=", "opt_out"),
                        ("date", "<", limit),
                        "|",
                        ("partner_id", "!=", False),
                        ("note", "!=", False),
                    ]
                )
            )
            old._svk_gdpr_reduce()
            counts["consents"] = len(old)
        return counts
