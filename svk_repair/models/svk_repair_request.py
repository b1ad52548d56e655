from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_datetime
from odoo.tools.date_utils import get_month

from odoo.addons.svk_housing.models.account_move import rent_line

CATEGORIES = [
    ("heating", "Heating"),
    ("water", "Water"),
    ("electricity", "Electricity"),
    ("leak", "Leak"),
    ("lock", "Lock or door"),
    ("pests", "Pests"),
    ("other", "Other"),
]
# no heating or water, a leak, no lock: within 24 hours
URGENT_CATEGORIES = ("heating", "water", "leak", "lock")
URGENT_HOURS = 24
STATES = [
    ("new", "Received"),
    ("assigned", "Assigned"),
    ("planned", "Visit planned"),
    ("done", "Repaired"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
VISIT_STATES = [
    ("proposed", "Proposed to the tenant"),
    ("confirmed", "Confirmed by the tenant"),
    ("other_slot", "Tenant asks another slot"),
]
PAYERS = [
    ("tenant", "Tenant (damage)"),
    ("owner", "Owner (repair of the dwelling)"),
    ("agency", "Agency"),
]
SOURCES = [
    ("portal", "Portal"),
    ("message", "WhatsApp / SMS"),
    ("staff", "Staff"),
]


class SvkRepairRequest(models.Model):
    _name = "svk.repair.request"
    _description = "Repair request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "urgency desc, create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    lease_id = fields.Many2one(
        "svk.lease", index=True, tracking=True, check_company=True, ondelete="restrict"
    )
    tenant_id = fields.Many2one(
        "res.partner",
        compute="_compute_from_lease",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    unit_id = fields.Many2one(
        "svk.unit",
        compute="_compute_from_lease",
        store=True,
        readonly=False,
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    contract_type = fields.Selection(related="unit_id.contract_type")
    description = fields.Text(required=True)
    category = fields.Selection(CATEGORIES, required=True, default="other", tracking=True)
    urgency = fields.Selection(
        [("normal", "Normal"), ("urgent", "Urgent")],
        compute="_compute_urgency",
        store=True,
        readonly=False,
        required=True,
        tracking=True,
        help="Urgent: no heating or water, a leak, no lock. The technical team gets an "
        "activity due within 24 hours.",
    )
    source = fields.Selection(SOURCES, required=True, default="staff", readonly=True)
    message_id = fields.Many2one(
        "svk.message", string="From the message", readonly=True, check_company=True
    )
    date_deadline = fields.Datetime(string="Deadline", tracking=True)
    state = fields.Selection(STATES, required=True, default="new", tracking=True, index=True)
    technician_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The agency's technician who does the repair.",
    )
    contractor_id = fields.Many2one(
        "res.partner",
        tracking=True,
        check_company=True,
        help="The firm that does the repair; its bill is linked below.",
    )
    visit_date = fields.Datetime(string="Visit", tracking=True, copy=False)
    visit_state = fields.Selection(VISIT_STATES, tracking=True, copy=False)
    visit_note = fields.Char(
        string="Tenant's answer", copy=False, help="What the tenant wrote when asking another slot."
    )
    payer = fields.Selection(PAYERS, string="Who pays", tracking=True, copy=False)
    charge_amount = fields.Monetary(
        string="Amount charged",
        tracking=True,
        copy=False,
        help="What the tenant or the owner pays back: by default the contractor's bills.",
    )
    owner_contract_id = fields.Many2one(
        "svk.owner.contract",
        readonly=True,
        copy=False,
        check_company=True,
        help="The owner contract the owner pays under, set on closing.",
    )
    date_closed = fields.Date(readonly=True, copy=False)
    move_ids = fields.One2many(
        "account.move",
        "svk_repair_id",
        string="Documents",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    bill_ids = fields.One2many(
        "account.move",
        "svk_repair_id",
        string="Contractor's bills",
        domain=[("move_type", "in", ("in_invoice", "in_refund"))],
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    cost_amount = fields.Monetary(
        string="Cost",
        compute="_compute_cost_amount",
        help="The contractors' bills, taxes included.",
    )
    charge_move_ids = fields.One2many(
        "account.move",
        "svk_repair_id",
        string="Invoices",
        domain=[("move_type", "in", ("out_invoice", "out_refund"))],
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    deducted_amount = fields.Monetary(
        compute="_compute_deducted_amount",
        help="Taken off the owner's bills so far (management mandate).",
    )
    photo_count = fields.Integer(compute="_compute_photo_count")

    _sql_constraints = [
        ("charge_positive", "CHECK(charge_amount >= 0)", "The amount charged cannot be negative."),
    ]

    @api.depends("lease_id")
    def _compute_from_lease(self):
        for request in self:
            if request.lease_id:
                request.tenant_id = request.lease_id.tenant_id
                request.unit_id = request.lease_id.unit_id

    @api.depends("category")
    def _compute_urgency(self):
        for request in self:
            request.urgency = "urgent" if request.category in URGENT_CATEGORIES else "normal"

    @api.depends("bill_ids.amount_total_signed", "bill_ids.state")
    def _compute_cost_amount(self):
        # staff who follow a repair see its cost without rights on the accounting
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("svk_repair_id", "in", self.ids),
                    ("move_type", "in", ("in_invoice", "in_refund")),
                    ("state", "!=", "cancel"),
                ],
                ["svk_repair_id"],
                ["amount_total_signed:sum"],
            )
        )
        costs = {request.id: -amount for request, amount in groups}
        for request in self:
            request.cost_amount = costs.get(request.id, 0.0)

    def _compute_deducted_amount(self):
        deducted = self._deducted_amounts()
        for request in self:
            request.deducted_amount = deducted.get(request.id, 0.0)

    def _deducted_amounts(self):
        """{request id: amount taken off owners' bills}, read from the bills themselves
        (a cancelled bill gives its deduction back)."""
        Line = self.env["account.move.line"].sudo()
        Line.flush_model(["svk_repair_id", "price_subtotal", "parent_state"])
        groups = Line._read_group(
            [("svk_repair_id", "in", self.ids), ("parent_state", "!=", "cancel")],
            ["svk_repair_id"],
            ["price_subtotal:sum"],
        )
        return {request.id: -amount for request, amount in groups}

    def _compute_photo_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for request in self:
            request.photo_count = counts.get(request.id, 0)

    @api.constrains("lease_id", "unit_id")
    def _check_lease_unit(self):
        for request in self:
            if request.lease_id and request.lease_id.unit_id != request.unit_id:
                raise ValidationError(
                    self.env._(
                        "Repair %(name)s: lease %(lease)s is not on unit %(unit)s.",
                        name=request.name,
                        lease=request.lease_id.name,
                        unit=request.unit_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the database wants these before the computes run
            if vals.get("lease_id") and not vals.get("unit_id"):
                lease = self.env["svk.lease"].browse(vals["lease_id"])
                vals.setdefault("tenant_id", lease.tenant_id.id)
                vals["unit_id"] = lease.unit_id.id
            if not vals.get("urgency"):
                category = vals.get("category") or "other"
                vals["urgency"] = "urgent" if category in URGENT_CATEGORIES else "normal"
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("svk.repair.request")
                    or "/"
                )
        requests = super().create(vals_list)
        requests._plan_urgent()
        requests._notify_tenant("received")
        return requests

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise AccessError(self.env._("A repair request's status follows its buttons."))
        before = (
            {request: request.urgency for request in self}
            if "urgency" in vals or ("category" in vals)
            else {}
        )
        result = super().write(vals)
        if before:
            self.filtered(
                lambda request: request.urgency == "urgent" and before[request] != "urgent"
            )._plan_urgent()
        return result

    # ------------------------------------------------------------------ actions
    def action_assign(self):
        for request in self:
            if request.state not in ("new", "assigned"):
                raise UserError(
                    self.env._("Repair %(name)s is already planned or done.", name=request.name)
                )
            if not (request.technician_id or request.contractor_id):
                raise UserError(
                    self.env._(
                        "Choose the technician or the contractor of repair %(name)s.",
                        name=request.name,
                    )
                )
        self.sudo().write({"state": "assigned"})
        return True

    def action_propose_visit(self):
        """Propose the visit to the tenant with the appointment template, in their
        language: they confirm or ask another slot from the portal."""
        for request in self:
            if request.state not in ("new", "assigned", "planned"):
                raise UserError(self.env._("Repair %(name)s is done or closed.", name=request.name))
            if not request.visit_date:
                raise UserError(
                    self.env._(
                        "Set the visit's date and time of repair %(name)s.", name=request.name
                    )
                )
            if not (request.technician_id or request.contractor_id):
                raise UserError(
                    self.env._(
                        "Choose the technician or the contractor of repair %(name)s.",
                        name=request.name,
                    )
                )
        self.sudo().write({"state": "planned", "visit_state": "proposed", "visit_note": False})
        template = self.env.ref("svk_messaging.sms_template_svk_appointment")
        for request in self.filtered("lease_id"):
            self.env["svk.message"]._send_to_partner(
                request.tenant_id,
                request.company_id,
                template=template,
                record=request.lease_id,
                render_context={"svk_date": request.visit_date},
            )
            request.message_post(
                body=self.env._(
                    "Visit of %(date)s proposed to the tenant.",
                    date=format_datetime(self.env, request.visit_date, tz="Europe/Brussels"),
                )
            )
        return True

    def action_done(self):
        for request in self:
            if request.state not in ("new", "assigned", "planned"):
                raise UserError(
                    self.env._("Repair %(name)s is already done or closed.", name=request.name)
                )
        self.sudo().write({"state": "done"})
        self.activity_feedback(["svk_repair.mail_activity_type_repair_urgent"])
        self._notify_tenant("done")
        return True

    def action_cancel(self):
        if any(request.state == "closed" for request in self):
            raise UserError(self.env._("A closed repair cannot be cancelled."))
        self.sudo().write({"state": "cancelled"})
        self.activity_unlink(["svk_repair.mail_activity_type_repair_urgent"])
        return True

    def action_reopen(self):
        if any(request.state != "cancelled" for request in self):
            raise UserError(self.env._("Only a cancelled repair can be reopened."))
        self.sudo().write({"state": "new"})
        return True

    def action_close(self):
        """Who pays, decided: an SVK manager's decision on money. The tenant gets an
        invoice on their lease (paid, in arrears and in payment plans like the rent);
        the owner has it deducted from their next bill (management mandate) or gets an
        invoice (main lease); the agency keeps the cost. The contractors' bills carry
        the unit's analytic distribution in every case."""
        if not self.env.user.has_group("svk_housing.group_svk_manager"):
            raise AccessError(self.env._("Who pays a repair is an SVK manager's decision."))
        for request in self:
            if request.payer in ("tenant", "owner") and request.currency_id.is_zero(
                request.charge_amount
            ):
                # by default the payer pays back what the contractors billed
                request.charge_amount = request.cost_amount
            request._check_closable()
        invoices_vals = []
        for request in self:
            request._apply_analytic()
            if request.payer == "tenant":
                invoices_vals.append(request._prepare_tenant_invoice())
            elif request.payer == "owner":
                request.sudo().owner_contract_id = request._owner_contract()
                if request.owner_contract_id.contract_type == "main_lease":
                    invoices_vals.append(request._prepare_owner_invoice())
        if invoices_vals:
            # the manager's decision makes the documents, whatever their rights on
            # invoices (as a charges statement's approval does)
            moves = (
                self.env["account.move"]
                .sudo()
                .with_context(tracking_disable=True, mail_create_nolog=True)
                .create(invoices_vals)
            )
            moves._post(soft=False)
        self.sudo().write({"state": "closed", "date_closed": fields.Date.context_today(self)})
        for request in self:
            request.message_post(
                body=self.env._(
                    "Closed: %(payer)s pays %(amount)s.",
                    payer=dict(request._fields["payer"]._description_selection(self.env))[
                        request.payer
                    ],
                    amount=format_amount(self.env, request.charge_amount, request.currency_id),
                )
            )
        return True

    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_in_invoice_type"
        )
        action["domain"] = [("svk_repair_id", "=", self.id)]
        action["context"] = {
            "default_move_type": "in_invoice",
            "default_svk_repair_id": self.id,
            "default_partner_id": self.contractor_id.id,
        }
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("svk_repair_id", "=", self.id), ("move_type", "like", "out_")]
        action["context"] = {"create": False}
        return action

    @api.onchange("payer")
    def _onchange_payer(self):
        if self.payer in ("tenant", "owner") and not self.charge_amount:
            self.charge_amount = self.cost_amount
        elif self.payer == "agency":
            self.charge_amount = 0.0

    # ------------------------------------------------------------------ business
    def _check_closable(self):
        self.ensure_one()
        if self.state != "done":
            raise UserError(
                self.env._("Repair %(name)s must be repaired before closing.", name=self.name)
            )
        if not self.payer:
            raise UserError(self.env._("Say who pays repair %(name)s.", name=self.name))
        if self.payer == "agency":
            return
        if self.currency_id.is_zero(self.charge_amount):
            raise UserError(
                self.env._(
                    "Repair %(name)s: enter the amount the %(payer)s pays.",
                    name=self.name,
                    payer=dict(self._fields["payer"]._description_selection(self.env))[self.payer],
                )
            )
        if not self.company_id.svk_repair_recharge_account_id:
            raise UserError(
                self.env._("Set the account of repairs recharged in Settings ‣ Housing ‣ Repairs.")
            )
        if self.payer == "tenant" and not self.lease_id:
            raise UserError(
                self.env._("Repair %(name)s has no lease: the tenant cannot pay.", name=self.name)
            )
        if self.payer == "owner" and not self._owner_contract():
            raise UserError(
                self.env._(
                    "Unit %(unit)s has no running owner contract: the owner cannot pay.",
                    unit=self.unit_id.display_name,
                )
            )

    def _owner_contract(self):
        self.ensure_one()
        line = self.env["svk.owner.contract.line"].search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("state", "in", ("active", "notice")),
            ],
            limit=1,
        )
        return line.contract_id

    def _apply_analytic(self):
        """The contractors' bill lines without an analytic distribution get the unit's
        (its site's account): the building's figures and the owner's account see it."""
        distribution = self.unit_id._analytic_distribution()
        if not distribution:
            return
        lines = self.sudo().bill_ids.filtered(lambda move: move.state != "cancel").invoice_line_ids
        lines.filtered(
            lambda line: line.display_type == "product" and not line.analytic_distribution
        ).sudo().write({"analytic_distribution": distribution, "svk_unit_id": self.unit_id.id})

    def _charge_label(self, partner):
        env = self.with_context(lang=partner.lang or self.env.lang).env
        return env._(
            "Repair %(name)s – %(unit)s: %(category)s",
            name=self.name,
            unit=self.unit_id.display_name,
            category=dict(self._fields["category"]._description_selection(env))[self.category],
        )

    def _prepare_invoice(self, partner):
        """What a repair's invoice has in common, to the tenant or to the owner."""
        company = self.company_id
        today = fields.Date.context_today(self)
        vals = {
            "move_type": "out_invoice",
            "journal_id": company.svk_rent_journal_id.id,
            "company_id": company.id,
            "partner_id": partner.id,
            "invoice_date": today,
            "invoice_origin": self.name,
            "ref": self.name,
            "svk_repair_id": self.id,
            "invoice_line_ids": [
                rent_line(
                    self._charge_label(partner),
                    self.charge_amount,
                    company.svk_repair_recharge_account_id,
                    self.unit_id,
                )
            ],
        }
        term = partner.with_company(company).property_payment_term_id
        if term:
            vals["invoice_payment_term_id"] = term.id
        else:
            vals["invoice_date_due"] = today + timedelta(days=30)
        return vals

    def _prepare_tenant_invoice(self):
        """The tenant's invoice, on the lease and under its structured communication:
        the bank rules, the arrears and the payment plans treat it like the rent."""
        self.ensure_one()
        return {
            **self._prepare_invoice(self.lease_id.tenant_id),
            "payment_reference": self.lease_id.payment_reference,
            "svk_lease_id": self.lease_id.id,
            "svk_kind": "repair",
        }

    def _prepare_owner_invoice(self):
        """The owner's invoice under a main lease (the agency is the owner's tenant)."""
        self.ensure_one()
        return self._prepare_invoice(self.owner_contract_id.owner_id)

    def _owner_deductions(self, contract, period, room):
        """Deduction lines of `contract`'s bill of the month `period` for the repairs its
        owner pays under a management mandate, closed by the month's end, at most `room`
        in all; what does not fit waits for the next bill."""
        requests = self.sudo().search(
            [
                ("owner_contract_id", "=", contract.id),
                ("payer", "=", "owner"),
                ("state", "=", "closed"),
                ("date_closed", "<=", get_month(period)[1]),
            ],
            order="date_closed, id",
        )
        deducted = requests._deducted_amounts()
        lines = []
        company = contract.company_id
        currency = company.currency_id
        for request in requests:
            left = request.charge_amount - deducted.get(request.id, 0.0)
            amount = currency.round(min(room, left))
            if currency.compare_amounts(amount, 0.0) <= 0:
                continue
            command = rent_line(
                request._charge_label(contract.owner_id),
                -amount,
                company.svk_repair_recharge_account_id,
                request.unit_id,
            )
            command[2]["svk_repair_id"] = request.id
            lines.append(command)
            room -= amount
        return lines

    def _copy_message_files(self, message):
        """The photos and files of the tenant's message, now the request's."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        files = (
            Attachment.search([("res_model", "=", "svk.message"), ("res_id", "=", message.id)])
            | message.sudo().mail_message_id.attachment_ids
        )
        for attachment in files:
            attachment.copy({"res_model": self._name, "res_id": self.id})

    def _plan_urgent(self):
        """Urgent: due within 24 hours, with an activity to the technical team."""
        for request in self.filtered(
            lambda r: r.urgency == "urgent" and r.state not in ("done", "closed", "cancelled")
        ):
            deadline = fields.Datetime.now() + timedelta(hours=URGENT_HOURS)
            if not request.date_deadline or request.date_deadline > deadline:
                request.date_deadline = deadline
            user = (
                request.company_id.svk_repair_user_id
                or request.technician_id
                or request.unit_id.user_id
                or self.env.user
            )
            if user.share:
                user = request.company_id.svk_repair_user_id or self.env.ref("base.user_admin")
            request.sudo().activity_schedule(
                "svk_repair.mail_activity_type_repair_urgent",
                date_deadline=fields.Date.context_today(self, request.date_deadline),
                summary=self.env._(
                    "Urgent repair %(name)s: %(category)s",
                    name=request.name,
                    category=dict(self._fields["category"]._description_selection(self.env))[
                        request.category
                    ],
                ),
                user_id=user.id,
            )

    def _tenant_text(self, step, lang):
        env = self.with_context(lang=lang).env
        if step == "received":
            return env._(
                "Hello %(name)s, we received your repair request %(ref)s. We will contact you.",
                name=self.tenant_id.name,
                ref=self.name,
            )
        return env._(
            "Hello %(name)s, the repair %(ref)s is done. Is something still wrong? Reply to "
            "this message.",
            name=self.tenant_id.name,
            ref=self.name,
        )

    def _notify_tenant(self, step):
        """Tell the tenant at the steps they care about (received, done; the visit is the
        appointment template), through their channels."""
        for request in self.filtered(lambda r: r.tenant_id and r.lease_id):
            partner = request.tenant_id
            lang = partner.lang or request.company_id.partner_id.lang or "en_US"
            request.env["svk.message"].sudo()._send_to_partner(
                partner,
                request.company_id,
                body=request._tenant_text(step, lang),
                record=request.lease_id,
            )

    # ------------------------------------------------------------------ portal
    def _portal_answer_visit(self, confirm, note=None):
        """The tenant's answer to the proposed visit (from the portal, as sudo after the
        controller's ownership check)."""
        self.ensure_one()
        if self.state != "planned" or self.visit_state not in ("proposed", "other_slot"):
            raise UserError(self.env._("There is no visit to answer."))
        if confirm:
            self.write({"visit_state": "confirmed", "visit_note": False})
            self.message_post(body=self.env._("The tenant confirmed the visit."))
            return
        self.write({"visit_state": "other_slot", "visit_note": (note or "")[:200]})
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Repair %(name)s: the tenant asks another slot", name=self.name),
            note=self.visit_note,
            user_id=(self.technician_id or self.create_uid or self.env.ref("base.user_admin")).id,
        )
