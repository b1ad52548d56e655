from datetime import timedelta

from odoo import api, fields, models


class SvkLease(models.Model):
    _inherit = "svk.lease"

    svk_message_count = fields.Integer(
        compute="_compute_svk_message_count", string="Tenant messages"
    )
    svk_reminder_due = fields.Date(
        string="Reminded for the debt due",
        copy=False,
        readonly=True,
        help="Due date of the oldest unpaid rent the last friendly reminder was about.",
    )
    svk_reminder_date = fields.Date(string="Friendly reminder sent", copy=False, readonly=True)
    svk_reminder_activity = fields.Boolean(copy=False, readonly=True)

    def _compute_svk_message_count(self):
        counts = self.env["svk.message"]._conversation_counts(self, "tenant_id")
        for lease in self:
            lease.svk_message_count = counts.get(lease.id, 0)

    def _mail_get_partner_fields(self, introspect_fields=False):
        # Odoo's SMS composer writes to the tenant of the lease
        return ["tenant_id"]

    def action_svk_conversation(self):
        return self.env["svk.message"]._action_conversation(self.tenant_id)

    def action_svk_write(self):
        self.ensure_one()
        return self.env["svk.message.composer"]._action_open(self.tenant_id, self)

    # ------------------------------------------------------------------ reminders
    @api.model
    def _cron_svk_reminders(self):
        for company in self.env["res.company"].sudo().search([("svk_reminder_enabled", "=", True)]):
            self.sudo().with_company(company)._svk_remind(company)

    @api.model
    def _svk_remind(self, company, now=None):
        """The humane arrears sequence of one agency: a friendly message a few days after
        a rent became unpaid, then, if it still is, an activity for the lease's
        responsible. Never during the agency's quiet hours. Returns (messages, activities)."""
        tz_env = self.with_context(tz=company.partner_id.tz or "Europe/Brussels")
        local = fields.Datetime.context_timestamp(tz_env, now or fields.Datetime.now())
        if company._svk_is_quiet(local):
            return 0, 0
        today = local.date()
        template = company._svk_reminder_template()
        first = today - timedelta(days=company.svk_reminder_days)
        # a debt older than a month when the sequence would start is not "newly" overdue
        newest = first - timedelta(days=31)
        activity_after = today - timedelta(days=company.svk_reminder_activity_days)
        messages = activities = 0
        for lease, oldest in self._svk_overdue_to_remind(company, today):
            if lease.svk_reminder_due != oldest:
                if not (newest <= oldest <= first) or not template:
                    continue
                lease._svk_send_reminder(company, template, oldest, today)
                messages += 1
            elif not lease.svk_reminder_activity and lease.svk_reminder_date <= activity_after:
                lease._svk_schedule_arrears_activity(company)
                activities += 1
        return messages, activities

    @api.model
    def _svk_overdue_to_remind(self, company, today):
        """[(lease, oldest due date)]: the running leases of `company` that owe at least
        the agency's minimum since before `today`, and have no active payment plan."""
        AML = self.env["account.move.line"].sudo()
        overdue = AML._read_group(
            [
                *AML._svk_open_receivable_domain(),
                ("company_id", "=", company.id),
                ("date_maturity", "<", today),
            ],
            ["svk_lease_id"],
            ["amount_residual:sum", "date_maturity:min"],
        )
        on_plan = set(
            self.env["svk.payment.plan"]
            .sudo()
            .search([("company_id", "=", company.id), ("state", "=", "active")])
            .lease_id.ids
        )
        return [
            (lease, oldest)
            for lease, residual, oldest in overdue
            if lease.state in ("active", "notice")
            and lease.id not in on_plan
            and company.currency_id.compare_amounts(residual, company.svk_reminder_min_amount) >= 0
        ]

    def _svk_send_reminder(self, company, template, oldest, today):
        """Send the tenant the friendly reminder of the rent unpaid since `oldest`, and
        say on the lease how it went."""
        self.ensure_one()
        sent = self.env["svk.message"]._send_to_partner(
            self.tenant_id, company, template=template, record=self
        )
        self.write(
            {
                "svk_reminder_due": oldest,
                "svk_reminder_date": today,
                "svk_reminder_activity": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Friendly reminder of the unpaid rent: %(status)s.",
                status=sent.display_name
                + (f" ({sent.failure_reason})" if sent.state == "failed" else ""),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _svk_schedule_arrears_activity(self, company):
        """Ask the lease's responsible to follow up a rent still unpaid after the
        friendly reminder."""
        self.ensure_one()
        self.activity_schedule(
            activity_type_id=self.env.ref("svk_messaging.mail_activity_type_svk_arrears").id,
            summary=self.env._("Rent still unpaid after the friendly reminder"),
            user_id=(self.user_id or company.svk_messaging_user_id).id
            or self.env.ref("base.user_admin").id,
        )
        self.svk_reminder_activity = True
