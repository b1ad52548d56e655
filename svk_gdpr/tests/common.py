import base64
import io
import json
import zipfile

from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.svk_housing.tests.common import SvkHousingCase

PDF = b"%PDF-1.4 identity card of Amadou"


class SvkGdprCase(SvkHousingCase):
    """An applicant with everything the agency may hold about a person: contact, bank
    account, an application with health data, a referral with social notes, messages,
    consents, chatter and files; users of each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social_manager = new_test_user(
            cls.env,
            login="gdpr_social_manager",
            groups="svk_housing.group_svk_manager,svk_housing.group_svk_social",
            name="Sofia Social",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Candidates (GDPR)", "svk_candidates": True, "company_id": cls.company.id}
        )
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Amadou Diallo",
                "email": "amadou.diallo@example.be",
                "phone": "+32 470 12 34 56",
                "street": "Rue de Flandre 12",
                "zip": "1000",
                "city": "Bruxelles",
            }
        )
        cls.person_bank = cls.env["res.partner.bank"].create(
            {"partner_id": cls.person.id, "acc_number": "BE17375117457621"}
        )
        cls.person.message_post(body="Came to the office with his identity card.")
        cls.person_file = cls.env["ir.attachment"].create(
            {
                "name": "id-card.pdf",
                "raw": PDF,
                "res_model": "res.partner",
                "res_id": cls.person.id,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Diallo household",
                "contact_name": "Amadou Diallo",
                "email_from": "amadou.diallo@example.be",
                "type": "opportunity",
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "partner_id": cls.person.id,
                "svk_income_kind": "single",
                "svk_net_income": 18000.0,
                "svk_health_note": "Needs a ground-floor unit after a stroke",
            }
        )
        cls.org = cls.env["res.partner"].create(
            {
                "name": "Housing First Bruxelles",
                "is_company": True,
                "svk_referral_org": True,
                "svk_org_type": "homeless",
            }
        )
        cls.referral = cls.env["svk.referral"].create(
            {
                "organisation_id": cls.org.id,
                "partner_id": cls.person.id,
                "lead_id": cls.lead.id,
                "social_note": "<p>Recovering from an addiction</p>",
                "justice_info": "Released on parole in March",
                "meeting_ids": [Command.create({"note": "<p>First home visit</p>"})],
            }
        )
        posted = cls.person.message_post(body="Hello, is my file complete?")
        cls.message = cls.env["svk.message"].create(
            {
                "direction": "in",
                "channel": "sms",
                "partner_id": cls.person.id,
                "number": "+32470123456",
                "body": "Hello, is my file complete?",
                "state": "received",
                "mail_message_id": posted.id,
            }
        )
        Consent = cls.env["svk.messaging.consent"]
        cls.consent_sms = Consent.create(
            {
                "partner_id": cls.person.id,
                "number": "+32470123456",
                "channel": "sms",
                "state": "opt_in",
                "note": "Signed at the desk",
            }
        )
        cls.consent_whatsapp = Consent.create(
            {
                "partner_id": cls.person.id,
                "number": "+32470123456",
                "channel": "whatsapp",
                "state": "opt_out",
                "note": "Prefers no WhatsApp",
            }
        )

    def _unzip(self, wizard):
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.sudo().archive)))
        return archive

    def _section(self, archive, name):
        return json.loads(archive.read(f"data/{name}.json"))

    def _logs(self, kind, partner=None):
        domain = [("kind", "=", kind)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.env["svk.gdpr.log"].search(domain)
