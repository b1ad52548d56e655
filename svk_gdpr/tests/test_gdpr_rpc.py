import io
import json
import zipfile

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import SvkGdprCase


@tagged("post_install", "-at_install")
class TestGdprRpc(SvkGdprCase, HttpCase):
    """The export and the erasure through JSON-RPC and the download route, as a script or
    the web client would: an SVK Manager's, refused for an SVK User."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_manager_exports_and_downloads_over_rpc(self):
        self.authenticate(self.svk_manager.login, self.svk_manager.login)
        wizard_id = self._call(
            "svk.gdpr.export",
            "create",
            [{"partner_id": self.person.id, "requested_by": "regulator"}],
        )
        action = self._call("svk.gdpr.export", "action_export", [[wizard_id]])
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        contact = json.loads(archive.read("data/contact.json"))
        self.assertEqual(contact[0]["name"], "Amadou Diallo")
        self.assertEqual(len(self._logs("export", self.person)), 1)

    def test_manager_erases_over_rpc(self):
        self.authenticate(self.svk_manager.login, self.svk_manager.login)
        wizard_id = self._call(
            "svk.gdpr.erase",
            "create",
            [{"partner_id": self.person.id, "reason": "Asked by phone", "confirm": True}],
        )
        self._call("svk.gdpr.erase", "action_erase", [[wizard_id]])
        self.assertEqual(self.person.name, f"Anonymised #{self.person.id}")
        self.assertEqual(self._logs("erasure", self.person).reason, "Asked by phone")

    def test_user_is_refused_over_rpc(self):
        self.authenticate(self.svk_user.login, self.svk_user.login)
        attempts = [
            ("svk.gdpr.export", "create", [{"partner_id": self.person.id}]),
            (
                "svk.gdpr.erase",
                "create",
                [{"partner_id": self.person.id, "reason": "x", "confirm": True}],
            ),
            ("svk.gdpr.log", "search_read", [[]]),
            ("res.partner", "_svk_gdpr_erase", [[self.person.id], "x"]),
            ("res.partner", "_svk_gdpr_export", [[self.person.id]]),
        ]
        for model, method, args in attempts:
            with self.subTest(method=f"{model}.{method}"), self.assertRaises(JsonRpcException):
                self._call(model, method, args)
        self.assertEqual(self.person.name, "Amadou Diallo")
        self.assertFalse(self._logs("export") | self._logs("erasure"))

    def test_user_cannot_download_a_managers_export(self):
        wizard = (
            self.env["svk.gdpr.export"]
            .with_user(self.svk_manager)
            .create({"partner_id": self.person.id})
        )
        action = wizard.action_export()
        self.authenticate(self.svk_user.login, self.svk_user.login)
        response = self.url_open(action["url"])
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"Amadou", response.content)
