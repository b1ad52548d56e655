from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import clean_context


class SvkAllocationWizard(models.TransientModel):
    _name = "svk.allocation.wizard"
    _description = "Allocate a unit to an application"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        string="Application",
        required=True,
        domain="[('svk_application', '=', True)]",
        check_company=True,
    )
    unit_id = fields.Many2one("svk.unit", required=True, check_company=True)
    company_id = fields.Many2one(related="unit_id.company_id")
    currency_id = fields.Many2one(related="unit_id.currency_id")
    tenant_id = fields.Many2one(related="lead_id.partner_id", string="Tenant")
    date_start = fields.Date(
        string="Start",
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=1, day=1),
    )
    rent = fields.Monetary(
        compute="_compute_rent",
        store=True,
        readonly=False,
        help="Monthly rent, charges excluded.",
    )
    lease_type = fields.Selection(
        selection=lambda self: self.env["svk.lease"]._fields["lease_type"].selection,
        compute="_compute_rent",
        store=True,
        readonly=False,
        required=True,
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "crm.lead" and context.get("active_id"):
            values.setdefault("lead_id", context["active_id"])
        if context.get("svk_unit_id"):
            values.setdefault("unit_id", context["svk_unit_id"])
        return values

    @api.depends("unit_id")
    def _compute_rent(self):
        for wizard in self:
            last = wizard.unit_id.lease_ids.sorted("date_start", reverse=True)[:1]
            wizard.rent = last.rent
            wizard.lease_type = "transit" if wizard.unit_id.svk_transit else "standard"

    def action_allocate(self):
        """Allocate the unit: the household becomes a tenant (a contact is created if the
        application has none), a draft lease is prepared, the application leaves the
        register as allocated and its referrals follow the tenant."""
        self.ensure_one()
        self._check_allocation()
        # the wizard's defaults (default_lead_id...) must not reach the records it creates
        wizard = self.with_env(self.env(context=clean_context(self.env.context)))
        lead = wizard.lead_id
        tenant = lead.partner_id or wizard._create_tenant()
        lease = wizard.env["svk.lease"].create(wizard._prepare_lease_vals(tenant))
        allocated = self.env.ref("svk_partners.crm_stage_svk_allocated")
        lead.write(
            {
                "partner_id": tenant.id,
                "svk_allocated_lease_id": lease.id,
                "svk_exit_reason": "allocated",
                "svk_exit_date": fields.Date.context_today(self),
                "stage_id": allocated.id,
            }
        )
        # sudo: every referral follows its household to the lease, those staff may not see
        # (a justice assistance service's) included; staff who allocate may not edit
        # referrals, and nothing of the social file is touched
        lead.sudo().svk_referral_ids.write({"partner_id": tenant.id})
        lead.message_post(
            body=self.env._(
                "Unit %(unit)s allocated: draft lease %(lease)s.",
                unit=self.unit_id.display_name,
                lease=lease.name,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "svk.lease",
            "res_id": lease.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _check_allocation(self):
        lead, unit = self.lead_id, self.unit_id
        # one allocation at a time per unit: a second clerk waits for the first to finish
        self.env.cr.execute(SQL("SELECT id FROM svk_unit WHERE id = %s FOR UPDATE", unit.id))
        promised = self.env["svk.lease"].search(
            [("unit_id", "=", unit.id), ("state", "in", ("draft", "active", "notice"))], limit=1
        )
        if promised:
            raise UserError(
                self.env._(
                    "Unit %(unit)s is already promised: lease %(lease)s.",
                    unit=unit.display_name,
                    lease=promised.name,
                )
            )
        if unit.state != "available":
            raise UserError(
                self.env._(
                    "Unit %(unit)s is not available (it is %(state)s).",
                    unit=unit.display_name,
                    state=dict(unit._fields["state"]._description_selection(self.env))[unit.state],
                )
            )
        if lead.svk_eligibility not in ("eligible", "band"):
            raise UserError(
                self.env._(
                    "Application %(name)s is not eligible: its household's income is not "
                    "known or above the ceiling.",
                    name=lead.svk_register_number or lead.name,
                )
            )
        if lead.svk_allocated_lease_id or lead.stage_id in (
            self.env.ref("svk_partners.crm_stage_svk_allocated")
            | self.env.ref("svk_partners.crm_stage_svk_closed")
        ):
            raise UserError(
                self.env._(
                    "Application %(name)s is no longer in the register.",
                    name=lead.svk_register_number or lead.name,
                )
            )
        if not lead.filtered_domain(unit._svk_matching_domain()):
            raise UserError(
                self.env._(
                    "Unit %(unit)s does not suit application %(name)s (bedrooms, household "
                    "size, accessibility, transit or unit type).",
                    unit=unit.display_name,
                    name=lead.svk_register_number or lead.name,
                )
            )

    def _create_tenant(self):
        lead = self.lead_id
        name = lead.contact_name or lead.partner_name or lead.name
        vals = lead._prepare_customer_values(name, is_company=False)
        # the application's description may hold what the agency keeps for itself
        vals.pop("comment", None)
        vals["company_id"] = self.unit_id.company_id.id
        return self.env["res.partner"].create(vals)

    def _prepare_lease_vals(self, tenant):
        self.ensure_one()
        vals = {
            "unit_id": self.unit_id.id,
            "tenant_id": tenant.id,
            "date_start": self.date_start,
            "rent": self.rent,
            "lease_type": self.lease_type,
            "company_id": self.unit_id.company_id.id,
            "state": "draft",
        }
        if self.lease_type == "transit":
            vals["duration_months"] = 18
        elif self.lease_type == "short":
            vals["duration_months"] = 36
        return vals
