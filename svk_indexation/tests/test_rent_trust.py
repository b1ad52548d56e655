from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import SvkIndexationCase


@tagged("post_install", "-at_install")
class TestRentTrust(SvkIndexationCase, HttpCase):
    """The context key the approval used to set is a client's to send: it neither opens
    a running lease's rent nor keeps a change by hand out of the rent history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.indexed = cls._old_lease(cls.flats[0], "B", "2022-01-01", "2021-12-10", 500.0)
        batch = cls.env["svk.indexation"].create({"month": "2023-01-01"})
        batch.action_propose()
        with freeze_time("2023-01-05"):
            batch.with_user(cls.svk_manager).action_approve()

    def _write_rent(self, rent):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/svk.lease/write",
            {
                "model": "svk.lease",
                "method": "write",
                "args": [self.indexed.ids, {"rent": rent}],
                "kwargs": {"context": {"svk_indexation": True}},
            },
        )

    def test_a_managers_change_by_hand_is_on_record_whatever_the_context(self):
        self.assertEqual(self.indexed.rent, 555.08)
        self.authenticate(self.svk_manager.login, self.svk_manager.login)
        self._write_rent(540.0)
        self.assertEqual(
            self.indexed.rent_history_ids.sorted("date_from")[-1:].mapped(
                lambda h: (h.rent, h.previous_rent, h.reason)
            ),
            [(540.0, 555.08, "manual")],
        )

    def test_a_user_does_not_change_an_indexed_rent(self):
        self.authenticate(self.svk_user.login, self.svk_user.login)
        with self.assertRaises(JsonRpcException) as caught:
            self._write_rent(400.0)
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        with self.assertRaises(AccessError):
            self.indexed.with_user(self.svk_user).with_context(svk_indexation=True).rent = 400.0
        self.assertEqual(self.indexed.rent, 555.08)
        self.assertEqual(len(self.indexed.rent_history_ids), 2, "start and indexation")
