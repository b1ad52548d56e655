from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SvkIndexationCase


@tagged("post_install", "-at_install")
class TestRentCaps(SvkIndexationCase):
    """The agency rent caps as the decree sets them: studios (0 bedrooms), the zone
    uplift, and 2023's rows per EPC (the caps' indexation limited like the rents')."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Cap = cls.env["svk.rent.cap"]
        cls.studio = cls.env["svk.unit"].create(
            {
                "name": "0.1",
                "building_id": cls.building.id,
                "unit_type": "studio",
                "bedrooms": 0,
            }
        )

    def _row(self, **vals):
        return self.Cap.create(
            {"date_from": "2023-01-01", "date_to": "2023-12-31", "bedrooms": 2, **vals}
        )

    def test_studio_and_zone_uplift_through_the_unit_api(self):
        self._row(unit_type="studio", bedrooms=0, tenant_rent_max=480.0, owner_rent_max=450.0)
        self._row(unit_type="apartment", tenant_rent_max=700.0, owner_rent_max=650.0)
        self.flats[1].rent_cap_uplift = True
        units = self.studio | self.flats[0] | self.flats[1]
        self.assertEqual(
            units._svk_rent_caps(date(2023, 6, 1)),
            {
                self.studio.id: (480.0, 450.0),
                self.flats[0].id: (700.0, 650.0),
                # +10 %: the row's zone uplift
                self.flats[1].id: (770.0, 715.0),
            },
        )
        self.assertEqual(units._svk_rent_caps(date(2024, 6, 1))[self.studio.id], (0.0, 0.0))

    def test_a_studio_without_a_studio_row_is_an_apartment_of_no_bedroom(self):
        self._row(unit_type="apartment", bedrooms=0, tenant_rent_max=500.0)
        self._row(unit_type="apartment", tenant_rent_max=700.0)
        self.assertEqual(self.studio._svk_rent_caps(date(2023, 6, 1))[self.studio.id][0], 500.0)

    def test_2023_caps_per_epc_in_the_indexation(self):
        """1 January 2023: the caps indexed in full for A–D, in part for E, not for F, G
        or none. The leases of 2020 (€1,000, indexed to 1,077.38 in February 2022) are
        capped at their EPC's row on 1 February 2023."""
        self._row(unit_type="apartment", epc_scope="good", tenant_rent_max=1100.0)
        self._row(unit_type="apartment", epc_scope="E", tenant_rent_max=1090.0)
        self._row(unit_type="apartment", epc_scope="poor", tenant_rent_max=1050.0)
        d = self._old_lease(self.flats[0], "D", "2020-02-01", "2020-02-01", 1000.0)
        e = self._old_lease(self.flats[1], "E", "2020-02-01", "2020-02-01", 1000.0)
        g = self._old_lease(self.flats[2], False, "2020-02-01", "2020-02-01", 1000.0, rent=1077.38)
        self.flats[1].rent_cap_uplift = True
        batch = self._batch("2023-02-01")
        # D: 1,166.61 → the A–D cap, 1,100
        self.assertRecordValues(
            self._line(batch, d), [{"indexed_rent": 1166.61, "cap": 1100.0, "new_rent": 1100.0}]
        )
        # E: 1,121.99 under the E cap raised by the zone uplift (1,090 × 1.1 = 1,199)
        self.assertRecordValues(self._line(batch, e), [{"new_rent": 1121.99, "cap": 0.0}])
        # none: not indexed in the year, and over the F/G cap of 1,050
        self.assertRecordValues(self._line(batch, g), [{"new_rent": 1050.0, "cap": 1050.0}])
        # a row for any EPC serves the units whose scope has none
        self.Cap.search([("epc_scope", "=", "good")]).unlink()
        self._row(unit_type="apartment", epc_scope="all", tenant_rent_max=1120.0)
        batch.action_propose()
        self.assertEqual(self._line(batch, d).new_rent, 1120.0)

    def test_staff_read_the_caps_only(self):
        row = self._row(unit_type="studio", bedrooms=0, tenant_rent_max=480.0)
        self.assertEqual(
            self.Cap.with_user(self.svk_user).search_read([("id", "=", row.id)], ["epc_scope"]),
            [{"id": row.id, "epc_scope": "all"}],
        )
        with self.assertRaises(AccessError):
            row.with_user(self.svk_user).zone_uplift_percent = 50.0
