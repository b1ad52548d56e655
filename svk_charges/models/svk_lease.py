from odoo import models


class SvkLease(models.Model):
    _inherit = "svk.lease"

    def _svk_tenant_documents(self):
        """The tenant's approved charges statements on their portal."""
        documents = super()._svk_tenant_documents()
        lines = (
            self.env["svk.charges.statement.line"]
            .sudo()
            .search(
                [("lease_id", "=", self.id), ("statement_id.state", "=", "posted")],
                order="id desc",
            )
        )
        for line in lines:
            statement = line.statement_id
            documents.append(
                {
                    "name": self.env._(
                        "Charges %(period)s", period=statement._period_label(lang=self.env.lang)
                    ),
                    "date": statement.date_to,
                    "kind": self.env._("Charges statement"),
                    "record": line,
                    "report": "svk_charges.svk_charges_statement_line_report",
                }
            )
        return documents
