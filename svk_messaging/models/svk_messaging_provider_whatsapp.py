import hashlib
import hmac

from odoo import fields, models

from ..provider_api import SendResult, response_json


class SvkMessagingProviderWhatsapp(models.AbstractModel):
    """WhatsApp Business Cloud API: its credentials, its webhook signature and sending."""

    _name = "svk.messaging.provider.whatsapp"
    _description = "Messaging provider: WhatsApp Business Cloud API"

    wa_phone_number_id = fields.Char(string="Phone number ID")
    wa_access_token = fields.Char(string="Access token", groups="base.group_system")
    wa_app_secret = fields.Char(string="App secret", groups="base.group_system")
    wa_verify_token = fields.Char(string="Webhook verify token", groups="base.group_system")

    def _whatsapp_signature_ok(self, raw_body, signature):
        """X-Hub-Signature-256: sha256= HMAC-SHA256 of the raw body with the app secret."""
        self.ensure_one()
        secret = self.sudo().wa_app_secret
        if not (secret and signature and signature.startswith("sha256=")):
            return False
        expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected.encode(), signature[len("sha256=") :].encode())

    def _send_whatsapp(self, number, text=None, template=None, lang=None, params=None):
        """Send one WhatsApp message: free text (inside the 24-hour window) or an approved
        template with its body parameters."""
        self.ensure_one()
        provider = self.sudo()
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": number.lstrip("+"),
        }
        if template:
            payload["type"] = "template"
            payload["template"] = {
                "name": template,
                "language": {"code": lang},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": p} for p in params or []],
                    }
                ],
            }
        else:
            payload.update(type="text", text={"preview_url": False, "body": text})
        url = f"{provider.api_url.rstrip('/')}/{provider.wa_phone_number_id}/messages"
        response, error = provider._call(
            "POST",
            url,
            json=payload,
            headers={"Authorization": f"Bearer {provider.wa_access_token}"},
        )
        if response is None:
            return SendResult(error_code="transient", error_message=error, transient=True)
        answer = response_json(response)
        messages = answer.get("messages") or []
        if response.status_code == 200 and messages:
            return SendResult(ref=messages[0]["id"])
        err = answer.get("error") or {}
        return SendResult(
            error_code=str(err.get("code") or response.status_code),
            error_message=err.get("message") or response.text[:200],
        )
