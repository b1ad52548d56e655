import base64

from odoo.http import request, route
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.svk_repair_request import CATEGORIES

# a phone's photos: a few, each small enough for a tenant's data plan and our disk
MAX_PHOTOS = 5
MAX_PHOTO_SIZE = 10 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
MAX_DESCRIPTION = 2000
MAX_NOTE = 200


class SvkRepairPortal(CustomerPortal):
    """The tenant's repair requests. Every page starts from the user's own requests and
    leases (their partner, under the portal record rules); another person's ids answer
    404, as if they did not exist. What the tenant writes goes through checked methods."""

    def _svk_repair_partner(self):
        return request.env.user.partner_id

    def _svk_repair_leases(self):
        """The leases a repair may be asked for: the user's own running leases."""
        return (
            self._svk_repair_partner()
            ._svk_portal_leases()
            .filtered(lambda lease: lease.state in ("active", "notice"))
        )

    def _svk_repair_or_404(self, request_id):
        repair = request.env["svk.repair.request"].search(
            [("id", "=", request_id), ("tenant_id", "=", self._svk_repair_partner().id)], limit=1
        )
        if not repair:
            raise request.not_found()
        return repair

    def _svk_repair_values(self, page_name, **values):
        return {
            **self._prepare_portal_layout_values(),
            "page_name": page_name,
            # the page's language, for screen readers (Odoo's portal layout leaves it out
            # without the website addon)
            "html_data": {"lang": (request.env.lang or "en_US").replace("_", "-")},
            "svk_categories": CATEGORIES,
            **values,
        }

    @route("/my/repairs", type="http", auth="user", website=True, methods=["GET"])
    def svk_repairs(self, **kw):
        repairs = request.env["svk.repair.request"].search(
            [("tenant_id", "=", self._svk_repair_partner().id)],
            order="create_date desc, id desc",
        )
        values = self._svk_repair_values(
            "svk_repairs", svk_repairs=repairs, svk_can_ask=bool(self._svk_repair_leases())
        )
        return request.render("svk_repair.portal_svk_repairs", values)

    @route("/my/repairs/new", type="http", auth="user", website=True, methods=["GET"])
    def svk_repair_new(self, error=None, **kw):
        leases = self._svk_repair_leases()
        if not leases:
            raise request.not_found()
        values = self._svk_repair_values(
            "svk_repair_new",
            svk_leases=leases,
            svk_units={lease.id: lease.sudo().unit_id for lease in leases},
            svk_error=error,
            svk_max_photos=MAX_PHOTOS,
        )
        return request.render("svk_repair.portal_svk_repair_new", values)

    @route("/my/repairs/new", type="http", auth="user", website=True, methods=["POST"])
    def svk_repair_create(self, description=None, category=None, lease_id=None, **kw):
        leases = self._svk_repair_leases()
        if not leases:
            raise request.not_found()
        lease = leases[:1]
        if lease_id:
            lease = leases.filtered(lambda candidate: str(candidate.id) == str(lease_id))
            if not lease:
                raise request.not_found()
        text = (description or "").strip()
        if not text:
            return request.redirect("/my/repairs/new?error=empty")
        if len(text) > MAX_DESCRIPTION:
            return request.redirect("/my/repairs/new?error=long")
        if category not in dict(CATEGORIES):
            category = "other"
        photos, error = self._svk_repair_photos(request.httprequest.files.getlist("photos"))
        if error:
            return request.redirect(f"/my/repairs/new?error={error}")
        lease = lease.sudo()
        # created as the agency (the tenant reads, never writes, requests): the lease
        # and the tenant come from the checks above, not from the form
        repair = (
            request.env["svk.repair.request"]
            .sudo()
            .with_company(lease.company_id)
            .create(
                {
                    "company_id": lease.company_id.id,
                    "lease_id": lease.id,
                    "category": category,
                    "description": text,
                    "source": "portal",
                }
            )
        )
        if photos:
            request.env["ir.attachment"].sudo().create(
                [
                    {
                        "name": name,
                        "datas": base64.b64encode(content),
                        "mimetype": mimetype,
                        "res_model": repair._name,
                        "res_id": repair.id,
                        "company_id": lease.company_id.id,
                    }
                    for name, content, mimetype in photos
                ]
            )
        return request.redirect(f"/my/repairs/{repair.id}?created=1")

    def _svk_repair_photos(self, files):
        """[(name, content, mimetype)] of the uploaded photos, or an error key: too many,
        too big, not a photo (by its content, not its name)."""
        files = [upload for upload in files if upload and upload.filename]
        if len(files) > MAX_PHOTOS:
            return [], "photos"
        photos = []
        for upload in files:
            content = upload.read(MAX_PHOTO_SIZE + 1)
            if len(content) > MAX_PHOTO_SIZE:
                return [], "size"
            mimetype = guess_mimetype(content)
            if mimetype not in PHOTO_TYPES:
                return [], "type"
            photos.append((upload.filename[:100], content, mimetype))
        return photos, None

    @route("/my/repairs/<int:request_id>", type="http", auth="user", website=True, methods=["GET"])
    def svk_repair(self, request_id, created=None, answered=None, **kw):
        repair = self._svk_repair_or_404(request_id)
        photos = self._svk_repair_photos_of(repair)
        values = self._svk_repair_values(
            "svk_repair",
            svk_repair=repair,
            svk_unit=repair.sudo().unit_id,
            svk_photos=photos,
            svk_created=bool(created),
            svk_answered=answered,
        )
        return request.render("svk_repair.portal_svk_repair", values)

    def _svk_repair_photos_of(self, repair):
        """The photos of the tenant's own request (read as the agency: a portal user
        reads no attachment directly)."""
        return (
            request.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", repair._name),
                    ("res_id", "=", repair.id),
                    ("res_field", "=", False),
                    ("mimetype", "in", list(PHOTO_TYPES)),
                ],
                order="id",
            )
        )

    @route(
        "/my/repairs/<int:request_id>/photo/<int:photo_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def svk_repair_photo(self, request_id, photo_id, **kw):
        repair = self._svk_repair_or_404(request_id)
        photo = self._svk_repair_photos_of(repair).filtered(lambda p: p.id == photo_id)
        if not photo:
            raise request.not_found()
        return request.env["ir.binary"]._get_stream_from(photo).get_response()

    @route(
        "/my/repairs/<int:request_id>/visit",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def svk_repair_visit(self, request_id, answer=None, note=None, **kw):
        repair = self._svk_repair_or_404(request_id)
        if answer not in ("confirm", "other"):
            raise request.not_found()
        if repair.state != "planned" or repair.visit_state not in ("proposed", "other_slot"):
            return request.redirect(f"/my/repairs/{repair.id}")
        repair.sudo()._portal_answer_visit(answer == "confirm", (note or "").strip()[:MAX_NOTE])
        return request.redirect(f"/my/repairs/{repair.id}?answered={answer}")
