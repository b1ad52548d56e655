"""A local stand-in for the Twilio Messages API and the WhatsApp Business Cloud API.

Tests and benchmarks start it on 127.0.0.1 (port chosen by the OS) and point the messaging
configuration at its `url`; nothing reaches the internet. It answers like the real APIs
(status codes, error bodies), records every request, and sends the provider callbacks back
to Odoo, signed the way Twilio (X-Twilio-Signature) and Meta (X-Hub-Signature-256) sign them:
delivery status callbacks, inbound tenant messages, and forged or unsigned variants.
"""

import base64
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TWILIO_PATH = re.compile(r"^/2010-04-01/Accounts/([^/]+)/Messages\.json$")
WA_PATH = re.compile(r"^/v\d+(?:\.\d+)?/([^/]+)/messages$")
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXT = set("^{}\\[~]|€\f")
COUNTRIES = {"+32": "BE", "+33": "FR", "+31": "NL", "+49": "DE", "+352": "LU", "+44": "GB"}


def digits(number):
    """The digits of a phone number ("+32 470..." -> "32470...")."""
    return re.sub(r"\D", "", number or "")


def num_segments(body):
    """SMS segments of `body`: GSM-7 160/153 septets, otherwise UCS-2 70/67 code units."""
    if all(c in GSM7 or c in GSM7_EXT for c in body):
        size, single, part = sum(2 if c in GSM7_EXT else 1 for c in body), 160, 153
    else:
        size, single, part = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if size <= single else math.ceil(size / part)


def _country(number):
    return next((c for p, c in sorted(COUNTRIES.items()) if number.startswith(p)), "")


def _twilio_error(code, message, status):
    more = f"https://www.twilio.com/docs/errors/{code}"
    return {"code": code, "message": message, "more_info": more, "status": status}


def _wa_error(code, message, type_="OAuthException"):
    fbtrace = secrets.token_urlsafe(8)
    return {"error": {"message": message, "type": type_, "code": code, "fbtrace_id": fbtrace}}


def _new_wamid(wa_id):
    """A message id shaped like Meta's: "wamid." + base64 of the number and random bytes."""
    blob = b"\x18\x0b" + wa_id.encode() + b"\x15\x02\x00\x11\x18\x12" + os.urandom(9)
    return "wamid." + base64.b64encode(blob).decode()


