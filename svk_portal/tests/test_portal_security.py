from odoo.tests import new_test_user, tagged

from .common import PASSWORD, SvkPortalCase


@tagged("post_install", "-at_install")
class TestPortalSecurity(SvkPortalCase):
    """Amina, logged in on the portal, reaches her own things and nothing of Jan's: not
    by URL, not by JSON-RPC, not through /web/content."""

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_amina.login, PASSWORD)

    def test_pages_show_her_own(self):
        home = self.url_open("/my/svk/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn("Rue Haute 120, 0.1", home.text)
        self.assertNotIn("Rue Haute 120, 0.2", home.text)
        self.assertIn("Mon–Fri 9:00–12:00", home.text)
        self.assertIn("Plumber: 02 123 45 67", home.text)
        self.assertNotIn("Staff only", home.text)
        owe = self.url_open("/my/svk/owe")
        self.assertIn(self.invoice_amina.name, owe.text)
        self.assertNotIn(self.invoice_jan.name, owe.text)
        self.assertIn(self.lease_amina.payment_reference, owe.text)
        self.assertNotIn(self.lease_jan.payment_reference, owe.text)
        self.assertIn('class="img-fluid o_svk_qr"', owe.text)
        documents = self.url_open("/my/svk/documents")
        self.assertIn("inspection-amina.pdf", documents.text)
        self.assertNotIn("inspection-jan.pdf", documents.text)
        self.assertIn(self.invoice_amina.name, documents.text)
        self.assertNotIn(self.invoice_jan.name, documents.text)
        home_tiles = self.url_open("/my/home")
        for url in ("/my/svk/home", "/my/svk/owe", "/my/svk/documents", "/my/svk/messages"):
            self.assertIn(f'href="{url}"', home_tiles.text)

    def test_other_users_pages_unchanged(self):
        """An internal user who is no agency staff still has Odoo's portal home, without
        the tenant's tiles; their pages of a tenant show no lease."""
        new_test_user(self.env, login="clerk", password="clerk-pw", groups="base.group_user")
        self.authenticate("clerk", "clerk-pw")
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertNotIn("o_svk_tiles", home.text)
        self.assertIn("You have no lease with us.", self.url_open("/my/svk/owe").text)

    def test_balance_is_her_invoice(self):
        balance, lines = self.lease_amina._svk_portal_balance()
        self.assertEqual(balance, self.invoice_amina.amount_residual)
        self.assertEqual(lines.move_id, self.invoice_amina)
        owe = self.url_open("/my/svk/owe")
        self.assertIn("600,00", owe.text)  # Amina reads French

    def test_her_document_downloads(self):
        url = (
            f"/my/svk/document/{self.lease_amina.id}/svk.lease/{self.lease_amina.id}/"
            "entry_inspection_file"
        )
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 inspection")

    def test_other_ids_in_urls_are_not_found(self):
        jan = self.lease_jan
        for url in (
            f"/my/svk/document/{jan.id}/svk.lease/{jan.id}/entry_inspection_file",
            # her lease, his record: not among her lease's documents
            f"/my/svk/document/{self.lease_amina.id}/svk.lease/{jan.id}/entry_inspection_file",
            # her lease, a field that is not a document
            f"/my/svk/document/{self.lease_amina.id}/svk.lease/{self.lease_amina.id}/note",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        invoice = self.url_open(f"/my/invoices/{self.invoice_jan.id}?report_type=pdf&download=1")
        self.assertNotIn(self.invoice_jan.name, invoice.text)
        self.assertNotEqual(invoice.headers.get("Content-Type"), "application/pdf")
        content = self.url_open(f"/web/content/{self.attachment_jan.id}?download=true")
        self.assertIn(content.status_code, (403, 404))
        self.assertNotEqual(content.content, b"%PDF-1.4 inspection")

    def test_json_rpc_reads_her_own_only(self):
        found = self._call("svk.lease", "search_read", [[]], fields=["name", "tenant_id"])
        self.assertEqual([row["id"] for row in found], self.lease_amina.ids)
        with self._refused():
            self._call("svk.lease", "read", [self.lease_jan.ids], fields=["name"])
        moves = self._call("account.move", "search_read", [[]], fields=["name"])
        self.assertNotIn(self.invoice_jan.id, [row["id"] for row in moves])
        with self._refused():
            self._call("account.move", "read", [self.invoice_jan.ids], fields=["name"])
        with self._refused():
            self._call("svk.message", "search_read", [[]], fields=["body"])
        with self._refused():
            self._call("svk.lease", "write", [self.lease_amina.ids, {"rent": 1.0}])
        notes = self._call(
            "mail.message",
            "search_read",
            [[("model", "=", "res.partner"), ("res_id", "in", [self.amina.id, self.jan.id])]],
            fields=["body"],
        )
        self.assertFalse([row for row in notes if "Internal note" in (row["body"] or "")])
        with self._refused():
            self._call("ir.attachment", "read", [self.attachment_jan.ids], fields=["datas"])
        plans = self._call("svk.payment.plan", "search_read", [[]], fields=["name"])
        self.assertFalse(plans)

    def test_messages_are_her_conversation(self):
        self.env["svk.message"]._send_to_partner(self.amina, self.company, body="Bonjour Amina")
        self.env["svk.message"]._send_to_partner(self.jan, self.company, body="Dag Jan")
        self.env.flush_all()
        page = self.url_open("/my/svk/messages")
        self.assertIn("Bonjour Amina", page.text)
        self.assertNotIn("Dag Jan", page.text)
        self.assertNotIn("Internal note", page.text)

    def test_reply_lands_like_an_sms_reply(self):
        page = self.url_open("/my/svk/messages")
        self.assertEqual(page.status_code, 200)
        response = self.url_open(
            "/my/svk/messages",
            data={"body": "<b>La fuite</b> continue", "csrf_token": self._csrf(page.text)},
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        message = self._messages(self.amina, direction="in")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.channel, "portal")
        self.assertEqual(message.state, "received")
        self.assertFalse(message.needs_triage)
        self.assertEqual(message.mail_message_id.model, "res.partner")
        self.assertEqual(message.mail_message_id.res_id, self.amina.id)
        # shown as text, never as HTML
        self.assertIn("&lt;b&gt;La fuite&lt;/b&gt;", str(message.mail_message_id.body))
        activity = self.lease_amina.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("svk_messaging.mail_activity_type_svk_reply")
            )
        )
        self.assertEqual(len(activity), 1)
        self.assertIn("La fuite", response.text)
        # an SMS reply of hers joins the same conversation and the same activity
        self._inbound_sms(self.amina, "Merci")
        self.assertEqual(len(self._messages(self.amina, direction="in")), 2)
        self.assertEqual(len(self.lease_amina.activity_ids), 1)

    def test_empty_reply_is_refused(self):
        page = self.url_open("/my/svk/messages")
        response = self.url_open(
            "/my/svk/messages", data={"body": "   ", "csrf_token": self._csrf(page.text)}
        )
        self.assertIn("Write a message first.", response.text)
        self.assertFalse(self._messages(self.amina, direction="in"))

    @staticmethod
    def _csrf(html):
        marker = 'name="csrf_token" value="'
        start = html.index(marker) + len(marker)
        return html[start : html.index('"', start)]
