from odoo.tests import JsonRpcException, tagged

from .common import SvkMessagingCase


@tagged("post_install", "-at_install")
class TestContextTrust(SvkMessagingCase):
    """The keys sending used to pass in the context are a client's to set over
    JSON-RPC: none of them decides whether, or as which agency, a message goes out."""

    def _rpc(self, model, method, args, context=None):
        """What a script does: JSON-RPC call_kw as the authenticated user."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {"context": context or {}}},
        )

    def test_forged_facts_do_not_lift_an_opt_out(self):
        number = self.amina.phone_sanitized
        self.env["svk.messaging.consent"]._set(
            self.company, number, ["sms", "whatsapp"], "opt_out", "oral"
        )
        forged = {
            "numbers": [number],
            "consents": {"sms": {number: "opt_in"}, "whatsapp": {number: "opt_in"}},
            "blacklisted": [],
            "windows": [],
        }
        self.authenticate(self.svk_user_msg.login, self.svk_user_msg.login)
        composer_id = self._rpc(
            "svk.message.composer",
            "create",
            [
                {
                    "partner_id": self.amina.id,
                    "lease_id": self.lease_amina.id,
                    "template_id": self.env.ref("svk_messaging.sms_template_svk_rent_reminder").id,
                    "channel": "whatsapp",
                }
            ],
        )
        with self.assertRaisesRegex(JsonRpcException, "odoo.exceptions.UserError"):
            self._rpc(
                "svk.message.composer",
                "action_send",
                [[composer_id]],
                context={"svk_facts": forged},
            )
        self.assertFalse(self.standin.requests, "nothing went out to her")

    def test_forged_values_do_not_change_the_logged_message(self):
        other = self.env["res.company"].create({"name": "AIS Voisine"})
        self.authenticate(self.svk_user_contacts.login, self.svk_user_contacts.login)
        context = {
            "active_model": "res.partner",
            "active_id": self.amina.id,
            "svk_message_values": {"company_id": other.id, "body": "Forged"},
        }
        composer_id = self._rpc(
            "sms.composer", "create", [{"body": "Rappel : visite lundi."}], context=context
        )
        self._rpc("sms.composer", "action_send_sms", [[composer_id]], context=context)
        self.assertEqual(len(self.standin.twilio_messages), 1)
        logged = self.env["svk.message"].search(
            [("partner_id", "=", self.amina.id), ("channel", "=", "sms")]
        )
        self.assertEqual((logged.company_id, logged.body), (self.company, "Rappel : visite lundi."))
