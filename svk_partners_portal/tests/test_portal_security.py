import json

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import PASSWORD, SOCIAL_NOTE, SvkPartnersPortalCase

PDF = b"%PDF-1.4 CPAS income proof of Ioana"


@tagged("post_install", "-at_install")
class TestPortalSecurity(SvkPartnersPortalCase, HttpCase):
    """An organisation's user reaches nothing of anyone else's by the routes a script
    would take: not another organisation's referrals or applications, not the social
    file, not the facts the household did not agree to share."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the CPAS submitted an application with a document; the agency wrote in the
        # referrals' chatter (social follow-up)
        cls.lead_b, cls.referral_b2 = (
            cls.env["crm.lead"]
            .sudo()
            ._svk_portal_submit(
                cls.user_b,
                {
                    "contact_name": "Nadia Benali",
                    "income_kind": "single",
                    "adults": "1",
                    "children": "0",
                    "net_income": "18000",
                    "consent": "1",
                },
                [("income-nadia.pdf", "application/pdf", PDF)],
            )
        )
        cls.document_b = cls.env["ir.attachment"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", cls.lead_b.id)]
        )
        for referral in (cls.referral_a, cls.referral_b):
            referral.message_post(
                body=f"<p>Meeting: {SOCIAL_NOTE}</p>", subtype_xmlid="mail.mt_note"
            )
        cls.referral_a._svk_inform_referrer("Alert for Housing First")
        cls.referral_b._svk_inform_referrer("Alert for the CPAS")

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_a.login, PASSWORD)

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _denied(self, model, method, *args, **kwargs):
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call(model, method, *args, **kwargs)

    def _nothing(self, model, method, *args):
        """Refused, or an empty answer."""
        try:
            result = self._call(model, method, *args)
        except JsonRpcException as error:
            self.assertIn("AccessError", str(error))
        else:
            self.assertEqual(result, [])

    def test_no_orm_access_to_referrals_alerts_and_applications(self):
        for model, ids in (
            ("svk.referral", [self.referral_a.id, self.referral_b.id]),
            ("svk.referral.alert", self.referral_b.sudo().alert_ids.ids),
            ("crm.lead", [self.lead_b.id]),
        ):
            with self.subTest(model=model):
                self._denied(model, "search_read", [], ["display_name"])
                self._denied(model, "read", ids, ["display_name"])
                self._denied(model, "read_group", [], ["id:count"], [])
                self._denied(model, "web_search_read", [], {"display_name": {}})
        # the households' leases: none (svk_portal, when installed, opens a tenant's own)
        leases = [self.lease.id, self.lease_cpas.id]
        self._nothing("svk.lease", "search_read", [], ["rent", "overdue_amount"])
        self._denied("svk.lease", "read", leases, ["rent", "overdue_amount"])
        # not even their own organisation's, whose pages they see
        self._denied("svk.referral", "read", [self.referral_a.id], ["consent_arrears"])
        self._denied("svk.referral", "write", [self.referral_a.id], {"consent_contact": True})
        self._denied("crm.lead", "create", {"name": "Sneaky", "svk_net_income": 1})

    def test_no_message_document_or_activity_of_the_social_file(self):
        for model, res_ids in (
            ("svk.referral", [self.referral_a.id, self.referral_b.id]),
            ("crm.lead", [self.lead_b.id]),
        ):
            with self.subTest(model=model):
                domain = [("model", "=", model), ("res_id", "in", res_ids)]
                messages = self._call("mail.message", "search_read", domain, ["body"])
                self.assertEqual(messages, [])
                domain = [("res_model", "=", model), ("res_id", "in", res_ids)]
                self._nothing("ir.attachment", "search_read", domain, ["name"])
                for thread_id in res_ids:
                    try:
                        result = self.make_jsonrpc_request(
                            "/mail/thread/messages",
                            {"thread_model": model, "thread_id": thread_id},
                        )
                    except JsonRpcException:
                        continue
                    self.assertEqual(result["messages"], [])
                    self.assertNotIn(SOCIAL_NOTE, json.dumps(result))
        self.assertEqual(
            self._call("mail.message", "search_read", [("body", "ilike", SOCIAL_NOTE)], ["body"]),
            [],
        )

    def test_no_other_document_by_web_content(self):
        for url in (
            f"/web/content/{self.document_b.id}",
            f"/web/content/{self.document_b.id}?download=true",
            f"/web/content/ir.attachment/{self.document_b.id}/datas",
        ):
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(PDF, response.content)
        # Odoo's image route answers a placeholder image to whoever may not see one
        response = self.url_open(f"/web/image/{self.document_b.id}")
        self.assertNotIn(PDF, response.content)

    def test_the_households_fields_are_not_readable(self):
        # the household's contact details reach the organisation only through its page,
        # when the household agreed: not through its partner record
        for tenant in (self.tenant, self.tenant_2):
            self._nothing(
                "res.partner", "search_read", [("id", "=", tenant.id)], ["phone", "email"]
            )

    def test_pages_of_another_organisation(self):
        for referral in (self.referral_b, self.referral_b2):
            response = self.url_open(f"/my/referrals/{referral.id}")
            self.assertEqual(response.status_code, 404)
            for secret in ("Ioana", "Nadia", "Alert for the CPAS", SOCIAL_NOTE):
                self.assertNotIn(secret, response.text)
        page = self.url_open(f"/my/referrals/{self.referral_a.id}").text
        self.assertIn("Alert for Housing First", page)
        self.assertNotIn("Alert for the CPAS", page)
        self.assertNotIn(SOCIAL_NOTE, page)
