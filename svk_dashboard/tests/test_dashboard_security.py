import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import SvkDashboardCase

DIRECTOR = "svk_dashboard.spreadsheet_dashboard_director"
ACCOUNTANT = "svk_dashboard.spreadsheet_dashboard_accountant"


@tagged("post_install", "-at_install")
class TestDashboardSecurity(SvkDashboardCase):
    def _visible(self, user):
        dashboards = self.env["spreadsheet.dashboard"].with_user(user).search([])
        return {xmlid for xmlid in (DIRECTOR, ACCOUNTANT) if self.env.ref(xmlid) in dashboards}

    def test_each_role_sees_its_dashboard(self):
        self.assertEqual(self._visible(self.director), {DIRECTOR})
        self.assertEqual(self._visible(self.accountant), {ACCOUNTANT})
        self.assertEqual(self._visible(self.billing_only), {ACCOUNTANT})
        self.assertEqual(self._visible(self.svk_user), set())
        self.assertEqual(self._visible(self.social), set())

    def test_plain_staff_cannot_open_them(self):
        for xmlid in (DIRECTOR, ACCOUNTANT):
            with self.subTest(xmlid), self.assertRaises(AccessError):
                self.env.ref(xmlid).with_user(self.svk_user).check_access("read")
        self.assertTrue(
            self.env.ref(DIRECTOR).with_user(self.director).get_readonly_dashboard()["snapshot"]
        )

    def test_staff_read_occupancy_of_their_agency_only(self):
        Report = self.env["svk.occupancy.report"]
        for user in (self.svk_user, self.director, self.accountant):
            with self.subTest(user=user.login):
                units = {unit for [unit] in Report.with_user(user)._read_group([], ["unit_id"])}
                self.assertIn(self.dash_units[0], units)
                self.assertNotIn(self.other_unit, units)
        # the report is not for those outside the agency's staff
        with self.assertRaises(AccessError):
            Report.with_user(self.billing_only).search([])

    def test_report_is_read_only(self):
        with self.assertRaises(AccessError):
            self.env["svk.occupancy.report"].with_user(self.director).create({})

    def test_counts_only_no_social_fields(self):
        """The dashboards group and count: no pivot reads a social field, nor the text of
        a message."""
        social_fields = {
            (model, name)
            for model in ("svk.referral", "svk.message", "svk.lease", "res.partner")
            for name, field in self.env[model]._fields.items()
            if field.groups and "group_svk_social" in field.groups
        } | {("svk.message", "body")}
        for xmlid in (DIRECTOR, ACCOUNTANT):
            data = json.loads(self.env.ref(xmlid).spreadsheet_data)
            for pivot in data["pivots"].values():
                named = {
                    (pivot["model"], d["fieldName"])
                    for d in pivot["rows"] + pivot["columns"] + pivot["measures"]
                }
                self.assertFalse(named & social_fields, pivot["name"])
            self.assertFalse(data["lists"])


@tagged("post_install", "-at_install")
class TestDashboardRpc(HttpCase, SvkDashboardCase):
    """The dashboard's own route, JSON-RPC read_group, as the browser calls it."""

    def _read_group(self, model, groupby, company_ids=None):
        kwargs = {"lazy": False}
        if company_ids:
            kwargs["context"] = {"allowed_company_ids": company_ids}
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/read_group",
            {
                "model": model,
                "method": "read_group",
                "args": [[], ["days_vacant:sum"], groupby],
                "kwargs": kwargs,
            },
        )

    def test_rpc_reads_own_agency_and_refuses_another(self):
        self.authenticate("svk_director", "svk_director")
        groups = self._read_group("svk.occupancy.report", ["unit_id"])
        unit_ids = {group["unit_id"][0] for group in groups}
        self.assertIn(self.dash_units[0].id, unit_ids)
        self.assertNotIn(self.other_unit.id, unit_ids)
        # asking for the other agency in the context does not widen the rule
        with self.assertRaises(JsonRpcException) as refused:
            self._read_group("svk.occupancy.report", ["unit_id"], [self.other_company.id])
        self.assertEqual(str(refused.exception), "odoo.exceptions.AccessError")

    def test_rpc_plain_staff_cannot_load_a_dashboard(self):
        self.authenticate("svk_user", "svk_user")
        director = self.env.ref(DIRECTOR).id
        # reading the dashboard's spreadsheet is refused by its record rule (group_ids)
        with self.assertRaises(JsonRpcException) as refused:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/spreadsheet.dashboard/read",
                {
                    "model": "spreadsheet.dashboard",
                    "method": "read",
                    "args": [[director], ["spreadsheet_data"]],
                    "kwargs": {},
                },
            )
        self.assertEqual(str(refused.exception), "odoo.exceptions.AccessError")
        # the dashboard action's route gets no snapshot either (Odoo's method finds no
        # data on a dashboard its user may not read, and fails)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/spreadsheet.dashboard/get_readonly_dashboard",
                {
                    "model": "spreadsheet.dashboard",
                    "method": "get_readonly_dashboard",
                    "args": [director],
                    "kwargs": {},
                },
            )
