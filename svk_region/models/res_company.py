from odoo import api, fields, models

RUNNING = ("active", "notice")


def income_mix_ok(ceiling, total):
    """At least two thirds of the let stock at or under the ceiling (Housing Code art.
    125), in whole numbers: exactly two thirds passes."""
    return 3 * ceiling >= 2 * total


class ResCompany(models.Model):
    _inherit = "res.company"

    svk_mix_total = fields.Integer(
        string="Running leases",
        compute="_compute_svk_income_mix",
        groups="svk_housing.group_svk_user",
    )
    svk_mix_ceiling = fields.Integer(
        string="At or under the ceiling",
        compute="_compute_svk_income_mix",
        groups="svk_housing.group_svk_user",
    )
    svk_mix_band = fields.Integer(
        string="Up to 150%", compute="_compute_svk_income_mix", groups="svk_housing.group_svk_user"
    )
    svk_mix_over_indebted = fields.Integer(
        string="150–200%, over-indebted",
        compute="_compute_svk_income_mix",
        groups="svk_housing.group_svk_user",
    )
    svk_mix_unknown = fields.Integer(
        string="Income at entry not known",
        compute="_compute_svk_income_mix",
        groups="svk_housing.group_svk_user",
    )
    svk_mix_share = fields.Float(
        string="Share at or under the ceiling (%)",
        digits=(16, 1),
        compute="_compute_svk_income_mix",
        groups="svk_housing.group_svk_user",
        help="Running leases whose household was at or under the admission ceiling at "
        "entry, among all running leases (a lease whose position is not known counts "
        "among the others).",
    )
    svk_mix_ok = fields.Boolean(
        string="Two thirds reached",
        compute="_compute_svk_income_mix",
        groups="svk_housing.group_svk_user",
    )

    @api.depends_context("uid")
    def _compute_svk_income_mix(self):
        mixes = self._svk_income_mix()
        for company in self:
            mix = mixes[company.id]
            company.svk_mix_total = mix["total"]
            company.svk_mix_ceiling = mix["ceiling"]
            company.svk_mix_band = mix["band"]
            company.svk_mix_over_indebted = mix["over_indebted"]
            company.svk_mix_unknown = mix["unknown"]
            company.svk_mix_share = 100.0 * mix["ceiling"] / mix["total"] if mix["total"] else 100.0
            company.svk_mix_ok = income_mix_ok(mix["ceiling"], mix["total"])

    def _svk_income_mix(self):
        """{company id: {position: running leases}} with "total" and "unknown": the one
        definition of the income mix (the live figure, the allocation's warning, the
        dashboards), from one query. Read as superuser: the share is the whole agency's,
        whatever leases the reader's rules show."""
        mixes = {
            company.id: {"ceiling": 0, "band": 0, "over_indebted": 0, "unknown": 0, "total": 0}
            for company in self
        }
        for company, position, count in (
            self.env["svk.lease"]
            .sudo()
            ._read_group(
                [("company_id", "in", self.ids), ("state", "in", RUNNING)],
                ["company_id", "svk_income_position"],
                ["__count"],
            )
        ):
            mixes[company.id][position or "unknown"] += count
            mixes[company.id]["total"] += count
        return mixes

    def _svk_income_mix_action(self):
        """The live income mix of the agency, as a read-only form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Income mix"),
            "res_model": "res.company",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("svk_region.res_company_view_form_svk_income_mix").id, "form")],
            "target": "current",
        }
