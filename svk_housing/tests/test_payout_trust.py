import base64

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import SvkRentCase

NEW_IBAN = "BE21001234567803"
NEW_IBAN_PRINTED = "BE21 0012 3456 7803"


class PayoutCase(SvkRentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        payments = "account_payment_order.group_account_payment"
        # an SVK user who also has the OCA's "Accounting / Payments" right: may write bank
        # accounts and payment orders
        cls.payer = new_test_user(
            cls.env,
            login="svk_payer",
            groups=f"svk_housing.group_svk_user,{payments}",
            name="Paul Payer",
        )
        cls.payment_manager = new_test_user(
            cls.env,
            login="svk_pay_manager",
            groups=f"svk_housing.group_svk_manager,{payments}",
            name="Mona Manager",
        )
        cls.accountant.groups_id |= cls.env.ref(payments)
        cls.bank_journal.bank_account_id.bank_id = cls.env["res.bank"].create(
            {"name": "BNP Paribas Fortis", "bic": "GEBABEBB"}
        )

    def _messages(self, record, *ibans):
        """The bodies of the record's messages naming every IBAN (however spaced)."""
        return [
            body
            for body in record.message_ids.mapped("body")
            if all(iban in str(body).replace(" ", "") for iban in ibans)
        ]


class TestPayoutTrust(PayoutCase):
    """The account an owner is paid on: trusted by the manager who starts the contract,
    its number and holder changed only by an SVK manager, logged on the contract and
    trusted again by a manager before owners' payment orders pay it."""

    def test_activation_trusts_the_payout_account(self):
        self.assertTrue(self.owner_bank.allow_out_payment)
        self.assertTrue(self.owner_b_bank.allow_out_payment)
        self.assertTrue(self.mandate.bank_account_trusted)

    def test_a_user_with_payment_rights_cannot_rewrite_a_running_owner_iban(self):
        bank = self.owner_bank.with_user(self.payer)
        for vals in (
            {"acc_number": NEW_IBAN},
            {"acc_holder_name": "Someone Else"},
            {"partner_id": self.payer.partner_id.id},
        ):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                bank.write(vals)
        # untrusted or not, the account of a running contract is a manager's
        self.owner_bank.allow_out_payment = False
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            bank.write({"acc_number": NEW_IBAN})
        self.assertEqual(self.owner_bank.sanitized_acc_number, "BE71096123456769")
        # the same value is no change, and other fields stay the payer's to edit
        bank.write({"acc_number": "BE71096123456769", "currency_id": self.company.currency_id.id})

    def test_an_account_not_used_by_a_running_contract_stays_odoos(self):
        other = self.env["res.partner.bank"].create(
            {"partner_id": self.owner.id, "acc_number": "BE56001234567888"}
        )
        other.with_user(self.payer).acc_number = NEW_IBAN
        self.assertEqual(other.sanitized_acc_number, NEW_IBAN)
        self.assertFalse(other.allow_out_payment)

    def test_the_manager_change_is_logged_and_waits_for_trust(self):
        self._run()
        bills = self._documents(kind="owner", period="2026-11-01")
        self.assertEqual(len(bills), 2)
        self.owner_bank.with_user(self.payment_manager).acc_number = NEW_IBAN
        self.assertEqual(self.owner_bank.sanitized_acc_number, NEW_IBAN)
        self.assertFalse(self.owner_bank.allow_out_payment, "changed: trusted no more")
        self.assertFalse(self.mandate.bank_account_trusted)
        log = self._messages(self.mandate, NEW_IBAN, "BE71096123456769")
        self.assertEqual(len(log), 1)
        self.assertIn(self.payment_manager.name, log[0])

        # the owners' payment order does not pay the changed account
        bills.with_user(self.accountant).create_account_payment_line()
        order = self.env["account.payment.order"].search(
            [("payment_mode_id", "=", self.company.svk_owner_payment_mode_id.id)]
        )
        order = order.with_user(self.accountant)
        with self.assertRaisesRegex(UserError, NEW_IBAN_PRINTED), self.env.cr.savepoint():
            order.draft2open()
        self.assertEqual(order.state, "draft")

        # a plain user cannot trust it again; a manager can
        with self.assertRaises(AccessError):
            self.mandate.with_user(self.svk_user).action_trust_bank_account()
        self.mandate.with_user(self.svk_manager).action_trust_bank_account()
        self.assertTrue(self.owner_bank.allow_out_payment)
        self.assertEqual(len(self._messages(self.mandate, NEW_IBAN)), 2, "changed, trusted")
        order.draft2open()
        order.open2generated()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)]
        )
        xml = etree.fromstring(base64.b64decode(attachment.datas))
        ibans = xml.xpath(
            "//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN/text()", namespaces={"p": xml.nsmap[None]}
        )
        self.assertEqual(sorted(ibans), sorted([NEW_IBAN, "BE62510007547061"]))
        order.generated2uploaded()
        # the owners are paid to the cent: their bills' payables are settled, and the
        # month leaves nothing on "rents collected for owners"
        payables = bills.line_ids.filtered(lambda line: line.account_type == "liability_payable")
        self.assertEqual(round(sum(payables.mapped("amount_residual")), 2), 0.0)
        collected = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.company.svk_owner_collected_account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(round(sum(collected.mapped("balance")), 2), 0.0)
        posted = self.env["account.move.line"].search([("parent_state", "=", "posted")])
        self.assertEqual(round(sum(posted.mapped("balance")), 2), 0.0)

    def test_an_account_changed_after_the_order_was_confirmed_gets_no_file(self):
        self._run()
        bills = self._documents(kind="owner", period="2026-11-01")
        bills.with_user(self.accountant).create_account_payment_line()
        order = self.env["account.payment.order"].search(
            [("payment_mode_id", "=", self.company.svk_owner_payment_mode_id.id)]
        )
        order = order.with_user(self.accountant)
        order.draft2open()
        self.owner_bank.with_user(self.payment_manager).acc_number = NEW_IBAN
        with self.assertRaisesRegex(UserError, NEW_IBAN_PRINTED), self.env.cr.savepoint():
            order.open2generated()
        self.assertEqual(order.state, "open")
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)]
            )
        )

    def test_the_account_of_a_tenant_sepa_mandate(self):
        bank = self.env["res.partner.bank"].create(
            {"partner_id": self.tenant.id, "acc_number": "BE43068999999501"}
        )
        mandate = self.env["account.banking.mandate"].create(
            {"partner_bank_id": bank.id, "signature_date": "2026-10-01", "format": "sepa"}
        )
        mandate.validate()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            bank.with_user(self.payer).acc_number = NEW_IBAN
        bank.with_user(self.payment_manager).acc_number = NEW_IBAN
        self.assertTrue(self._messages(self.lease, NEW_IBAN, "BE43068999999501"))


