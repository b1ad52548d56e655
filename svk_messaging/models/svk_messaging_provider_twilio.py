import base64
import hashlib
import hmac

from odoo import api, fields, models

from ..provider_api import SendResult, response_json


class SvkMessagingProviderTwilio(models.AbstractModel):
    """Twilio's Messages API (SMS): its credentials, its webhook signature and sending."""

    _name = "svk.messaging.provider.twilio"
    _description = "Messaging provider: Twilio"

    twilio_account_sid = fields.Char(string="Account SID")
    twilio_auth_token = fields.Char(string="Auth token", groups="base.group_system")
    twilio_from = fields.Char(
        string="Sender", help="The number (E.164) or Messaging Service SID (MG...) sending."
    )

    def _twilio_signature_ok(self, urls, params, signature):
        """X-Twilio-Signature: base64 HMAC-SHA1 of the URL Twilio called followed by each
        POST parameter's name and value, sorted by name. ``urls``: the addresses this
        request may have been sent to (public address, address seen by the server)."""
        self.ensure_one()
        token = self.sudo().twilio_auth_token
        if not (token and signature):
            return False
        payload = "".join(f"{key}{params[key]}" for key in sorted(params))
        # compared as bytes: a header with characters outside ASCII is a wrong signature
        given = signature.encode()
        for url in urls:
            digest = hmac.new(token.encode(), (url + payload).encode(), hashlib.sha1).digest()
            if hmac.compare_digest(base64.b64encode(digest), given):
                return True
        return False

    def _send_sms(self, number, body):
        """Send one SMS through Twilio's Messages API."""
        self.ensure_one()
        provider = self.sudo()
        sender = provider.twilio_from or ""
        data = {"To": number, "Body": body, "StatusCallback": self.status_url}
        data["MessagingServiceSid" if sender.startswith("MG") else "From"] = sender
        url = (
            f"{provider.api_url.rstrip('/')}/2010-04-01/Accounts/"
            f"{provider.twilio_account_sid}/Messages.json"
        )
        response, error = provider._call(
            "POST", url, data=data, auth=(provider.twilio_account_sid, provider.twilio_auth_token)
        )
        if response is None:
            return SendResult(error_code="transient", error_message=error, transient=True)
        payload = response_json(response)
        if response.status_code in (200, 201) and payload.get("sid"):
            return SendResult(ref=payload["sid"], segments=int(payload.get("num_segments") or 1))
        return SendResult(
            error_code=str(payload.get("code") or response.status_code),
            error_message=payload.get("message") or response.text[:200],
        )

    @api.model
    def _twilio_error_text(self, code):
        """A Twilio delivery error, in words staff understand."""
        texts = {
            "30003": self.env._("The phone is off or out of reach."),
            "30004": self.env._("The number blocks messages."),
            "30005": self.env._("The number does not exist."),
            "30006": self.env._("A landline or an unreachable carrier."),
            "30007": self.env._("Filtered by the carrier."),
            "30008": self.env._("Unknown delivery error."),
            "21610": self.env._("The person replied STOP to the provider."),
        }
        if code in texts:
            return texts[code]
        return self.env._("Provider error %(code)s", code=code) if code else ""
