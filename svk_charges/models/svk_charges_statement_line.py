import logging
import math

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round, formatLang

from odoo.addons.svk_housing.models.account_move import rent_line

_logger = logging.getLogger(__name__)

# a document's errors that come from a lease's data: named to the approver
BUSINESS_ERRORS = (UserError, ValidationError)
# months in a year, days in the year the proposal covers (next year's, not known yet)
YEAR_DAYS = 365
MONTHS = 12


class SvkChargesStatementLine(models.Model):
    """A lease on a charges statement: its share of each cost over the days it ran,
    the provisions it was invoiced for the period, the balance, and the document that
    settles it once the statement is approved."""

    _name = "svk.charges.statement.line"
    _description = "Charges statement line"
    _order = "statement_id, unit_id, date_from, id"
    _check_company_auto = True

    statement_id = fields.Many2one(
        "svk.charges.statement", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    state = fields.Selection(related="statement_id.state")
    lease_id = fields.Many2one(
        "svk.lease", required=True, index=True, ondelete="restrict", check_company=True
    )
    tenant_id = fields.Many2one("res.partner", required=True, index=True, check_company=True)
    unit_id = fields.Many2one("svk.unit", required=True, check_company=True)
    payment_reference = fields.Char(
        related="lease_id.payment_reference", string="Structured communication"
    )
    date_from = fields.Date(string="From", help="First day of the lease in the period.")
    date_to = fields.Date(string="To", help="Last day of the lease in the period.")
    days = fields.Integer(help="Days the lease ran in the period.")
    detail_ids = fields.One2many("svk.charges.statement.detail", "line_id", string="Shares")
    share_amount = fields.Monetary(
        compute="_compute_amounts", store=True, string="Share", help="The tenant's share."
    )
    provision_amount = fields.Monetary(
        string="Provisions",
        help="The provisions invoiced for the period, credit notes deducted.",
    )
    balance = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        help="Share less provisions: positive, the tenant pays it (a claim); negative, "
        "the agency gives it back (a refund).",
    )
    balance_kind = fields.Selection(
        [("claim", "To pay"), ("refund", "Refund"), ("settled", "Settled")],
        compute="_compute_amounts",
        store=True,
        string="Outcome",
    )
    current_provision = fields.Monetary(
        string="Monthly provision", help="The lease's monthly provision when computed."
    )
    new_provision = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        string="Proposed provision",
        help="The share of a day the lease ran, times 365 days, divided by 12 months, "
        "rounded up to the euro: next year's costs covered if they stay the same.",
    )
    can_apply_provision = fields.Boolean(
        string="Runs after the period",
        help="The lease runs after the period: its provision can follow the proposal.",
    )
    apply_provision = fields.Boolean(
        string="Apply",
        help="On approval, the lease's monthly provision becomes the proposed one.",
    )
    move_ids = fields.One2many("account.move", "svk_charges_line_id", string="Documents")
    move_id = fields.Many2one(
        "account.move", compute="_compute_move_id", string="Document", compute_sudo=True
    )

    _sql_constraints = [
        (
            "statement_lease_unique",
            "UNIQUE(statement_id, lease_id)",
            "A lease appears once on a statement.",
        ),
    ]

    @api.depends("unit_id", "tenant_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.unit_id.display_name} – {line.tenant_id.name}"

    @api.depends("detail_ids.share_amount", "provision_amount", "days")
    def _compute_amounts(self):
        for line in self:
            currency = line.currency_id or self.env.company.currency_id
            line.share_amount = currency.round(sum(line.detail_ids.mapped("share_amount")))
            line.balance = currency.round(line.share_amount - line.provision_amount)
            sign = currency.compare_amounts(line.balance, 0.0)
            line.balance_kind = {1: "claim", -1: "refund", 0: "settled"}[sign]
            line.new_provision = line._proposed_provision()

    def _proposed_provision(self):
        """The share of a day the lease ran, over a year of 365 days, by month, rounded
        up to the euro (what next year's costs need if they stay the same)."""
        if not self.days:
            return 0.0
        monthly = self.share_amount / self.days * YEAR_DAYS / MONTHS
        return float(math.ceil(float_round(monthly, precision_digits=2)))

    def _compute_move_id(self):
        for line in self:
            line.move_id = line.move_ids.filtered(lambda move: move.state != "cancel")[:1]

    def write(self, vals):
        if not self.env.su and set(vals) - {"apply_provision"}:
            # the figures are the computation's: staff choose which proposals apply
            raise AccessError(
                self.env._("A statement's figures are computed, not written by hand.")
            )
        if "apply_provision" in vals and any(
            line.statement_id.state != "computed" for line in self
        ):
            raise UserError(
                self.env._("The proposed provisions are chosen before the statement's approval.")
            )
        return super().write(vals)

    def action_print(self):
        return self.env.ref("svk_charges.svk_charges_statement_line_report").report_action(self)

    def action_view_move(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(res_id=self.move_id.id, views=[(False, "form")], view_mode="form")
        return action

    # ------------------------------------------------------------------- report
    def _report_lang(self):
        self.ensure_one()
        return self.tenant_id.lang or self.company_id.partner_id.lang or self.env.lang

    # --------------------------------------------------------------- documents
    def _needs_move(self):
        """A lease with neither a share nor provisions has nothing to settle."""
        self.ensure_one()
        return not (
            self.currency_id.is_zero(self.share_amount)
            and self.currency_id.is_zero(self.provision_amount)
        )

    def _prepare_move_vals(self):
        """The document that settles the lease: an invoice for a claim (or a balance of
        zero), a credit note for a refund, to the tenant, under the lease's structured
        communication."""
        self.ensure_one()
        statement = self.statement_id
        company = statement.company_id
        claim = self.currency_id.compare_amounts(self.balance, 0.0) >= 0
        return {
            "move_type": "out_invoice" if claim else "out_refund",
            "journal_id": company.svk_rent_journal_id.id,
            "company_id": company.id,
            "partner_id": self.tenant_id.id,
            "invoice_date": statement.date,
            "date": statement.date,
            "invoice_date_due": statement.date_due,
            "invoice_payment_term_id": False,
            "payment_reference": self.lease_id.payment_reference,
            "ref": statement.name,
            "invoice_origin": statement.name,
            "svk_lease_id": self.lease_id.id,
            "svk_kind": "charges",
            "svk_charges_line_id": self.id,
            "invoice_line_ids": self._prepare_move_lines(1 if claim else -1),
        }

    def _prepare_move_lines(self, sign):
        """The share of each cost into the charges income, and the provisions of the
        period off the provision account: the lease's provisions net to zero there. On a
        credit note (`sign` -1) amounts change sign so that they stay on the same side."""
        env = self.with_context(lang=self._report_lang()).env
        lines = [
            self._prepare_share_line(detail, sign, env)
            for detail in self.detail_ids
            if not self.currency_id.is_zero(detail.share_amount)
        ]
        if not self.currency_id.is_zero(self.provision_amount):
            lines.append(self._prepare_provision_line(sign, env))
        return lines

    def _prepare_share_line(self, detail, sign, env):
        label = env._(
            "Charges %(period)s: %(type)s",
            period=self.statement_id._period_label(lang=env.lang),
            type=detail.charge_type_id.with_env(env).name,
        )
        account = self.company_id.svk_charges_income_account_id
        return rent_line(label, sign * detail.share_amount, account, self.unit_id)

    def _prepare_provision_line(self, sign, env):
        label = env._(
            "Charge provisions invoiced for %(period)s",
            period=self.statement_id._period_label(lang=env.lang),
        )
        account = self.company_id.svk_charges_provision_account_id
        return rent_line(label, -sign * self.provision_amount, account, self.unit_id)

    def _create_moves(self):
        """Create the lines' documents in one call and post them together. If that
        fails on a lease's data, find the leases at fault one at a time and refuse the
        whole statement, naming them: it is approved whole or not at all."""
        lines = self.filtered(lambda line: line._needs_move())
        vals_list = [line._prepare_move_vals() for line in lines]
        if not vals_list:
            return self.env["account.move"]
        # the SVK Manager's approval decides the documents, whatever their rights on
        # invoices (as the rent cycle's mandate clearing does)
        Move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id[:1])
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        )
        try:
            with self.env.cr.savepoint():
                moves = Move.create(vals_list)
                moves._post(soft=False)
            return moves
        except pg_errors.UniqueViolation:
            raise UserError(self.env._("This statement is being approved, or is approved."))
        except BUSINESS_ERRORS as error:
            _logger.info("charges statement: posting failed (%s), one lease at a time", error)
        failures = []
        for line, vals in zip(lines, vals_list, strict=True):
            try:
                with self.env.cr.savepoint():
                    Move.create(vals)._post(soft=False)
            except BUSINESS_ERRORS as error:
                failures.append(
                    f"{line.lease_id.name} ({line.tenant_id.name}): "
                    f"{error.args[0] if error.args else error}"
                )
        raise UserError(
            self.env._(
                "The statement is not approved: the documents of these leases cannot be "
                "posted.\n%(errors)s",
                errors="\n".join(failures) or self.env._("(an error no lease alone causes)"),
            )
        )

    def _reconcile_provisions(self):
        """Match each lease's open provisions of the period with the document that
        settles them, on the provision account: what stays open there is what no
        statement has settled yet."""
        if not self:
            return
        statement = self.statement_id
        statement.ensure_one()
        account = statement.company_id.svk_charges_provision_account_id
        # the provision account is no receivable nor payable: matching its lines moves
        # no document's payment status, there is nothing for mail tracking to say
        AML = self.env["account.move.line"].sudo().with_context(mail_notrack=True)
        provisions = AML.search(
            [*statement._provision_domain(self.lease_id), ("reconciled", "=", False)]
        ).grouped("svk_lease_id")
        plan = []
        for line in self.filtered("move_id"):
            settlement = line.move_id.line_ids.filtered(lambda aml: aml.account_id == account)
            group = settlement | provisions.get(line.lease_id, AML)
            if settlement and len(group) > 1:
                plan.append(group)
        if plan:
            AML._reconcile_plan(plan)

    def _apply_new_provision(self):
        """The leases' monthly provision becomes the proposed one, one write per
        amount. The statement line keeps the change (the provision it had, the one
        proposed): the field's tracking is left out and each lease whose provision
        changes gets one note saying it, made in one batch."""
        lines = self.filtered("can_apply_provision")
        changed = lines.filtered(
            lambda line: line.currency_id.compare_amounts(
                line.new_provision, line.lease_id.charges_amount
            )
        )
        notes = {line.lease_id.id: line._provision_note() for line in changed}
        for amount, group in lines.grouped("new_provision").items():
            group.lease_id.with_context(tracking_disable=True).write({"charges_amount": amount})
        changed.lease_id._message_log_batch(notes)

    def _provision_note(self):
        self.ensure_one()
        return self.env._(
            "Monthly charges provision: %(new)s from the charges statement %(statement)s "
            "(it was %(old)s).",
            new=formatLang(self.env, self.new_provision, currency_obj=self.currency_id),
            statement=self.statement_id.display_name,
            old=formatLang(self.env, self.lease_id.charges_amount, currency_obj=self.currency_id),
        )


