from odoo.fields import Command
from odoo.tests import HttpCase, JsonRpcException, new_test_user

from odoo.addons.queue_job.job import Job
from odoo.addons.svk_housing.tests.common import SvkHousingCase

from .provider_standin import ProviderStandIn


class SvkMessagingCase(SvkHousingCase, HttpCase):
    """A building with let units, tenants in three languages, the agency's Twilio and
    WhatsApp accounts pointing at a local stand-in of both APIs (real HTTP, real
    signatures), and this test server as the address the providers call back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standin = ProviderStandIn().start()
        cls.addClassCleanup(cls.standin.stop)
        # the templates Meta approved for the agency (payment and works are not)
        cls.approved_templates = {
            (name, lang)
            for name in ("svk_rent_reminder", "svk_appointment")
            for lang in ("fr", "nl", "en")
        }
        base = cls.base_url()
        Provider = cls.env["svk.messaging.provider"]
        cls.twilio = Provider.create(
            {
                "name": "Twilio",
                "provider_type": "twilio",
                "channel": "sms",
                "api_url": cls.standin.url,
                "webhook_base_url": base,
                "twilio_account_sid": cls.standin.twilio_sid,
                "twilio_auth_token": cls.standin.twilio_token,
                "twilio_from": "+3225550001",
                "rate_limit": 50,
                "price_ids": [
                    Command.create({"country_id": cls.env.ref("base.be").id, "price": 0.08}),
                    Command.create({"price": 0.12}),
                ],
            }
        )
        cls.whatsapp = Provider.create(
            {
                "name": "WhatsApp",
                "provider_type": "whatsapp_cloud",
                "channel": "whatsapp",
                "api_url": cls.standin.url + "/v21.0",
                "webhook_base_url": base,
                "wa_phone_number_id": cls.standin.wa_phone_number_id,
                "wa_access_token": cls.standin.wa_token,
                "wa_app_secret": cls.standin.wa_app_secret,
                "wa_verify_token": "verify-me",
                "rate_limit": 50,
                "price_ids": [Command.create({"price": 0.05})],
            }
        )
        cls.standin.wa_webhook_url = cls.whatsapp.inbound_url
        for code in ("fr_BE", "nl_BE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["svk_messaging"], ["fr_BE", "nl_BE"])
        cls.contract = cls._contract(units=cls.units)
        cls.contract.with_user(cls.svk_manager).action_activate()
        cls.units.write({"state": "available"})
        Partner = cls.env["res.partner"]
        cls.amina = Partner.create(
            {
                "name": "Amina Benali",
                "mobile": "0470 12 34 56",
                "lang": "fr_BE",
                "email": "amina@example.be",
            }
        )
        cls.jan = Partner.create(
            {"name": "Jan Peeters", "mobile": "+32 471 22 33 44", "lang": "nl_BE"}
        )
        cls.yonas = Partner.create(
            {
                "name": "Yonas Tesfay",
                "mobile": "0472/55.66.77",
                "lang": "en_US",
                "email": "yonas@example.org",
            }
        )
        cls.leases = cls.env["svk.lease"]
        for unit, tenant in zip(cls.units, (cls.amina, cls.jan, cls.yonas), strict=False):
            lease = cls.env["svk.lease"].create(
                {
                    "unit_id": unit.id,
                    "tenant_id": tenant.id,
                    "date_start": "2026-01-01",
                    "rent": 600.0,
                }
            )
            lease.action_activate()
            cls.leases |= lease
        cls.lease_amina, cls.lease_jan, cls.lease_yonas = cls.leases
        Consent = cls.env["svk.messaging.consent"]
        for partner in (cls.amina, cls.jan, cls.yonas):
            Consent._set(
                cls.company, partner.phone_sanitized, ["sms", "whatsapp"], "opt_in", "form", partner
            )
        cls.svk_user_msg = new_test_user(
            cls.env, login="svk_msg_user", groups="svk_housing.group_svk_user", name="Nora Staff"
        )
        # an agency's staff member as Odoo creates them: may also edit contacts
        cls.svk_user_contacts = new_test_user(
            cls.env,
            login="svk_msg_contacts",
            groups="svk_housing.group_svk_user,base.group_partner_manager",
            name="Omar Staff",
        )

    def setUp(self):
        super().setUp()
        # each test starts with an empty stand-in
        for name in (
            "requests",
            "twilio_messages",
            "whatsapp_messages",
            "callback_results",
            "sms_invalid",
            "sms_unsubscribed",
            "sms_undeliverable",
            "wa_not_on_whatsapp",
        ):
            getattr(self.standin, name).clear()
        self.standin.rate_limit = 0
        self.standin.fail_next(0)
        self.standin.wa_templates.clear()
        self.standin.wa_templates.update(self.approved_templates)
        self.standin.deliver_callbacks()
        self.standin.callback_results.clear()

    def _call(self, model, method, args, **kwargs):
        """What a script does: JSON-RPC call_kw as the authenticated user."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def _refused(self, exception="odoo.exceptions.AccessError"):
        """The JSON-RPC call is refused with this exception."""
        return self.assertRaisesRegex(JsonRpcException, exception)

    def _messages(self, partner, **domain):
        return self.env["svk.message"].search(
            [("partner_id", "=", partner.id), *[(k, "=", v) for k, v in domain.items()]],
            order="id",
        )

    def _inbound_whatsapp(self, partner_or_number, body, **kwargs):
        number = getattr(partner_or_number, "phone_sanitized", partner_or_number)
        self.env.flush_all()  # the server reads what this test wrote
        result = self.standin.send_inbound_whatsapp(
            self.whatsapp.inbound_url, number, body, **kwargs
        )
        self.env.invalidate_all()
        return result

    def _inbound_sms(self, partner_or_number, body, **kwargs):
        number = getattr(partner_or_number, "phone_sanitized", partner_or_number)
        self.env.flush_all()
        result = self.standin.send_inbound_sms(self.twilio.inbound_url, number, body, **kwargs)
        self.env.invalidate_all()
        return result

    def _wa_status(self, message, status, **kwargs):
        self.env.flush_all()
        result = self.standin.send_whatsapp_status(
            self.whatsapp.inbound_url, message.provider_ref, status, message.number, **kwargs
        )
        self.env.invalidate_all()
        return result

    def _callbacks(self):
        """The stand-in reports delivery to this server; read what the requests changed."""
        self.env.flush_all()
        results = self.standin.deliver_callbacks()
        self.env.invalidate_all()
        return results

    def _perform_jobs(self):
        """Run the jobs the webhooks queued (the test process has no job runner)."""
        jobs = self.env["queue.job"].search([("state", "=", "pending")], order="id")
        for record in jobs:
            job = Job.load(self.env, record.uuid)
            job.perform()
            record.state = "done"
        self.env.invalidate_all()
        return jobs
