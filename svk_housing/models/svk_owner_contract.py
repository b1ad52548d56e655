from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_date
from odoo.tools.date_utils import get_month

from ..rules import (
    PAYMENT_DAY_MAX,
    PAYMENT_DAY_MIN,
    month_days_covered,
    month_fraction,
    term_end,
)
from .account_move import rent_line
from .action_scope import action_scope, in_action_scope
from .sequence import assign_references

CONTRACT_TYPES = [
    ("mandate", "Management mandate"),
    ("main_lease", "Main lease"),
]
DURATIONS = [
    ("1", "1 year (trial)"),
    ("3", "3 years"),
    ("9", "9 years"),
    ("15", "15 years"),
    ("custom", "Custom"),
]
STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("notice", "Notice given"),
    ("ended", "Ended"),
]
# a running contract pays the owner: its bank account, units and rents are a manager's call
RUNNING_STATES = ("active", "notice")


class SvkOwnerContract(models.Model):
    _name = "svk.owner.contract"
    _description = "Owner contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    contract_type = fields.Selection(
        CONTRACT_TYPES,
        string="Contract type",
        required=True,
        default="mandate",
        tracking=True,
        help="Management mandate: the lease binds owner and tenant, the agency acts for the "
        "owner and holds the rent collected on the owner's behalf.\n"
        "Main lease: the agency rents the unit from the owner and sublets it.",
    )
    owner_id = fields.Many2one(
        "res.partner", required=True, tracking=True, check_company=True, index=True
    )
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
    line_ids = fields.One2many("svk.owner.contract.line", "contract_id", string="Units", copy=True)
    unit_count = fields.Integer(compute="_compute_totals", store=True, string="Number of units")
    owner_rent_total = fields.Monetary(
        string="Guaranteed rent per month", compute="_compute_totals", store=True
    )
    date_signature = fields.Date(string="Signature date", tracking=True)
    date_start = fields.Date(
        string="Start", required=True, tracking=True, default=fields.Date.today
    )
    duration = fields.Selection(DURATIONS, required=True, default="9", tracking=True)
    date_end = fields.Date(
        string="End",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        tracking=True,
        help="Computed from the start and the duration; set it by hand for a custom "
        "duration or when notice is given.",
    )
    date_notice = fields.Date(string="Notice date", tracking=True, copy=False)
    payment_day = fields.Integer(
        default=1, tracking=True, help="Day of the month on which the owner is paid (1-28)."
    )
    bank_account_id = fields.Many2one(
        "res.partner.bank",
        string="Owner bank account",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', owner_id)]",
        help="The owner is paid the guaranteed rent on this account by SEPA credit transfer.",
    )
    bank_account_trusted = fields.Boolean(
        related="bank_account_id.allow_out_payment",
        string="Bank account trusted",
        help="Owners' payment orders pay trusted accounts only. A manager trusts the "
        "account when activating the contract; a change of its number or holder waits "
        "for a manager to trust it again.",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, index=True, copy=False
    )
    expiry_activity_date = fields.Date(
        copy=False,
        readonly=True,
        help="End date for which the renewal activity was scheduled; a new end date gets a "
        "new activity.",
    )
    lease_beyond_activity_date = fields.Date(
        copy=False,
        readonly=True,
        help="End date for which the activity about leases running beyond it was "
        "scheduled; a new end date gets a new activity.",
    )
    note = fields.Html()

    _sql_constraints = [
        ("name_company_unique", "UNIQUE(name, company_id)", "Contract references are unique."),
        (
            "payment_day_range",
            f"CHECK(payment_day BETWEEN {PAYMENT_DAY_MIN} AND {PAYMENT_DAY_MAX})",
            "The payment day must be between 1 and 28.",
        ),
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end > date_start)",
            "An owner contract must end after it starts.",
        ),
    ]

    @api.depends("line_ids.owner_rent")
    def _compute_totals(self):
        for contract in self:
            contract.unit_count = len(contract.line_ids)
            contract.owner_rent_total = sum(contract.line_ids.mapped("owner_rent"))

    @api.depends("date_start", "duration")
    def _compute_date_end(self):
        for contract in self:
            if contract.date_start and contract.duration != "custom":
                contract.date_end = term_end(contract.date_start, 12 * int(contract.duration))

    @api.constrains("bank_account_id", "owner_id")
    def _check_bank_account(self):
        for contract in self:
            if (
                contract.bank_account_id
                and contract.bank_account_id.partner_id != contract.owner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The bank account %(account)s is not the owner's (%(owner)s).",
                        account=contract.bank_account_id.display_name,
                        owner=contract.owner_id.display_name,
                    )
                )

    @api.constrains("state", "line_ids")
    def _check_unit_single_running_contract(self):
        running = self.filtered(lambda c: c.state in ("active", "notice"))
        if not running:
            return
        lines = self.env["svk.owner.contract.line"].search(
            [
                ("unit_id", "in", running.line_ids.unit_id.ids),
                ("contract_id.state", "in", ("active", "notice")),
            ]
        )
        for unit, unit_lines in lines.grouped("unit_id").items():
            if len(unit_lines.contract_id) > 1:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s already has a running owner contract (%(contracts)s).",
                        unit=unit.display_name,
                        contracts=", ".join(unit_lines.contract_id.mapped("name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._svk_is_manager() and any(
            vals.get("state", "draft") != "draft" for vals in vals_list
        ):
            raise AccessError(
                self.env._("Only an SVK manager may create a running owner contract.")
            )
        # units given with the new contract are part of it, not changes to report (a
        # scope of this call, not a context key: a client would hide a unit it adds)
        with action_scope("svk.owner.contract.create"):
            return super().create(assign_references(self, vals_list, "name", "svk.owner.contract"))

    def write(self, vals):
        if not self._svk_is_manager():
            self._check_user_write(vals)
        return super().write(vals)

    @api.model
    def _svk_running_vals(self, vals):
        """Hook "a contract brought in running": the values to create an owner contract
        with that was already running before it came into the suite (an agency's files,
        see svk_import), from the values `vals` it was read with. Default: `vals` as they
        are; svk_indexation starts its rents at the index of its last anniversary."""
        return vals

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(contract.state != "draft" for contract in self):
            raise UserError(
                self.env._("Only draft owner contracts can be deleted; end the others.")
            )

    def _svk_is_manager(self):
        return self.env.su or self.env.user.has_group("svk_housing.group_svk_manager")

    def _check_user_write(self, vals):
        """A plain SVK user edits drafts; the state (set by the manager's actions) and the
        owner's bank account of a running contract are not theirs to change."""
        if "state" in vals:
            changed = self.filtered(lambda c: c.state != vals["state"])
            if changed:
                raise AccessError(
                    self.env._(
                        "Only an SVK manager may change the state of owner contract %(name)s.",
                        name=", ".join(changed.mapped("name")),
                    )
                )
        if "bank_account_id" in vals:
            changed = self.filtered(
                lambda c: (
                    c.state in RUNNING_STATES and c.bank_account_id.id != vals["bank_account_id"]
                )
            )
            if changed:
                raise AccessError(
                    self.env._(
                        "Owner contract %(name)s is running: only an SVK manager may change "
                        "the owner's bank account.",
                        name=", ".join(changed.mapped("name")),
                    )
                )

    def _check_units_change(self):
        """Units and guaranteed rents of a running contract are changed by a manager only."""
        running = self.filtered(lambda c: c.state in RUNNING_STATES)
        if running and not self._svk_is_manager():
            raise AccessError(
                self.env._(
                    "Owner contract %(name)s is running: only an SVK manager may add, remove "
                    "or change its units and guaranteed rents.",
                    name=", ".join(running.mapped("name")),
                )
            )

    def _post_units_change(self, messages):
        """Post what changed in the units of running contracts, one message per contract
        (mail tracking does not follow one2many fields)."""
        for contract in self.filtered(lambda c: c.state in RUNNING_STATES):
            if messages.get(contract):
                contract.message_post(body=Markup("<br/>").join(messages[contract]))

    def _check_manager(self):
        if not self.env.user.has_group("svk_housing.group_svk_manager"):
            raise AccessError(
                self.env._("Only an SVK manager may activate, renew or end an owner contract.")
            )

    def action_activate(self):
        self._check_manager()
        for contract in self:
            if contract.state != "draft":
                raise UserError(self.env._("Contract %(name)s is not a draft.", name=contract.name))
            missing = [
                label
                for label, value in (
                    (self.env._("units"), contract.line_ids),
                    (self.env._("the owner's bank account"), contract.bank_account_id),
                    (self.env._("an end date"), contract.date_end),
                )
                if not value
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Contract %(name)s cannot start without %(missing)s.",
                        name=contract.name,
                        missing=", ".join(missing),
                    )
                )
            if any(line.owner_rent <= 0 for line in contract.line_ids):
                raise UserError(
                    self.env._(
                        "Every unit of contract %(name)s needs a guaranteed owner rent.",
                        name=contract.name,
                    )
                )
        self.write({"state": "active"})
        self.line_ids.unit_id.filtered(lambda u: u.state == "prospect").write(
            {"state": "renovation"}
        )
        # the manager who starts the contract vouches for the account the owner is paid on
        self._trust_bank_account()
        return True

    def action_trust_bank_account(self):
        """A manager trusts the payout account of running contracts again (after its
        number or holder changed): owners' payment orders pay trusted accounts only."""
        self._check_manager()
        if any(contract.state not in RUNNING_STATES for contract in self):
            raise UserError(
                self.env._("Only the bank account of a running owner contract is trusted here.")
            )
        untrusted = self._trust_bank_account()
        for contract in untrusted:
            contract.message_post(
                body=self.env._(
                    "Bank account %(account)s trusted again for the owner's payments.",
                    account=contract.bank_account_id.acc_number,
                )
            )
        return True

    def _trust_bank_account(self):
        """Trust the contracts' bank accounts (Odoo tracks it on the owner); return the
        contracts whose account was not trusted yet."""
        untrusted = self.filtered(
            lambda c: c.bank_account_id and not c.bank_account_id.allow_out_payment
        )
        # the manager's action is the decision (checked by the callers, who hold Odoo's
        # "Validate bank account" right); bank accounts are accounting's to write, hence sudo
        untrusted.bank_account_id.sudo().write({"allow_out_payment": True})
        return untrusted

    def action_give_notice(self):
        self._check_manager()
        for contract in self:
            if contract.state != "active":
                raise UserError(
                    self.env._(
                        "Only an active contract can be given notice (%(name)s).",
                        name=contract.name,
                    )
                )
        self.write({"state": "notice", "date_notice": fields.Date.context_today(self)})
        return True

    def action_end(self):
        self._check_manager()
        if any(contract.state not in ("active", "notice") for contract in self):
            raise UserError(self.env._("Only a running owner contract can be ended."))
        self._end()
        return True

    def _end(self):
        today = fields.Date.context_today(self)
        for contract in self:
            vals = {"state": "ended"}
            if not contract.date_end or contract.date_end > today:
                vals["date_end"] = today
            contract.write(vals)
        units = self.line_ids.unit_id.filtered(
            lambda u: not u.owner_contract_id or u.owner_contract_id.state == "ended"
        )
        units.write({"state": "withdrawn"})
        self.activity_unlink(
            [
                "svk_housing.mail_activity_type_owner_contract_expiry",
                "svk_housing.mail_activity_type_lease_beyond_contract",
            ]
        )

    def action_renew(self):
        """Extend a running contract by its duration (a custom one by a year)."""
        self._check_manager()
        for contract in self:
            if contract.state not in ("active", "notice") or not contract.date_end:
                raise UserError(
                    self.env._("Only a running contract with an end date can be renewed.")
                )
            years = 1 if contract.duration == "custom" else int(contract.duration)
            contract.write(
                {
                    "state": "active",
                    "date_notice": False,
                    "date_end": contract.date_end + relativedelta(years=years),
                }
            )
            contract.message_post(
                body=self.env._("Renewed until %(date)s.", date=contract.date_end)
            )
        self.activity_feedback(
            [
                "svk_housing.mail_activity_type_owner_contract_expiry",
                "svk_housing.mail_activity_type_lease_beyond_contract",
            ]
        )
        return True

    def action_reset_draft(self):
        self._check_manager()
        if any(contract.state != "ended" for contract in self):
            raise UserError(self.env._("Only an ended contract can be set back to draft."))
        return self.write({"state": "draft", "date_notice": False})

    @api.model
    def _cron_expiry(self):
        """Daily: contracts whose notice ran out end; running contracts close to their end
        get a renewal activity for their responsible person, once per end date."""
        today = fields.Date.context_today(self)
        running = self.search([("state", "in", ("active", "notice")), ("date_end", "!=", False)])
        for company, contracts in running.grouped("company_id").items():
            contracts = contracts.with_company(company)
            contracts.filtered(lambda c: c.state == "notice" and c.date_end < today)._end()
            horizon = today + relativedelta(days=company.svk_contract_expiry_lead_days)
            contracts.filtered(
                lambda c, horizon=horizon: (
                    c.state in ("active", "notice")
                    and c.date_end <= horizon
                    and c.expiry_activity_date != c.date_end
                )
            )._schedule_expiry_activity()
            horizon = today + relativedelta(days=company.svk_lease_beyond_contract_lead_days)
            contracts.filtered(
                lambda c, horizon=horizon: (
                    c.state in ("active", "notice")
                    and c.date_end <= horizon
                    and c.lease_beyond_activity_date != c.date_end
                )
            )._schedule_lease_beyond_activity()

    def _leases_beyond_end(self):
        """{contract: running leases of its units that run on after it ends}: the months
        after the end have no owner to bill, so their rent cannot be invoiced."""
        leases = self.env["svk.lease"].search(
            [
                ("unit_id", "in", self.line_ids.unit_id.ids),
                ("state", "in", ("active", "notice")),
            ]
        )
        result = {}
        for contract in self:
            units = contract.line_ids.unit_id
            beyond = leases.filtered(
                lambda lease, contract=contract, units=units: (
                    lease.unit_id in units
                    and (not lease.date_end or lease.date_end > contract.date_end)
                )
            )
            if beyond:
                result[contract] = beyond
        return result

    def _schedule_lease_beyond_activity(self):
        for contract, leases in self._leases_beyond_end().items():
            contract.with_context(mail_activity_quick_update=True).activity_schedule(
                "svk_housing.mail_activity_type_lease_beyond_contract",
                date_deadline=contract.date_end,
                summary=self.env._(
                    "Owner contract %(name)s ends on %(date)s while leases run on",
                    name=contract.name,
                    date=contract.date_end,
                ),
                note=self.env._(
                    "Leases %(leases)s run beyond the end of owner contract %(name)s: renew "
                    "the contract, or end the leases by then. Under a management mandate, "
                    "the monthly run does not invoice the rent of a month the owner is not "
                    "billed for: it lists such leases as errors.",
                    leases=", ".join(leases.mapped("display_name")),
                    name=contract.name,
                ),
                user_id=(contract.user_id or contract.create_uid or self.env.user).id,
            )
            contract.lease_beyond_activity_date = contract.date_end

    def _schedule_expiry_activity(self):
        for contract in self:
            contract.with_context(mail_activity_quick_update=True).activity_schedule(
                "svk_housing.mail_activity_type_owner_contract_expiry",
                date_deadline=contract.date_end,
                summary=self.env._(
                    "Owner contract %(name)s ends on %(date)s: renew or end it",
                    name=contract.name,
                    date=contract.date_end,
                ),
                user_id=(contract.user_id or contract.create_uid or self.env.user).id,
            )
            contract.expiry_activity_date = contract.date_end

    # ---------------------------------------------------------------- owner's bill
    def _owner_bill_vals(self, period):
        """{contract id: [bill values]}: each contract's `_prepare_owner_bill`, with what
        tenants were invoiced for its units read once."""
        collected = self._collected_by_unit(period)
        result = {}
        for contract in self:
            bill = contract._prepare_owner_bill(period, collected)
            result[contract.id] = [bill] if bill else []
        return result

    def _prepare_owner_bill(self, period, collected):
        """The owner's bill of the month: the guaranteed rent, one line per unit whatever
        its occupancy (prorata of a partial month)."""
        self.ensure_one()
        covered = month_days_covered(period, self.date_start, self.date_end)
        if not covered:
            return False
        first, start = get_month(period)[0], covered[0]
        fraction = month_fraction(*covered)
        lines = [
            command
            for line in self.line_ids
            for command in self._prepare_owner_bill_lines(line, period, fraction, collected)
        ]
        if not lines:
            return False
        lines += self._prepare_owner_bill_deductions(period, lines)
        company = self.company_id
        reference = f"{self.name} {first:%Y-%m}"
        vals = {
            "move_type": "in_invoice",
            "journal_id": company.svk_owner_journal_id.id,
            "company_id": company.id,
            "partner_id": self.owner_id.id,
            "partner_bank_id": self.bank_account_id.id,
            "invoice_date": start,
            "invoice_date_due": max(
                start, first.replace(day=min(self.payment_day or 1, PAYMENT_DAY_MAX))
            ),
            "ref": reference,
            "payment_reference": reference,
            "svk_owner_contract_id": self.id,
            "svk_period": first,
            "svk_kind": "owner",
            "invoice_line_ids": lines,
        }
        if company.svk_owner_payment_mode_id:
            vals["payment_mode_id"] = company.svk_owner_payment_mode_id.id
        return vals

    def _prepare_owner_bill_lines(self, line, period, fraction, collected):
        """The bill's lines for one unit. Under a management mandate, what was invoiced
        for the unit this month is the owner's money (debited from "rents collected for
        owners"); what is missing to the guaranteed rent is the agency's guarantee cost."""
        company = self.company_id
        unit = line.unit_id
        lang = self.owner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        month = format_date(env, get_month(period)[0], date_format="MMMM y", lang_code=lang)
        guaranteed = company.currency_id.round(self._owner_rent_of_period(line, period, fraction))
        label = env._("Guaranteed rent %(month)s – %(unit)s", month=month, unit=unit.display_name)
        if self.contract_type == "main_lease":
            return [rent_line(label, guaranteed, company.svk_owner_rent_expense_account_id, unit)]
        lines = []
        from_tenants = company.currency_id.round(
            max(0.0, min(guaranteed, collected.get(unit.id, 0.0)))
        )
        if from_tenants:
            lines.append(
                rent_line(label, from_tenants, company.svk_owner_collected_account_id, unit)
            )
        if company.currency_id.compare_amounts(guaranteed, from_tenants) > 0:
            label = env._(
                "Guarantee: rent not collected %(month)s – %(unit)s",
                month=month,
                unit=unit.display_name,
            )
            lines.append(
                rent_line(
                    label, guaranteed - from_tenants, company.svk_guarantee_cost_account_id, unit
                )
            )
        return lines

    def _prepare_owner_bill_deductions(self, period, lines):
        """Hook "deductions of the period": lines taken off the owner's bill of the month
        `period` (negative ``Command.create`` lines, as `rent_line` makes them), given the
        bill's `lines` so far; together they never exceed the bill, which cannot go below
        zero. Default: none; svk_repair deducts the repairs the owner pays."""
        return []

    def _owner_rent_of_period(self, line, period, fraction):
        """The guaranteed rent of contract line `line` for the `fraction` of the month
        `period` the contract covers. The hook a rent that changes within the month
        (indexation) extends."""
        return line.owner_rent * fraction

    def _collected_by_unit(self, period):
        """What is held on "rents collected for owners" for each unit of the contracts
        and the month: invoiced to tenants and third payers, less what owners' bills and
        clearings already took."""
        companies = self.company_id
        groups = self.env["account.move.line"]._read_group(
            [
                ("svk_period", "=", get_month(period)[0]),
                ("company_id", "in", companies.ids),
                ("parent_state", "=", "posted"),
                ("account_id", "in", companies.svk_owner_collected_account_id.ids),
                ("svk_unit_id", "in", self.line_ids.unit_id.ids),
            ],
            ["svk_unit_id"],
            ["balance:sum"],
        )
        return {unit.id: -balance for unit, balance in groups}