class SvkChargesStatementDetail(models.Model):
    """A lease's share of one cost: its quantity of the key against the key's total."""

    _name = "svk.charges.statement.detail"
    _description = "Charges statement share"
    _order = "line_id, sequence, id"
    _check_company_auto = True

    line_id = fields.Many2one(
        "svk.charges.statement.line",
        string="Statement line",
        required=True,
        ondelete="cascade",
        index=True,
    )
    statement_id = fields.Many2one(related="line_id.statement_id", store=True, index=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    cost_id = fields.Many2one(
        "svk.charges.statement.cost",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    charge_type_id = fields.Many2one(
        related="cost_id.charge_type_id", store=True, string="Charge type"
    )
    sequence = fields.Integer(related="cost_id.sequence")
    method = fields.Selection(related="cost_id.method", string="Key")
    cost_amount = fields.Monetary(related="cost_id.amount", string="Building's cost")
    quantity = fields.Float(
        digits=(16, 4), help="What the lease counts: days, m², shares or consumption."
    )
    total_quantity = fields.Float(related="cost_id.total_quantity", string="Key total")
    share_amount = fields.Monetary(string="Share")

    def _quantity_text(self):
        """ "quantity / key total unit", numbers as the reader's language writes them."""
        self.ensure_one()
        method = self.cost_id.method
        digits = {"equal": 4, "surface": 2, "days": 0}.get(method, 2)
        total_digits = 0 if method in ("equal", "days") else digits
        if method == "meter":
            labels = dict(
                self.env["svk.meter"]._fields["meter_type"]._description_selection(self.env)
            )
            unit = self.env._(
                "%(meter)s meter", meter=labels.get(self.cost_id.meter_type, "").lower()
            )
        else:
            unit = {
                "equal": self.env._("units"),
                "surface": self.env._("m²"),
                "days": self.env._("days"),
            }[method]
        quantity = formatLang(self.env, self.quantity, digits=digits)
        total = formatLang(self.env, self.total_quantity, digits=total_digits)
        return f"{quantity} / {total} {unit}"
