from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import SvkDashboardCase


@tagged("post_install", "-at_install")
class TestOccupancyReport(SvkDashboardCase):
    def _report(self, user, groupby, domain=()):
        return (
            self.env["svk.occupancy.report"]
            .with_user(user)
            ._read_group(
                [("building_id", "=", self.dash_building.id), *domain],
                groupby,
                ["days_managed:sum", "days_let:sum", "days_vacant:sum"],
            )
        )

    def test_days_per_unit_and_month_equal_a_day_by_day_count(self):
        expected = self._expected_occupancy()
        self.assertTrue(expected)
        unit_a, unit_b, unit_c = self.dash_units
        got = {
            (unit, month): figures
            for unit, month, *figures in self._report(self.svk_user, ["unit_id", "month:month"])
        }
        want = {}
        for month, (managed, let, vacant) in expected.items():
            want[unit_a, month] = [managed, let, vacant]
            want[unit_b, month] = [managed, 0, managed]
        self.assertEqual(got, want)
        # the overlapping leases count each day once; the draft contract's unit is absent
        self.assertNotIn(unit_c, {unit for unit, _month in got})

    def test_current_month_counts_up_to_today(self):
        [[managed]] = self.env["svk.occupancy.report"]._read_group(
            [
                ("unit_id", "=", self.dash_units[1].id),
                ("month", "=", self.today.replace(day=1)),
            ],
            [],
            ["days_managed:sum"],
        )
        self.assertEqual(managed, self.today.day)

    def test_a_lease_ending_later_keeps_the_unit_let_to_today(self):
        """Ending the overlapping lease today leaves no vacancy day; ending the running
        one long ago leaves the unit vacant since."""
        before = self._report(self.svk_user, [], domain=[("unit_id", "=", self.dash_units[0].id)])
        running = self.dash_units[0].lease_ids.filtered(lambda lease: lease.state == "active")
        running.date_end = self.today - timedelta(days=10)
        after = self._report(self.svk_user, [], domain=[("unit_id", "=", self.dash_units[0].id)])
        self.assertEqual(after[0][0], before[0][0])  # managed unchanged
        self.assertEqual(after[0][1], before[0][1] - 10)
        self.assertEqual(after[0][2], before[0][2] + 10)

    def test_other_agency_apart(self):
        other_units = (
            self.env["svk.occupancy.report"]
            .with_user(self.director)
            .search([("unit_id", "=", self.other_unit.id)])
        )
        self.assertFalse(other_units)
        # the same user given the other agency sees it
        self.director.company_ids |= self.other_company
        rows = (
            self.env["svk.occupancy.report"]
            .with_user(self.director)
            .with_context(allowed_company_ids=[self.other_company.id])
            .search([("unit_id", "=", self.other_unit.id)])
        )
        self.assertEqual(sum(rows.mapped("days_vacant")), 31)
        self.assertEqual(sum(rows.mapped("days_let")), 0)

    def test_rows_follow_the_building_and_the_contract(self):
        Report = self.env["svk.occupancy.report"]
        unit_b = self.dash_units[1]
        other = self.env["svk.building"].create({"name": "Other building"})
        unit_b.building_id = other
        self.assertEqual(set(Report.search([("unit_id", "=", unit_b.id)]).building_id), {other})
        # the contract ends today: the unit's months stay, up to today
        self.dash_contract.date_end = self.today
        self.assertTrue(Report.search([("unit_id", "=", unit_b.id)]))
        # back to draft (a contract entered by mistake): the units were never managed
        self.dash_contract.state = "draft"
        self.assertFalse(Report.search([("unit_id", "in", self.dash_units.ids)]))

    def test_daily_refresh_drops_the_month_out_of_the_window(self):
        """The cron computes every unit again: a month that left the window goes, a row
        that was wrong is right again."""
        Report = self.env["svk.occupancy.report"]
        unit_b = self.dash_units[1]
        old_month = self.window_start - relativedelta(months=1)
        self.env.cr.execute(
            "INSERT INTO svk_occupancy_report (company_id, unit_id, month, days_managed, "
            "days_let, days_vacant) VALUES (%s, %s, %s, 30, 0, 30)",
            [self.company.id, unit_b.id, old_month],
        )
        self.env.cr.execute(
            "UPDATE svk_occupancy_report SET days_managed = 1, days_let = 0, days_vacant = 1 "
            "WHERE unit_id = %s AND month = %s",
            [unit_b.id, self.today.replace(day=1)],
        )
        Report.invalidate_model()
        Report._cron_refresh()
        rows = Report.search([("unit_id", "=", unit_b.id)])
        self.assertNotIn(old_month, rows.mapped("month"))
        current = rows.filtered(lambda row: row.month == self.today.replace(day=1))
        self.assertEqual(current.days_vacant, self.today.day)

    def test_a_lease_moved_to_another_unit_moves_its_days(self):
        unit_a, unit_b = self.dash_units[:2]
        before = dict(
            self.env["svk.occupancy.report"]._read_group(
                [("unit_id", "in", (unit_a | unit_b).ids)], ["unit_id"], ["days_let:sum"]
            )
        )
        self.assertEqual(before[unit_b], 0)
        ended = unit_a.lease_ids.filtered(lambda lease: lease.state == "ended")
        ended.unit_id = unit_b
        after = dict(
            self.env["svk.occupancy.report"]._read_group(
                [("unit_id", "in", (unit_a | unit_b).ids)], ["unit_id"], ["days_let:sum"]
            )
        )
        # the ended lease's 41 days are unit B's now; unit A keeps the days of the other
        self.assertEqual(after[unit_b], 41)
        self.assertEqual(after[unit_a], 46)
        self.assertEqual(before[unit_a], 81)
