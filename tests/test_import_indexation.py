"""svk_import and svk_indexation together (neither depends on the other): a lease or an
owner contract brought in running from an agency's files has its rent of then as base rent,
at the index of the month before its last anniversary (svk_housing's hooks
`_svk_running_vals`, which svk_indexation extends), not at the index of its signature."""

from datetime import date

from freezegun import freeze_time

from odoo.addons.svk_import.tests.common import SMALL_AGENCY, SvkImportCase, xlsx_bytes


class TestImportWithIndexation(SvkImportCase):
    def _ref(self, kind, ref):
        return self.env["svk.import"]._record_of(self.company, kind, ref)

    def test_running_leases_and_contracts_start_at_their_last_anniversary(self):
        with freeze_time("2026-12-01"):
            record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        self.assertEqual(self._errors(record), [])
        leases = {ref: self._ref("lease", ref) for ref in ("B-2024-01", "B-2022-07", "B-2025-02")}
        self.assertEqual(
            {ref: (lease.index_start_month, lease.base_rent) for ref, lease in leases.items()},
            {
                "B-2024-01": (date(2026, 1, 1), 612.5),
                "B-2022-07": (date(2026, 5, 1), 700.0),
                "B-2025-02": (date(2026, 2, 1), 410.0),
            },
        )
        contracts = {ref: self._ref("contract", ref) for ref in ("MG-1", "BP-1", "BP-2")}
        self.assertEqual(
            {ref: contract.index_start_month for ref, contract in contracts.items()},
            # BP-2 starts in 2027: no anniversary yet, its signature's index
            {"MG-1": date(2025, 12, 1), "BP-1": date(2026, 5, 1), "BP-2": False},
        )

    def test_a_lease_created_by_hand_starts_at_its_signature(self):
        """The same lease written in the form is not brought in running: its index is the
        one of the month before its signature."""
        record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        unit = self._ref("unit", "LOG-4")
        unit.state = "available"
        lease = (
            self.env["svk.lease"]
            .with_user(self.manager)
            .create(
                {
                    "unit_id": unit.id,
                    "tenant_id": self._ref("tenant", "L1").id,
                    "date_start": "2022-06-15",
                    "rent": 700.0,
                }
            )
        )
        self.assertEqual(record.state, "done")
        self.assertFalse(lease.index_start_month)
        self.assertEqual(lease._svk_index_start_month(), date(2022, 5, 1))

    def test_a_lease_brought_in_during_the_year_of_limited_indexation(self):
        """B-2022-07 (LOG-3, EPC G, in force 15 June 2022, €700) brought in on 1 August
        2023: its rent of then is the one the year of limited indexation left on its 15
        June 2023 anniversary (a G is not indexed in the year), at the index of May 2023.
        Its 2024 indexation is 700 × 131.42 (May 2024) ÷ 127.35 (May 2023) = 722.37, with no
        correction factor on top: the rent already holds the year's loss."""
        with freeze_time("2023-08-01"):
            record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        self.assertEqual(self._errors(record), [])
        lease = self._ref("lease", "B-2022-07")
        self.assertEqual(lease.index_start_month, date(2023, 5, 1))
        lease.write({"registration_date": "2022-06-20", "epc_handed_over": True})
        batch = self.env["svk.indexation"].create({"month": "2024-06-01"})
        batch.action_propose()
        line = batch.line_ids.filtered(lambda line: line.lease_id == lease)
        self.assertEqual(line.factor, 1.0)
        self.assertIn("already in the base rent", line.reason)
        self.assertEqual(line.new_rent, 722.37)
