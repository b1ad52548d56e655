import base64
import copy

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import SMALL_AGENCY, SvkImportCase, xlsx_bytes

BALANCES = "Soldes d'ouverture"


@tagged("post_install", "-at_install")
class TestOpeningBalances(SvkImportCase):
    """Opening balances are journal entries: imported with Odoo's invoicing right only,
    and a posted one is never rewritten."""

    def _ref(self, kind, ref):
        return self.env["svk.import"]._record_of(self.company, kind, ref)

    def _receivable(self, move):
        return move.line_ids.filtered(lambda line: line.account_type == "asset_receivable")

    def _books(self, counterpart):
        """(counterpart, receivable): the balances of the company's posted entries on the
        counterpart account (499...) and on the receivable accounts, to the cent."""
        groups = self.env["account.move.line"]._read_group(
            [("company_id", "=", self.company.id), ("parent_state", "=", "posted")],
            ["account_id"],
            ["balance:sum"],
        )
        return (
            round(sum(balance for account, balance in groups if account == counterpart), 2),
            round(
                sum(
                    balance
                    for account, balance in groups
                    if account.account_type == "asset_receivable"
                ),
                2,
            ),
        )

    def test_a_manager_without_accounting_rights_imports_no_balance(self):
        manager = new_test_user(
            self.env, login="svk_import_no_books", groups="svk_housing.group_svk_manager"
        )
        before = self._counts()
        record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)}, user=manager)
        self.assertNotEqual(record.state, "done")
        errors = self._errors(record)
        self.assertEqual(len(errors), 1, errors)
        self.assertEqual(errors[0][0], BALANCES)
        self.assertIn("Invoicing", errors[0][3])
        with self.assertRaises(UserError):
            record.with_context(svk_import_inline=True).action_import()
        self.assertEqual(self._counts(), before, "nothing was written")
        self.assertFalse(self._ref("lease", "B-2024-01"))
        # the rest of the agency, without the sheet, is theirs to import
        rest = {name: rows for name, rows in SMALL_AGENCY.items() if name != BALANCES}
        record = self._import({"agence.xlsx": xlsx_bytes(rest)}, user=manager)
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        self.assertEqual(self._counts()["moves"], before["moves"])

    def test_reimport_reverses_a_changed_balance_and_leaves_an_unchanged_one(self):
        record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        self.assertEqual(record.state, "done")
        counterpart = record.counterpart_account_id
        self.assertTrue(counterpart.code.startswith("499"))
        self.assertEqual(self._books(counterpart), (-1262.5, 1262.5))
        debt = self._ref("balance", "B-2024-01")
        advance = self._ref("balance", "B-2022-07")
        lines = debt.line_ids.read(["account_id", "debit", "credit", "partner_id"])

        # the same files again: the entries are left alone
        moves = self.env["account.move"].search_count([])
        record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        self.assertEqual(record.state, "done")
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(self._ref("balance", "B-2024-01"), debt)
        self.assertFalse(debt.reversal_move_ids)
        self.assertEqual(self._books(counterpart), (-1262.5, 1262.5))

        # a corrected debt: the posted entry is reversed, never rewritten; a new one posted
        changed = copy.deepcopy(SMALL_AGENCY)
        changed[BALANCES][1][1] = "1.000,00"
        record = self._import({"agence.xlsx": xlsx_bytes(changed)})
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        self.assertEqual(debt.state, "posted")
        self.assertEqual(debt.line_ids.read(["account_id", "debit", "credit", "partner_id"]), lines)
        reversal = debt.reversal_move_ids
        self.assertEqual(len(reversal), 1)
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.date, debt.date)
        self.assertTrue(self._receivable(debt).reconciled, "cancelled by its reversal")
        new = self._ref("balance", "B-2024-01")
        self.assertNotEqual(new, debt)
        self.assertEqual(new.state, "posted")
        self.assertEqual(new.amount_total, 1000.0)
        self.assertEqual(self._ref("balance", "B-2022-07"), advance, "unchanged, left alone")
        self.assertFalse(advance.reversal_move_ids)
        self.assertEqual(self.env["account.move"].search_count([]), moves + 2)
        self.assertEqual(self._books(counterpart), (-950.0, 950.0))
        self.assertEqual(self._ref("lease", "B-2024-01").balance_due, 1000.0)
        self.assertEqual(self._ref("lease", "B-2022-07").balance_due, -50.0)

        # corrected again: the new entry is reversed in turn, the books follow
        changed[BALANCES][1][1] = "0,00"
        record = self._import({"agence.xlsx": xlsx_bytes(changed)})
        self.assertEqual(record.state, "done")
        self.assertEqual(new.state, "posted")
        self.assertTrue(self._receivable(new).reconciled)
        self.assertEqual(new.reversal_move_ids.state, "posted")
        self.assertFalse(self._ref("balance", "B-2024-01"), "no debt, no entry")
        self.assertEqual(self._books(counterpart), (50.0, -50.0))
        self.assertEqual(self._ref("lease", "B-2024-01").balance_due, 0.0)


@tagged("post_install", "-at_install")
class TestOpeningBalancesRpc(HttpCase):
    """Through JSON-RPC, as the web client does: an SVK manager without accounting rights
    is refused the opening balances, and nothing is written."""

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_a_manager_without_accounting_rights_is_refused(self):
        new_test_user(
            self.env,
            login="svk_import_rpc",
            password="svk_import_rpc_pw",
            groups="svk_housing.group_svk_manager",
        )
        moves = self.env["account.move"].search_count([])
        leases = self.env["svk.lease"].search_count([])
        self.authenticate("svk_import_rpc", "svk_import_rpc_pw")
        attachment = self._call_kw(
            "ir.attachment",
            "create",
            [
                {
                    "name": "agence.xlsx",
                    "datas": base64.b64encode(xlsx_bytes(SMALL_AGENCY)).decode(),
                    "res_model": "svk.import",
                }
            ],
        )
        record = self._call_kw(
            "svk.import",
            "create",
            [{"attachment_ids": [(6, 0, [attachment])], "cutover_date": "2026-11-30"}],
        )
        self._call_kw("svk.import", "action_check", [[record]])
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(
                "svk.import",
                "action_import",
                [[record]],
                {"context": {"svk_import_inline": True}},
            )
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.UserError")
        import_record = self.env["svk.import"].browse(record)
        self.assertNotEqual(import_record.state, "done")
        self.assertEqual(import_record.message_line_ids.sheet_name, BALANCES)
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(self.env["svk.lease"].search_count([]), leases, "nothing was written")
