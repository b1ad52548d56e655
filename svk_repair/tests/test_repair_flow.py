import base64
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SvkRepairCase


@tagged("post_install", "-at_install")
class TestRepairFlow(SvkRepairCase):
    """A request from staff or from a tenant's message, urgent ones planned within 24
    hours, the visit proposed with the appointment template, the tenant told at each
    step they care about."""

    def _urgent_activities(self, request):
        return request.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("svk_repair.mail_activity_type_repair_urgent")
            )
        )

    def _tenant_messages(self, **domain):
        return self.env["svk.message"].search(
            [
                ("partner_id", "=", self.tenant.id),
                # one per message: its last attempt (the channels it tried fall back)
                ("fallback_ids", "=", False),
                *[(k, "=", v) for k, v in domain.items()],
            ],
            order="id",
        )

    @freeze_time("2026-12-04 09:00:00")
    def test_urgent_gets_24_hours_and_an_activity_for_the_team(self):
        request = self._request(category="heating")
        self.assertEqual(request.urgency, "urgent")
        self.assertEqual(request.date_deadline, datetime(2026, 12, 5, 9, 0))
        activity = self._urgent_activities(request)
        self.assertEqual(activity.user_id, self.technician)
        self.assertEqual(str(activity.date_deadline), "2026-12-05")
        self.assertTrue(request.name.startswith("REP/2026/"))
        self.assertEqual(request.tenant_id, self.tenant)
        self.assertEqual(request.unit_id, self.units[0])
        self.assertEqual(request.building_id, self.building)

    def test_normal_then_urgent(self):
        request = self._request(category="pests")
        self.assertEqual(request.urgency, "normal")
        self.assertFalse(request.date_deadline)
        self.assertFalse(self._urgent_activities(request))
        request.category = "leak"
        self.assertEqual(request.urgency, "urgent")
        self.assertTrue(request.date_deadline)
        self.assertEqual(len(self._urgent_activities(request)), 1)
        # done: the team's activity is done too
        request.action_done()
        self.assertFalse(self._urgent_activities(request))

    def test_tenant_told_received_visit_done(self):
        request = self._request(category="water")
        received = self._tenant_messages()
        self.assertEqual(len(received), 1)
        self.assertIn(request.name, received.body)
        self.assertIn("we received your repair request", received.body)
        with self.assertRaisesRegex(UserError, "technician or the contractor"):
            request.action_assign()
        request.contractor_id = self.contractor
        request.action_assign()
        self.assertEqual(request.state, "assigned")
        with self.assertRaisesRegex(UserError, "visit's date"):
            request.action_propose_visit()
        request.visit_date = datetime(2026, 12, 8, 9, 30)
        request.action_propose_visit()
        self.assertEqual((request.state, request.visit_state), ("planned", "proposed"))
        visit = self._tenant_messages()[-1]
        self.assertEqual(
            visit.template_id, self.env.ref("svk_messaging.sms_template_svk_appointment")
        )
        self.assertEqual(visit.lease_id, self.lease)
        self.assertIn("10:30", visit.body)  # Brussels time
        # the tenant asks another slot: the technician is told
        request.sudo()._portal_answer_visit(False, "Not on Monday, Tuesday is fine")
        self.assertEqual(request.visit_state, "other_slot")
        todo = request.activity_ids.filtered(lambda a: "another slot" in (a.summary or ""))
        self.assertEqual(todo.user_id, request.create_uid)
        request.sudo()._portal_answer_visit(True)
        self.assertEqual(request.visit_state, "confirmed")
        with self.assertRaisesRegex(UserError, "no visit to answer"):
            request.sudo()._portal_answer_visit(True)
        request.action_done()
        done = self._tenant_messages()[-1]
        self.assertIn("is done", done.body)
        self.assertEqual(len(self._tenant_messages()), 3)

    def test_text_in_the_tenants_language(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        self.env["ir.module.module"]._load_module_terms(["svk_repair"], ["fr_BE"])
        self.tenant.lang = "fr_BE"
        request = self._request(category="other")
        message = self._tenant_messages()
        self.assertIn(request.name, message.body)
        self.assertIn("Bonjour", message.body)

    def test_from_a_tenants_message(self):
        message = self.env["svk.message"].create(
            {
                "direction": "in",
                "channel": "whatsapp",
                "number": "+32470123456",
                "body": "Water is leaking from the ceiling of the bathroom",
                "state": "received",
                "needs_triage": True,
            }
        )
        photo = self.env["ir.attachment"].create(
            {
                "name": "ceiling.jpg",
                "datas": base64.b64encode(b"\xff\xd8\xff\xe0 a photo"),
                "res_model": "svk.message",
                "res_id": message.id,
            }
        )
        staff_message = message.with_user(self.svk_user)
        with self.assertRaisesRegex(UserError, "Attach the message to its contact"):
            staff_message.action_make_repair_request()
        message.write({"partner_id": self.tenant.id, "needs_triage": False})
        action = staff_message.action_make_repair_request()
        request = self.env["svk.repair.request"].browse(action["res_id"])
        self.assertEqual(request.lease_id, self.lease)
        self.assertEqual(request.source, "message")
        self.assertEqual(request.message_id, message)
        self.assertEqual(request.description, message.body)
        files = self.env["ir.attachment"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id)]
        )
        self.assertEqual(files.mapped("name"), ["ceiling.jpg"])
        self.assertEqual(files.raw, photo.raw)

    def test_message_of_someone_without_a_lease(self):
        stranger = self.env["res.partner"].create({"name": "Someone Else"})
        message = self.env["svk.message"].create(
            {
                "direction": "in",
                "channel": "sms",
                "number": "+32470999999",
                "body": "Hello",
                "state": "received",
                "partner_id": stranger.id,
            }
        )
        with self.assertRaisesRegex(UserError, "no running lease"):
            message.with_user(self.svk_user).action_make_repair_request()
        self.assertFalse(self.env["svk.repair.request"].search([("tenant_id", "=", stranger.id)]))

    def test_lease_must_be_on_the_unit(self):
        with self.assertRaisesRegex(UserError, "is not on unit"):
            self.env["svk.repair.request"].create(
                {
                    "lease_id": self.lease.id,
                    "unit_id": self.units[1].id,
                    "description": "x",
                }
            )

    def test_cancel_and_reopen(self):
        request = self._request(category="lock")
        request.action_cancel()
        self.assertFalse(self._urgent_activities(request))
        request.action_reopen()
        self.assertEqual(request.state, "new")
        self.assertTrue(request.date_deadline < datetime.now() + timedelta(hours=25))

    def test_ok_by_message_confirms_the_visit(self):
        request = self._request(category="heating", contractor_id=self.contractor.id)
        request.visit_date = datetime(2026, 12, 8, 9, 30)
        request.action_propose_visit()
        self.tenant.mobile = "+32470123456"
        reply = self.env["svk.message"].create(
            {
                "direction": "in",
                "channel": "sms",
                "number": "+32470123456",
                "body": "Ok!",
                "state": "received",
                "partner_id": self.tenant.id,
            }
        )
        reply._land_in_chatter()
        self.assertEqual(request.visit_state, "confirmed")

    def test_other_words_or_two_visits_confirm_nothing(self):
        first = self._request(category="heating", contractor_id=self.contractor.id)
        second = self._request(category="pests", contractor_id=self.contractor.id)
        (first | second).write({"visit_date": datetime(2026, 12, 8, 9, 30)})
        (first | second).action_propose_visit()
        for body in ("OK", "Not on Monday please"):
            reply = self.env["svk.message"].create(
                {
                    "direction": "in",
                    "channel": "sms",
                    "body": body,
                    "state": "received",
                    "partner_id": self.tenant.id,
                }
            )
            reply._land_in_chatter()
        self.assertEqual((first | second).mapped("visit_state"), ["proposed", "proposed"])
