from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every

from ..provider_api import sms_segments

CHANNEL = "root.svk_messaging"
CHUNK = 20  # recipients per job: a crashed worker resends at most this many
TARGETS = [
    ("building", "Buildings and sites"),
    ("arrears", "Tenants in arrears"),
    ("ending", "Leases ending soon"),
    ("organisation", "Referral organisation"),
    ("leases", "Chosen leases"),
]


class SvkMessageMass(models.Model):
    """One message to many tenants: who gets it, who does not and why, what it costs,
    then sending in the background at the provider's pace, each recipient's status."""

    _name = "svk.message.mass"
    _description = "Mass message"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("sending", "Sending"), ("done", "Sent")],
        default="draft",
        required=True,
        tracking=True,
    )
    target = fields.Selection(TARGETS, required=True, default="building")
    building_ids = fields.Many2many("svk.building", string="Buildings", check_company=True)
    arrears_min = fields.Monetary(string="Overdue more than")
    ending_days = fields.Integer(string="Ending within (days)", default=90)
    organisation_id = fields.Many2one(
        "res.partner",
        domain="[('is_company', '=', True)]",
        help="The tenants this organisation refers or pays for.",
    )
    social_only = fields.Boolean(
        compute="_compute_social_only",
        store=True,
        string="Social workers only",
        help="Aimed at the households of an organisation that only social workers may tie "
        "a household to (justice assistance): the message and its recipients are theirs only.",
    )
    lease_ids = fields.Many2many("svk.lease", string="Leases", check_company=True)
    template_id = fields.Many2one("sms.template", domain="[('model', '=', 'svk.lease')]")
    body = fields.Text(help="Free text, when no template is chosen. The same for everyone.")
    event_date = fields.Datetime(
        string="Date of the appointment or works", help="Used by the templates that show a date."
    )
    recipient_ids = fields.One2many("svk.message.mass.recipient", "mass_id", string="Recipients")
    recipient_count = fields.Integer(compute="_compute_counts")
    excluded_count = fields.Integer(compute="_compute_counts")
    todo_count = fields.Integer(compute="_compute_counts", string="To send")
    sent_count = fields.Integer(compute="_compute_counts", string="Sent")
    delivered_count = fields.Integer(compute="_compute_counts", string="Delivered")
    read_count = fields.Integer(compute="_compute_counts", string="Read")
    failed_count = fields.Integer(compute="_compute_counts", string="Failed")
    cost_estimate = fields.Monetary(compute="_compute_counts", string="Estimated cost")
    summary = fields.Char(compute="_compute_counts")

    @api.depends("target", "organisation_id")
    def _compute_social_only(self):
        for mass in self:
            mass.social_only = (
                mass.target == "organisation"
                and bool(mass.organisation_id)
                and mass.organisation_id._svk_is_social_only()
            )

    @api.depends("recipient_ids.state", "recipient_ids.status", "recipient_ids.cost")
    def _compute_counts(self):
        # one _read_group for all mass messages (their recipients can be thousands)
        Recipient = self.env["svk.message.mass.recipient"]
        rows = Recipient._read_group(
            [("mass_id", "in", self.ids)], ["mass_id", "state", "status"], ["__count", "cost:sum"]
        )
        stats = {}
        for mass, state, status, count, cost in rows:
            data = stats.setdefault(mass.id, {"cost": 0.0})
            data[state] = data.get(state, 0) + count
            if state == "done":
                data[status] = data.get(status, 0) + count
            if state != "excluded":
                data["cost"] += cost
        for mass in self:
            data = stats.get(mass.id, {"cost": 0.0})
            mass.excluded_count = data.get("excluded", 0)
            mass.todo_count = data.get("to_send", 0)
            mass.recipient_count = mass.todo_count + data.get("done", 0)
            mass.sent_count = data.get("sent", 0)
            mass.delivered_count = data.get("delivered", 0)
            mass.read_count = data.get("read", 0)
            mass.failed_count = data.get("failed", 0)
            mass.cost_estimate = data["cost"]
            mass.summary = self.env._(
                "%(total)s recipients, %(excluded)s excluded; %(sent)s sent, %(delivered)s "
                "delivered, %(read)s read, %(failed)s failed, %(todo)s to send",
                total=mass.recipient_count,
                excluded=mass.excluded_count,
                sent=mass.sent_count,
                delivered=mass.delivered_count,
                read=mass.read_count,
                failed=mass.failed_count,
                todo=mass.todo_count,
            )

    @api.constrains("target", "organisation_id")
    def _check_social_only(self):
        # the record rule hides such a message from staff who are not social workers:
        # they may not write one either (they would tie the households to the service)
        if self.env.su or self.env.user.has_group("svk_housing.group_svk_social"):
            return
        if any(self.mapped("social_only")):
            raise ValidationError(
                self.env._(
                    "Only a social worker sends a message to the households of this "
                    "organisation: who it supports is social data."
                )
            )

    # ------------------------------------------------------------------ recipients
    def _target_leases(self):
        """The running leases this message is for."""
        self.ensure_one()
        Lease = self.env["svk.lease"]
        domain = [("company_id", "=", self.company_id.id), ("state", "in", ("active", "notice"))]
        today = fields.Date.context_today(self)
        if self.target == "building":
            if not self.building_ids:
                raise UserError(self.env._("Choose the buildings or sites."))
            return Lease.search([*domain, ("building_id", "in", self.building_ids.ids)])
        if self.target == "ending":
            end = today + timedelta(days=self.ending_days)
            return Lease.search([*domain, ("date_end", ">=", today), ("date_end", "<=", end)])
        if self.target == "organisation":
            if not self.organisation_id:
                raise UserError(self.env._("Choose the organisation."))
            return Lease.search(domain) & self._leases_of_organisation(self.organisation_id)
        if self.target == "leases":
            return self.lease_ids.filtered_domain(domain)
        AML = self.env["account.move.line"].sudo()
        rows = AML._read_group(
            [
                *AML._svk_open_receivable_domain(),
                ("company_id", "=", self.company_id.id),
                ("date_maturity", "<", today),
            ],
            ["svk_lease_id"],
            ["amount_residual:sum"],
        )
        ids = [lease.id for lease, residual in rows if residual > self.arrears_min]
        return Lease.search([*domain, ("id", "in", ids)])

    @api.model
    def _leases_of_organisation(self, organisation):
        """Leases of the tenants an organisation supports (svk_housing's hook "leases of
        an organisation", which svk_partners extends with the households it refers), with
        the user's own rights."""
        return self.env["svk.lease"].search(organisation._svk_supported_leases_domain())

    def action_preview(self):
        """Work out the recipients: the channel each one gets, or why they are excluded,
        and the estimated cost. Writes nothing to anyone."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This message has already been sent."))
        if not self.template_id and not (self.body or "").strip():
            raise UserError(self.env._("Write a message or choose a template."))
        self.template_id._check_svk_date(self._render_context())
        leases = self._target_leases()
        # one tenant with two leases gets the message once
        by_tenant = {}
        for lease in leases:
            by_tenant.setdefault(lease.tenant_id, lease)
        plans = self.env["svk.message"]._plan(
            self.env["res.partner"].union(*by_tenant), self.company_id, self.template_id
        )
        texts = self._texts(self.env["svk.lease"].union(*by_tenant.values()))
        vals_list, countries = [], {}
        for tenant, lease in by_tenant.items():
            channel, number, reasons, provider = plans[tenant.id]
            cost = 0.0
            if provider:
                segments = sms_segments(texts.get(lease.id, "")) if channel == "sms" else 1
                if number not in countries:
                    countries[number] = self.env["res.partner"]._svk_country_of(number)
                cost = provider._price(countries[number], segments)
            vals_list.append(
                {
                    "mass_id": self.id,
                    "lease_id": lease.id,
                    "partner_id": tenant.id,
                    "number": number,
                    "channel": channel or False,
                    "state": "to_send" if channel else "excluded",
                    "exclusion_reason": "; ".join(reasons) if not channel else False,
                    "cost": cost,
                }
            )
        self.recipient_ids.unlink()
        self.env["svk.message.mass.recipient"].create(vals_list)
        return True

    def _texts(self, leases):
        """{lease id: text} as each tenant will read it (for the SMS parts count)."""
        if not self.template_id:
            return dict.fromkeys(leases.ids, self.body or "")
        template = self.template_id.with_context(**self._render_context())
        return template._render_field("body", leases.ids, compute_lang=True)

    def _render_context(self):
        return {"svk_date": self.event_date} if self.event_date else {}

    # ------------------------------------------------------------------ sending
    def action_send(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This message has already been sent."))
        if not self.recipient_ids:
            self.action_preview()
        todo = self.recipient_ids.filtered(lambda r: r.state == "to_send")
        if not todo:
            raise UserError(self.env._("Nobody can receive this message."))
        self.state = "sending"
        self._queue(todo)
        return True

    def action_retry_failed(self):
        """Send again to the recipients whose message failed on every channel."""
        self.ensure_one()
        failed = self.recipient_ids.filtered(lambda r: r.state == "done" and r.status == "failed")
        if not failed:
            raise UserError(self.env._("No failed recipient to retry."))
        failed.write({"state": "to_send"})
        self.state = "sending"
        self._queue(failed)
        return True

    def _queue(self, recipients):
        for ids in split_every(CHUNK, recipients.ids):
            self.with_delay(
                channel=CHANNEL,
                description=self.env._(
                    "Mass message %(name)s: %(count)s recipients", name=self.name, count=len(ids)
                ),
            )._job_send(list(ids))

    def _job_send(self, recipient_ids):
        """Send to a chunk of recipients, at the provider's pace (the job channel runs one
        job at a time). A recipient already handled is skipped, so a job run twice sends
        nothing twice."""
        self.ensure_one()
        Message = self.env["svk.message"]
        company = self.company_id
        recipients = self.env["svk.message.mass.recipient"].browse(recipient_ids).exists()
        recipients = recipients.filtered(lambda r: r.state == "to_send")
        # the rules' facts for the whole chunk at once (read a second before sending: a
        # STOP arriving meanwhile is seen by the next chunk)
        facts = Message._facts(company, recipients.mapped("number"))
        rendered = None
        if self.template_id:
            rendered = Message._render_many(
                self.template_id, recipients.lease_id, self._render_context()
            )
        for recipient in recipients:
            message = Message.with_company(company)._send_to_partner(
                recipient.partner_id,
                company,
                body=self.body,
                template=self.template_id or None,
                record=recipient.lease_id,
                mass=self,
                render_context=self._render_context(),
                facts=facts,
                rendered=rendered,
            )
            recipient.write({"state": "done", "message_id": message.id})
        if not self.recipient_ids.filtered(lambda r: r.state == "to_send"):
            self.state = "done"


class SvkMessageMassRecipient(models.Model):
    _name = "svk.message.mass.recipient"
    _description = "Mass message recipient"
    _order = "mass_id, state, partner_id"
    _check_company_auto = True

    mass_id = fields.Many2one("svk.message.mass", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="mass_id.company_id", store=True, index=True)
    lease_id = fields.Many2one("svk.lease", required=True, ondelete="cascade", check_company=True)
    partner_id = fields.Many2one("res.partner", string="Tenant", required=True)
    number = fields.Char()
    channel = fields.Selection(
        [("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", "E-mail")], string="Planned channel"
    )
    state = fields.Selection(
        [("to_send", "To send"), ("excluded", "Excluded"), ("done", "Handled")],
        required=True,
        default="to_send",
        index=True,
    )
    exclusion_reason = fields.Char(string="Why excluded")
    message_id = fields.Many2one("svk.message", ondelete="set null", check_company=True)
    # the last attempt's status: the channel that finally took the message, or failed
    status = fields.Selection(related="message_id.state", store=True, string="Status")
    sent_channel = fields.Selection(related="message_id.channel", string="Sent by")
    failure_reason = fields.Char(related="message_id.failure_reason")
    cost = fields.Float(string="Estimated cost", digits=(12, 4))
