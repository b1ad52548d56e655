from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date
from odoo.tools.date_utils import get_month

from odoo.addons.account.tools import (
    is_valid_structured_reference_be,
    sanitize_structured_reference,
)

from ..rules import (
    STANDARD_LEASE_MONTHS,
    days_in_month,
    guarantee_max,
    lease_latest_end,
    lease_max_months,
    month_days_covered,
    month_fraction,
    structured_communication,
    term_end,
    third_payer_max,
)
from .account_move import rent_line
from .action_scope import action_scope, in_action_scope, would_change
from .sequence import assign_references

LEASE_TYPES = [
    ("standard", "Standard"),
    ("short", "Short term (≤ 3 years)"),
    ("transit", "Transit (≤ 18 months)"),
    ("sliding", "Sliding lease"),
]
CHARGES_MODES = [
    ("provision", "Monthly provision, settled yearly"),
    ("flat", "Flat amount"),
]
GUARANTEE_FORMS = [
    ("blocked_account", "Blocked bank account"),
    ("cpas_bank", "CPAS / OCMW guarantee with a bank"),
    ("bank_instalments", "Bank guarantee built by instalments"),
    ("bank_security", "Security at a bank"),
    ("surety", "Personal surety"),
]
GUARANTEE_STATES = [
    ("pending", "Pending"),
    ("constituted", "Constituted"),
    ("released", "Released"),
]
LEASE_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("notice", "Notice given"),
    ("ended", "Ended"),
]
# a running lease's money and references: changed by an SVK manager, or by the lease's
# own code (an indexation's approval for the rent); its state only by its actions
MANAGER_FIELDS = (
    "rent",
    "third_payer_amount",
    "payment_reference",
    "third_payer_payment_reference",
)
RELATIONS = [
    ("partner", "Partner / spouse"),
    ("child", "Child"),
    ("parent", "Parent"),
    ("sibling", "Brother / sister"),
    ("other", "Other"),
]
# the unit's state while the lease is in a given state
UNIT_STATE_OF_LEASE = {"active": "let", "notice": "leaving", "ended": "available"}


