from datetime import timedelta

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
