from odoo import models


class SvkMessagingConsent(models.Model):
    _inherit = "svk.messaging.consent"

    def _svk_gdpr_reduce(self):
        """An opt-out keeps being honoured: the number, the channel and the date stay; the
        contact, the note and the history (which names the contact) go."""
        records = self.sudo().with_context(tracking_disable=True, mail_notrack=True)
        records.write({"partner_id": False, "note": False})
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
