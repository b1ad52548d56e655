import base64
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.svk_partners.models.crm_lead import INCOME_KINDS

# what an organisation may upload with an application
MAX_FILES = 10
MAX_FILE_BYTES = 10 * 1024 * 1024
ALLOWED_MIMETYPES = ("application/pdf", "image/jpeg", "image/png")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    svk_portal_submitted = fields.Boolean(
        string="Submitted by an organisation, to complete",
        copy=False,
        tracking=True,
        index=True,
        help="A referral organisation submitted this application on the partners' portal: "
        "the agency checks and completes it. Cleared when the file is complete.",
    )

    def action_svk_complete(self):
        result = super().action_svk_complete()
        self.filtered("svk_portal_submitted").svk_portal_submitted = False
        return result

    @api.model
    def _svk_portal_check(self, values, files):
        """The errors of an application submitted on the portal, by form field: empty
        when it may be created. `values` are the form's texts, `files` (name, mimetype,
        content) the documents."""
        errors = {}
        if not (values.get("contact_name") or "").strip():
            errors["contact_name"] = self.env._("Give the name of the household's contact.")
        email = (values.get("email") or "").strip()
        if email and not EMAIL_RE.match(email):
            errors["email"] = self.env._("This e-mail address is not valid.")
        if values.get("income_kind") not in dict(INCOME_KINDS):
            errors["income_kind"] = self.env._("Choose the kind of household.")
        for name, low, high, message in (
            ("adults", 1, 20, self.env._("Give the number of adults (1 to 20).")),
            ("children", 0, 20, self.env._("Give the number of dependent children (0 to 20).")),
        ):
            number = _to_int(values.get(name))
            if number is None or not low <= number <= high:
                errors[name] = message
        income = _to_float(values.get("net_income"))
        if income is None or income < 0:
            errors["net_income"] = self.env._(
                "Give the household's yearly net taxable income, in euros (0 or more)."
            )
        if len(files) > MAX_FILES:
            errors["documents"] = self.env._(
                "At most %(count)s documents per application.", count=MAX_FILES
            )
        for name, mimetype, content in files:
            if mimetype not in ALLOWED_MIMETYPES:
                errors["documents"] = self.env._(
                    "%(name)s: send documents as PDF, JPEG or PNG.", name=name
                )
            elif len(content) > MAX_FILE_BYTES:
                errors["documents"] = self.env._(
                    "%(name)s is larger than %(size)s MB.",
                    name=name,
                    size=MAX_FILE_BYTES // (1024 * 1024),
                )
            elif not content:
                errors["documents"] = self.env._("%(name)s is empty.", name=name)
        if not values.get("consent"):
            errors["consent"] = self.env._(
                "The household must agree to the application before you submit it."
            )
        return errors

    @api.model
    def _svk_portal_submit(self, user, values, files):
        """Create the application an organisation's social worker (`user`, a portal user)
        submitted, with its referral and documents, as a draft for the agency to complete
        (svk_portal_submitted) with an activity for its responsible. Raises a
        ValidationError listing the errors and writes nothing when the input is wrong.
        Run as superuser by the portal's controller, after it found the organisation."""
        errors = self._svk_portal_check(values, files)
        if errors:
            raise ValidationError("\n".join(errors.values()))
        referrals = self.env["svk.referral"]
        org = referrals._svk_portal_organisation(user)
        if not org:
            raise ValidationError(
                self.env._("Only a referral organisation's user submits applications.")
            )
        company = user.company_id
        responsible = referrals._svk_portal_responsible(org, company)
        contact_name = values["contact_name"].strip()
        lead = self.with_company(company).create(
            {
                "name": self.env._("Application %(name)s", name=contact_name),
                "type": "opportunity",
                "team_id": self.env.ref("svk_partners.crm_team_candidates").id,
                "company_id": company.id,
                "user_id": False,
                "contact_name": contact_name,
                "email_from": (values.get("email") or "").strip(),
                "phone": (values.get("phone") or "").strip(),
                "svk_income_kind": values["income_kind"],
                "svk_net_income": _to_float(values["net_income"]),
                "svk_adults": _to_int(values["adults"]),
                "svk_children": _to_int(values["children"]),
                "svk_portal_submitted": True,
            }
        )
        referral = referrals.with_company(company).create(
            {
                "organisation_id": org.id,
                "social_worker_id": user.partner_id.id,
                "lead_id": lead.id,
                "company_id": company.id,
                "user_id": responsible.id,
                "consent_arrears": bool(values.get("consent_arrears")),
                "consent_lease_end": bool(values.get("consent_lease_end")),
                "consent_contact": bool(values.get("consent_contact")),
            }
        )
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "datas": base64.b64encode(content),
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": lead.id,
                    "company_id": company.id,
                }
                for name, mimetype, content in files
            ]
        )
        lead.message_post(
            body=self.env._(
                "Application submitted on the partners' portal by %(worker)s (%(organisation)s).",
                worker=user.partner_id.name,
                organisation=org.name,
            ),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )
        lead.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=responsible.id,
            summary=self.env._("Complete the application submitted by %(org)s", org=org.name),
        )
        return lead, referral


def _to_int(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _to_float(value):
    try:
        number = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None
