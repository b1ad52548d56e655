from odoo.tests import tagged

from .common import SvkMessagingCase


@tagged("post_install", "-at_install")
class TestConsentTrust(SvkMessagingCase):
    """A STOP is undone by the tenant (START) or by a manager who records how the tenant
    agreed again; an SMS Odoo sends to an opted-out or blacklisted number is refused
    cleanly, with the reason on its notification."""

    def _consent(self, partner, channel="sms"):
        return self.env["svk.messaging.consent"].search(
            [
                ("company_id", "=", self.company.id),
                ("number", "=", partner.phone_sanitized),
                ("channel", "=", channel),
            ]
        )

    def test_a_stop_is_undone_by_the_tenant_or_a_manager_with_the_source(self):
        self._inbound_sms(self.amina, "STOP")
        consent = self._consent(self.amina)
        self.assertEqual(consent.state, "opt_out")
        Consent = "svk.messaging.consent"
        # staff may not undo it, nor move it to another number
        self.authenticate(self.svk_user_msg.login, self.svk_user_msg.login)
        for values in (
            {"state": "opt_in", "source": "oral", "note": "She said so at the desk"},
            {"number": "+32470999888"},
        ):
            with self.subTest(values=values), self._refused():
                self._call(Consent, "write", [consent.ids, values])
        # a manager must say how she agreed again
        self.authenticate(self.svk_manager.login, self.svk_manager.login)
        for values in (
            {"state": "opt_in"},
            {"state": "opt_in", "source": "keyword", "note": "START"},
            {"state": "opt_in", "source": "form", "note": " "},
        ):
            with self.subTest(values=values), self._refused("odoo.exceptions.UserError"):
                self._call(Consent, "write", [consent.ids, values])
        with self._refused("odoo.exceptions.UserError"):
            self._call(Consent, "unlink", [consent.ids])
        self.env.invalidate_all()
        self.assertEqual(consent.state, "opt_out")
        self._call(
            Consent,
            "write",
            [consent.ids, {"state": "opt_in", "source": "form", "note": "Form of 3 December"}],
        )
        self.env.invalidate_all()
        self.assertEqual((consent.state, consent.source), ("opt_in", "form"))
        # who undid it, and on what ground, stays in the consent's history
        undone = consent.message_ids.sudo().filtered(
            lambda m: "Form of 3 December" in m.tracking_value_ids.mapped("new_value_char")
        )
        self.assertEqual(undone.author_id, self.svk_manager.partner_id)
        # the tenant's own START undoes the other channel's opt-out
        self._inbound_sms(self.amina, "START")
        self.assertEqual(self._consent(self.amina, "whatsapp").state, "opt_in")

    def test_odoo_sms_to_a_refused_number_fails_cleanly(self):
        self.env["phone.blacklist"].sudo().add(self.jan.phone_sanitized)
        self.env["svk.messaging.consent"]._set(
            self.company, self.yonas.phone_sanitized, ["sms"], "opt_out", "oral"
        )
        admin = self.env.ref("base.user_admin")
        for partner, failure_type in ((self.jan, "sms_blacklist"), (self.yonas, "sms_optout")):
            with self.subTest(failure_type=failure_type):
                composer = (
                    self.env["sms.composer"]
                    .with_user(admin)
                    .with_context(active_model="res.partner", active_id=partner.id)
                    .create({"body": "Rappel"})
                )
                composer.action_send_sms()
                notification = self.env["mail.notification"].search(
                    [("res_partner_id", "=", partner.id), ("notification_type", "=", "sms")]
                )
                self.assertEqual(
                    (notification.notification_status, notification.failure_type),
                    ("exception", failure_type),
                )
                refused = self._messages(partner, channel="sms")
                self.assertEqual(refused.state, "failed")
        self.assertFalse(self.standin.twilio_messages)