class SvkOwnerContractLine(models.Model):
    _name = "svk.owner.contract.line"
    _description = "Unit of an owner contract"
    _order = "contract_id, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "svk.owner.contract", required=True, ondelete="cascade", index=True
    )
    unit_id = fields.Many2one(
        "svk.unit", required=True, ondelete="restrict", index=True, check_company=True
    )
    owner_rent = fields.Monetary(
        string="Guaranteed rent",
        currency_field="currency_id",
        help="Monthly rent the agency guarantees the owner, whether the unit is let, "
        "vacant or unpaid.",
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    state = fields.Selection(related="contract_id.state", store=True)

    _sql_constraints = [
        (
            "unit_contract_unique",
            "UNIQUE(contract_id, unit_id)",
            "A unit appears once per contract.",
        ),
        (
            "owner_rent_positive",
            "CHECK(owner_rent >= 0)",
            "The guaranteed rent cannot be negative.",
        ),
    ]

    @api.constrains("unit_id", "contract_id")
    def _check_unit_single_running_contract(self):
        self.contract_id._check_unit_single_running_contract()

    @api.model_create_multi
    def create(self, vals_list):
        self.env["svk.owner.contract"].browse(
            {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}
        )._check_units_change()
        lines = super().create(vals_list)
        if not in_action_scope("svk.owner.contract.create"):
            messages = defaultdict(list)
            for line in lines:
                messages[line.contract_id].append(line._text_added())
            lines.contract_id._post_units_change(messages)
        return lines

    def write(self, vals):
        changed = self._changed_by(vals)
        if not changed:
            return super().write(vals)
        contracts = changed.contract_id
        if vals.get("contract_id"):
            contracts |= self.env["svk.owner.contract"].browse(vals["contract_id"])
        contracts._check_units_change()
        before = {line: (line.contract_id, line.unit_id, line.owner_rent) for line in changed}
        result = super().write(vals)
        messages = defaultdict(list)
        for line, (contract, unit, rent) in before.items():
            if line.contract_id != contract:
                messages[contract].append(line._text_removed(unit, rent))
                messages[line.contract_id].append(line._text_added())
                continue
            if line.unit_id != unit:
                messages[contract].append(
                    self.env._(
                        "Unit %(old)s replaced by unit %(new)s.",
                        old=unit.display_name,
                        new=line.unit_id.display_name,
                    )
                )
            if line.currency_id.compare_amounts(line.owner_rent, rent):
                messages[contract].append(
                    self.env._(
                        "Guaranteed rent of unit %(unit)s changed from %(old)s to %(new)s.",
                        unit=line.unit_id.display_name,
                        old=format_amount(self.env, rent, line.currency_id),
                        new=format_amount(self.env, line.owner_rent, line.currency_id),
                    )
                )
        contracts._post_units_change(messages)
        return result

    def unlink(self):
        contracts = self.contract_id
        contracts._check_units_change()
        messages = defaultdict(list)
        for line in self:
            messages[line.contract_id].append(line._text_removed(line.unit_id, line.owner_rent))
        result = super().unlink()
        contracts.exists()._post_units_change(messages)
        return result

    def _changed_by(self, vals):
        """The lines whose contract, unit or guaranteed rent `vals` really changes."""
        return self.filtered(
            lambda line: (
                ("contract_id" in vals and line.contract_id.id != vals["contract_id"])
                or ("unit_id" in vals and line.unit_id.id != vals["unit_id"])
                or (
                    "owner_rent" in vals
                    and line.currency_id.compare_amounts(line.owner_rent, vals["owner_rent"] or 0.0)
                )
            )
        )

    def _text_added(self):
        self.ensure_one()
        return self.env._(
            "Unit %(unit)s added, guaranteed rent %(rent)s.",
            unit=self.unit_id.display_name,
            rent=format_amount(self.env, self.owner_rent, self.currency_id),
        )

    def _text_removed(self, unit, rent):
        self.ensure_one()
        return self.env._(
            "Unit %(unit)s removed (guaranteed rent %(rent)s).",
            unit=unit.display_name,
            rent=format_amount(self.env, rent, self.currency_id),
        )
