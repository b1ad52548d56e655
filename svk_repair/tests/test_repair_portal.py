import base64

from odoo.tests import tagged

from odoo.addons.svk_portal.tests.common import PASSWORD, SvkPortalCase

# the smallest real PNG: one transparent pixel
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def csrf(html):
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


@tagged("post_install", "-at_install")
class TestRepairPortal(SvkPortalCase):
    """Amina asks for a repair with a photo and follows it on the portal; she reaches
    nothing of Jan's: not by URL, not by JSON-RPC, not through /web/content."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Request = cls.env["svk.repair.request"]
        cls.repair_jan = Request.create(
            {"lease_id": cls.lease_jan.id, "category": "lock", "description": "Jan's door lock"}
        )
        cls.photo_jan = cls.env["ir.attachment"].create(
            {
                "name": "jan-door.png",
                "datas": base64.b64encode(PNG),
                "res_model": Request._name,
                "res_id": cls.repair_jan.id,
            }
        )
        cls.repair_amina = Request.create(
            {
                "lease_id": cls.lease_amina.id,
                "category": "heating",
                "description": "Le radiateur est froid",
                "contractor_id": cls.env["res.partner"].create({"name": "Chauffage SRL"}).id,
                "visit_date": "2026-12-09 08:00:00",
            }
        )
        cls.repair_amina.action_propose_visit()

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_amina.login, PASSWORD)

    def _ask(self, files=None, **data):
        page = self.url_open("/my/repairs/new")
        self.assertEqual(page.status_code, 200)
        return self.url_open(
            "/my/repairs/new",
            data={
                "category": "leak",
                "description": "L'eau coule",
                **data,
                "csrf_token": csrf(page.text),
            },
            files=files,
        )

    def _requests(self, partner):
        return self.env["svk.repair.request"].search([("tenant_id", "=", partner.id)])

    def test_ask_with_a_photo(self):
        before = self._requests(self.amina)
        response = self._ask(files=[("photos", ("leak.png", PNG, "image/png"))])
        self.assertEqual(response.status_code, 200)
        self.assertIn("We received your request", response.text)
        self.env.invalidate_all()
        new = self._requests(self.amina) - before
        self.assertEqual(len(new), 1)
        self.assertEqual(
            (new.lease_id, new.category, new.urgency, new.source),
            (self.lease_amina, "leak", "urgent", "portal"),
        )
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", new._name), ("res_id", "=", new.id)]
        )
        self.assertEqual((photo.name, photo.mimetype, photo.raw), ("leak.png", "image/png", PNG))
        # she sees her photo
        image = self.url_open(f"/my/repairs/{new.id}/photo/{photo.id}")
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image.content, PNG)
        # and is told
        told = self._messages(self.amina, direction="out")
        self.assertTrue(any(new.name in message.body for message in told))

    def test_bad_files_are_refused_whole(self):
        before = self._requests(self.amina)
        response = self._ask(
            files=[("photos", ("leak.png", b"#!/bin/sh\necho pwned", "image/png"))]
        )
        self.assertIn("Send photos only", response.text)
        response = self._ask(files=[("photos", (f"p{i}.png", PNG, "image/png")) for i in range(6)])
        self.assertIn("Too many photos", response.text)
        response = self._ask(description="   ")
        self.assertIn("Tell us what is wrong.", response.text)
        self.env.invalidate_all()
        self.assertEqual(self._requests(self.amina), before)

    def test_someone_elses_lease_in_the_form(self):
        response = self._ask(lease_id=str(self.lease_jan.id))
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertEqual(self._requests(self.jan), self.repair_jan)

    def test_pages_show_her_own(self):
        home = self.url_open("/my/home")
        self.assertIn('href="/my/repairs"', home.text)
        self.assertIn("o_svk_tile_repairs", home.text)
        listing = self.url_open("/my/repairs")
        self.assertIn(self.repair_amina.name, listing.text)
        self.assertNotIn(self.repair_jan.name, listing.text)
        detail = self.url_open(f"/my/repairs/{self.repair_amina.id}")
        self.assertIn("Le radiateur est froid", detail.text)
        self.assertIn("09:00", detail.text)  # the visit, Brussels time

    def test_visit_answered_from_the_portal(self):
        page = self.url_open(f"/my/repairs/{self.repair_amina.id}")
        response = self.url_open(
            f"/my/repairs/{self.repair_amina.id}/visit",
            data={"answer": "other", "note": "Après 14h", "csrf_token": csrf(page.text)},
        )
        self.assertIn("We will propose another time", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.repair_amina.visit_state, "other_slot")
        self.assertEqual(self.repair_amina.visit_note, "Après 14h")

    def test_other_ids_in_urls_are_not_found(self):
        jan = self.repair_jan
        self.assertEqual(self.url_open(f"/my/repairs/{jan.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/repairs/999999999").status_code, 404)
        page = self.url_open(f"/my/repairs/{self.repair_amina.id}")
        response = self.url_open(
            f"/my/repairs/{jan.id}/visit", data={"answer": "confirm", "csrf_token": csrf(page.text)}
        )
        self.assertEqual(response.status_code, 404)
        for url in (
            f"/web/content/{self.photo_jan.id}",
            f"/web/image/{self.photo_jan.id}",
            f"/my/repairs/{jan.id}/photo/{self.photo_jan.id}",
            # her request, his photo
            f"/my/repairs/{self.repair_amina.id}/photo/{self.photo_jan.id}",
        ):
            content = self.url_open(url)
            self.assertNotEqual(content.content, PNG, url)
            if not url.startswith("/web/image"):  # that one answers a placeholder
                self.assertIn(content.status_code, (403, 404), url)

    def test_json_rpc_reads_her_own_only(self):
        found = self._call("svk.repair.request", "search_read", [[]], fields=["name"])
        self.assertEqual([row["id"] for row in found], self.repair_amina.ids)
        groups = self._call("svk.repair.request", "read_group", [[], ["category"], ["category"]])
        self.assertEqual([group["category"] for group in groups], ["heating"])
        with self._refused():
            self._call("svk.repair.request", "read", [self.repair_jan.ids], fields=["name"])
        with self._refused():
            self._call("svk.repair.request", "write", [self.repair_amina.ids, {"payer": "owner"}])
        with self._refused():
            self._call(
                "svk.repair.request",
                "create",
                [{"lease_id": self.lease_jan.id, "description": "x"}],
            )
        with self._refused():
            self._call("svk.repair.request", "action_close", [self.repair_amina.ids])
        with self._refused():
            self._call("ir.attachment", "read", [self.photo_jan.ids], fields=["datas"])
        with self._refused():
            self._call(
                "ir.attachment",
                "search_read",
                [[("res_model", "=", "svk.repair.request")]],
                fields=["name"],
            )
