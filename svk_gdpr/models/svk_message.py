from odoo import models


class SvkMessage(models.Model):
    _inherit = "svk.message"

    def _svk_gdpr_delete(self):
        """Delete these messages with their copy in the chatter; returns how many."""
        count = len(self)
        records = self.sudo()
        records.mail_message_id.unlink()
        records.unlink()
        return count

    def _svk_gdpr_anonymise(self):
        """Keep the message as a fact (channel, date, status, cost) without who it was
        to or from and what it said; its copy in the chatter goes."""
        records = self.sudo()
        records.mail_message_id.unlink()
        records.write({"partner_id": False, "number": False, "sender_name": False, "body": False})