@tagged("post_install", "-at_install")
class TestPayoutTrustRpc(PayoutCase, HttpCase):
    """The same door, through the route a script takes: JSON-RPC call_kw."""

    def _call_kw(self, login, model, method, args):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    def test_call_kw_cannot_rewrite_a_running_owner_iban(self):
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(
                "svk_payer",
                "res.partner.bank",
                "write",
                [[self.owner_bank.id], {"acc_number": NEW_IBAN}],
            )
        self.assertIn("AccessError", str(caught.exception))
        self.owner_bank.invalidate_recordset()
        self.assertEqual(self.owner_bank.sanitized_acc_number, "BE71096123456769")
        self.assertTrue(self.owner_bank.allow_out_payment)

    def test_call_kw_a_plain_user_cannot_trust(self):
        self.owner_bank.allow_out_payment = False
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "svk_user", "svk.owner.contract", "action_trust_bank_account", [[self.mandate.id]]
            )
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "svk_payer",
                "res.partner.bank",
                "write",
                [[self.owner_bank.id], {"allow_out_payment": True}],
            )
        self.owner_bank.invalidate_recordset()
        self.assertFalse(self.owner_bank.allow_out_payment)
        self._call_kw(
            "svk_manager", "svk.owner.contract", "action_trust_bank_account", [[self.mandate.id]]
        )
        self.owner_bank.invalidate_recordset()
        self.assertTrue(self.owner_bank.allow_out_payment)
