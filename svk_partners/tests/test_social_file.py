import base64
import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

REFERRAL = [("model", "=", "svk.referral")]
ON_REFERRAL = [("res_model", "=", "svk.referral")]


class SocialFileMixin:
    """A referral's conversation, documents and activities, and that a household was
    referred by a justice assistance service, are the social workers' only: an SVK user
    or manager gets none of them by any route a user or a script takes."""

    @classmethod
    def _setup_social_file(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the right to export is Odoo's own, given here so that only the rules decide
        export = "base.group_allow_export"
        cls.svk_user = new_test_user(
            cls.env, login="sf_user", groups=f"svk_housing.group_svk_user,{export}"
        )
        cls.manager = new_test_user(
            cls.env, login="sf_manager", groups=f"svk_housing.group_svk_manager,{export}"
        )
        cls.social = new_test_user(
            cls.env, login="sf_social", groups="svk_housing.group_svk_social"
        )
        Partner = cls.env["res.partner"]
        cls.org = Partner.create(
            {
                "name": "Housing First Bruxelles",
                "is_company": True,
                "svk_referral_org": True,
                "svk_org_type": "homeless",
            }
        )
        cls.justice_org = Partner.create(
            {
                "name": "Service d'aide aux justiciables",
                "is_company": True,
                "svk_referral_org": True,
                "svk_org_type": "justice",
            }
        )
        Referral = cls.env["svk.referral"].with_user(cls.social)
        cls.referral = Referral.create(
            {"organisation_id": cls.org.id, "partner_id": Partner.create({"name": "Amadou"}).id}
        )
        cls.justice_referral = Referral.create(
            {
                "organisation_id": cls.justice_org.id,
                "partner_id": Partner.create({"name": "Jonas Verbist"}).id,
            }
        )
        cls.message = cls.referral.with_user(cls.social).message_post(
            body="Meeting report: relapse",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[("report.txt", b"Relapse in March")],
        )
        cls.document = (
            cls.env["ir.attachment"]
            .with_user(cls.social)
            .create(
                {
                    "name": "medical-certificate.txt",
                    "raw": b"Diagnosis: depression",
                    "res_model": "svk.referral",
                    "res_id": cls.referral.id,
                }
            )
        )
        cls.attachments = cls.message.sudo().attachment_ids | cls.document
        # an application's medical certificate
        cls.application = (
            cls.env["crm.lead"]
            .with_user(cls.social)
            .create(
                {
                    "name": "Household Haddad",
                    "type": "opportunity",
                    "team_id": cls.env.ref("svk_partners.crm_team_candidates").id,
                    "svk_health_document": base64.b64encode(b"Disability: 66%"),
                    "svk_health_document_name": "certificate.txt",
                }
            )
        )
        cls.certificate = (
            cls.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "=", cls.application.id),
                    ("res_field", "=", "svk_health_document"),
                ]
            )
        )
        # a social worker asks a colleague to do something about the household
        cls.activity = cls.referral.with_user(cls.social).activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the CPAS about the relapse",
            user_id=cls.svk_user.id,
        )


