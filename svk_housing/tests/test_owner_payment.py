import base64

from lxml import etree

from .common import SvkRentCase


class TestOwnerPayment(SvkRentCase):
    """Owners are paid by SEPA credit transfer through the OCA payment orders, from the
    bills of the monthly run; tenants with a mandate are invoiced for direct debit."""

    def test_owner_bills_go_into_a_sepa_payment_order(self):
        self.accountant.groups_id |= self.env.ref("account_payment_order.group_account_payment")
        self.bank_journal.bank_account_id.bank_id = self.env["res.bank"].create(
            {"name": "BNP Paribas Fortis", "bic": "GEBABEBB"}
        )
        self._run()
        bills = self.env["account.move"].search(
            [("svk_kind", "=", "owner"), ("svk_period", "=", "2026-11-01")]
        )
        self.assertEqual(len(bills), 2)
        bills.with_user(self.accountant).create_account_payment_line()
        order = self.env["account.payment.order"].search(
            [("payment_mode_id", "=", self.company.svk_owner_payment_mode_id.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(sum(order.payment_line_ids.mapped("amount_currency")), 1150.0 + 800.0)
        self.assertEqual(
            set(order.payment_line_ids.mapped("partner_bank_id")),
            {self.owner_bank, self.owner_b_bank},
        )
        order = order.with_user(self.accountant)
        order.draft2open()
        order.open2generated()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)]
        )
        xml = etree.fromstring(base64.b64decode(attachment.datas))
        ns = {"p": xml.nsmap[None]}
        ibans = xml.xpath("//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN/text()", namespaces=ns)
        self.assertEqual(sorted(ibans), sorted(["BE71096123456769", "BE62510007547061"]))
        self.assertEqual(xml.xpath("//p:GrpHdr/p:CtrlSum/text()", namespaces=ns), ["1950.00"])

    def test_tenant_with_a_mandate_is_invoiced_for_direct_debit(self):
        bank = self.env["res.partner.bank"].create(
            {"partner_id": self.tenant.id, "acc_number": "BE43068999999501"}
        )
        mandate = self.env["account.banking.mandate"].create(
            {"partner_bank_id": bank.id, "signature_date": "2026-10-01", "format": "sepa"}
        )
        mandate.validate()
        self._run()
        invoice = self._documents(lease_id=self.lease.id, kind="tenant")
        self.assertEqual(invoice.mandate_id, mandate)
        self.assertEqual(invoice.payment_mode_id, self.company.svk_tenant_debit_mode_id)
        other = self._documents(lease_id=self.lease_cpas.id, kind="tenant")
        self.assertFalse(other.mandate_id)
