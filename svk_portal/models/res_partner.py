from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _svk_portal_leases(self):
        """The leases this person sees on the portal: their own, running or ended, the
        running ones first. Read with the caller's rights (a portal user's record rule
        gives their own only)."""
        Lease = self.env["svk.lease"]
        if not Lease.has_access("read"):  # an internal user of another trade: no lease
            return Lease
        leases = Lease.search(
            [("tenant_id", "in", self.ids), ("state", "in", ("active", "notice", "ended"))]
        )
        return leases.sorted(lambda lease: (lease.state == "ended", lease.id))

    def _svk_portal_tiles(self):
        """Hook: the tiles of a tenant's portal home page, as dicts (``key``, ``url``,
        ``icon`` (a Font Awesome name), ``title``, ``text``, ``sequence``). Addons add
        theirs (svk_repair: the repair requests) by extending this list."""
        self.ensure_one()
        return [
            {
                "key": "home",
                "url": "/my/svk/home",
                "icon": "fa-home",
                "title": self.env._("My home"),
                "text": self.env._("My lease, my address, the agency's phone and hours."),
                "sequence": 10,
            },
            {
                "key": "owe",
                "url": "/my/svk/owe",
                "icon": "fa-eur",
                "title": self.env._("What I owe"),
                "text": self.env._("My rent, how to pay, what I paid."),
                "sequence": 20,
            },
            {
                "key": "documents",
                "url": "/my/svk/documents",
                "icon": "fa-file-text-o",
                "title": self.env._("My documents"),
                "text": self.env._("My lease, letters and invoices."),
                "sequence": 30,
            },
            {
                "key": "messages",
                "url": "/my/svk/messages",
                "icon": "fa-comments-o",
                "title": self.env._("My messages"),
                "text": self.env._("Write to the agency. Read its answers."),
                "sequence": 40,
            },
        ]