class TestSocialFile(SocialFileMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_social_file()

    def test_messages_closed_by_search_read_group_and_export(self):
        for user in (self.svk_user, self.manager):
            Message = self.env["mail.message"].with_user(user)
            with self.subTest(user=user.login):
                self.assertFalse(Message.search(REFERRAL))
                self.assertEqual(Message.search_count(REFERRAL), 0)
                self.assertFalse(Message.search_read(REFERRAL, ["body"]))
                self.assertEqual(Message._read_group(REFERRAL, [], ["__count"]), [(0,)])
                self.assertFalse(Message.read_group(REFERRAL, ["res_id"], ["res_id"]))
                self.assertFalse(Message.search([("body", "ilike", "relapse")]))
                with self.assertRaises(AccessError):
                    self.message.with_user(user).read(["body"])
                with self.assertRaises(AccessError):
                    self.message.with_user(user).export_data(["body"])
        Message = self.env["mail.message"].with_user(self.social)
        self.assertIn(self.message, Message.search(REFERRAL))
        self.assertIn("relapse", self.message.with_user(self.social).read(["body"])[0]["body"])

    def test_documents_closed_by_search_read_group_and_export(self):
        for user in (self.svk_user, self.manager):
            Attachment = self.env["ir.attachment"].with_user(user)
            with self.subTest(user=user.login):
                self.assertFalse(Attachment.search(ON_REFERRAL))
                self.assertFalse(Attachment.search_read(ON_REFERRAL, ["name", "raw"]))
                self.assertEqual(Attachment._read_group(ON_REFERRAL, [], ["__count"]), [(0,)])
                for attachment in self.attachments:
                    with self.assertRaises(AccessError):
                        attachment.with_user(user).read(["raw"])
                    with self.assertRaises(AccessError):
                        attachment.with_user(user).export_data(["name", "datas"])
        self.assertEqual(
            self.env["ir.attachment"].with_user(self.social).search(ON_REFERRAL), self.attachments
        )

    def test_activities_closed_even_to_their_assignee(self):
        for user in (self.svk_user, self.manager):
            Activity = self.env["mail.activity"].with_user(user)
            with self.subTest(user=user.login):
                self.assertFalse(Activity.search(ON_REFERRAL))
                self.assertEqual(Activity._read_group(ON_REFERRAL, [], ["__count"]), [(0,)])
                with self.assertRaises(AccessError):
                    self.activity.with_user(user).read(["summary"])
        self.assertEqual(
            self.env["mail.activity"].with_user(self.social).search(ON_REFERRAL), self.activity
        )

    def test_justice_referral_is_social_only(self):
        for user in (self.svk_user, self.manager):
            Referral = self.env["svk.referral"].with_user(user)
            with self.subTest(user=user.login):
                self.assertEqual(Referral.search([]), self.referral)
                self.assertFalse(Referral.search([("organisation_id", "=", self.justice_org.id)]))
                groups = Referral._read_group([], ["organisation_id"], ["__count"])
                self.assertEqual(groups, [(self.org, 1)])
                self.assertFalse(Referral.name_search("Verbist"))
                with self.assertRaises(AccessError):
                    self.justice_referral.with_user(user).read(["partner_id"])
                self.assertEqual(self.justice_org.with_user(user).svk_referral_count, 0)
        Referral = self.env["svk.referral"].with_user(self.social)
        self.assertEqual(Referral.search([]), self.referral | self.justice_referral)
        self.justice_org.invalidate_recordset(["svk_referral_count"])
        self.assertEqual(self.justice_org.with_user(self.social).svk_referral_count, 1)

    def test_manager_still_deletes_a_referral_with_its_file(self):
        self.referral.with_user(self.manager).unlink()
        self.assertFalse(self.referral.exists())
        for records in (self.message, self.attachments, self.activity):
            self.assertFalse(records.exists())

    def test_health_document_of_an_application(self):
        self.assertEqual(len(self.certificate), 1)
        on_lead = [("res_model", "=", "crm.lead"), ("res_id", "=", self.application.id)]
        for user in (self.svk_user, self.manager):
            lead = self.application.with_user(user)
            with self.subTest(user=user.login):
                self.assertEqual(lead.name, "Household Haddad")
                with self.assertRaises(AccessError):
                    lead.read(["svk_health_document"])
                with self.assertRaises(AccessError):
                    lead.export_data(["svk_health_document"])
                Attachment = self.env["ir.attachment"].with_user(user)
                for domain in (on_lead, [*on_lead, ("res_field", "=", "svk_health_document")]):
                    self.assertFalse(Attachment.search(domain))
                    self.assertFalse(Attachment.search_read(domain, ["raw"]))
                with self.assertRaises(AccessError):
                    self.certificate.with_user(user).read(["raw"])
        lead = self.application.with_user(self.social)
        self.assertEqual(base64.b64decode(lead.svk_health_document), b"Disability: 66%")
        self.assertEqual(self.certificate.with_user(self.social).raw, b"Disability: 66%")


@tagged("post_install", "-at_install")
class TestSocialFileRoutes(SocialFileMixin, HttpCase):
    """The same doors through the web client's and a script's routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_social_file()

    def _call(self, model, method, args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def _chatter(self):
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "svk.referral", "thread_id": self.referral.id},
        )
        return result["messages"]

    def test_staff_get_nothing_through_the_routes(self):
        for user in (self.svk_user, self.manager):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self.assertEqual(self._chatter(), [])
                data = self.make_jsonrpc_request(
                    "/mail/thread/data",
                    {
                        "thread_model": "svk.referral",
                        "thread_id": self.referral.id,
                        "request_list": ["activities", "attachments"],
                    },
                )
                for secret in ("report.txt", "medical-certificate", "Call the CPAS"):
                    self.assertNotIn(secret, json.dumps(data))
                self.assertEqual(
                    self._call("mail.message", "search_read", [REFERRAL, ["body"]]), []
                )
                self.assertEqual(
                    self._call("ir.attachment", "search_read", [ON_REFERRAL, ["name"]]), []
                )
                self.assertEqual(
                    self._call("mail.activity", "search_read", [ON_REFERRAL, ["summary"]]), []
                )
                self.assertEqual(
                    self._call(
                        "svk.referral",
                        "search_read",
                        [[("organisation_id", "=", self.justice_org.id)], ["partner_id"]],
                    ),
                    [],
                )
                for url in (
                    *(f"/web/content/{attachment.id}" for attachment in self.attachments),
                    f"/web/content/{self.certificate.id}",
                    f"/web/content/crm.lead/{self.application.id}/svk_health_document",
                ):
                    response = self.url_open(f"{url}?download=true")
                    self.assertIn(response.status_code, (403, 404), url)
                    for secret in (b"Relapse", b"Diagnosis", b"Disability"):
                        self.assertNotIn(secret, response.content)

    def test_social_worker_gets_the_file_through_the_routes(self):
        self.authenticate(self.social.login, self.social.login)
        self.assertIn(self.message.id, self._chatter())
        response = self.url_open(f"/web/content/{self.document.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"Diagnosis: depression")
        url = f"/web/content/crm.lead/{self.application.id}/svk_health_document?download=true"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"Disability: 66%")
