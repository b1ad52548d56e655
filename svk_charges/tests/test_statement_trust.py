from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import SvkChargesCase


class StatementTrustCase(SvkChargesCase):
    """A computed statement; staff try to move it, or to sign it, without its buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.statement = cls.env["svk.charges.statement"].create(
            {"building_id": cls.building.id, "date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        cls.statement.action_compute()


class TestStatementTrust(StatementTrustCase):
    def test_user_cannot_move_or_sign_a_statement_without_its_buttons(self):
        # the key the actions used to set: a client sets it as easily
        mine = self.statement.with_user(self.svk_user).with_context(svk_charges_action=True)
        refused = {
            "approved without the approval": {"state": "posted"},
            "cancelled without the button": {"state": "cancel"},
            "signed by a manager": {"approved_by_id": self.svk_manager.id},
            "signed on a day": {"approved_on": "2027-01-05 10:00:00"},
        }
        for change, vals in refused.items():
            with self.subTest(change=change), self.assertRaises(AccessError):
                mine.write(vals)
        self.statement.invalidate_recordset()
        self.assertEqual(self.statement.state, "computed")
        self.assertFalse(self.statement.approved_by_id)
        with self.assertRaises(AccessError):
            self.env["svk.charges.statement"].with_user(self.svk_user).with_context(
                svk_charges_action=True
            ).create(
                {
                    "building_id": self.other_building.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-12-31",
                    "state": "posted",
                }
            )
        # its buttons still work for them
        mine.action_cancel()
        self.assertEqual(self.statement.state, "cancel")
        mine.action_draft()
        mine.action_compute()
        self.assertEqual(self.statement.state, "computed")

    def test_an_approved_statements_documents_keep_their_dates(self):
        with freeze_time("2027-01-15"):
            self.statement.with_user(self.svk_manager).action_approve()
        self.assertEqual(self.statement.approved_by_id, self.svk_manager)
        with self.assertRaises(UserError):
            self.statement.with_user(self.svk_manager).date_due = "2030-01-01"


@tagged("post_install", "-at_install")
class TestStatementTrustRpc(StatementTrustCase, HttpCase):
    def test_user_cannot_approve_by_writing_the_state_over_rpc(self):
        self.authenticate(self.svk_user.login, self.svk_user.login)
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/svk.charges.statement/write",
                {
                    "model": "svk.charges.statement",
                    "method": "write",
                    "args": [
                        self.statement.ids,
                        {"state": "posted", "approved_by_id": self.svk_manager.id},
                    ],
                    "kwargs": {"context": {"svk_charges_action": True}},
                },
            )
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        self.assertEqual(self.statement.state, "computed")
