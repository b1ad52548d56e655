from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_date

from .action_scope import action_scope, in_action_scope, would_change
from .sequence import assign_references

# the tenant was given this schedule: only a manager changes it
LOCKED_STATES = ("active", "broken")
# what decides when a running plan breaks: a manager's to change
MANAGER_FIELDS = ("grace_days", "debt_amount")


class SvkPaymentPlan(models.Model):
    """A schedule for arrears that are already receivables: nothing new is invoiced.

    The tenant pays the monthly rent plus the instalment under the lease's structured
    communication; payments settle the oldest debt first. What was paid towards the plan
    is the debt at its start minus what is still owed today, not counting the invoices
    issued since the plan started that are not yet past the grace period. The plan is
    broken when that falls behind the schedule by more than the grace period.
    """

    _name = "svk.payment.plan"
    _description = "Payment plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    lease_id = fields.Many2one(
        "svk.lease", required=True, index=True, check_company=True, tracking=True
    )
    tenant_id = fields.Many2one(related="lease_id.tenant_id", store=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        compute="_compute_user_id",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
    )
    date_start = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, string="Start"
    )
    debt_amount = fields.Monetary(
        string="Debt scheduled",
        compute="_compute_debt_amount",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The lease's balance when the plan starts (proposed), to be paid off.",
    )
    instalment_amount = fields.Monetary(tracking=True)
    first_due_date = fields.Date(
        string="First instalment", required=True, default=fields.Date.context_today
    )
    grace_days = fields.Integer(
        compute="_compute_grace_days",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Days an instalment may be late before the plan is broken.",
    )
    line_ids = fields.One2many("svk.payment.plan.line", "plan_id", string="Instalments", copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Running"),
            ("broken", "Broken"),
            ("done", "Paid off"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    date_broken = fields.Date(readonly=True, copy=False, tracking=True)
    paid_amount = fields.Monetary(string="Paid towards the plan", compute="_compute_progress")
    expected_amount = fields.Monetary(string="Expected by now", compute="_compute_progress")
    behind_since = fields.Date(compute="_compute_progress")
    schedule_locked = fields.Boolean(
        compute="_compute_schedule_locked",
        help="The plan runs: its grace days are an SVK manager's to change.",
    )

    _sql_constraints = [
        ("name_company_unique", "UNIQUE(name, company_id)", "Payment plan references are unique."),
        ("debt_positive", "CHECK(debt_amount >= 0)", "The debt cannot be negative."),
        (
            "instalment_positive",
            "CHECK(instalment_amount >= 0)",
            "An instalment cannot be negative.",
        ),
    ]

    @api.depends("lease_id")
    def _compute_company_id(self):
        for plan in self:
            plan.company_id = plan.lease_id.company_id or plan.company_id or self.env.company

    @api.depends("lease_id")
    def _compute_user_id(self):
        for plan in self:
            plan.user_id = plan.lease_id.user_id or plan.user_id or self.env.user

    @api.depends("lease_id")
    def _compute_debt_amount(self):
        for plan in self.filtered(lambda p: p.state == "draft"):
            plan.debt_amount = sum(plan._tenant_receivables().mapped("amount_residual"))

    @api.depends("company_id")
    def _compute_grace_days(self):
        for plan in self:
            plan.grace_days = plan.company_id.svk_payment_plan_grace_days

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_schedule_locked(self):
        manager = self._svk_is_manager()
        for plan in self:
            plan.schedule_locked = plan.state in LOCKED_STATES and not manager

    def _compute_progress(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.paid_amount = plan._paid_towards(today)
            plan.expected_amount = sum(
                plan.line_ids.filtered(lambda line: line.date <= today).mapped("amount")
            )
            plan.behind_since = plan._behind_since(today)

    def _tenant_receivables(self):
        """What the tenant (not a third payer) still owes on the lease, payments in
        advance included: the lease's one definition, for the tenant's part."""
        AML = self.env["account.move.line"].sudo()
        return AML.search(
            [
                *AML._svk_open_receivable_domain(),
                ("svk_lease_id", "=", self.lease_id.id),
                ("move_id.svk_kind", "in", [*self.env["account.move"]._svk_tenant_kinds(), False]),
                ("partner_id", "=", self.lease_id.tenant_id.commercial_partner_id.id),
            ]
        )

    def _paid_towards(self, today):
        self.ensure_one()
        if self.state == "draft":
            return 0.0
        lines = self._tenant_receivables()
        owed = sum(lines.mapped("amount_residual"))
        limit = today - relativedelta(days=self.grace_days)
        # what is still owed on invoices issued since the plan and not yet past grace
        recent = sum(
            line.amount_residual
            for line in lines
            if line.move_id.invoice_date
            and line.move_id.invoice_date >= self.date_start
            and (line.date_maturity or line.date) >= limit
        )
        return self.currency_id.round(
            max(0.0, min(self.debt_amount, self.debt_amount - (owed - recent)))
        )

    def _behind_since(self, today):
        """Date of the first instalment not covered by what was paid, if it is due."""
        self.ensure_one()
        if self.state not in ("active", "broken"):
            return False
        paid = self._paid_towards(today)
        cumulated = 0.0
        for line in self.line_ids.sorted("date"):
            if line.date > today:
                break
            cumulated += line.amount
            if self.currency_id.compare_amounts(cumulated, paid) > 0:
                return line.date
        return False

    @api.constrains("lease_id", "state")
    def _check_one_running_plan(self):
        for plan in self.filtered(lambda p: p.state in ("active", "broken")):
            if self.search_count(
                [
                    ("lease_id", "=", plan.lease_id.id),
                    ("state", "in", ("active", "broken")),
                    ("id", "!=", plan.id),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "Lease %(lease)s already has a running payment plan.",
                        lease=plan.lease_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._svk_is_manager() and any(
            vals.get("state", "draft") != "draft" for vals in vals_list
        ):
            raise AccessError(self.env._("Only an SVK manager may create a running payment plan."))
        return super().create(assign_references(self, vals_list, "name", "svk.payment.plan"))

    def write(self, vals):
        if not self._svk_is_manager():
            self._check_user_write(vals)
        return super().write(vals)

    def _check_user_write(self, vals):
        """Staff move a plan through its buttons, and do not change what decides when a
        running plan breaks (an SVK manager does, tracked)."""
        if "state" in vals:
            moved = would_change(self, "state", vals["state"])
            if vals["state"] == "draft" and moved:
                # back in draft, the schedule would be open to anyone
                raise AccessError(
                    self.env._(
                        "Only an SVK manager may set payment plan %(name)s back to draft.",
                        name=", ".join(moved.mapped("name")),
                    )
                )
            if moved and not in_action_scope("svk.payment.plan.state", moved):
                raise AccessError(
                    self.env._(
                        "The state of payment plan %(name)s follows its buttons.",
                        name=", ".join(moved.mapped("name")),
                    )
                )
        for field in set(MANAGER_FIELDS) & set(vals):
            changed = would_change(
                self.filtered(lambda plan: plan.state in LOCKED_STATES), field, vals[field]
            )
            if changed:
                raise AccessError(
                    self.env._(
                        "Payment plan %(name)s is running: only an SVK manager may change its "
                        "%(field)s.",
                        name=", ".join(changed.mapped("name")),
                        field=self._fields[field]._description_string(self.env),
                    )
                )

    def _svk_is_manager(self):
        return self.env.su or self.env.user.has_group("svk_housing.group_svk_manager")

    def _check_schedule_change(self):
        """The instalments of a running plan are changed by a manager only."""
        locked = self.filtered(lambda p: p.state in LOCKED_STATES)
        if locked and not self._svk_is_manager():
            raise AccessError(
                self.env._(
                    "Payment plan %(name)s is running: only an SVK manager may add, delete or "
                    "change its instalments.",
                    name=", ".join(locked.mapped("name")),
                )
            )

    def _post_schedule_change(self, messages):
        """Post what changed in the schedule of running plans, one message per plan."""
        for plan in self.filtered(lambda p: p.state in LOCKED_STATES):
            if messages.get(plan):
                plan.message_post(body=Markup("<br/>").join(messages[plan]))

    def action_compute_schedule(self):
        """Monthly instalments from the first due date until the debt is covered."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be rescheduled."))
            if plan.debt_amount <= 0 or plan.instalment_amount <= 0:
                raise UserError(
                    self.env._("Set the debt and the instalment before computing the schedule.")
                )
            remaining, lines, month = plan.debt_amount, [], 0
            while plan.currency_id.compare_amounts(remaining, 0) > 0:
                amount = min(plan.instalment_amount, remaining)
                lines.append(
                    fields.Command.create(
                        {
                            "date": plan.first_due_date + relativedelta(months=month),
                            "amount": amount,
                        }
                    )
                )
                remaining = plan.currency_id.round(remaining - amount)
                month += 1
            plan.line_ids = [fields.Command.clear(), *lines]
        return True

    def action_confirm(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(self.env._("Plan %(name)s is not a draft.", name=plan.name))
            if not plan.line_ids:
                plan.action_compute_schedule()
            total = sum(plan.line_ids.mapped("amount"))
            if plan.currency_id.compare_amounts(total, plan.debt_amount) != 0:
                raise UserError(
                    self.env._(
                        "The instalments (%(total)s) must add up to the debt (%(debt)s).",
                        total=format_amount(self.env, total, plan.currency_id),
                        debt=format_amount(self.env, plan.debt_amount, plan.currency_id),
                    )
                )
        with action_scope("svk.payment.plan.state", self):
            self.write({"state": "active"})
        return True

    def action_cancel(self):
        with action_scope("svk.payment.plan.state", self):
            self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reactivate(self):
        """After talking with the tenant: give the broken plan another chance."""
        for plan in self:
            if plan.state != "broken":
                raise UserError(self.env._("Only a broken plan can be resumed."))
        with action_scope("svk.payment.plan.state", self):
            self.write({"state": "active", "date_broken": False})
        return True

    def action_check(self):
        self._check_schedule(fields.Date.context_today(self))
        return True

    @api.model
    def _cron_check(self):
        self.search([("state", "=", "active")])._check_schedule(fields.Date.context_today(self))

    def _check_schedule(self, today):
        """Mark paid-off plans done, and plans behind schedule beyond grace broken: the
        responsible person gets an activity due the same day."""
        for plan in self.filtered(lambda p: p.state == "active"):
            if plan.currency_id.compare_amounts(plan._paid_towards(today), plan.debt_amount) >= 0:
                with action_scope("svk.payment.plan.state", plan):
                    plan.state = "done"
                plan.message_post(body=self.env._("The debt is paid off."))
                continue
            behind = plan._behind_since(today)
            if behind and (today - behind).days > plan.grace_days:
                with action_scope("svk.payment.plan.state", plan):
                    plan.write({"state": "broken", "date_broken": today})
                plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=today,
                    summary=self.env._("Payment plan %(name)s is broken", name=plan.name),
                    note=self.env._(
                        "%(tenant)s is behind the schedule since %(date)s: paid %(paid)s of "
                        "%(expected)s expected. Contact the tenant (and the referring "
                        "organisation) before the debt grows.",
                        tenant=plan.tenant_id.name,
                        date=format_date(self.env, behind),
                        paid=format_amount(self.env, plan._paid_towards(today), plan.currency_id),
                        expected=format_amount(
                            self.env,
                            sum(
                                plan.line_ids.filtered(lambda line: line.date <= today).mapped(
                                    "amount"
                                )
                            ),
                            plan.currency_id,
                        ),
                    ),
                    user_id=plan.user_id.id or self.env.uid,
                )

    def _notice_text(self, first, last, rent_total):
        """What the month's invoice tells the tenant about the plan (tenant's language)."""
        self.ensure_one()
        due = self.line_ids.filtered(lambda line: first <= line.date <= last)
        if not due:
            return False
        instalment = sum(due.mapped("amount"))
        lang = self.lease_id.tenant_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        return env._(
            "Payment plan %(plan)s: instalment of %(instalment)s due on %(date)s. This month, "
            "please pay %(total)s (rent and instalment) with the structured communication "
            "%(reference)s.",
            plan=self.name,
            instalment=format_amount(env, instalment, self.currency_id, lang_code=lang),
            date=format_date(env, due[:1].date, lang_code=lang),
            total=format_amount(env, rent_total + instalment, self.currency_id, lang_code=lang),
            reference=self.lease_id.payment_reference,
        )


class SvkPaymentPlanLine(models.Model):
    _name = "svk.payment.plan.line"
    _description = "Payment plan instalment"
    _order = "plan_id, date, id"

    plan_id = fields.Many2one("svk.payment.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "An instalment must be positive."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self.env["svk.payment.plan"].browse(
            {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        )._check_schedule_change()
        lines = super().create(vals_list)
        messages = defaultdict(list)
        for line in lines:
            messages[line.plan_id].append(
                self.env._("Instalment %(new)s added.", new=line._text(line.date, line.amount))
            )
        lines.plan_id._post_schedule_change(messages)
        return lines

    def write(self, vals):
        changed = self.filtered(
            lambda line: (
                ("plan_id" in vals and line.plan_id.id != vals["plan_id"])
                or ("date" in vals and line.date != fields.Date.to_date(vals["date"]))
                or (
                    "amount" in vals
                    and line.currency_id.compare_amounts(line.amount, vals["amount"] or 0.0)
                )
            )
        )
        if not changed:
            return super().write(vals)
        plans = changed.plan_id
        if vals.get("plan_id"):
            plans |= self.env["svk.payment.plan"].browse(vals["plan_id"])
        plans._check_schedule_change()
        before = {line: (line.plan_id, line.date, line.amount) for line in changed}
        result = super().write(vals)
        messages = defaultdict(list)
        for line, (plan, date, amount) in before.items():
            old = line._text(date, amount)
            if line.plan_id != plan:
                messages[plan].append(self.env._("Instalment %(old)s removed.", old=old))
                messages[line.plan_id].append(
                    self.env._("Instalment %(new)s added.", new=line._text(line.date, line.amount))
                )
            else:
                messages[plan].append(
                    self.env._(
                        "Instalment %(old)s changed to %(new)s.",
                        old=old,
                        new=line._text(line.date, line.amount),
                    )
                )
        plans._post_schedule_change(messages)
        return result

    def unlink(self):
        plans = self.plan_id
        plans._check_schedule_change()
        messages = defaultdict(list)
        for line in self:
            messages[line.plan_id].append(
                self.env._("Instalment %(old)s removed.", old=line._text(line.date, line.amount))
            )
        result = super().unlink()
        plans.exists()._post_schedule_change(messages)
        return result

    def _text(self, date, amount):
        """An instalment as the chatter shows it: "200.00 € due on 11/01/2026"."""
        self.ensure_one()
        return self.env._(
            "%(amount)s due on %(date)s",
            amount=format_amount(self.env, amount, self.currency_id),
            date=format_date(self.env, date),
        )
