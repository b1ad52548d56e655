import base64

from odoo.addons.svk_messaging.tests.common import SvkMessagingCase

PASSWORD = "tenant-portal-pw"


class SvkPortalCase(SvkMessagingCase):
    """The messaging agency with its rent cycle: two tenants invited to the portal
    (Amina by e-mail, Jan by his mobile number), a month invoiced, Amina's entry
    inspection report on her lease and Jan's on his, an internal note on each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._svk_check_accounting()
        bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        bank_journal.bank_account_id = cls.env["res.partner.bank"].create(
            {"partner_id": cls.company.partner_id.id, "acc_number": "BE68539007547034"}
        )
        cls.company.write(
            {
                "phone": "+32 2 555 00 00",
                "street": "Rue du Midi 1",
                "zip": "1000",
                "city": "Bruxelles",
                "svk_portal_hours": "Mon–Fri 9:00–12:00",
                "svk_portal_emergency": "Plumber: 02 123 45 67",
            }
        )
        cls.units[0].street = "Rue Haute 120, 0.1"
        cls.units[1].street = "Rue Haute 120, 0.2"
        run = (
            cls.env["svk.rent.run"]
            .with_context(queue_job__no_delay=True)
            .create({"period": "2026-11-01"})
        )
        run.action_start()
        cls.invoice_amina = cls._invoice(cls.lease_amina)
        cls.invoice_jan = cls._invoice(cls.lease_jan)
        pdf = base64.b64encode(b"%PDF-1.4 inspection")
        cls.lease_amina.write(
            {
                "entry_inspection_file": pdf,
                "entry_inspection_filename": "inspection-amina.pdf",
                "entry_inspection_date": "2026-01-02",
                "note": "<p>Staff only: Amina's lease note</p>",
            }
        )
        cls.lease_jan.write(
            {
                "entry_inspection_file": pdf,
                "entry_inspection_filename": "inspection-jan.pdf",
                "entry_inspection_date": "2026-01-03",
            }
        )
        cls.attachment_jan = cls.env["ir.attachment"].search(
            [
                ("res_model", "=", "svk.lease"),
                ("res_id", "=", cls.lease_jan.id),
                ("res_field", "=", "entry_inspection_file"),
            ]
        )
        for partner in (cls.amina, cls.jan):
            partner.message_post(
                body=f"Internal note about {partner.name}", subtype_xmlid="mail.mt_note"
            )
        cls.user_amina = cls._portal_user(cls.lease_amina)
        cls.user_jan = cls._portal_user(cls.lease_jan)

    @classmethod
    def _invoice(cls, lease):
        return cls.env["account.move"].search(
            [("svk_lease_id", "=", lease.id), ("svk_kind", "=", "tenant")], limit=1
        )

    @classmethod
    def _portal_user(cls, lease):
        user = lease._svk_portal_user()
        user.password = PASSWORD
        return user

    def _attachments_of(self, record):
        return self.env["ir.attachment"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )
