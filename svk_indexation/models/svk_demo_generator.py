"""The demo agency's leases as indexation finds them (svk.demo.generator, see
svk_housing): their EPC handed over (all but about one in twenty), their base rent the
rent they were signed at."""

import random

from odoo import api, models


class SvkDemoGenerator(models.AbstractModel):
    _inherit = "svk.demo.generator"

    @api.model
    def _generate(self, size=800, seed=1):
        stats = super()._generate(size=size, seed=seed)
        rng = random.Random(seed + 7)
        leases = self.env["svk.lease"].search(
            [("company_id", "=", self.env.company.id)], order="id"
        )
        handed = leases.filtered(lambda lease: rng.random() >= 0.05)
        handed.with_context(tracking_disable=True).write({"epc_handed_over": True})
        stats["EPC handed over"] = len(handed)
        return stats
