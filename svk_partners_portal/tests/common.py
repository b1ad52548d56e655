from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.svk_housing.tests.common import SvkRentCase

PASSWORD = "partners-portal-pw"
SOCIAL_NOTE = "Relapse after the hospital stay"


class SvkPartnersPortalCase(SvkRentCase):
    """Two referral organisations, each with a social worker invited to the partners'
    portal by agency staff: Housing First referred Yonas (running lease, October's rent
    unpaid), who agreed to share his arrears only; the CPAS referred Ioana, who agreed to
    share everything. Both referrals hold social notes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social = new_test_user(
            cls.env,
            login="pp_social",
            groups="svk_housing.group_svk_social",
            name="Sarah Janssens",
            email="sarah@agency.example",
        )
        cls.org_a = cls._organisation("Housing First Bruxelles", "homeless")
        cls.org_b = cls._organisation("CPAS de Forest", "cpas")
        cls.worker_a = cls._worker(cls.org_a, "Lotte Peeters", "lotte@hf.example")
        cls.worker_b = cls._worker(cls.org_b, "Marc Dubois", "marc@cpas.example")
        cls.tenant.write({"phone": "+32 470 11 22 33", "email": "yonas@example.com"})
        cls.tenant_2.write({"phone": "+32 470 44 55 66", "email": "ioana@example.com"})
        cls.referral_a = cls._referral(cls.org_a, cls.worker_a, cls.tenant, consent_arrears=True)
        cls.referral_b = cls._referral(
            cls.org_b,
            cls.worker_b,
            cls.tenant_2,
            consent_arrears=True,
            consent_lease_end=True,
            consent_contact=True,
        )
        october = cls.env["account.move"].create(
            cls.lease._prepare_rent_invoices(fields.Date.to_date("2026-10-01"))
        )
        october.action_post()
        cls.user_a = cls._invite(cls.worker_a)
        cls.user_b = cls._invite(cls.worker_b)

    @classmethod
    def _organisation(cls, name, org_type):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "svk_referral_org": True, "svk_org_type": org_type}
        )

    @classmethod
    def _worker(cls, org, name, email):
        return cls.env["res.partner"].create({"name": name, "parent_id": org.id, "email": email})

    @classmethod
    def _referral(cls, org, worker, household, **vals):
        return cls.env["svk.referral"].create(
            {
                "organisation_id": org.id,
                "social_worker_id": worker.id,
                "partner_id": household.id,
                "user_id": cls.social.id,
                "date": "2026-01-05",
                "social_note": f"<p>{SOCIAL_NOTE}</p>",
                "support_plan": "<p>Weekly visits by the nurse</p>",
                **vals,
            }
        )

    @classmethod
    def _invite(cls, worker):
        worker.with_user(cls.svk_user).action_svk_invite_partner_portal()
        user = worker.user_ids
        user.password = PASSWORD
        return user
