"""Suite "messaging": a mass message to a site, inbound webhooks under load."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import itertools
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command

from .cache import demo_template
from .common import bench_user, demo_site, emit, fail, note, test_helper
from .server import job_server

SIZES = "800"
template = demo_template

MESSAGING_RATE = 200  # messages per second the bench's provider account allows
WEBHOOK_CONNECTIONS = 200
WEBHOOK_SECONDS = 30


def _messaging_prepare(env, standin):
    """The agency's Twilio and WhatsApp accounts at the stand-in, every tenant agreeing
    to both channels, and the 130-unit site."""
    company = env.company
    Provider = env["svk.messaging.provider"]
    twilio = Provider.create(
        {
            "name": "Twilio (bench)",
            "provider_type": "twilio",
            "channel": "sms",
            "api_url": standin.url,
            "twilio_account_sid": standin.twilio_sid,
            "twilio_auth_token": standin.twilio_token,
            "twilio_from": "+3225550001",
            "rate_limit": MESSAGING_RATE,
            "price_ids": [Command.create({"price": 0.08})],
        }
    )
    Provider.create(
        {
            "name": "WhatsApp (bench)",
            "provider_type": "whatsapp_cloud",
            "channel": "whatsapp",
            "api_url": standin.url + "/v21.0",
            "wa_phone_number_id": standin.wa_phone_number_id,
            "wa_access_token": standin.wa_token,
            "wa_app_secret": standin.wa_app_secret,
            "rate_limit": MESSAGING_RATE,
            "price_ids": [Command.create({"price": 0.05})],
        }
    )
    leases = env["svk.lease"].search(
        [("company_id", "=", company.id), ("state", "in", ("active", "notice"))]
    )
    numbers = {}
    for tenant in leases.tenant_id:
        if tenant.phone_sanitized:
            numbers.setdefault(tenant.phone_sanitized, tenant)
    # the demo agency's tenants who were never asked agree (those who opted out do not)
    known = set(env["svk.messaging.consent"].search([]).mapped("number"))
    env["svk.messaging.consent"].create(
        [
            {
                "company_id": company.id,
                "partner_id": tenant.id,
                "number": number,
                "channel": channel,
                "source": "form",
            }
            for number, tenant in numbers.items()
            if number not in known
            for channel in ("sms", "whatsapp")
        ]
    )
    return twilio, demo_site(env), numbers


def _load(port, request_for, connections, seconds, expected_status):
    """`connections` clients, each sending a request, reading the answer, and sending
    the next (a new connection each: Odoo's workers close them), for `seconds`. Returns
    (requests done, requests per second, p95 in ms, {error kind: count})."""
    import asyncio

    latencies, errors = [], {}
    counter = itertools.count()

    async def client(stop_at):
        while time.monotonic() < stop_at:
            raw = request_for(next(counter))
            started = time.perf_counter()
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", port), 30
                )
                writer.write(raw)
                await writer.drain()
                answer = await asyncio.wait_for(reader.read(-1), 60)
                writer.close()
                status = int(answer.split(b" ", 2)[1]) if answer else "empty answer"
            except TimeoutError:
                status = "timeout"
            except OSError as error:
                status = type(error).__name__
            except (ValueError, IndexError):
                status = "unreadable answer"
            if status == expected_status:
                latencies.append(time.perf_counter() - started)
            else:
                errors[status] = errors.get(status, 0) + 1

    async def run():
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(client(stop_at) for _i in range(connections)))

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    done = len(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000 if done >= 20 else 0.0
    return done, done / elapsed, p95, errors


def _http_request(method, path, body=b"", headers=None):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def measure(db, size, repeat):
    """Figures (suite "messaging"), on the demo agency of `size` units (its 130-unit site):
    - mass_message_site: a works notice to every household of the site, from the click
      (preview and send) to every message handed to the local provider stand-in, sent by
      the job queue of a two-worker server; in messages per second. Reference: Odoo's own
      SMS composer in mass mode sending the same text to the same tenants in this process
      (through the agency's provider as well).
    - webhook_inbound: signed Twilio replies from distinct tenants, 200 concurrent
      connections for 30 s against the two-worker server; requests per second, p95 and
      errors. Reference: Odoo's /web/login page under the same load."""
    from urllib.parse import urlencode

    standin_module = test_helper("svk_messaging", "provider_standin")
    registry = odoo.modules.registry.Registry(db)
    with standin_module.ProviderStandIn(rate_limit=MESSAGING_RATE) as standin:
        standin.wa_templates.update({("svk_works_notice", lang) for lang in ("fr", "nl", "en")})
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["svk.demo.generator"]._generate(size=size, seed=1)
            twilio, site, numbers = _messaging_prepare(env, standin)
            user = bench_user(env)
            mass = env(user=user)["svk.message.mass"].create(
                {
                    "name": "Works notice (bench)",
                    "target": "building",
                    "building_ids": [Command.set(site.ids)],
                    "template_id": env.ref("svk_messaging.sms_template_svk_works_notice").id,
                    "event_date": fields.Datetime.now(),
                }
            )
            cr.commit()
            mass_id, user_id, twilio_id = mass.id, user.id, twilio.id

        with job_server(db) as server:
            with registry.cursor() as cr:
                mass = api.Environment(cr, user_id, {})["svk.message.mass"].browse(mass_id)
                started = time.perf_counter()
                mass.action_preview()
                mass.action_send()
                cr.commit()
                expected = mass.todo_count
                excluded = mass.excluded_count
            deadline = time.monotonic() + 600
            while True:
                # done: every recipient handled (handed to the provider, or e-mailed)
                with registry.cursor() as cr:
                    cr.execute("SELECT state FROM svk_message_mass WHERE id = %s", (mass_id,))
                    state = cr.fetchone()[0]
                handed = len(standin.whatsapp_messages) + len(standin.twilio_messages)
                if state == "done":
                    break
                if time.monotonic() > deadline or server.poll() is not None:
                    fail(f"mass message: {handed} of {expected} handed, state {state!r}")
                time.sleep(0.05)
            elapsed = time.perf_counter() - started

            # reference: Odoo's mass SMS composer, same tenants, same text, this process
            with registry.cursor() as cr:
                env = api.Environment(cr, user_id, {})
                mass = env["svk.message.mass"].browse(mass_id)
                recipients = mass.recipient_ids.filtered(lambda r: r.state != "excluded")
                text = mass.recipient_ids.message_id[:1].body
                standin.twilio_messages.clear()
                started = time.perf_counter()
                composer = (
                    env["sms.composer"]
                    .with_context(
                        active_model="res.partner",
                        active_ids=recipients.partner_id.ids,
                        default_composition_mode="mass",
                    )
                    .create({"body": text, "mass_keep_log": True, "mass_force_send": True})
                )
                composer.action_send_sms()
                cr.commit()
                reference = time.perf_counter() - started
                reference_sent = len(standin.twilio_messages)
            note(
                f"mass message: {expected} recipients ({excluded} excluded), {handed} handed "
                f"to the stand-in (the others e-mailed) in {elapsed:.2f} s; reference: "
                f"{reference_sent} SMS in {reference:.2f} s; provider rate "
                f"{MESSAGING_RATE}/s; stand-in saw at most "
                f"{standin.max_rate_seen('whatsapp')} WhatsApp requests in a second"
            )
            emit(
                "mass_message_site",
                expected,
                handed / elapsed,
                "Odoo sms.composer mass SMS, same tenants",
                reference_sent / reference if reference else 0.0,
                unit="msg/s",
                seconds=round(elapsed, 2),
                reference_seconds=round(reference, 2),
            )

            # inbound webhooks: distinct tenants writing, under 200 connections
            port = server.port
            base = f"http://127.0.0.1:{port}"
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["svk.messaging.provider"].browse(twilio_id).webhook_base_url = base
                cr.execute("SELECT count(*) FROM svk_message WHERE direction = 'in'")
                before = cr.fetchone()[0]
                cr.commit()
            path = f"/svk_messaging/twilio/{twilio_id}/inbound"
            senders = sorted(numbers)

            def inbound(index):
                params = {
                    "AccountSid": standin.twilio_sid,
                    "MessageSid": f"SM{index:032x}",
                    "From": senders[index % len(senders)],
                    "To": "+3225550001",
                    "Body": f"Bonjour, question {index}",
                    "NumMedia": "0",
                }
                signature = standin.sign_twilio(base + path, params)
                body = urlencode(params).encode()
                return _http_request(
                    "POST",
                    path,
                    body,
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-Twilio-Signature": signature,
                    },
                )

            done, rps, p95, errors = _load(port, inbound, WEBHOOK_CONNECTIONS, WEBHOOK_SECONDS, 200)
            login = _http_request("GET", "/web/login")
            ref_done, ref_rps, ref_p95, ref_errors = _load(
                port, lambda _i: login, WEBHOOK_CONNECTIONS, WEBHOOK_SECONDS, 200
            )
            with registry.cursor() as cr:
                cr.execute("SELECT count(*) FROM svk_message WHERE direction = 'in'")
                landed = cr.fetchone()[0] - before
            note(
                f"webhooks: {done} answered 200 and {landed} messages landed (one each), "
                f"errors {errors}; /web/login: {ref_done} pages, errors {ref_errors}"
            )
            if landed != done:
                fail(f"{done} webhooks answered 200 but {landed} messages landed")
            emit(
                "webhook_inbound",
                WEBHOOK_CONNECTIONS,
                rps,
                "/web/login",
                ref_rps,
                unit="req/s",
                p95_ms=round(p95, 1),
                errors=sum(errors.values()),
                reference_p95_ms=round(ref_p95, 1),
                reference_errors=sum(ref_errors.values()),
            )
