from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# the form's fields, kept on an error so that nothing typed is lost
APPLY_FIELDS = (
    "contact_name",
    "email",
    "phone",
    "income_kind",
    "adults",
    "children",
    "net_income",
    "consent",
    "consent_arrears",
    "consent_lease_end",
    "consent_contact",
)


class SvkPartnersPortal(CustomerPortal):
    """The referral organisations' pages. A portal user has no access to referrals,
    applications or their messages through the ORM: every page reads as superuser only
    the referrals of the user's organisation (svk.referral._svk_portal_domain), and of
    each only its status, the agency's contact, the alerts sent to the organisation and
    the facts the household agreed to share (_svk_portal_facts). Anything else answers
    404, as a referral that does not exist."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "svk_referral_count" in counters:
            domain = request.env["svk.referral"]._svk_portal_domain(request.env.user)
            values["svk_referral_count"] = (
                request.env["svk.referral"].sudo().search_count(domain) if domain is not None else 0
            )
        return values

    def _svk_partners_values(self, page_name, **values):
        return {
            **self._prepare_portal_layout_values(),
            # the page's language on its <html>, for screen readers: Odoo's portal layout
            # without the website app leaves it out
            "html_data": {"lang": (request.env.lang or "en_US").replace("_", "-")},
            "page_name": page_name,
            **values,
        }

    def _svk_referrals(self):
        domain = request.env["svk.referral"]._svk_portal_domain(request.env.user)
        if domain is None:
            raise request.not_found()
        # sudo: portal users have no access to referrals; the domain is the ownership
        # check, and the templates read only what this controller hands them
        return request.env["svk.referral"].sudo().search(domain)

    @http.route("/my/referrals", type="http", auth="user", website=True)
    def svk_referrals(self, **kw):
        referrals = self._svk_referrals()
        values = self._svk_partners_values(
            "svk_referrals",
            referrals=[self._svk_referral_summary(referral) for referral in referrals],
        )
        return request.render("svk_partners_portal.portal_my_svk_referrals", values)

    @http.route("/my/referrals/<int:referral_id>", type="http", auth="user", website=True)
    def svk_referral(self, referral_id, submitted=None, **kw):
        referral = self._svk_referrals().filtered(lambda r: r.id == referral_id)
        if not referral:
            raise request.not_found()
        values = self._svk_partners_values(
            "svk_referral",
            referral=self._svk_referral_summary(referral),
            contact=self._svk_agency_contact(referral),
            facts=referral._svk_portal_facts(),
            alerts=[{"date": alert.date, "body": alert.body} for alert in referral.alert_ids],
            submitted=bool(submitted),
        )
        return request.render("svk_partners_portal.portal_my_svk_referral", values)

    @http.route(
        "/my/referrals/apply", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def svk_apply(self, **post):
        user = request.env.user
        if not request.env["svk.referral"]._svk_portal_organisation(user):
            raise request.not_found()
        errors = {}
        if request.httprequest.method == "POST":
            files = [
                (upload.filename, upload.mimetype, upload.read())
                for upload in request.httprequest.files.getlist("documents")
                if upload.filename
            ]
            leads = request.env["crm.lead"].sudo()
            errors = leads._svk_portal_check(post, files)
            if not errors:
                try:
                    # one transaction: a failure leaves nothing written
                    with request.env.cr.savepoint():
                        _lead, referral = leads._svk_portal_submit(user, post, files)
                except ValidationError as error:
                    errors = {"form": str(error)}
                else:
                    return request.redirect(f"/my/referrals/{referral.id}?submitted=1")
        values = self._svk_partners_values(
            "svk_apply",
            errors=errors,
            form={name: post.get(name, "") for name in APPLY_FIELDS},
            income_kinds=request.env["crm.lead"]
            ._fields["svk_income_kind"]
            ._description_selection(request.env),
        )
        return request.render("svk_partners_portal.portal_svk_apply", values)

    def _svk_referral_summary(self, referral):
        """What the organisation sees of a referral in the list and on top of its page."""
        lead = referral.lead_id
        household = referral.partner_id.name or lead.contact_name or lead.partner_name
        statuses = dict(referral._fields["status"]._description_selection(request.env))
        return {
            "id": referral.id,
            "household": household,
            "date": referral.date,
            "status": statuses.get(referral.status),
            "status_key": referral.status,
            "support_end_date": referral.support_end_date,
            "application": lead.svk_register_number
            or (request.env._("Submitted, to complete") if lead.svk_portal_submitted else ""),
            "alert_count": len(referral.alert_ids),
            "social_worker": referral.social_worker_id.name,
        }

    def _svk_agency_contact(self, referral):
        """The agency's person for this referral (its social worker), with the agency's
        own phone and e-mail when the person has none."""
        person = referral.user_id
        company = referral.company_id
        return {
            "name": person.name or company.name,
            "agency": company.name,
            "phone": person.partner_id.phone or company.phone,
            "email": person.partner_id.email or company.email,
        }