def _post(url, body, headers):
    """POST `body` to `url`; returns (http status, response text), 0 when unreachable."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        return 0, str(error)


class _Handler(BaseHTTPRequestHandler):
    standin = None  # set on the per-server subclass

    def log_message(self, *args):
        """Keep the test output quiet."""

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, payload = self.standin._handle(self.path, self.headers, raw)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 429:
            self.send_header("Retry-After", "1")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()


class ProviderStandIn:
    """Twilio + WhatsApp Cloud API on 127.0.0.1, with scenario knobs and signed callbacks."""

    def __init__(
        self,
        twilio_sid="AC" + "0" * 32,
        twilio_token="twilio-secret",
        wa_phone_number_id="1234567890",
        wa_token="wa-token",
        wa_app_secret="wa-app-secret",
        wa_display_number="+3225550000",
        rate_limit=0,
        twilio_number="+3225550001",
    ):
        self.twilio_sid, self.twilio_token, self.twilio_number = (
            twilio_sid,
            twilio_token,
            twilio_number,
        )
        self.wa_phone_number_id, self.wa_token = wa_phone_number_id, wa_token
        self.wa_app_secret, self.wa_display_number = wa_app_secret, wa_display_number
        self.wa_business_account_id = "109876543210987"
        self.rate_limit = rate_limit
        self.url = None
        self.requests, self.twilio_messages, self.whatsapp_messages = [], [], []
        self.callback_results = []
        self.sms_invalid, self.sms_unsubscribed, self.sms_undeliverable = set(), set(), set()
        self.wa_not_on_whatsapp, self.wa_templates = set(), set()
        self.auto_callbacks, self.wa_auto_read = False, False
        self.wa_webhook_url = None
        self.wa_window_seconds = 24 * 3600
        self._lock = threading.Lock()
        self._queue = deque()  # (due monotonic, url or None for wa_webhook_url, body, headers)
        self._accepted = {"twilio": deque(), "whatsapp": deque()}
        self._fail = []  # [remaining, status]
        self._wa_last_inbound = {}
        self._server = self._threads = self._stopping = None

    # -- life cycle ---------------------------------------------------------------------------

    def start(self):
        """Bind 127.0.0.1 on a free port and serve (plus the auto callback worker)."""
        handler = type("Handler", (_Handler,), {"standin": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._server.serve_forever, daemon=True),
            threading.Thread(target=self._callback_worker, daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self):
        """Stop serving and the callback worker; queued callbacks are kept."""
        if self._server:
            self._stopping.set()
            self._server.shutdown()
            self._server.server_close()
            for thread in self._threads:
                thread.join(timeout=5)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # -- scenario knobs -----------------------------------------------------------------------

    def fail_next(self, n, status=503):
        """The next `n` API requests (either API) answer `status` with the API's error body."""
        with self._lock:
            self._fail = [n, status] if n > 0 else []

    def expire_window(self, number):
        """Forget the last inbound WhatsApp message of `number`: its 24 h window is closed."""
        with self._lock:
            self._wa_last_inbound.pop(digits(number), None)

    def max_rate_seen(self, api):
        """The most accepted requests of `api` in any rolling 1-second window."""
        with self._lock:
            accepted = [r for r in self.requests if r["api"] == api and r["status"] < 300]
        times = sorted(r["time"] for r in accepted)
        best, first = 0, 0
        for last, moment in enumerate(times):
            while moment - times[first] >= 1.0:
                first += 1
            best = max(best, last - first + 1)
        return best

    @property
    def pending_callbacks(self):
        """How many callbacks are queued and not delivered yet."""
        with self._lock:
            return len(self._queue)

    # -- signatures ---------------------------------------------------------------------------

    def sign_twilio(self, url, params, token=None):
        """X-Twilio-Signature: base64 HMAC-SHA1 of the url + sorted key/value pairs."""
        data = url + "".join(f"{key}{params[key]}" for key in sorted(params))
        key = (token or self.twilio_token).encode()
        return base64.b64encode(hmac.new(key, data.encode(), hashlib.sha1).digest()).decode()

    def sign_whatsapp(self, raw_body, secret=None):
        """X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body."""
        key = (secret or self.wa_app_secret).encode()
        return "sha256=" + hmac.new(key, raw_body, hashlib.sha256).hexdigest()

    def _twilio_request(self, url, params, sign):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if sign != "none":
            forged = "forged-" + self.twilio_token if sign == "forged" else None
            headers["X-Twilio-Signature"] = self.sign_twilio(url, params, forged)
        return urllib.parse.urlencode(params).encode(), headers

    def _wa_request(self, payload, sign):
        raw = json.dumps(payload, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json"}
        if sign != "none":
            forged = "forged-" + self.wa_app_secret if sign == "forged" else None
            headers["X-Hub-Signature-256"] = self.sign_whatsapp(raw, forged)
        return raw, headers

    # -- API requests -------------------------------------------------------------------------

    def _handle(self, path, headers, raw):
        """Answer one API request: (status, json payload); records it under the lock."""
        path_only = urllib.parse.urlsplit(path).path
        api = "twilio" if TWILIO_PATH.match(path_only) else None
        api = api or ("whatsapp" if WA_PATH.match(path_only) else None)
        record = {"api": api or "unknown", "path": path}
        if api == "twilio":
            record["params"] = dict(urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True))
        else:
            try:
                record["json"] = json.loads(raw or b"{}")
            except ValueError:
                record["json"] = None
        with self._lock:
            now = time.monotonic()
            if api is None:
                status, payload = 404, {"error": "unknown path"}
            elif self._fail:
                status = self._fail[1]
                self._fail[0] -= 1
                if not self._fail[0]:
                    self._fail = []
                payload = self._failure(api, status)
            elif api == "twilio":
                status, payload = self._twilio_send(path_only, headers, record["params"], now)
            else:
                status, payload = self._wa_send(path_only, headers, record["json"], now)
            record.update(time=now, status=status)
            self.requests.append(record)
            if status < 300 and api:
                self._accepted[api].append(now)
        return status, payload

    def _failure(self, api, status):
        if api == "twilio":
            if status == 429:
                return _twilio_error(20429, "Too Many Requests", 429)
            return _twilio_error(20500, "Internal Server Error", status)
        if status == 429:
            return _wa_error(130429, "(#130429) Rate limit hit")
        return _wa_error(1, "An unknown error has occurred.")

    def _rate_limited(self, api, now):
        accepted = self._accepted[api]
        while accepted and now - accepted[0] >= 1.0:
            accepted.popleft()
        return bool(self.rate_limit) and len(accepted) >= self.rate_limit

    def _twilio_send(self, path, headers, params, now):
        auth = headers.get("Authorization") or ""
        try:
            credentials = base64.b64decode(auth.removeprefix("Basic "), validate=True).decode()
        except ValueError:
            credentials = None
        if not auth.startswith("Basic ") or credentials != f"{self.twilio_sid}:{self.twilio_token}":
            return 401, _twilio_error(20003, "Authenticate", 401)
        if TWILIO_PATH.match(path).group(1) != self.twilio_sid:
            return 404, _twilio_error(20404, f"The requested resource {path} was not found", 404)
        if self._rate_limited("twilio", now):
            return 429, _twilio_error(20429, "Too Many Requests", 429)
        to, sender, body = params.get("To"), params.get("From"), params.get("Body")
        service = params.get("MessagingServiceSid")
        if not to:
            return 400, _twilio_error(21604, "A 'To' phone number is required.", 400)
        if not body:
            return 400, _twilio_error(21602, "Message body is required.", 400)
        if not sender and not service:
            return 400, _twilio_error(21603, "A 'From' phone number is required.", 400)
        if not E164.match(to) or to in self.sms_invalid:
            msg = f"The 'To' number {to} is not a valid phone number."
            return 400, _twilio_error(21211, msg, 400)
        if to in self.sms_unsubscribed:
            return 400, _twilio_error(21610, "Attempt to send to unsubscribed recipient", 400)
        sid, callback = "SM" + secrets.token_hex(16), params.get("StatusCallback")
        self.twilio_messages.append(
            {"sid": sid, "to": to, "from": sender, "body": body, "status_callback": callback}
        )
        if callback:
            final = "undelivered" if to in self.sms_undeliverable else "delivered"
            for status in ("sent", final):
                fields = {
                    "MessageSid": sid, "SmsSid": sid, "AccountSid": self.twilio_sid,
                    "From": sender or self.twilio_number, "To": to, "MessageStatus": status,
                    "SmsStatus": status, "ApiVersion": "2010-04-01",
                }  # fmt: skip
                if status == "undelivered":
                    fields["ErrorCode"] = "30003"
                raw, hdrs = self._twilio_request(callback, fields, "valid")
                self._queue.append((now + 0.05, callback, raw, hdrs))
        uri = f"/2010-04-01/Accounts/{self.twilio_sid}/Messages/{sid}.json"
        stamp = format_datetime(datetime.now(UTC))
        return 201, {
            "sid": sid, "account_sid": self.twilio_sid, "to": to, "from": sender,
            "messaging_service_sid": service, "body": body, "status": "queued",
            "direction": "outbound-api", "api_version": "2010-04-01", "num_media": "0",
            "num_segments": str(num_segments(body)), "price": None, "price_unit": "USD",
            "error_code": None, "error_message": None, "date_created": stamp,
            "date_updated": stamp, "date_sent": None, "uri": uri,
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
        }  # fmt: skip

    def _wa_send(self, path, headers, payload, now):
        if (headers.get("Authorization") or "") != f"Bearer {self.wa_token}":
            return 401, _wa_error(190, "Invalid OAuth access token.")
        phone_id = WA_PATH.match(path).group(1)
        if phone_id != self.wa_phone_number_id:
            msg = (
                f"Unsupported post request. Object with ID '{phone_id}' does not exist, cannot be "
                "loaded due to missing permissions, or does not support this operation."
            )
            return 400, _wa_error(100, msg, "GraphMethodException")
        if self._rate_limited("whatsapp", now):
            return 429, _wa_error(130429, "(#130429) Rate limit hit")
        if not isinstance(payload, dict) or payload.get("messaging_product") != "whatsapp":
            return 400, _wa_error(100, "(#100) The parameter messaging_product is required.")
        to, kind = str(payload.get("to") or ""), payload.get("type", "text")
        wa_id = digits(to)
        if not wa_id:
            return 400, _wa_error(100, "(#100) The parameter to is required.")
        content = payload.get(kind)
        if not isinstance(content, dict):
            return 400, _wa_error(100, f"(#100) The parameter {kind} is required.")
        if kind == "text" and not content.get("body"):
            return 400, _wa_error(100, "(#100) Param text['body'] is required.")
        if kind == "template":
            key = (content.get("name"), (content.get("language") or {}).get("code"))
            if key not in self.wa_templates:
                msg = "(#132001) Template name does not exist in the translation"
                return 404, _wa_error(132001, msg)
        wamid = _new_wamid(wa_id)
        message = {"id": wamid, "to": to, "wa_id": wa_id, "type": kind, kind: content}
        if kind == "text":
            message["body"] = content["body"]
        self.whatsapp_messages.append(message)
        last = self._wa_last_inbound.get(wa_id)
        window_open = last is not None and time.time() - last < self.wa_window_seconds
        if wa_id in {digits(n) for n in self.wa_not_on_whatsapp}:
            steps = [("failed", [{"code": 131026, "title": "Message undeliverable"}])]
        elif kind != "template" and not window_open:
            text = "Re-engagement message"
            details = (
                "Message failed to send because more than 24 hours have passed since the "
                "customer last replied to this number."
            )
            error = {"code": 131047, "title": text, "message": text}
            steps = [("failed", [{**error, "error_data": {"details": details}}])]
        else:
            steps = [("sent", None), ("delivered", None)] + [("read", None)] * self.wa_auto_read
        for status, errors in steps:
            webhook = self._wa_status_payload(wamid, status, wa_id, errors)
            self._queue.append((now + 0.05, None, *self._wa_request(webhook, "valid")))
        contacts, messages = [{"input": to, "wa_id": wa_id}], [{"id": wamid}]
        return 200, {"messaging_product": "whatsapp", "contacts": contacts, "messages": messages}

    # -- webhooks -----------------------------------------------------------------------------

    def _wa_envelope(self, value):
        metadata = {
            "display_phone_number": digits(self.wa_display_number),
            "phone_number_id": self.wa_phone_number_id,
        }
        change = {"value": {"messaging_product": "whatsapp", "metadata": metadata, **value}}
        change["field"] = "messages"
        entry = {"id": self.wa_business_account_id, "changes": [change]}
        return {"object": "whatsapp_business_account", "entry": [entry]}

    def _wa_status_payload(self, msg_id, status, recipient, errors=None):
        item = {"id": msg_id, "status": status, "timestamp": str(int(time.time()))}
        item["recipient_id"] = digits(recipient)
        if errors:
            item["errors"] = errors
        return self._wa_envelope({"statuses": [item]})

    def _deliver(self, item):
        _due, url, body, headers = item
        url = url or self.wa_webhook_url
        status = _post(url, body, headers)[0] if url else 0
        with self._lock:
            self.callback_results.append((url or "", status))
        return url or "", status

    def deliver_callbacks(self):
        """POST every queued callback in order from the calling thread: [(url, http status)]."""
        results = []
        while True:
            with self._lock:
                if not self._queue:
                    return results
                item = self._queue.popleft()
            results.append(self._deliver(item))

    def _callback_worker(self):
        while not self._stopping.wait(0.01):
            while self.auto_callbacks:
                with self._lock:
                    if not self._queue or self._queue[0][0] > time.monotonic():
                        break
                    item = self._queue.popleft()
                self._deliver(item)

    # -- inbound messages (tenant -> agency) ----------------------------------------------------

    def send_inbound_sms(self, url, from_, body, to=None, sid=None, sign="valid"):
        """POST an inbound SMS webhook to `url` now; returns (status, response text)."""
        sid = sid or "SM" + secrets.token_hex(16)
        to = to or self.twilio_number
        params = {
            "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": self.twilio_sid,
            "From": from_, "To": to, "Body": body, "NumMedia": "0", "NumSegments": "1",
            "SmsStatus": "received", "ApiVersion": "2010-04-01",
            "FromCountry": _country(from_), "ToCountry": _country(to),
        }  # fmt: skip
        return _post(url, *self._twilio_request(url, params, sign))

    def send_inbound_whatsapp(
        self, url, from_, body, msg_id=None, name="Tenant", sign="valid", timestamp=None
    ):
        """POST an inbound WhatsApp text message webhook to `url` now (opens the 24 h window)."""
        wa_id = digits(from_)
        with self._lock:
            self._wa_last_inbound[wa_id] = time.time()
        message = {
            "from": wa_id,
            "id": msg_id or _new_wamid(wa_id),
            "timestamp": str(int(timestamp if timestamp is not None else time.time())),
            "type": "text",
            "text": {"body": body},
        }
        contacts = [{"profile": {"name": name}, "wa_id": wa_id}]
        payload = self._wa_envelope({"contacts": contacts, "messages": [message]})
        return _post(url, *self._wa_request(payload, sign))

    def send_whatsapp_status(self, url, msg_id, status, recipient, errors=None, sign="valid"):
        """POST one WhatsApp status webhook to `url` now; returns (status, response text)."""
        payload = self._wa_status_payload(msg_id, status, recipient, errors)
        return _post(url, *self._wa_request(payload, sign))
