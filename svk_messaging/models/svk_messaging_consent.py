from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

CHANNELS = [("sms", "SMS"), ("whatsapp", "WhatsApp")]
SOURCES = [
    ("form", "Signed form"),
    ("lease", "Lease clause"),
    ("oral", "Said to a staff member"),
    ("message", "Tenant's own message"),
    ("keyword", "Keyword (STOP / START)"),
    ("import", "Imported"),
]


class SvkMessagingConsent(models.Model):
    """Whether an agency may write to a number on a channel. Per agency and channel, which
    Odoo's phone blacklist (one list for the whole database) cannot be."""

    _name = "svk.messaging.consent"
    _description = "Messaging consent"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "number"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one("res.partner", index=True, check_company=True, tracking=True)
    number = fields.Char(required=True, index=True, help="E.164, e.g. +32470123456.")
    channel = fields.Selection(CHANNELS, required=True)
    state = fields.Selection(
        [("opt_in", "Agreed"), ("opt_out", "Opted out")],
        required=True,
        default="opt_in",
        tracking=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    source = fields.Selection(SOURCES, required=True, default="form", tracking=True)
    note = fields.Char(tracking=True)
    opt_out_confirmed = fields.Datetime(
        readonly=True, help="When the opt-out was confirmed to the person (once)."
    )

    _sql_constraints = [
        (
            "number_channel_unique",
            "UNIQUE(company_id, number, channel)",
            "A number has one consent per agency and channel.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("number"):
                vals["number"] = self._normalise(vals["number"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("number"):
            vals["number"] = self._normalise(vals["number"])
        self._check_opt_out_kept(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_opt_out(self):
        # processing the database does as the superuser (retention, erasure) is not refused
        if not self.env.su and any(consent.state == "opt_out" for consent in self):
            raise UserError(
                self.env._(
                    "An opt-out is kept: when the person agrees again, set it back to "
                    "Agreed and record how they said so."
                )
            )

    def _check_opt_out_kept(self, vals):
        """A STOP is undone only by the person (START, processed by the provider's webhook)
        or by an SVK Manager who records how the person agreed again (source and note)."""
        if self.env.su:
            return  # the person's own keyword, recorded by ``_set``
        undone = (vals.get("state", "opt_out") != "opt_out") or any(
            key in vals for key in ("number", "channel", "company_id")
        )
        if not undone or not self.filtered(lambda consent: consent.state == "opt_out"):
            return
        if not self.env.user.has_group("svk_housing.group_svk_manager"):
            raise AccessError(
                self.env._(
                    "Only the person (by replying START) or an SVK Manager may undo an opt-out."
                )
            )
        if vals.get("source") in (None, False, "keyword") or not (vals.get("note") or "").strip():
            raise UserError(
                self.env._(
                    "To undo an opt-out, record how the person agreed again: the source (not "
                    "the keyword, which is the person's own) and a note saying where it is "
                    "kept."
                )
            )

    def _normalise(self, number):
        e164, error = self.env["res.partner"]._svk_e164(number)
        if error:
            raise ValidationError(error)
        return e164

    @api.model
    def _state_of(self, company, numbers, channel):
        """{number: consent state} for these numbers, in one query."""
        consents = self.sudo().search_fetch(
            [
                ("company_id", "=", company.id),
                ("number", "in", list(numbers)),
                ("channel", "=", channel),
            ],
            ["number", "state"],
        )
        return {consent.number: consent.state for consent in consents}

    @api.model
    def _set(self, company, number, channels, state, source, partner=None, note=None):
        """Record the person's choice on these channels; returns the consents that changed."""
        consents = self.sudo().search(
            [("company_id", "=", company.id), ("number", "=", number), ("channel", "in", channels)]
        )
        changed = consents.filtered(lambda c: c.state != state)
        values = {"state": state, "date": fields.Datetime.now(), "source": source}
        if note:
            values["note"] = note
        changed.write(values)
        missing = set(channels) - set(consents.mapped("channel"))
        created = self.sudo().create(
            [
                {
                    **values,
                    "company_id": company.id,
                    "number": number,
                    "channel": channel,
                    "partner_id": partner.id if partner else False,
                }
                for channel in sorted(missing)
            ]
        )
        return changed | created
