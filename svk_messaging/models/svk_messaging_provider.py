import logging
import threading
import time
from collections import deque

import requests

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

TIMEOUT = 20  # seconds, to connect and to read
RETRIES = 4  # attempts of one call when the provider answers 429 / 5xx or does not answer
BACKOFF = 0.5  # seconds, doubled at each attempt; Retry-After wins when the provider sends it
BACKOFF_MAX = 30
PACE_MARGIN = 0.05  # seconds added to the rate limit's window (network jitter)

# WhatsApp Cloud API errors after which another channel should be tried
WHATSAPP_FALLBACK_ERRORS = {
    "131026",  # message undeliverable: the number is not on WhatsApp
    "131047",  # re-engagement message: the 24-hour window is closed
    "131051",  # unsupported message type
    "132000",  # template parameters do not match
    "132001",  # template does not exist (in that language)
    "132005",  # template hydrated text too long
    "132007",  # template format character policy violated
    "132012",  # template parameter format mismatch
    "132015",  # template paused
    "132016",  # template disabled
    "470",  # re-engagement (older code)
}
TWILIO_STATES = {
    "accepted": "queued",
    "queued": "queued",
    "sending": "queued",
    "scheduled": "queued",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
    "canceled": "failed",
}


class SvkMessagingProvider(models.Model):
    """An agency's account with a messaging provider: what every provider has (company,
    channel, rate, webhook addresses, prices, pacing and retried calls). What is each
    provider's own (its credentials, signature check and sending) is an abstract model
    in its own file: svk_messaging_provider_twilio.py, svk_messaging_provider_whatsapp.py, and
    the sandbox that reaches nobody, svk_messaging_provider_sandbox.py (first in ``_inherit``:
    it answers for a sandbox and hands the others on to the real APIs)."""

    _name = "svk.messaging.provider"
    _inherit = [
        "svk.messaging.provider.sandbox",
        "svk.messaging.provider.twilio",
        "svk.messaging.provider.whatsapp",
    ]
    _description = "Messaging provider"
    _order = "company_id, channel, sequence, id"
    _check_company_auto = True

    # one process-wide clock per provider: mass messages run in one job channel of capacity
    # one, so pacing here keeps every send of the database under the provider's rate
    _pace_lock = threading.Lock()
    _pace_sent = {}  # provider id: times of its last sends

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    channel = fields.Selection([("sms", "SMS"), ("whatsapp", "WhatsApp")], required=True)
    provider_type = fields.Selection(
        [
            ("sandbox", "Sandbox (reaches nobody)"),
            ("twilio", "Twilio (Messages API)"),
            ("whatsapp_cloud", "WhatsApp Business Cloud API"),
        ],
        string="Provider",
        required=True,
    )
    # where the tokens go and where the reports come back: the system administrator's
    # required for a real provider (_check_api_url), meaningless for the sandbox
    api_url = fields.Char(
        string="API address",
        groups="base.group_system",
        help="https://api.twilio.com for Twilio, https://graph.facebook.com/v21.0 for "
        "WhatsApp. Changed only to test against a stand-in.",
    )
    webhook_base_url = fields.Char(
        string="Public address of this server",
        groups="base.group_system",
        help="The address the provider calls back (status reports, replies). Empty: the "
        "database's web.base.url.",
    )
    rate_limit = fields.Integer(
        string="Messages per second",
        default=1,
        help="The most messages per second the provider accepts from this account (Twilio: "
        "1 per second on a long code, more on a messaging service).",
    )
    price_ids = fields.One2many("svk.messaging.price", "provider_id", string="Prices")
    currency_id = fields.Many2one(related="company_id.currency_id")
    inbound_url = fields.Char(compute="_compute_urls", string="Replies address")
    status_url = fields.Char(compute="_compute_urls", string="Status reports address")

    def init(self):
        # one active provider per agency and channel: the database says so
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS svk_messaging_provider_channel_unique "
                "ON svk_messaging_provider (company_id, channel) WHERE active"
            )
        )

    @api.depends("webhook_base_url", "provider_type")
    def _compute_urls(self):
        for provider in self:
            base = provider._webhook_base()
            if provider.provider_type == "sandbox":
                # nobody calls a sandbox back: replies are typed in Odoo
                provider.inbound_url = provider.status_url = False
            elif provider.provider_type == "twilio" and provider.id:
                provider.inbound_url = f"{base}/svk_messaging/twilio/{provider.id}/inbound"
                provider.status_url = f"{base}/svk_messaging/twilio/{provider.id}/status"
            elif provider.id:
                provider.inbound_url = provider.status_url = (
                    f"{base}/svk_messaging/whatsapp/{provider.id}"
                )
            else:
                provider.inbound_url = provider.status_url = False

    @api.constrains("provider_type", "channel")
    def _check_channel(self):
        for provider in self:
            if provider.provider_type == "sandbox":
                continue  # a sandbox per channel
            expected = "sms" if provider.provider_type == "twilio" else "whatsapp"
            if provider.channel != expected:
                raise ValidationError(
                    self.env._(
                        "%(provider)s sends %(channel)s messages only.",
                        provider=provider.name,
                        channel=dict(self._fields["channel"].selection)[expected],
                    )
                )

    @api.constrains("provider_type", "api_url")
    def _check_api_url(self):
        for provider in self.sudo():
            if provider.provider_type != "sandbox" and not provider.api_url:
                raise ValidationError(
                    self.env._("%(provider)s needs its API address.", provider=provider.name)
                )

    @api.constrains("active", "company_id", "channel")
    def _check_one_per_channel(self):
        # the unique index says so too; this says it in words
        for provider in self.filtered("active"):
            if self.sudo().search_count(
                [
                    ("id", "!=", provider.id),
                    ("active", "=", True),
                    ("company_id", "=", provider.company_id.id),
                    ("channel", "=", provider.channel),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(company)s already has an active %(channel)s provider: archive it first.",
                        company=provider.company_id.name,
                        channel=dict(self._fields["channel"].selection)[provider.channel],
                    )
                )

    @api.constrains("rate_limit")
    def _check_rate_limit(self):
        if any(provider.rate_limit <= 0 for provider in self):
            raise ValidationError(self.env._("The rate limit must be above zero."))

    @api.onchange("provider_type")
    def _onchange_provider_type(self):
        if self.provider_type == "twilio":
            self.channel, self.api_url = "sms", "https://api.twilio.com"
        elif self.provider_type == "whatsapp_cloud":
            self.channel, self.api_url = "whatsapp", "https://graph.facebook.com/v21.0"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("active", True) and vals.get("provider_type") != "sandbox":
                self._archive_sandbox(
                    vals.get("company_id") or self.env.company.id, vals.get("channel")
                )
        # the unique index is checked on insert: archives still in memory go first
        self.flush_model(["active", "company_id", "channel"])
        return super().create(vals_list)

    def write(self, vals):
        if {"active", "provider_type", "channel", "company_id"} & set(vals):
            for provider in self:
                if vals.get("active", provider.active) and (
                    vals.get("provider_type", provider.provider_type) != "sandbox"
                ):
                    self._archive_sandbox(
                        vals.get("company_id", provider.company_id.id),
                        vals.get("channel", provider.channel),
                        exclude=self,
                    )
        return super().write(vals)

    @api.model
    def _archive_sandbox(self, company_id, channel, exclude=None):
        """A real provider becoming active for an agency's channel: its sandbox steps
        aside (one active provider per channel). As superuser: it follows from the change
        the user is allowed to make."""
        domain = [
            ("company_id", "=", company_id),
            ("channel", "=", channel),
            ("provider_type", "=", "sandbox"),
            ("active", "=", True),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        sandbox = self.sudo().search(domain)
        if sandbox:
            sandbox.active = False
            sandbox.flush_recordset(["active"])

    @api.model
    def _for_company(self, company, channel):
        return self.sudo().search(
            [("company_id", "=", company.id), ("channel", "=", channel)], limit=1
        )

    def _webhook_base(self):
        # staff see the addresses to give the provider; only an administrator sets them
        base = self.sudo().webhook_base_url or self.env["ir.config_parameter"].sudo().get_param(
            "web.base.url", ""
        )
        return base.rstrip("/")

    # ------------------------------------------------------------------ calls
    def _pace(self):
        """Wait until sending keeps this provider under its rate in any rolling second
        (with a margin for the network), then take the slot."""
        self.ensure_one()
        limit = max(1, self.rate_limit)
        window = 1.0 + PACE_MARGIN
        while True:
            with self._pace_lock:
                sent = self._pace_sent.setdefault(self.id, deque())
                now = time.monotonic()
                while sent and now - sent[0] >= window:
                    sent.popleft()
                if len(sent) < limit:
                    sent.append(now)
                    return
                wait = window - (now - sent[0])
            time.sleep(wait)

    def _call(self, method, url, **kwargs):
        """One API call, paced, retried with backoff on 429, 5xx and network errors.
        Returns (response or None, transient error text)."""
        self.ensure_one()
        error = ""
        for attempt in range(RETRIES):
            self._pace()
            try:
                response = _session().request(method, url, timeout=TIMEOUT, **kwargs)
            except requests.RequestException as exc:
                response, error = None, str(exc)
                wait = BACKOFF * 2**attempt
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return response, ""
                error = f"HTTP {response.status_code}"
                retry_after = response.headers.get("Retry-After", "")
                wait = float(retry_after) if retry_after.isdigit() else BACKOFF * 2**attempt
            if attempt < RETRIES - 1:
                _logger.info("%s: %s, retrying in %.1f s", self.name, error, wait)
                time.sleep(min(wait, BACKOFF_MAX))
        return None, error

    def _price(self, country, segments=1):
        """Estimated price of one message to a number of that country."""
        self.ensure_one()
        lines = self.price_ids.filtered(
            lambda p: p.country_id == country
        ) or self.price_ids.filtered(lambda p: not p.country_id)
        price = lines[:1].price
        return price * (segments if self.channel == "sms" else 1)

    def _message_cost(self, number, segments=1):
        """Estimated cost of one message this provider accepted for this number."""
        self.ensure_one()
        return self._price(self.env["res.partner"]._svk_country_of(number), segments)


_local = threading.local()


def _session():
    """One HTTP session per thread: connections to the provider are kept open between
    the messages of a mass sending."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


class SvkMessagingPrice(models.Model):
    _name = "svk.messaging.price"
    _description = "Messaging price"
    _order = "provider_id, country_id"

    provider_id = fields.Many2one(
        "svk.messaging.provider", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="provider_id.company_id", store=True, index=True)
    country_id = fields.Many2one(
        "res.country", help="Destination country. Empty: every other country."
    )
    price = fields.Float(
        required=True,
        digits=(12, 4),
        help="Per SMS part (160 characters, 70 with accents outside GSM-7), or per WhatsApp "
        "message.",
    )
    currency_id = fields.Many2one(related="provider_id.currency_id")

    _sql_constraints = [
        (
            "provider_country_unique",
            "UNIQUE NULLS NOT DISTINCT (provider_id, country_id)",
            "One price per provider and country.",
        ),
        ("price_positive", "CHECK(price >= 0)", "A price cannot be negative."),
    ]
