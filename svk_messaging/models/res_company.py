from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_messaging_consent_required = fields.Boolean(
        string="Consent required",
        default=True,
        help="SMS and WhatsApp only to numbers whose consent is recorded (a person who "
        "wrote in the last 24 hours may always be answered).",
    )
    svk_messaging_user_id = fields.Many2one(
        "res.users",
        string="Messages without a lease go to",
        help="Staff member who gets the activity when someone with no running lease writes.",
    )
    svk_reminder_enabled = fields.Boolean(string="Arrears reminders")
    svk_reminder_days = fields.Integer(
        string="Friendly message after (days)",
        default=5,
        help="Days after the due date of a newly unpaid rent before the tenant gets a "
        "friendly message.",
    )
    svk_reminder_activity_days = fields.Integer(
        string="Staff activity after (days)",
        default=7,
        help="Days after the friendly message, if still unpaid, before the lease's "
        "responsible gets an activity to call the tenant.",
    )
    svk_reminder_min_amount = fields.Monetary(
        string="Remind from",
        currency_field="currency_id",
        default=5.0,
        help="Amounts overdue below this are not reminded.",
    )
    svk_reminder_template_id = fields.Many2one(
        "sms.template",
        string="Reminder template",
        domain="[('model', '=', 'svk.lease')]",
        help="Empty: the suite's Rent reminder template.",
    )
    svk_quiet_start = fields.Float(string="Quiet hours from", default=20.0)
    svk_quiet_end = fields.Float(string="Quiet hours until", default=9.0)

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # a new agency can try messaging at once, through the sandbox
        self.env["svk.messaging.provider"]._create_sandboxes(companies)
        return companies

    @api.constrains("svk_quiet_start", "svk_quiet_end", "svk_reminder_days")
    def _check_svk_reminders(self):
        for company in self:
            if not (0 <= company.svk_quiet_start < 24 and 0 <= company.svk_quiet_end < 24):
                raise ValidationError(self.env._("Quiet hours are hours of the day (0 to 24)."))
            if company.svk_reminder_days < 0 or company.svk_reminder_activity_days < 0:
                raise ValidationError(self.env._("Reminder delays cannot be negative."))

    def _svk_reminder_template(self):
        self.ensure_one()
        return self.svk_reminder_template_id or self.env.ref(
            "svk_messaging.sms_template_svk_rent_reminder", raise_if_not_found=False
        )

    def _svk_is_quiet(self, moment):
        """Is this (local, naive) moment inside the agency's quiet hours?"""
        self.ensure_one()
        hour = moment.hour + moment.minute / 60.0
        start, end = self.svk_quiet_start, self.svk_quiet_end
        if start == end:
            return False
        if start < end:
            return start <= hour < end
        return hour >= start or hour < end
