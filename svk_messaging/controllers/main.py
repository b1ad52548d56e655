import hmac
import json
import logging

from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from odoo.http import Controller, Response, request, route

from ..models.svk_messaging_provider import TWILIO_STATES

_logger = logging.getLogger(__name__)

TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
# a provider's callback is a few kilobytes: a larger body is refused (413) before it is read
MAX_BODY = 1024 * 1024
WHATSAPP_STATES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}


class SvkMessagingWebhook(Controller):
    """What the providers call: replies and status reports. Every request is checked
    against the provider's signature first; a request that fails gets 403, is logged and
    changes nothing."""

    def _provider(self, provider_id, provider_type):
        provider = request.env["svk.messaging.provider"].sudo().browse(provider_id).exists()
        if not provider or not provider.active or provider.provider_type != provider_type:
            raise NotFound()
        return provider

    def _forbidden(self, provider, kind):
        _logger.warning(
            "svk_messaging: %s webhook for provider %s refused: missing or wrong signature "
            "(from %s)",
            kind,
            provider.id,
            request.httprequest.remote_addr,
        )
        raise Forbidden()

    def _twilio_checked(self, provider_id, kind):
        provider = self._provider(provider_id, "twilio")
        http = request.httprequest
        params = http.form.to_dict()
        query = http.query_string.decode()
        public = provider._webhook_base() + http.path + (f"?{query}" if query else "")
        signature = http.headers.get("X-Twilio-Signature", "")
        if not provider._twilio_signature_ok([public, http.url], params, signature):
            self._forbidden(provider, kind)
        if params.get("AccountSid") != provider.twilio_account_sid:
            self._forbidden(provider, kind)
        return provider, params

    @route(
        "/svk_messaging/twilio/<int:provider_id>/inbound",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY,
    )
    def twilio_inbound(self, provider_id, **kwargs):
        provider, params = self._twilio_checked(provider_id, "Twilio inbound")
        request.env["svk.message"].sudo()._receive(
            provider, params.get("From", ""), params.get("Body", ""), params.get("MessageSid")
        )
        return Response(TWIML_EMPTY, content_type="text/xml")

    @route(
        "/svk_messaging/twilio/<int:provider_id>/status",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY,
    )
    def twilio_status(self, provider_id, **kwargs):
        provider, params = self._twilio_checked(provider_id, "Twilio status")
        state = TWILIO_STATES.get(params.get("MessageStatus", ""))
        if state and params.get("MessageSid"):
            code = params.get("ErrorCode", "")
            request.env["svk.message"].sudo()._update_status(
                provider,
                params["MessageSid"],
                state,
                error_code=code,
                error_message=provider._twilio_error_text(code),
            )
        return Response(status=204)

    @route(
        "/svk_messaging/whatsapp/<int:provider_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
        max_content_length=MAX_BODY,
    )
    def whatsapp(self, provider_id, **kwargs):
        provider = self._provider(provider_id, "whatsapp_cloud")
        http = request.httprequest
        if http.method == "GET":
            # Meta's subscription check: echo the challenge when the verify token matches
            token = provider.sudo().wa_verify_token or ""
            given = http.args.get("hub.verify_token", "")
            if http.args.get("hub.mode") != "subscribe" or not token or not _same(token, given):
                self._forbidden(provider, "WhatsApp verification")
            return Response(http.args.get("hub.challenge", ""), content_type="text/plain")
        raw = http.get_data()
        if not provider._whatsapp_signature_ok(raw, http.headers.get("X-Hub-Signature-256", "")):
            self._forbidden(provider, "WhatsApp")
        try:
            payload = json.loads(raw)
        except ValueError:
            raise BadRequest()
        Message = request.env["svk.message"].sudo()
        for entry in payload.get("entry") or []:
            for change in entry.get("changes") or []:
                value = change.get("value") or {}
                metadata = value.get("metadata") or {}
                if str(metadata.get("phone_number_id")) != provider.wa_phone_number_id:
                    continue  # another number of the same app
                names = {
                    c.get("wa_id"): (c.get("profile") or {}).get("name")
                    for c in value.get("contacts") or []
                }
                for message in value.get("messages") or []:
                    Message._receive(
                        provider,
                        "+" + message.get("from", ""),
                        _whatsapp_text(message),
                        message.get("id"),
                        sender_name=names.get(message.get("from")),
                    )
                for status in value.get("statuses") or []:
                    state = WHATSAPP_STATES.get(status.get("status"))
                    if not state or not status.get("id"):
                        continue
                    error = (status.get("errors") or [{}])[0]
                    details = (error.get("error_data") or {}).get("details")
                    Message._update_status(
                        provider,
                        status["id"],
                        state,
                        error_code=str(error.get("code") or ""),
                        error_message=details or error.get("title") or error.get("message") or "",
                    )
        return Response("OK", content_type="text/plain")


def _same(a, b):
    return hmac.compare_digest(a.encode(), b.encode())


def _whatsapp_text(message):
    """The text of a WhatsApp message; other kinds are named, with their caption."""
    kind = message.get("type")
    if kind == "text":
        return (message.get("text") or {}).get("body", "")
    if kind == "button":
        return (message.get("button") or {}).get("text", "")
    if kind == "interactive":
        reply = message.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        return chosen.get("title", "")
    content = message.get(kind) or {}
    caption = content.get("caption") or content.get("filename") or ""
    return f"[{kind}] {caption}".strip()
