from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date
from odoo.tools.date_utils import get_month

from ..formula import FREEZE_FROM, correction_factor, factor_years, in_freeze_year, indexed_rent
from .svk_lease import anniversary

# above this many letters, they are rendered by a background job
LETTERS_AT_ONCE = 30


class SvkIndexation(models.Model):
    """The indexations of a month: every tenant lease and indexed owner contract whose
    anniversary falls in it, computed, checked and approved together."""

    _name = "svk.indexation"
    _description = "Indexations of a month"
    _inherit = ["mail.thread"]
    _order = "month desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="The month of the anniversaries.",
    )
    state = fields.Selection(
        [("draft", "Proposed"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
    )
    line_ids = fields.One2many("svk.indexation.line", "indexation_id", string="Indexations")
    proposed_count = fields.Integer(compute="_compute_counts", string="To approve")
    blocked_count = fields.Integer(compute="_compute_counts", string="Not indexed")
    approved_count = fields.Integer(compute="_compute_counts", string="Approved")
    catch_up_queued_count = fields.Integer(
        compute="_compute_catch_up_counts", string="Catch-up jobs to do"
    )
    catch_up_failed_count = fields.Integer(
        compute="_compute_catch_up_counts", string="Catch-up jobs failed"
    )
    date_approved = fields.Date(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        (
            "month_company_unique",
            "UNIQUE(month, company_id)",
            "The indexations of a month are proposed once per agency.",
        ),
    ]

    @api.depends("month")
    def _compute_name(self):
        for batch in self:
            batch.name = (
                self.env._(
                    "Indexations %(month)s",
                    month=format_date(self.env, batch.month, date_format="MMMM y"),
                )
                if batch.month
                else False
            )

    def _compute_counts(self):
        counts = defaultdict(int)
        for batch, state, count in self.env["svk.indexation.line"]._read_group(
            [("indexation_id", "in", self.ids)], ["indexation_id", "state"], ["__count"]
        ):
            counts[batch.id, state] = count
        for batch in self:
            batch.proposed_count = counts[batch.id, "proposed"]
            batch.blocked_count = counts[batch.id, "blocked"]
            batch.approved_count = counts[batch.id, "approved"]

    def _compute_catch_up_counts(self):
        queued = defaultdict(set)
        for line in self.env["svk.indexation.line"].search(
            [("indexation_id", "in", self.ids), ("catch_up_state", "=", "queued")]
        ):
            queued[line.indexation_id.id].add(line.catch_up_job_uuid)
        # the approval's own jobs, shown to those who approved (queue jobs are for admins)
        uuids = {uuid for batch_uuids in queued.values() for uuid in batch_uuids}
        failed = set(
            self.env["queue.job"]
            .sudo()
            .search([("uuid", "in", list(uuids)), ("state", "=", "failed")])
            .mapped("uuid")
            if uuids
            else []
        )
        for batch in self:
            batch.catch_up_queued_count = len(queued[batch.id])
            batch.catch_up_failed_count = len(queued[batch.id] & failed)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().create(vals_list)

    # ---------------------------------------------------------------- actions
    def action_propose(self):
        """(Re)compute the month's proposals; approved lines stay as they are, so a lease
        not indexed at first (not registered yet, an index missing) is proposed again."""
        for batch in self:
            approved = batch.line_ids.filtered(lambda line: line.state == "approved")
            # the computation is the system's: staff who propose do not write lines
            (batch.line_ids - approved).sudo().unlink()
            done = {
                (line.lease_id.id, line.contract_line_id.id, line.anniversary) for line in approved
            }
            vals_list = [
                vals
                for vals in batch._lease_proposals() + batch._owner_proposals()
                if (
                    vals.get("lease_id") or False,
                    vals.get("contract_line_id") or False,
                    vals["anniversary"],
                )
                not in done
            ]
            self.env["svk.indexation.line"].sudo().create(vals_list)
            batch.state = "approved" if approved and not vals_list else "draft"
        return True

    def action_approve(self):
        """Approve the selected proposals: the new rents from their dates, their history,
        the catch-up of months already invoiced, the letters. The lines left (not
        indexed, not selected) can be proposed and approved later."""
        if not self.env.user.has_group("svk_housing.group_svk_manager"):
            raise AccessError(self.env._("Only an SVK manager approves indexations."))
        today = fields.Date.context_today(self)
        for batch in self:
            lines = batch.line_ids.filtered(lambda line: line.state == "proposed" and line.selected)
            if not lines:
                raise UserError(self.env._("No selected proposal to approve."))
            lines._approve(today)
            left = batch.line_ids.filtered(lambda line: line.state != "approved")
            batch.write(
                {
                    "state": "draft" if left else "approved",
                    "date_approved": today,
                    "approved_by_id": self.env.uid,
                }
            )
            lines._notify()
        return True

    def action_view_catch_up_jobs(self):
        """The background jobs of the approval's catch-up documents (administrators)."""
        self.ensure_one()
        uuids = self.line_ids.filtered("catch_up_job_uuid").mapped("catch_up_job_uuid")
        action = self.env["ir.actions.act_window"]._for_xml_id("queue_job.action_queue_job")
        action.update(domain=[("uuid", "in", uuids)], context={})
        return action

    def action_print_letters(self):
        """The month's letters in one PDF, kept on the indexations' chatter: at once for
        a few, by a background job for many (a letter takes about a second to render)."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state == "approved")
        if not lines:
            raise UserError(self.env._("No approved indexation to write about."))
        if len(lines) > LETTERS_AT_ONCE:
            self.with_delay(description=self.display_name)._job_letters()
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._(
                        "The %(count)s letters are being prepared: they will be attached to "
                        "this page's messages.",
                        count=len(lines),
                    ),
                },
            }
        attachment = self._job_letters()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _job_letters(self):
        lines = self.line_ids.filtered(lambda line: line.state == "approved")
        month = self.month.strftime("%Y-%m")
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Indexation letters %(month)s", month=month) + ".pdf",
                "raw": lines._letters_pdf(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )
        self.message_post(
            body=self.env._("%(count)s indexation letters.", count=len(lines)),
            attachment_ids=attachment.ids,
        )
        return attachment

    # ---------------------------------------------------------------- proposals
    def _index_values(self, months):
        return self.env["svk.health.index"]._values(months)

    def _caps(self, day):
        """The cap rows valid on `day` for the agency (and the region's): read once."""
        return self.env["svk.rent.cap"]._rows_on(day, self.company_id)

    def _lease_proposals(self):
        self.ensure_one()
        first, last = get_month(self.month)
        leases = self.env["svk.lease"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("active", "notice")),
                ("date_start", "<", first),
            ]
        )
        due = []
        for lease in leases:
            if lease.date_start.month != first.month:
                continue
            for day in lease._svk_anniversaries_in(first, last):
                if not lease.date_end or lease.date_end >= day:
                    due.append((lease, day))
        return self._proposals(
            [
                {
                    "kind": "tenant",
                    "record": lease,
                    "lease_id": lease.id,
                    "partner_id": lease.tenant_id.id,
                    "unit": lease.unit_id,
                    "start": lease.date_start,
                    "day": day,
                    "base": lease.base_rent or lease.rent,
                    "old": lease.rent,
                    "start_month": lease._svk_index_start_month(),
                    "factor_applies": True,
                }
                for lease, day in due
            ]
        )

    def _owner_proposals(self):
        self.ensure_one()
        first, last = get_month(self.month)
        lines = self.env["svk.owner.contract.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("contract_id.state", "in", ("active", "notice")),
                ("contract_id.indexed", "=", True),
                ("contract_id.date_start", "<", first),
            ]
        )
        specs = []
        for line in lines:
            contract = line.contract_id
            if contract.date_start.month != first.month:
                continue
            for year in range(max(first.year, contract.date_start.year + 1), last.year + 1):
                day = anniversary(contract.date_start, year)
                if first <= day <= last and (not contract.date_end or contract.date_end >= day):
                    specs.append(
                        {
                            "kind": "owner",
                            "record": line,
                            "contract_line_id": line.id,
                            "partner_id": contract.owner_id.id,
                            "unit": line.unit_id,
                            "start": contract.date_start,
                            "day": day,
                            "base": line.base_rent or line.owner_rent,
                            "old": line.owner_rent,
                            "start_month": contract._svk_index_start_month(),
                            # the factor is the tenancy's: a main lease is one, a
                            # management mandate is not
                            "factor_applies": contract.contract_type == "main_lease",
                        }
                    )
        return self._proposals(specs)

    def _proposals(self, specs):
        """The proposals' values: the indexes read once, the caps read once."""
        if not specs:
            return []
        Index = self.env["svk.health.index"]
        months = set()
        for spec in specs:
            spec["new_month"] = Index._month_before(spec["day"])
            months |= {spec["start_month"], spec["new_month"]}
            months |= set(self._factor_months(spec).values())
        values = self._index_values(months)
        caps = self._caps(get_month(self.month)[0])
        return [self._proposal(spec, values, caps) for spec in specs]

    @api.model
    def _factor_months(self, spec):
        """{year: month}: the months whose health indexes the correction factor of this
        anniversary compares (the month before the lease's anniversary in each year)."""
        Index = self.env["svk.health.index"]
        return {
            year: Index._month_before(anniversary(spec["start"], year))
            for year in factor_years(spec["day"])
        }

    def _proposal(self, spec, values, caps):
        """One rent's proposal: blocked with its reasons, or the new rent."""
        vals = self._prepare_proposal(spec, values)
        reasons = self._proposal_blockers(spec)
        missing = [
            month for month in (spec["start_month"], spec["new_month"]) if month not in values
        ]
        factor, which, factor_missing, factor_note = self._proposal_factor(spec, values)
        missing += factor_missing
        if missing:
            reasons.append(
                self.env._(
                    "The health index of %(months)s is missing.",
                    months=", ".join(sorted({f"{month:%Y-%m}" for month in missing})),
                )
            )
        vals["factor"] = factor
        vals["factor_kind"] = which or False
        if reasons:
            vals.update(state="blocked", reason="\n".join(reasons), new_rent=spec["old"])
            return vals
        vals.update(self._proposal_rent(spec, vals, caps, factor_note))
        return vals

    def _prepare_proposal(self, spec, values):
        """The proposal's values that do not depend on the outcome."""
        unit = spec["unit"]
        return {
            "indexation_id": self.id,
            "kind": spec["kind"],
            "lease_id": spec.get("lease_id"),
            "contract_line_id": spec.get("contract_line_id"),
            "partner_id": spec["partner_id"],
            "unit_id": unit.id,
            "anniversary": spec["day"],
            "old_rent": spec["old"],
            "base_rent": spec["base"],
            "start_month": spec["start_month"],
            "new_month": spec["new_month"],
            "start_index": values.get(spec["start_month"], 0.0),
            "new_index": values.get(spec["new_month"], 0.0),
            "epc_class": unit.epc_class,
        }

    def _proposal_blockers(self, spec):
        """Why a tenant's rent may not be indexed: the lease is not registered, or the
        EPC was not handed over."""
        lease = spec["record"] if spec["kind"] == "tenant" else None
        reasons = []
        if lease and not lease.registration_date:
            reasons.append(self.env._("The lease is not registered."))
        if lease and not lease.epc_handed_over:
            reasons.append(self.env._("The EPC was not handed over to the tenant."))
        return reasons

    def _proposal_factor(self, spec, values):
        """(factor, which, missing months, note): the correction factor of the rent, the
        months whose index it lacks, and a note when the base rent already holds it."""
        if not spec["factor_applies"]:
            return 1.0, "", [], False
        Index = self.env["svk.health.index"]
        months = self._factor_months(spec)
        factor, which = correction_factor(
            spec["unit"].epc_class,
            spec["start"],
            spec["day"],
            lambda year: values.get(months[year]),
        )
        if factor is None:
            missing = [month for month in months.values() if not values.get(month)]
            return 1.0, "", missing, False
        if factor != 1.0:
            # a base rent set on an anniversary from the year of limited indexation on (a
            # lease brought in running) already holds the year's loss: the factor is not
            # applied twice
            base_day = anniversary(
                spec["start"], (spec["start_month"] + relativedelta(months=1)).year
            )
            if base_day >= FREEZE_FROM and Index._month_before(base_day) == spec["start_month"]:
                note = self.env._("The correction factor is already in the base rent.")
                return 1.0, "", [], note
            if in_freeze_year(spec["day"]):
                note = self.env._(
                    "Anniversary in the year of limited indexation (14 October 2022 – 13 "
                    "October 2023): EPC E indexed by half the year's rise, F, G or none "
                    "not indexed (Housing Code art. 224/2)."
                )
                return factor, which, [], note
        return factor, which, [], False

    def _proposal_rent(self, spec, vals, caps, factor_note):
        """The proposed rent: indexed, under the agency's rent cap, with its notes."""
        unit = spec["unit"]
        cap = caps._pick(caps, unit)._amount(unit, spec["kind"])
        factor = vals["factor"]
        uncapped = indexed_rent(spec["base"], vals["start_index"], vals["new_index"], factor)
        new_rent = indexed_rent(spec["base"], vals["start_index"], vals["new_index"], factor, cap)
        if vals["factor_kind"] == "FG" and in_freeze_year(spec["day"]):
            # F, G or no certificate in the year of limited indexation: not indexed at
            # all, the rent stays (the factor shown is the one later years keep)
            uncapped = spec["old"]
            new_rent = indexed_rent(spec["old"], 1.0, 1.0, cap=cap)
        notes = [factor_note] if factor_note else []
        result = {}
        if cap and new_rent < uncapped:
            notes.append(self.env._("Capped at the agency rent cap."))
            result["cap"] = cap
        if new_rent < spec["old"]:
            notes.append(
                self.env._("The result is below the current rent: check before approving.")
            )
        result.update(
            state="proposed",
            selected=new_rent >= spec["old"],
            indexed_rent=uncapped,
            new_rent=new_rent,
            reason="\n".join(notes) or False,
        )
        return result
