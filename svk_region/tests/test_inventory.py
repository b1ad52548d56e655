import io
from datetime import date

import openpyxl
import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tools import mute_logger

from odoo.addons.svk_region.report.svk_region_inventory_xlsx import MOVE_COLUMNS, UNIT_COLUMNS

from .common import SvkRegionCase


class TestInventory(SvkRegionCase):
    """The stock at 30 September 2026 of an agency whose units came and went since the
    inventory it sent at 30 September 2025."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        U = cls._unit
        cls.kept = U("A", bedrooms=2)  # in stock since 2024, let at the cap
        cls.new = U("B", city="Schaerbeek", zip_code="1030", bedrooms=1, svk_transit=True)
        cls.sold = U("C")  # left in June 2026, the unit sold
        cls.renewed = U("D", bedrooms=3)  # a contract ends, the next one starts the day after
        cls.later = U("E")  # its contract starts after the reference date
        cls.drafted = U("F")  # a draft contract only
        cls.long_gone = U("G")  # left before the previous inventory
        cls.last_day = U("H", bedrooms=0, unit_type="studio")  # ends on 30 September 2026
        cls.passing = U("I", city="Schaerbeek", zip_code="1030")  # came and went in between
        cls._contract(cls.kept, "2024-01-01")
        cls._contract(cls.new, "2026-03-01", contract_type="main_lease")
        cls._contract(cls.sold, "2020-01-01", "2026-06-30", "ended", svk_exit_reason="sale")
        cls._contract(cls.renewed, "2023-01-01", "2026-02-28", "ended", date_notice="2025-11-30")
        cls._contract(cls.renewed, "2026-03-01")
        cls._contract(cls.later, "2026-10-15")
        cls._contract(cls.drafted, "2026-05-01", state="draft")
        cls._contract(cls.long_gone, "2019-01-01", "2025-05-01", "ended")
        cls._contract(cls.last_day, "2022-01-01", "2026-09-30", "notice", date_notice="2026-06-01")
        cls._contract(cls.passing, "2025-11-01", "2026-04-30", "ended", date_notice="2026-01-15")
        cls.env["svk.rent.cap"].create(
            {
                "date_from": "2026-01-01",
                "unit_type": "apartment",
                "bedrooms": 2,
                "tenant_rent_max": 600.0,
                "company_id": cls.company.id,
            }
        )
        # the renewed unit is in the zone of the +10 % uplift
        cls.renewed.rent_cap_uplift = True
        cls.env["svk.rent.cap"].create(
            {
                "date_from": "2026-01-01",
                "unit_type": "apartment",
                "bedrooms": 3,
                "tenant_rent_max": 700.0,
                "zone_uplift_percent": 10.0,
                "company_id": cls.company.id,
            }
        )
        cls.lease = cls._lease(cls.kept, rent=600.0, svk_income_position="ceiling")
        # the rent changes in October: the inventory keeps September's
        cls.env["svk.rent.history"].create(
            [
                {
                    "lease_id": cls.lease.id,
                    "company_id": cls.company.id,
                    "date_from": "2024-01-01",
                    "rent": 600.0,
                    "reason": "start",
                },
                {
                    "lease_id": cls.lease.id,
                    "company_id": cls.company.id,
                    "date_from": "2026-10-01",
                    "rent": 640.0,
                    "previous_rent": 600.0,
                },
            ]
        )
        cls.lease.rent = 640.0
        Inventory = cls.env["svk.region.inventory"].with_user(cls.manager)
        cls.previous = Inventory.create({"date": "2025-09-30"})
        cls.previous.action_compute()
        cls.previous.action_send()
        cls.inventory = Inventory.create({"date": "2026-09-30"})
        cls.inventory.action_compute()

    def test_stock_at_the_date(self):
        inventory = self.inventory
        self.assertEqual(
            set(inventory.line_ids.unit_id.ids),
            {self.kept.id, self.new.id, self.renewed.id, self.last_day.id},
        )
        self.assertEqual(inventory.unit_count, 4)
        self.assertEqual(inventory.previous_id, self.previous)
        self.assertEqual(inventory.date_previous, date(2025, 9, 30))
        self.assertEqual(inventory.transit_count, 1)
        self.assertEqual(inventory.ceiling_count, 1)
        line = inventory.line_ids.filtered(lambda ln: ln.unit_id == self.kept)
        self.assertEqual(line.rent, 600.0, "the rent on 30 September, not October's")
        self.assertEqual(line.rent_cap, 600.0)
        self.assertTrue(line.at_cap)
        self.assertEqual(inventory.at_cap_count, 1)
        self.assertEqual(line.lease_id, self.lease)
        self.assertEqual(line.income_position, "ceiling")
        self.assertEqual((line.street, line.zip, line.city), ("Rue Haute A", "1000", "Bruxelles"))
        self.assertEqual((line.unit_type, line.bedrooms, line.epc_class), ("apartment", 2, "D"))
        zoned = inventory.line_ids.filtered(lambda ln: ln.unit_id == self.renewed)
        self.assertTrue(zoned.zone_uplift)
        self.assertEqual(zoned.rent_cap, 770.0, "the cap with its +10 % zone uplift")
        self.assertFalse(line.zone_uplift)
        vacant = inventory.line_ids.filtered(lambda ln: ln.unit_id == self.new)
        self.assertEqual(vacant.contract_type, "main_lease")
        self.assertFalse(vacant.lease_id)
        self.assertFalse(vacant.at_cap, "a vacant unit is not at the cap")

    def test_entries_and_exits_since_the_previous_inventory(self):
        moves = {(m.kind, m.unit_id.name): m for m in self.inventory.move_ids}
        self.assertEqual(set(moves), {("entry", "B"), ("entry", "I"), ("exit", "C"), ("exit", "I")})
        self.assertEqual(moves["entry", "B"].reason, "new_main_lease")
        self.assertEqual(moves["entry", "B"].date, date(2026, 3, 1))
        self.assertEqual(moves["entry", "I"].reason, "new_mandate")
        self.assertEqual(moves["exit", "C"].reason, "sale", "the reason set on the contract")
        self.assertEqual(moves["exit", "I"].reason, "notice", "notice given, no reason set")
        self.assertEqual(moves["exit", "I"].date, date(2026, 4, 30))
        self.assertEqual((self.inventory.entry_count, self.inventory.exit_count), (2, 2))
        # the previous one counted from a year before its own date
        self.assertEqual(self.previous.date_previous, date(2024, 9, 30))
        self.assertIn(self.kept, self.previous.line_ids.unit_id)
        self.assertIn(self.sold, self.previous.line_ids.unit_id)

    def test_totals_by_commune_and_bedrooms(self):
        by_city = {row[0]: row[1:] for row in self.inventory._totals_by("city")}
        self.assertEqual(by_city["Bruxelles"][0], 3)
        self.assertEqual(by_city["Schaerbeek"][0], 1)
        self.assertEqual(by_city["Bruxelles"][1], 2 + 3 + 0, "bedrooms summed")
        by_rooms = {row[0]: row[1] for row in self.inventory._totals_by("bedrooms")}
        self.assertEqual(by_rooms, {0: 1, 1: 1, 2: 1, 3: 1})

    def test_compute_again_replaces_the_draft(self):
        self._contract(self._unit("J"), "2026-09-01")
        self.inventory.with_user(self.accountant).action_compute()
        self.assertEqual(self.inventory.unit_count, 5)
        self.assertEqual(len(self.inventory.line_ids), 5)
        self.assertEqual(self.inventory.entry_count, 3)
        # another date: computed again before it can be sent
        self.inventory.with_user(self.manager).date = "2026-09-29"
        self.assertFalse(self.inventory.computed_on)
        with self.assertRaises(UserError):
            self.inventory.with_user(self.manager).action_send()

    def test_sent_inventory_is_frozen(self):
        previous = self.previous
        count = len(previous.line_ids)
        self._contract(self._unit("K"), "2025-09-01")
        with self.assertRaises(UserError):
            previous.with_user(self.manager).action_compute()
        with self.assertRaises(UserError):
            previous.with_user(self.manager).write({"date": "2025-09-29"})
        with self.assertRaises(UserError):
            previous.line_ids[:1].sudo().write({"rent": 1.0})
        with self.assertRaises(UserError):
            previous.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            previous.sudo().line_ids[:1].unlink()
        with self.assertRaises(UserError):
            previous.with_user(self.manager).action_send()
        self.assertEqual(len(previous.line_ids), count)
        self.assertEqual(previous.state, "sent")
        self.assertEqual(previous.sent_by_id, self.manager)
        # the database too, whatever writes to the tables
        for query in (
            "UPDATE svk_region_inventory_line SET rent = 1 WHERE inventory_id = %s",
            "DELETE FROM svk_region_inventory_move WHERE inventory_id = %s",
            "UPDATE svk_region_inventory SET unit_count = 0 WHERE id = %s",
            "UPDATE svk_region_inventory SET state = 'draft' WHERE id = %s",
            "DELETE FROM svk_region_inventory WHERE id = %s",
        ):
            with self.subTest(query=query), mute_logger("odoo.sql_db"):
                with self.assertRaises(psycopg2.errors.CheckViolation), self.env.cr.savepoint():
                    self.env.cr.execute(query, [previous.id])
        with mute_logger("odoo.sql_db"):
            with self.assertRaises(psycopg2.errors.CheckViolation), self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO svk_region_inventory_move "
                    "(inventory_id, company_id, kind, date, unit_id, reason) "
                    "VALUES (%s, %s, 'entry', '2025-09-01', %s, 'new_mandate')",
                    [previous.id, self.company.id, self.kept.id],
                )
        # the chatter still works on a sent inventory
        previous.with_user(self.manager).message_post(body="Receipt acknowledged")

    def test_state_only_through_the_button(self):
        with self.assertRaises(UserError):
            self.inventory.with_user(self.manager).write({"state": "sent"})
        with self.assertRaises(UserError):
            self.env["svk.region.inventory"].with_user(self.manager).create(
                {"date": "2024-09-30", "state": "sent"}
            )
        with self.assertRaises(UserError):
            self.env["svk.region.inventory"].with_user(self.manager).create(
                {"date": "2027-09-30"}
            ).action_send()

    def test_default_date_is_30_september(self):
        with freeze_time("2027-03-15"):
            form = Form(self.env["svk.region.inventory"].with_user(self.manager))
            self.assertEqual(form.date, date(2027, 9, 30))

    def test_workbook_layout(self):
        data, fmt = (
            self.env["ir.actions.report"]
            .with_user(self.staff)
            ._render("svk_region.action_report_svk_region_inventory_xlsx", self.inventory.ids)
        )
        self.assertEqual(fmt, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(
            book.sheetnames, ["Units", "By commune", "By bedrooms", "Entries and exits"]
        )
        units = book["Units"]
        Line = self.env["svk.region.inventory.line"]
        header = [cell.value for cell in units[1]]
        self.assertEqual(header, [Line._fields[f].string for f in UNIT_COLUMNS])
        self.assertEqual(units.max_row, 1 + 4)
        rows = {row[0]: row for row in units.iter_rows(min_row=2, values_only=True)}
        kept = rows[self.kept.code]
        self.assertEqual(kept[UNIT_COLUMNS.index("rent")], 600.0)
        self.assertEqual(kept[UNIT_COLUMNS.index("at_cap")], "yes")
        self.assertEqual(kept[UNIT_COLUMNS.index("city")], "Bruxelles")
        communes = {
            row[0]: row[1] for row in book["By commune"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(communes, {"Bruxelles": 3, "Schaerbeek": 1})
        moves = book["Entries and exits"]
        Move = self.env["svk.region.inventory.move"]
        self.assertEqual(
            [cell.value for cell in moves[1]], [Move._fields[f].string for f in MOVE_COLUMNS]
        )
        reasons = [
            row[MOVE_COLUMNS.index("reason")]
            for row in moves.iter_rows(min_row=2, values_only=True)
        ]
        self.assertIn("Unit sold", reasons)
        self.assertEqual(moves.max_row, 1 + 4)

    def test_pdf_summary(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.staff)
            ._render_qweb_html("svk_region.action_report_svk_region_inventory", self.inventory.ids)[
                0
            ]
            .decode()
        )
        for text in ("AIS Région Test", "By commune", "Schaerbeek", "Unit sold", self.sold.code):
            self.assertIn(text, html)

    def test_september_reminder(self):
        Inventory = self.env["svk.region.inventory"]
        with freeze_time("2027-08-20"):
            Inventory._cron_september_reminder()
        self.assertFalse(
            Inventory.search([("company_id", "=", self.company.id), ("date", "=", "2027-09-30")])
        )
        with freeze_time("2027-09-02"):
            Inventory._cron_september_reminder()
            Inventory._cron_september_reminder()
        draft = Inventory.search(
            [("company_id", "=", self.company.id), ("date", "=", "2027-09-30")]
        )
        self.assertEqual(draft.state, "draft")
        activity = draft.activity_ids
        self.assertEqual(activity.user_id, self.manager, "the agency's manager, once")
        self.assertEqual(activity.date_deadline, date(2027, 10, 31))
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("svk_region.mail_activity_type_svk_region_inventory"),
        )
        draft.with_user(self.manager).action_compute()
        draft.with_user(self.manager).action_send()
        self.assertFalse(draft.activity_ids, "sending it marks the reminder done")
