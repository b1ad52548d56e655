import io

import openpyxl

from odoo.fields import Command
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import SvkRegionCase


@tagged("post_install", "-at_install")
class TestInventoryHttp(SvkRegionCase, HttpCase):
    """The sent inventory through the routes a browser or a script takes: the workbook's
    download, JSON-RPC; another agency's staff get nothing of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        unit = cls._unit("W1")
        cls._contract(unit, "2024-01-01")
        cls.inventory = (
            cls.env["svk.region.inventory"].with_user(cls.manager).create({"date": "2026-09-30"})
        )
        cls.inventory.action_compute()
        cls.inventory.action_send()
        other = cls.env["res.company"].create({"name": "AIS Ailleurs"})
        cls.stranger = new_test_user(
            cls.env,
            login="svk_region_stranger",
            groups="svk_housing.group_svk_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )

    def _workbook_url(self):
        return f"/report/xlsx/svk_region.inventory_xlsx/{self.inventory.id}"

    def test_staff_downloads_the_workbook(self):
        self.authenticate(self.staff.login, self.staff.login)
        response = self.url_open(self._workbook_url())
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book["Units"].max_row, 2)

    def test_another_agency_gets_nothing(self):
        self.authenticate(self.stranger.login, self.stranger.login)
        response = self.url_open(self._workbook_url())
        self.assertNotEqual(response.status_code, 200)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/svk.region.inventory/read",
                {
                    "model": "svk.region.inventory",
                    "method": "read",
                    "args": [self.inventory.ids, ["unit_count"]],
                    "kwargs": {},
                },
            )

    def test_frozen_through_json_rpc(self):
        self.authenticate(self.manager.login, self.manager.login)
        for method, args in (
            ("write", [self.inventory.ids, {"unit_count": 0}]),
            ("action_compute", [self.inventory.ids]),
            ("unlink", [self.inventory.ids]),
        ):
            with self.subTest(method=method), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/svk.region.inventory/{method}",
                    {
                        "model": "svk.region.inventory",
                        "method": method,
                        "args": args,
                        "kwargs": {},
                    },
                )
        self.assertEqual(self.inventory.unit_count, 1)