class SvkLease(models.Model):
    _name = "svk.lease"
    _description = "Lease"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    unit_id = fields.Many2one(
        "svk.unit", required=True, tracking=True, index=True, check_company=True
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    contract_type = fields.Selection(related="unit_id.contract_type")
    tenant_id = fields.Many2one(
        "res.partner", required=True, tracking=True, index=True, check_company=True
    )
    member_ids = fields.One2many("svk.lease.member", "lease_id", string="Household", copy=True)
    household_size = fields.Integer(compute="_compute_household_size")
    lease_type = fields.Selection(LEASE_TYPES, required=True, default="standard", tracking=True)
    date_signature = fields.Date(string="Signature date", tracking=True)
    date_start = fields.Date(string="Start", required=True, tracking=True)
    duration_months = fields.Integer(
        string="Duration (months)",
        default=STANDARD_LEASE_MONTHS,
        help="9 years = 108 months.",
    )
    date_end = fields.Date(
        string="End",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        tracking=True,
    )
    date_notice = fields.Date(string="Notice date", tracking=True, copy=False)
    rent = fields.Monetary(tracking=True, help="Monthly rent, charges excluded.")
    charges_amount = fields.Monetary(string="Charges", tracking=True)
    charges_mode = fields.Selection(
        CHARGES_MODES, required=True, default="provision", tracking=True
    )
    payment_reference = fields.Char(
        string="Structured communication",
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
        help="The lease's permanent Belgian structured communication, on every invoice: a "
        "tenant's standing order always matches.",
    )
    third_payer_id = fields.Many2one(
        "res.partner",
        string="Third payer",
        tracking=True,
        check_company=True,
        help="An organisation (e.g. the CPAS / OCMW) that pays a fixed part of the rent; "
        "it is invoiced that part separately.",
    )
    third_payer_amount = fields.Monetary(string="Third payer's monthly part", tracking=True)
    third_payer_payment_reference = fields.Char(
        string="Third payer's structured communication",
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
    )
    guarantee_amount = fields.Monetary(tracking=True)
    guarantee_form = fields.Selection(GUARANTEE_FORMS, tracking=True)
    guarantee_state = fields.Selection(GUARANTEE_STATES, default="pending", tracking=True)
    guarantee_release_date = fields.Date(tracking=True)
    registration_date = fields.Date(
        tracking=True, help="Registration of the lease (required before any indexation)."
    )
    entry_inspection_date = fields.Date(tracking=True)
    entry_inspection_file = fields.Binary(string="Entry inspection report", attachment=True)
    entry_inspection_filename = fields.Char()
    exit_inspection_date = fields.Date(tracking=True)
    exit_inspection_file = fields.Binary(string="Exit inspection report", attachment=True)
    exit_inspection_filename = fields.Char()
    state = fields.Selection(
        LEASE_STATES, default="draft", required=True, tracking=True, index=True, copy=False
    )
    money_locked = fields.Boolean(
        compute="_compute_money_locked",
        help="The lease runs: its rent and its third payer's part are an SVK manager's to change.",
    )
    move_ids = fields.One2many("account.move", "svk_lease_id", string="Invoices")
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    payment_plan_ids = fields.One2many("svk.payment.plan", "lease_id", string="Payment plans")
    balance_due = fields.Monetary(
        compute="_compute_arrears", help="What the tenant (and third payer) still owe."
    )
    overdue_amount = fields.Monetary(compute="_compute_arrears", help="Part of it past due.")
    oldest_unpaid_date = fields.Date(compute="_compute_arrears")
    days_overdue = fields.Integer(compute="_compute_arrears")
    note = fields.Html()

    _sql_constraints = [
        ("name_company_unique", "UNIQUE(name, company_id)", "Lease references are unique."),
        (
            "payment_reference_unique",
            "UNIQUE(payment_reference, company_id)",
            "Each lease has its own structured communication.",
        ),
        ("rent_positive", "CHECK(rent >= 0)", "The rent cannot be negative."),
        ("charges_positive", "CHECK(charges_amount >= 0)", "Charges cannot be negative."),
        (
            "third_payer_amount_positive",
            "CHECK(third_payer_amount >= 0)",
            "The third payer's part cannot be negative.",
        ),
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A lease cannot end before it starts.",
        ),
    ]

    @api.depends("member_ids")
    def _compute_household_size(self):
        for lease in self:
            lease.household_size = 1 + len(lease.member_ids)

    @api.depends("date_start", "duration_months")
    def _compute_date_end(self):
        for lease in self:
            if lease.date_start and lease.duration_months:
                lease.date_end = term_end(lease.date_start, lease.duration_months)
            else:
                lease.date_end = False  # open-ended

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_money_locked(self):
        manager = self._svk_is_manager()
        for lease in self:
            lease.money_locked = lease.state != "draft" and not manager

    def _compute_invoice_count(self):
        # a count, shown to staff who may not read invoices themselves
        counts = dict(
            self.env["account.move"]
            .sudo()
            ._read_group([("svk_lease_id", "in", self.ids)], ["svk_lease_id"], ["__count"])
        )
        for lease in self:
            lease.invoice_count = counts.get(lease, 0)

    def _compute_arrears(self):
        today = fields.Date.context_today(self)
        due, overdue, oldest = {}, {}, {}
        if self.ids:
            AML = self.env["account.move.line"].sudo()
            domain = [*AML._svk_open_receivable_domain(), ("svk_lease_id", "in", self.ids)]
            for lease, residual, first in AML._read_group(
                domain, ["svk_lease_id"], ["amount_residual:sum", "date_maturity:min"]
            ):
                due[lease.id], oldest[lease.id] = residual, first
            for lease, residual in AML._read_group(
                [*domain, ("date_maturity", "<", today)], ["svk_lease_id"], ["amount_residual:sum"]
            ):
                overdue[lease.id] = residual
        for lease in self:
            lease.balance_due = due.get(lease.id, 0.0)
            lease.overdue_amount = overdue.get(lease.id, 0.0)
            first = oldest.get(lease.id)
            lease.oldest_unpaid_date = first
            lease.days_overdue = max(0, (today - first).days) if first else 0

    @api.constrains("lease_type", "date_start", "date_end")
    def _check_duration(self):
        for lease in self:
            limit = lease_max_months(lease.lease_type)
            if limit and not lease.date_end:
                raise ValidationError(
                    self.env._(
                        "A transit or short lease needs an end date (%(name)s).", name=lease.name
                    )
                )
            if limit and lease.date_end > lease_latest_end(lease.lease_type, lease.date_start):
                raise ValidationError(
                    self.env._(
                        "A %(type)s lease lasts at most %(months)s months (%(name)s).",
                        type=dict(LEASE_TYPES)[lease.lease_type],
                        months=limit,
                        name=lease.name,
                    )
                )

    @api.constrains("guarantee_amount", "rent")
    def _check_guarantee(self):
        for lease in self:
            highest = guarantee_max(lease.rent)
            if lease.currency_id.compare_amounts(lease.guarantee_amount, highest) > 0:
                raise ValidationError(
                    self.env._(
                        "The rental guarantee is at most two months' rent (%(max)s) in Brussels.",
                        max=highest,
                    )
                )

    @api.constrains("third_payer_id", "third_payer_amount", "rent")
    def _check_third_payer(self):
        for lease in self:
            if lease.third_payer_amount and not lease.third_payer_id:
                raise ValidationError(
                    self.env._("Who is the third payer of %(name)s?", name=lease.name)
                )
            highest = third_payer_max(lease.rent)
            if lease.currency_id.compare_amounts(lease.third_payer_amount, highest) > 0:
                raise ValidationError(
                    self.env._("The third payer pays at most the rent (%(name)s).", name=lease.name)
                )

    @api.constrains("state", "unit_id", "date_start", "date_end")
    def _check_one_running_lease_per_unit(self):
        running = self.filtered(lambda lease: lease.state in ("active", "notice"))
        if not running:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT a.name, b.name FROM svk_lease a JOIN svk_lease b
                  ON a.unit_id = b.unit_id AND a.id < b.id
                 WHERE a.state IN ('active', 'notice') AND b.state IN ('active', 'notice')
                   AND (a.id = ANY(%(ids)s) OR b.id = ANY(%(ids)s))
                   AND daterange(a.date_start, COALESCE(a.date_end, 'infinity'), '[]')
                    && daterange(b.date_start, COALESCE(b.date_end, 'infinity'), '[]')
                 LIMIT 1
                """,
                ids=running.ids,
            )
        )
        clash = self.env.cr.fetchone()
        if clash:
            raise ValidationError(
                self.env._(
                    "Leases %(first)s and %(second)s let the same unit at the same time.",
                    first=clash[0],
                    second=clash[1],
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._svk_is_manager() and any(
            vals.get("state", "draft") != "draft" for vals in vals_list
        ):
            raise AccessError(self.env._("Only an SVK manager may create a running lease."))
        for vals in assign_references(self, vals_list, "name", "svk.lease"):
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if not vals.get("payment_reference"):
                vals["payment_reference"] = self._new_structured_communication(company)
        leases = super().create(vals_list)
        leases.filtered("third_payer_id")._ensure_third_payer_reference()
        return leases

    def write(self, vals):
        self._check_running_change(vals)
        res = super().write(vals)
        if vals.get("third_payer_id"):
            self._ensure_third_payer_reference()
        return res

    @api.model
    def _svk_running_vals(self, vals):
        """Hook "a lease brought in running": the values to create a lease with that was
        already running before it came into the suite (an agency's files, see
        svk_import), from the values `vals` it was read with. Default: `vals` as they are;
        svk_indexation starts its base rent at the index of its last anniversary."""
        return vals

    def _svk_tenant_documents(self):
        """Hook "the documents a tenant may read of their lease": a list of dicts with
        ``name``, ``date``, ``kind`` (a short label), ``record`` and either ``report``
        (the xml id of the ir.actions.report that prints it) or ``field`` (the record's
        binary field holding the file). The tenant's portal offers exactly these.
        Default: the entry and exit inspection reports; svk_indexation adds the
        indexation letters, svk_charges the charges statements."""
        self.ensure_one()
        documents = []
        for field, date_field, kind in (
            ("entry_inspection_file", "entry_inspection_date", self.env._("Entry inspection")),
            ("exit_inspection_file", "exit_inspection_date", self.env._("Exit inspection")),
        ):
            if self[field]:
                documents.append(
                    {
                        "name": self[f"{field[:-5]}_filename"] or kind,
                        "date": self[date_field],
                        "kind": kind,
                        "record": self,
                        "field": field,
                    }
                )
        return documents

    def _svk_is_manager(self):
        return self.env.su or self.env.user.has_group("svk_housing.group_svk_manager")

    def _check_running_change(self, vals):
        """A lease's state follows its actions; a running lease's rent, third payer's
        part and structured communications are an SVK manager's to change (the
        lease's own code opens an action scope for what it writes itself)."""
        if self.env.su:
            return
        if "state" in vals:
            moved = would_change(self, "state", vals["state"])
            if moved and not in_action_scope("svk.lease.state", moved):
                raise AccessError(
                    self.env._(
                        "The state of lease %(name)s follows its buttons (activate, give "
                        "notice, end).",
                        name=", ".join(moved.mapped("name")),
                    )
                )
        for field in set(MANAGER_FIELDS) & set(vals):
            changed = would_change(
                self.filtered(lambda lease: lease.state != "draft"), field, vals[field]
            )
            if (
                changed
                and not self._svk_is_manager()
                and not in_action_scope(f"svk.lease.{field}", changed)
            ):
                raise AccessError(
                    self.env._(
                        "Lease %(name)s is running: only an SVK manager may change its %(field)s.",
                        name=", ".join(changed.mapped("name")),
                        field=self._fields[field]._description_string(self.env),
                    )
                )

    def _ensure_third_payer_reference(self):
        missing = self.filtered(lambda lease: not lease.third_payer_payment_reference)
        with action_scope("svk.lease.third_payer_payment_reference", missing):
            for lease in missing:
                lease.third_payer_payment_reference = self._new_structured_communication(
                    lease.company_id
                )

    @api.model
    def _new_structured_communication(self, company):
        """A new structured communication from the company's own sequence: 10 digits,
        the company's id leading, so two agencies in one database never share one."""
        number = int(
            self.env["ir.sequence"].with_company(company).next_by_code("svk.lease.communication")
            or 0
        )
        return structured_communication(company.id * 10**7 + number % 10**7)

    @api.model
    def _find_by_communication(self, text, company=None):
        """The lease (tenant side) and the lease (third payer side) a bank communication
        names, if any, in `company` (default: the current one)."""
        company = company or self.env.company
        reference = sanitize_structured_reference(text or "")
        if not is_valid_structured_reference_be(reference):
            return self.browse(), self.browse()
        formatted = structured_communication(int(reference[:10]))
        in_company = [("company_id", "=", company.id)]
        return (
            self.search([*in_company, ("payment_reference", "=", formatted)], limit=1),
            self.search([*in_company, ("third_payer_payment_reference", "=", formatted)], limit=1),
        )

    def _set_unit_state(self):
        for lease in self:
            state = UNIT_STATE_OF_LEASE.get(lease.state)
            if state and lease.unit_id.state != state:
                lease.unit_id.state = state

    def action_activate(self):
        for lease in self:
            if lease.state != "draft":
                raise UserError(self.env._("Lease %(name)s is not a draft.", name=lease.name))
            if lease.rent <= 0:
                raise UserError(self.env._("Lease %(name)s has no rent.", name=lease.name))
            if lease.unit_id.state in ("prospect", "withdrawn"):
                raise UserError(
                    self.env._(
                        "Unit %(unit)s is not in the agency's stock (%(state)s).",
                        unit=lease.unit_id.display_name,
                        state=dict(lease.unit_id._fields["state"]._description_selection(self.env))[
                            lease.unit_id.state
                        ],
                    )
                )
        with action_scope("svk.lease.state", self):
            self.write({"state": "active"})
        self._set_unit_state()
        return True

    def action_give_notice(self):
        for lease in self:
            if lease.state != "active":
                raise UserError(self.env._("Only an active lease can be given notice."))
            if not lease.date_end:
                raise UserError(
                    self.env._(
                        "Set the end date of %(name)s before recording the notice.", name=lease.name
                    )
                )
        with action_scope("svk.lease.state", self):
            self.write({"state": "notice", "date_notice": fields.Date.context_today(self)})
        self._set_unit_state()
        return True

    def action_end(self):
        if any(lease.state not in ("active", "notice") for lease in self):
            raise UserError(self.env._("Only a running lease can be ended."))
        today = fields.Date.context_today(self)
        for lease in self:
            vals = {"state": "ended"}
            if not lease.date_end or lease.date_end > today:
                vals["date_end"] = today
            with action_scope("svk.lease.state", lease):
                lease.write(vals)
        self._set_unit_state()
        return True

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("svk_lease_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_svk_apply_statement_line(self):
        """From a bank line's candidates in the reconciliation screen: this is the
        lease it pays."""
        self.ensure_one()
        line = (
            self.env["account.bank.statement.line"]
            .browse(self.env.context.get("svk_statement_line_id"))
            .exists()
        )
        if not line:
            raise UserError(self.env._("Open the bank line to apply it to a lease."))
        line.action_svk_apply_lease(self.id)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_new_payment_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "svk.payment.plan",
            "view_mode": "form",
            "context": {"default_lease_id": self.id},
        }

    # ---------------------------------------------------------------- monthly run
    def _occupied_fraction(self, period):
        """Share of the month `period` the lease covers (prorata of partial months)."""
        self.ensure_one()
        covered = month_days_covered(period, self.date_start, self.date_end)
        return month_fraction(*covered) if covered else 0.0

    def _rent_kinds(self):
        """The kinds of documents the lease gets each month: the tenant's invoice unless
        a third payer pays all of it, the third payer's when there is one."""
        self.ensure_one()
        kinds = set()
        if self.currency_id.compare_amounts(self.rent, self.third_payer_amount) > 0 or (
            self.charges_amount
        ):
            kinds.add("tenant")
        if self.third_payer_id and self.third_payer_amount:
            kinds.add("third_payer")
        return kinds

    def _rent_invoice_vals(self, period):
        """{lease id: [invoice values]} for the month of `period`: each lease's
        `_prepare_rent_invoices`, with the running payment plans read once."""
        plans = self.env["svk.payment.plan"].search(
            [("lease_id", "in", self.ids), ("state", "in", ("active", "broken"))]
        )
        plan_of = {plan.lease_id.id: plan for plan in plans}
        return {
            lease.id: lease._prepare_rent_invoices(period, plan_of.get(lease.id)) for lease in self
        }

    def _prepare_rent_invoices(self, period, plan=None):
        """The month's invoices of the lease: the tenant's (rent and charges, prorata of a
        partial month, under the lease's structured communication) and, with a third
        payer, the third payer's for its part."""
        self.ensure_one()
        fraction = self._occupied_fraction(period)
        if not fraction:
            return []
        invoices = []
        lines = self._prepare_tenant_invoice_lines(period, fraction)
        if lines:
            invoices.append(self._prepare_tenant_invoice(period, lines, plan))
        if self.third_payer_id:
            lines = self._prepare_third_payer_invoice_lines(period, fraction)
            if lines:
                invoices.append(self._prepare_third_payer_invoice(period, lines))
        return invoices

    def _rent_labels(self, partner, period, fraction):
        """(environment in the partner's language, the month as they read it, the
        prorata note of a partial month)."""
        lang = partner.lang or self.env.lang
        env = self.with_context(lang=lang).env
        first = get_month(period)[0]
        month = format_date(env, first, date_format="MMMM y", lang_code=lang)
        days = round(fraction * days_in_month(first))
        prorata = " " + env._("(prorata: %(days)s days)", days=days) if fraction < 1 else ""
        return env, month, prorata

    def _rent_account(self):
        company = self.company_id
        if self.unit_id.contract_type == "mandate":
            # under a management mandate the rent is the owner's money, held for them
            return company.svk_owner_collected_account_id
        return company.svk_rent_income_account_id

    def _prepare_tenant_invoice_lines(self, period, fraction):
        company = self.company_id
        env, month, prorata = self._rent_labels(self.tenant_id, period, fraction)
        lines = []
        rent = company.currency_id.round(self._tenant_rent_of_period(period, fraction))
        if rent:
            label = env._("Rent %(month)s – %(unit)s", month=month, unit=self.unit_id.display_name)
            lines.append(rent_line(label + prorata, rent, self._rent_account(), self.unit_id))
        charges = company.currency_id.round(self.charges_amount * fraction)
        if charges:
            if self.charges_mode == "provision":
                label = env._("Charges provision %(month)s", month=month)
                account = company.svk_charges_provision_account_id
            else:
                label = env._("Charges %(month)s", month=month)
                account = company.svk_charges_income_account_id
            lines.append(rent_line(label + prorata, charges, account, self.unit_id))
        return lines

    def _tenant_rent_of_period(self, period, fraction):
        """The tenant's part of the rent for the `fraction` of the month `period` the
        lease covers (the rent less the third payer's part). The hook a rent that changes
        within the month (indexation) extends."""
        return (self.rent - self.third_payer_amount) * fraction

    def _prepare_third_payer_invoice_lines(self, period, fraction):
        amount = self.company_id.currency_id.round(self.third_payer_amount * fraction)
        if not amount:
            return []
        env, month, prorata = self._rent_labels(self.third_payer_id, period, fraction)
        label = env._(
            "Rent %(month)s – %(unit)s – part of %(tenant)s",
            month=month,
            unit=self.unit_id.display_name,
            tenant=self.tenant_id.name,
        )
        return [rent_line(label + prorata, amount, self._rent_account(), self.unit_id)]

    def _prepare_invoice(self, period, partner):
        """What the month's invoices of the lease have in common. They are dated the
        first day the lease runs in the month, and due then (or the debtor's payment
        term after it): a lease starting on the 21st is not due on the 1st."""
        first, _last = get_month(period)
        invoice_date = max(first, self.date_start)
        vals = {
            "move_type": "out_invoice",
            "journal_id": self.company_id.svk_rent_journal_id.id,
            "company_id": self.company_id.id,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "svk_lease_id": self.id,
            "svk_period": first,
        }
        term = partner.with_company(self.company_id).property_payment_term_id
        if term:
            vals["invoice_payment_term_id"] = term.id
        else:
            vals["invoice_date_due"] = invoice_date
        return vals

    def _prepare_tenant_invoice(self, period, lines, plan=None):
        vals = {
            **self._prepare_invoice(period, self.tenant_id),
            "payment_reference": self.payment_reference,
            "svk_kind": "tenant",
            "invoice_line_ids": lines,
        }
        company = self.company_id
        mandate = self.tenant_id.valid_mandate_id
        if mandate and company.svk_tenant_debit_mode_id:
            vals.update(mandate_id=mandate.id, payment_mode_id=company.svk_tenant_debit_mode_id.id)
        if plan:
            first, last = get_month(period)
            total = sum(line[2]["price_unit"] for line in lines)
            vals["narration"] = plan._notice_text(first, last, total)
        return vals

    def _prepare_third_payer_invoice(self, period, lines):
        return {
            **self._prepare_invoice(period, self.third_payer_id),
            "payment_reference": self.third_payer_payment_reference,
            "svk_kind": "third_payer",
            "invoice_line_ids": lines,
        }


class SvkLeaseMember(models.Model):
    _name = "svk.lease.member"
    _description = "Household member"
    _order = "lease_id, birth_date, id"

    lease_id = fields.Many2one("svk.lease", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="lease_id.company_id", store=True, index=True)
    name = fields.Char(required=True)
    birth_date = fields.Date()
    relation = fields.Selection(RELATIONS, required=True, default="child")
    disabled = fields.Boolean(
        string="Recognised disability",
        groups="svk_housing.group_svk_social",
        help="Counts twice for the income ceiling (health data: social workers only).",
    )
