from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from ..formula import correction_factor, in_freeze_year
from .common import SvkIndexationCase


@tagged("post_install", "-at_install")
class TestFreezeYear(SvkIndexationCase):
    """The year of limited indexation (Housing Code art. 224/2, ordinance of 13 October
    2022): anniversaries from 14 October 2022 to 13 October 2023 indexed in full for EPC
    A–D, by half the year's rise for E, not at all for F, G or none; and the year's
    loss kept by the correction factor afterwards. Figures: Statbel's health index
    (data/reference/health_index.csv)."""

    def _approve(self, month, day):
        batch = self._batch(month)
        with freeze_time(day):
            batch.with_user(self.svk_manager).action_approve()
        return batch

    def test_freeze_year_by_epc_then_no_catching_up(self):
        """In force 1 February 2020 at €1,000 (start index January 2020: 109.72).
        2022: all indexed, 1,000 × 118.21 (Jan 2022) ÷ 109.72 = 1,077.38.
        2023 (in the year): D 1,000 × 128.00 (Jan 2023) ÷ 109.72 = 1,166.61; E half the
        year's rise, 1,000 × 128.00 ÷ 109.72 × ½ (118.21 + 128.00) ÷ 128.00 = 1,121.99
        (1,077.38 + ½ × 89.23); F, G or none stay at 1,077.38.
        2024: D 1,000 × 130.19 ÷ 109.72 = 1,186.57; E × ½ (118.21 + 128.00) ÷ 128.00 =
        1,141.19; F, G, none × 118.21 ÷ 128.00 = 1,095.81: the year lost stays lost."""
        epcs = ["D", "E", "F", "G", False]
        leases = {
            epc: self._old_lease(unit, epc, "2020-02-01", "2020-02-01", 1000.0)
            for unit, epc in zip(self.flats, epcs, strict=False)
        }
        batch_2022 = self._approve("2022-02-01", "2022-02-03")
        for epc, lease in leases.items():
            self.assertEqual(self._line(batch_2022, lease).factor, 1.0, "before the year")
            self.assertEqual(lease.rent, 1077.38, epc)

        batch_2023 = self._batch("2023-02-01")
        got = {epc: self._line(batch_2023, lease) for epc, lease in leases.items()}
        self.assertRecordValues(
            got["D"], [{"state": "proposed", "factor": 1.0, "new_rent": 1166.61}]
        )
        self.assertEqual(got["E"].new_rent, 1121.99)
        self.assertEqual(got["E"].factor_kind, "E")
        self.assertIn("year of limited indexation", got["E"].reason)
        for epc in ("F", "G", False):
            self.assertRecordValues(
                got[epc],
                [{"factor_kind": "FG", "new_rent": 1077.38, "old_rent": 1077.38}],
            )
            self.assertIn("not indexed", got[epc].reason)
        with freeze_time("2023-02-03"):
            batch_2023.with_user(self.svk_manager).action_approve()
        self.assertEqual(
            {epc: lease.rent for epc, lease in leases.items()},
            {"D": 1166.61, "E": 1121.99, "F": 1077.38, "G": 1077.38, False: 1077.38},
        )

        batch_2024 = self._batch("2024-02-01")
        self.assertEqual(
            {epc: self._line(batch_2024, lease).new_rent for epc, lease in leases.items()},
            {"D": 1186.57, "E": 1141.19, "F": 1095.81, "G": 1095.81, False: 1095.81},
        )

    def test_freeze_year_late_anniversary(self):
        """In force 15 November 2021 (signed 20 October, start index September 2021:
        112.29), €700, anniversary 15 November 2022 (in the year, from 14 October: I2021
        = October 2021 113.94, I2022 = October 2022 127.92). D: 700 × 127.92 ÷ 112.29 =
        797.44; E: × ½ (113.94 + 127.92) ÷ 127.92 = 753.86; G: not indexed, 700."""
        d = self._old_lease(self.flats[0], "D", "2021-11-15", "2021-10-20", 700.0)
        e = self._old_lease(self.flats[1], "E", "2021-11-15", "2021-10-20", 700.0)
        g = self._old_lease(self.flats[2], "G", "2021-11-15", "2021-10-20", 700.0)
        batch = self._batch("2022-11-01")
        self.assertEqual(self._line(batch, d).new_rent, 797.44)
        self.assertEqual(self._line(batch, e).new_rent, 753.86)
        self.assertAlmostEqual(self._line(batch, e).factor, 0.5 * (113.94 + 127.92) / 127.92, 6)
        self.assertEqual(self._line(batch, g).new_rent, 700.0)
        self.assertTrue(self._line(batch, g).selected, "the rent that stays is approved too")

    def test_the_letters_say_the_year(self):
        """The letter of an F not indexed in the year says so, without a formula whose
        result would not be its rent; an E's names the half indexation."""
        tenant = self.env["res.partner"].create({"name": "Nadia Ouali", "lang": "en_US"})
        f = self._old_lease(self.flats[0], "F", "2020-02-01", "2020-02-01", 1000.0)
        e = self._old_lease(
            self.flats[1], "E", "2020-02-01", "2020-02-01", 1000.0, tenant_id=tenant.id
        )
        batch = self._approve("2023-02-01", "2023-02-03")
        report = self.env.ref("svk_indexation.action_report_indexation_letter")

        def html(lease):
            line = self._line(batch, lease)
            body, _kind = report._render_qweb_html(report.report_name, line.ids)
            return " ".join(body.decode().split())

        html_f, html_e = html(f), html(e)
        # F's tenant reads French (the agency's language), E's English: each letter in
        # its tenant's language
        self.assertIn("le loyer n'est pas indexé à un anniversaire du 14 octobre 2022", html_f)
        self.assertNotIn("÷", html_f)
        self.assertIn("Half the year's indexation for an energy certificate of class E", html_e)
        self.assertIn("1,121.99", html_e)

    def test_the_window_bounds(self):
        start = date(2021, 11, 15)
        index = {2021: 100.0, 2022: 110.0, 2023: 121.0}.get
        self.assertEqual(correction_factor("G", start, date(2022, 10, 13), index), (1.0, ""))
        self.assertEqual(
            correction_factor("G", start, date(2022, 10, 14), index), (100.0 / 110.0, "FG")
        )
        self.assertEqual(
            correction_factor("E", start, date(2023, 10, 13), index),
            (0.5 * (110.0 + 121.0) / 121.0, "E"),
        )
        self.assertEqual(correction_factor("D", start, date(2023, 3, 1), index), (1.0, ""))
        self.assertTrue(in_freeze_year(date(2022, 10, 14)))
        self.assertTrue(in_freeze_year(date(2023, 10, 13)))
        self.assertFalse(in_freeze_year(date(2022, 10, 13)))
        self.assertFalse(in_freeze_year(date(2023, 10, 14)))

    def _running(self, unit, epc, rent, today):
        """A lease of 1 February 2020 brought in running on `today` (svk_import's path:
        svk_housing's hook `_svk_running_vals`) at its rent of then."""
        unit.write({"epc_class": epc, "state": "available"})
        with freeze_time(today):
            Lease = self.env["svk.lease"]
            return Lease.create(
                Lease._svk_running_vals(
                    {
                        "unit_id": unit.id,
                        "tenant_id": self.tenant_3.id,
                        "date_signature": "2020-02-01",
                        "date_start": "2020-02-01",
                        "rent": rent,
                        "registration_date": "2020-02-10",
                        "epc_handed_over": True,
                        "state": "active",
                    }
                )
            )

    def test_leases_brought_in_running(self):
        """Brought in during the year (June 2023) at its rent of February 2023, which the
        year left at 1,077.38 (EPC F): the 2024 indexation is 1,077.38 × 130.19 ÷ 128.00
        = 1,095.81, the same as for a lease followed since 2020, with no factor on top.
        Brought in before the year (June 2022) at 1,077.38 (EPC E, indexed February 2022):
        the 2023 anniversary gets the year's half rise, 1,077.38 × 128.00 ÷ 118.21 × ½
        (118.21 + 128.00) ÷ 128.00 = 1,121.99; an F stays at 1,077.38."""
        during = self._running(self.flats[0], "F", 1077.38, "2023-06-15")
        self.assertEqual(during._svk_index_start_month(), date(2023, 1, 1))
        line = self._line(self._batch("2024-02-01"), during)
        self.assertEqual(line.factor, 1.0)
        self.assertIn("already in the base rent", line.reason)
        self.assertEqual(line.new_rent, 1095.81)

        before_e = self._running(self.flats[1], "E", 1077.38, "2022-06-15")
        before_f = self._running(self.flats[2], "F", 1077.38, "2022-06-15")
        self.assertEqual(before_e._svk_index_start_month(), date(2022, 1, 1))
        batch = self._batch("2023-02-01")
        self.assertEqual(self._line(batch, before_e).new_rent, 1121.99)
        self.assertEqual(self._line(batch, before_f).new_rent, 1077.38)
