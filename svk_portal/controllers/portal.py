from odoo import fields
from odoo.http import content_disposition, request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

# a message written on the portal, as long as a few SMS
MAX_MESSAGE_LENGTH = 2000


class SvkTenantPortal(CustomerPortal):
    """The tenant's pages. Every page starts from the leases the user may read (their
    own, by the portal record rule); what belongs to a lease is read with sudo only
    after that check. Another person's ids answer 404, as if they did not exist."""

    # ------------------------------------------------------------------ helpers
    def _svk_partner(self):
        return request.env.user.partner_id

    def _svk_leases(self):
        return self._svk_partner()._svk_portal_leases()

    def _svk_lease_or_404(self, lease_id):
        lease = request.env["svk.lease"].search(
            [("id", "=", lease_id), ("tenant_id", "=", self._svk_partner().id)], limit=1
        )
        if not lease:
            raise request.not_found()
        return lease

    @staticmethod
    def _svk_html_data():
        """The page's language on its <html> (screen readers read it in that language):
        Odoo's portal layout without the website app leaves it out."""
        return {"lang": (request.env.lang or "en_US").replace("_", "-")}

    def _svk_values(self, page_name, **values):
        leases = self._svk_leases()
        return {
            **self._prepare_portal_layout_values(),
            "html_data": self._svk_html_data(),
            "page_name": page_name,
            "svk_leases": leases,
            "svk_company": (leases[:1].company_id or request.env.company).sudo(),
            **values,
        }

    # ------------------------------------------------------------------ home
    @route()
    def home(self, **kw):
        response = super().home(**kw)
        partner = self._svk_partner()
        if self._svk_leases():
            tiles = sorted(partner._svk_portal_tiles(), key=lambda tile: tile["sequence"])
            response.qcontext["svk_tiles"] = tiles
            response.qcontext.setdefault("html_data", self._svk_html_data())
        return response

    @route("/my/svk/home", type="http", auth="user", website=True)
    def svk_home(self, **kw):
        values = self._svk_values("svk_home")
        values["svk_units"] = {lease.id: lease.sudo().unit_id for lease in values["svk_leases"]}
        return request.render("svk_portal.portal_svk_home", values)

    # ------------------------------------------------------------------ what I owe
    @route("/my/svk/owe", type="http", auth="user", website=True)
    def svk_owe(self, **kw):
        values = self._svk_values("svk_owe")
        today = fields.Date.context_today(request.env.user)
        accounts = []
        for lease in values["svk_leases"]:
            balance, lines = lease._svk_portal_balance()
            plan = lease.payment_plan_ids.filtered(lambda p: p.state == "active")[:1]
            next_line = plan.line_ids.filtered(lambda line: line.date >= today).sorted("date")[:1]
            accounts.append(
                {
                    "lease": lease,
                    "balance": balance,
                    "lines": lines.filtered(lambda line: line.amount_residual > 0),
                    "bank": self._svk_bank(lease, lines),
                    "qr": self._svk_qr(lease, balance, lines),
                    "plan": plan,
                    "next_instalment": next_line,
                    "payments": self._svk_payments(lease),
                }
            )
        values["svk_accounts"] = accounts
        return request.render("svk_portal.portal_svk_owe", values)

    def _svk_bank(self, lease, lines):
        """The agency's account the tenant pays on: their invoices', else the rent
        journal's."""
        bank = lines.move_id.partner_bank_id[:1]
        if not bank:
            company = lease.sudo().company_id
            bank = company.svk_rent_journal_id.bank_account_id or company.partner_id.bank_ids[:1]
        return bank.sudo()

    def _svk_qr(self, lease, balance, lines):
        """Odoo's invoice SEPA QR code (EPC) for what is owed, with the lease's
        structured communication; None when nothing is owed or the bank account cannot
        carry one."""
        if balance <= 0:
            return None
        bank = self._svk_bank(lease, lines)
        if not bank:
            return None
        return bank.build_qr_code_base64(
            balance,
            None,
            lease.payment_reference,
            lease.currency_id,
            lease.tenant_id,
            qr_method="sct_qr",
            silent_errors=True,
        )

    def _svk_payments(self, lease, limit=12):
        """The tenant's last payments on the lease: the credit lines of bank entries on
        their receivable."""
        return (
            request.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("svk_lease_id", "=", lease.id),
                    ("partner_id", "=", lease.tenant_id.id),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "=", "entry"),
                    ("credit", ">", 0),
                ],
                order="date desc, id desc",
                limit=limit,
            )
        )

    # ------------------------------------------------------------------ documents
    @route("/my/svk/documents", type="http", auth="user", website=True)
    def svk_documents(self, **kw):
        values = self._svk_values("svk_documents")
        leases = values["svk_leases"]
        lease_documents = []
        for lease in leases:
            for document in lease.sudo()._svk_tenant_documents():
                lease_documents.append({**document, "url": self._svk_document_url(lease, document)})
        values["svk_documents"] = sorted(
            lease_documents, key=lambda doc: doc["date"] or fields.Date.today(), reverse=True
        )
        values["svk_invoices"] = (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    ("svk_lease_id", "in", leases.ids),
                    ("partner_id", "=", self._svk_partner().id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ],
                order="invoice_date desc, id desc",
                limit=36,
            )
        )
        return request.render("svk_portal.portal_svk_documents", values)

    @staticmethod
    def _svk_document_key(document):
        return document.get("report") or document.get("field")

    def _svk_document_url(self, lease, document):
        record = document["record"]
        return (
            f"/my/svk/document/{lease.id}/{record._name}/{record.id}/"
            f"{self._svk_document_key(document)}"
        )

    @route(
        "/my/svk/document/<int:lease_id>/<string:model>/<int:res_id>/<string:key>",
        type="http",
        auth="user",
        website=True,
    )
    def svk_document(self, lease_id, model, res_id, key, **kw):
        """One document of the tenant's lease: only one its hook lists."""
        lease = self._svk_lease_or_404(lease_id)
        lang = lease.sudo().tenant_id.lang or request.env.user.lang
        documents = lease.sudo().with_context(lang=lang)._svk_tenant_documents()
        document = next(
            (
                doc
                for doc in documents
                if doc["record"]._name == model
                and doc["record"].id == res_id
                and self._svk_document_key(doc) == key
            ),
            None,
        )
        if not document:
            raise request.not_found()
        record = document["record"].sudo()
        if document.get("report"):
            report = request.env.ref(document["report"]).sudo().with_context(lang=lang)
            content = report._render_qweb_pdf(report.report_name, record.ids)[0]
            filename = f"{document['name']}.pdf"
            mimetype = "application/pdf"
        else:
            attachment = (
                request.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", record._name),
                        ("res_id", "=", record.id),
                        ("res_field", "=", document["field"]),
                    ],
                    limit=1,
                )
            )
            if not attachment:
                raise request.not_found()
            content = attachment.raw
            filename = document["name"]
            mimetype = attachment.mimetype
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

    # ------------------------------------------------------------------ messages
    def _svk_conversation(self, limit=50):
        """The tenant-facing messages with this person: what the agency sent them (and
        they could receive) and what they wrote, never a note of the staff."""
        partner = self._svk_partner()
        messages = (
            request.env["svk.message"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "in", request.env.user.company_ids.ids),
                    ("channel", "!=", "none"),
                    ("state", "!=", "failed"),
                ],
                order="create_date desc, id desc",
                limit=limit,
            )
        )
        return messages.sorted(lambda message: (message.create_date, message.id))

    @route("/my/svk/messages", type="http", auth="user", website=True, methods=["GET"])
    def svk_messages(self, sent=None, error=None, **kw):
        values = self._svk_values(
            "svk_messages",
            svk_messages=self._svk_conversation(),
            svk_sent=bool(sent),
            svk_error=error,
        )
        return request.render("svk_portal.portal_svk_messages", values)

    @route("/my/svk/messages", type="http", auth="user", website=True, methods=["POST"])
    def svk_messages_post(self, body=None, **kw):
        leases = self._svk_leases()
        if not leases:
            raise request.not_found()
        text = (body or "").strip()
        if not text:
            return request.redirect("/my/svk/messages?error=empty")
        if len(text) > MAX_MESSAGE_LENGTH:
            return request.redirect("/my/svk/messages?error=long")
        request.env["svk.message"]._receive_from_portal(
            self._svk_partner(), leases[:1].sudo().company_id, text
        )
        return request.redirect("/my/svk/messages?sent=1")
