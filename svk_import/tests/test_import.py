import copy
import datetime

from odoo.tests import tagged

from odoo.addons.svk_housing.models.svk_lease import structured_communication

from .common import (
    CUTOVER,
    OGM_L2,
    SMALL_AGENCY,
    SvkImportCase,
    csv_bytes,
    xls_bytes,
    xlsx_bytes,
)


@tagged("post_install", "-at_install")
class TestImport(SvkImportCase):
    def _ref(self, kind, ref):
        return self.env["svk.import"]._record_of(self.company, kind, ref)

    def test_small_agency_xlsx(self):
        """Every record and every amount of a small agency's workbook, imported by an
        SVK manager whose only accounting right is Invoicing (for the opening balances)."""
        before = self._counts()
        record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        sheets = {s.sheet: (s.row_count, s.create_count, s.update_count) for s in record.sheet_ids}
        self.assertEqual(
            sheets,
            {
                "building": (2, 2, 0),
                "unit": (4, 4, 0),
                "owner": (2, 2, 0),
                "contract": (4, 3, 0),
                "tenant": (3, 3, 0),
                "lease": (3, 3, 0),
                "balance": (2, 2, 0),
            },
        )
        after = self._counts()
        self.assertEqual(after["svk.building"] - before["svk.building"], 2)
        self.assertEqual(after["svk.unit"] - before["svk.unit"], 4)
        self.assertEqual(after["svk.meter"] - before["svk.meter"], 4)
        self.assertEqual(after["svk.owner.contract"] - before["svk.owner.contract"], 3)
        self.assertEqual(after["svk.lease"] - before["svk.lease"], 3)
        # 2 owners, 3 tenants (two namesakes), the CPAS as third payer
        self.assertEqual(after["partners"] - before["partners"], 6)
        self.assertEqual(after["moves"] - before["moves"], 2)

        building = self._ref("building", "BAT-1")
        self.assertRecordValues(
            building,
            [
                {
                    "code": "BAT-1",
                    "name": "Résidence Les Tilleuls",
                    "zip": "1000",
                    "floor_count": 4,
                    "construction_year": 1962,
                    "country_id": self.env.ref("base.be").id,
                }
            ],
        )
        self.assertTrue(building.analytic_account_id, "a building gets its analytic account")
        unit1, unit2, unit3, unit4 = (self._ref("unit", f"LOG-{i}") for i in range(1, 5))
        self.assertRecordValues(
            unit1,
            [
                {
                    "building_id": building.id,
                    "street": "Rue Haute 120",
                    "street2": "bte 1",
                    "unit_type": "apartment",
                    "bedrooms": 2,
                    "surface": 72.5,
                    "epc_class": "E",
                    "epc_date": datetime.date(2019, 3, 15),
                    "has_elevator": True,
                    "state": "let",
                }
            ],
        )
        self.assertEqual(unit2.epc_date, datetime.date(2019, 3, 15), "31.12.19 is a date too")
        self.assertEqual(
            sorted(unit1.meter_ids.mapped(lambda m: (m.meter_type, m.ean))),
            [("electricity", "541448820000000015"), ("gas", "541448820000000022")],
        )
        self.assertRecordValues(
            unit4,
            [
                {
                    "building_id": False,
                    "use_building_address": False,
                    "street": "Rue du Midi 8",
                    "unit_type": "house",
                    "state": "prospect",
                }
            ],
        )
        self.assertEqual(unit2.state, "available", "its transit lease ended before the cut-over")
        self.assertEqual(unit3.state, "let")

        owner = self._ref("owner", "P1")
        self.assertRecordValues(
            owner,
            [{"phone": "+32470123456", "email": "fatima@example.be", "lang": "fr_BE"}],
        )
        self.assertEqual(owner.sudo().bank_ids.sanitized_acc_number, "BE71096123456769")
        mandate = self._ref("contract", "MG-1")
        self.assertRecordValues(
            mandate,
            [
                {
                    "name": "MG-1",
                    "owner_id": owner.id,
                    "contract_type": "mandate",
                    "state": "active",
                    "duration": "9",
                    "date_start": datetime.date(2024, 1, 1),
                    "date_end": datetime.date(2032, 12, 31),
                    "date_signature": datetime.date(2023, 12, 1),
                    "payment_day": 5,
                    "bank_account_id": owner.sudo().bank_ids.id,
                    "owner_rent_total": 1130.0,
                }
            ],
        )
        self.assertEqual(
            sorted(mandate.line_ids.mapped(lambda line: (line.unit_id.code, line.owner_rent))),
            [("LOG-1", 650.0), ("LOG-2", 480.0)],
        )
        main_lease = self._ref("contract", "BP-1")
        self.assertRecordValues(
            main_lease,
            [
                {
                    "contract_type": "main_lease",
                    "state": "active",
                    "duration": "custom",
                    "date_end": datetime.date(2031, 5, 31),
                    "owner_rent_total": 1050.0,
                }
            ],
        )
        self.assertEqual(self._ref("contract", "BP-2").state, "draft", "it starts in 2027")

        yonas, ioana, namesake = (self._ref("tenant", f"L{i}") for i in range(1, 4))
        self.assertNotEqual(yonas, namesake)
        self.assertEqual(yonas.name, namesake.name)
        self.assertRecordValues(
            yonas, [{"mobile": "+32485112233", "lang": "en_US", "street": "Rue Haute 120"}]
        )
        self.assertRecordValues(
            ioana,
            [
                {
                    "phone": "+3225112233",
                    "mobile": "+33612345678",
                    "email": "ioana@example.be",
                    "lang": "nl_BE",
                }
            ],
        )
        lease = self._ref("lease", "B-2024-01")
        self.assertRecordValues(
            lease,
            [
                {
                    "name": "B-2024-01",
                    "unit_id": unit1.id,
                    "tenant_id": yonas.id,
                    "state": "active",
                    "date_start": datetime.date(2024, 2, 1),
                    "date_end": datetime.date(2033, 1, 31),
                    "rent": 612.5,
                    "charges_amount": 45.0,
                    "charges_mode": "provision",
                    "guarantee_amount": 1225.0,
                    "guarantee_form": "blocked_account",
                    "registration_date": datetime.date(2024, 2, 20),
                }
            ],
        )
        self.assertTrue(lease.payment_reference.startswith("+++"), "a new communication")
        cpas_lease = self._ref("lease", "B-2022-07")
        self.assertEqual(cpas_lease.payment_reference, OGM_L2, "the tenant's standing order")
        self.assertEqual(cpas_lease.third_payer_id.name, "CPAS de Molenbeek")
        self.assertTrue(cpas_lease.third_payer_id.is_company)
        self.assertEqual(cpas_lease.third_payer_amount, 150.0)
        self.assertTrue(cpas_lease.third_payer_payment_reference)
        transit = self._ref("lease", "B-2025-02")
        self.assertRecordValues(
            transit,
            [{"lease_type": "transit", "state": "ended", "date_end": datetime.date(2026, 8, 31)}],
        )

        # the opening balances, in the accounts
        moves = self._ref("balance", "B-2024-01") | self._ref("balance", "B-2022-07")
        self.assertEqual(moves.mapped("state"), ["posted", "posted"])
        self.assertEqual(set(moves.mapped("date")), {datetime.date(2026, 11, 30)})
        debt = self._ref("balance", "B-2024-01")
        self.assertEqual(debt.payment_reference, lease.payment_reference)
        self.assertEqual(debt.svk_lease_id, lease)
        receivable = debt.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        self.assertRecordValues(
            receivable,
            [
                {
                    "partner_id": yonas.id,
                    "svk_lease_id": lease.id,
                    "balance": 1312.5,
                    "amount_residual": 1312.5,
                    "date_maturity": datetime.date(2026, 9, 1),
                    "account_id": yonas.property_account_receivable_id.id,
                }
            ],
        )
        self.assertEqual(lease.balance_due, 1312.5)
        self.assertEqual(lease.oldest_unpaid_date, datetime.date(2026, 9, 1))
        self.assertEqual(cpas_lease.balance_due, -50.0, "paid in advance")
        counterpart = record.counterpart_account_id
        self.assertTrue(counterpart.code.startswith("499"))
        lines = moves.line_ids
        self.assertAlmostEqual(
            sum(lines.filtered(lambda line: line.account_id == counterpart).mapped("balance")),
            -1262.5,
        )
        self.assertAlmostEqual(
            sum(
                lines.filtered(lambda line: line.account_type == "asset_receivable").mapped(
                    "balance"
                )
            ),
            1262.5,
        )
        self.assertAlmostEqual(sum(lines.mapped("balance")), 0.0)

        # the imported debt is one a payment plan schedules
        plan = (
            self.env["svk.payment.plan"]
            .with_user(self.manager)
            .create(
                {
                    "lease_id": lease.id,
                    "instalment_amount": 500.0,
                    "first_due_date": "2026-12-15",
                    "date_start": "2026-12-01",
                }
            )
        )
        self.assertEqual(plan.debt_amount, 1312.5)
        plan.action_compute_schedule()
        self.assertEqual(plan.line_ids.mapped("amount"), [500.0, 500.0, 312.5])

    def test_reimport_updates_never_duplicates(self):
        self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        before = self._counts()
        changed = copy.deepcopy(SMALL_AGENCY)
        changed["Baux"][1][7] = "620,00"  # B-2024-01's rent
        changed["Logements"][2][11] = "D"  # LOG-2's EPC
        changed["Logements"][1][14] = "541448820000000053"  # LOG-1 has a new gas meter
        record = self._import({"agence.xlsx": xlsx_bytes(changed)})
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        self.assertEqual(
            {
                s.sheet: (s.create_count, s.update_count, s.unchanged_count)
                for s in record.sheet_ids
            },
            {
                "building": (0, 0, 2),
                "unit": (0, 2, 2),
                "owner": (0, 0, 2),
                "contract": (0, 0, 3),
                "tenant": (0, 0, 3),
                "lease": (0, 1, 2),
                "balance": (0, 0, 2),
            },
        )
        self.assertEqual(self._counts(), before, "nothing created twice")
        self.assertEqual(self._ref("lease", "B-2024-01").rent, 620.0)
        self.assertEqual(self._ref("unit", "LOG-2").epc_class, "D")
        gas = self._ref("unit", "LOG-1").meter_ids.filtered(lambda m: m.meter_type == "gas")
        self.assertEqual(gas.ean, "541448820000000053", "the meter, found again, changed")

    def test_reimport_corrects_an_unpaid_opening_balance(self):
        self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        changed = copy.deepcopy(SMALL_AGENCY)
        changed["Soldes d'ouverture"][1][1] = "1.000,00"
        record = self._import({"agence.xlsx": xlsx_bytes(changed)})
        self.assertEqual(record.state, "done")
        move = self._ref("balance", "B-2024-01")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.amount_total, 1000.0)
        self.assertEqual(self._ref("lease", "B-2024-01").balance_due, 1000.0)

    def test_formats_and_languages(self):
        """The same agency as an old xls, as one csv per sheet, and in Dutch with its sheets
        and columns in another order: the same records."""
        record = self._import({"agence.xls": xls_bytes(SMALL_AGENCY)})
        self.assertEqual(self._errors(record), [])
        self.assertEqual(self._ref("lease", "B-2024-01").rent, 612.5)
        self.assertEqual(self._ref("unit", "LOG-1").surface, 72.5)

    def test_csv_files_one_per_sheet(self):
        files = {
            f"{name}.csv": csv_bytes(rows) for name, rows in reversed(list(SMALL_AGENCY.items()))
        }
        record = self._import(files)
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        self.assertEqual(self._ref("balance", "B-2024-01").amount_total, 1312.5)
        self.assertEqual(self._ref("tenant", "L1").mobile, "+32485112233")

    def test_dutch_headers_other_order(self):
        dutch = {
            "Baux": "Huurcontracten",
            "Logements": "Wooneenheden",
            "Bâtiments": "Gebouwen",
            "Soldes d'ouverture": "Openingssaldi",
            "Locataires": "Huurders",
            "Contrats propriétaires": "Eigenaarscontracten",
            "Propriétaires": "Eigenaars",
        }
        from ..importer.columns import SHEETS, normalize

        sheets = {}
        for french, nl in dutch.items():
            rows = SMALL_AGENCY[french]
            spec = next(s for s in SHEETS if s.names[0] == french)
            header = []
            for title in rows[0]:
                column = next(
                    c for c in spec.columns if normalize(title) in map(normalize, c.headers)
                )
                header.append(column.headers[1])
            # columns reversed: recognised by their headers, not their place
            sheets[nl] = [list(reversed(header))] + [list(reversed(row)) for row in rows[1:]]
        record = self._import({"kantoor.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        lease = self._ref("lease", "B-2022-07")
        self.assertEqual((lease.rent, lease.third_payer_amount), (700.0, 150.0))
        self.assertEqual(self._ref("contract", "MG-1").owner_rent_total, 1130.0)

    def test_saved_mapping(self):
        """A header the import does not know is listed; the admin says what it is, and the
        agency's next import recognises it."""
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Baux"][0][7] = "Mensualité HTVA"
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)}, check_only=True)
        self.assertIn(
            ("Baux", 1, "Rent", "The required column Rent is missing"),
            [(s, r, c, reason.split(" (")[0]) for s, r, c, reason in self._errors(record)],
        )
        column = record.column_ids.filtered(lambda c: c.header == "Mensualité HTVA")
        self.assertEqual(column.sheet, "lease")
        column.target = "lease.rent"
        record.action_save_columns()
        self.assertEqual(self._errors(record), [])
        again = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(again.state, "done")
        self.assertEqual(self._ref("lease", "B-2024-01").rent, 612.5)

    def test_background_import_with_progress(self):
        """Above the threshold, the import is a queued job; the job writes everything."""
        from odoo.addons.queue_job.job import Job

        self.env["ir.config_parameter"].sudo().set_param("svk_import.background_rows", "5")
        record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)}, check_only=True)
        record.action_import()
        self.assertEqual(record.state, "queued")
        self.assertFalse(self._ref("lease", "B-2024-01"), "nothing yet")
        job = self.env["queue.job"].search(
            [("model_name", "=", "svk.import"), ("method_name", "=", "_job_import")]
        )
        self.assertEqual(len(job), 1)
        self.assertEqual(job.user_id, self.manager, "the job runs with the manager's rights")
        Job.load(self.env, job.uuid).perform()
        self.assertEqual(record.state, "done")
        self.assertEqual(self._ref("lease", "B-2024-01").rent, 612.5)
        self.assertIn("Leases: 3 created", record.result)

    def test_another_agency_imports_its_own(self):
        """The references are the agency's: the same file in a second agency makes its
        own records, and the first agency's stay as they were."""
        self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        other = self.env["res.company"].create(
            {"name": "AIS Sud", "country_id": self.env.ref("base.be").id}
        )
        self.env["account.chart.template"].try_loading("be_comp", other, install_demo=False)
        self.manager.write({"company_ids": [(4, other.id)], "company_id": other.id})
        env = self.env(
            user=self.manager, context=dict(self.env.context, allowed_company_ids=[other.id])
        )
        attachments = env["ir.attachment"].create(
            {"name": "agence.xlsx", "raw": xlsx_bytes(SMALL_AGENCY), "res_model": "svk.import"}
        )
        record = env["svk.import"].create(
            {"attachment_ids": [(6, 0, attachments.ids)], "cutover_date": CUTOVER}
        )
        self.assertEqual(record.company_id, other)
        record.action_check()
        self.assertEqual(self._errors(record), [])
        record.with_context(svk_import_inline=True).action_import()
        self.assertEqual(record.state, "done")
        leases = self.env["svk.lease"].search([("name", "=", "B-2024-01")])
        self.assertEqual(leases.company_id, self.company | other)
        self.assertEqual(
            leases.filtered(lambda lease: lease.company_id == other).tenant_id.company_id, other
        )

    def test_new_communications_never_repeat_imported_ones(self):
        """A communication in the files of the form the suite numbers (an earlier export,
        the agency's old numbering) is never given again to a new lease or third payer."""
        sequence = self.env["ir.sequence"].search([("code", "=", "svk.lease.communication")])
        following = sequence.number_next_actual
        sheets = copy.deepcopy(SMALL_AGENCY)
        taken = [
            structured_communication(self.company.id * 10**7 + following + step)
            for step in range(3)
        ]
        sheets["Baux"][1][15] = taken[0]  # the next ones the sequence would give
        sheets["Baux"][3][15] = taken[2]
        sheets["Baux"][2][15] = ""  # B-2022-07 gets a new one, and its CPAS one too
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(self._errors(record), [])
        cpas_lease = self._ref("lease", "B-2022-07")
        new = {cpas_lease.payment_reference, cpas_lease.third_payer_payment_reference}
        self.assertEqual(len(new), 2)
        self.assertFalse(new & set(taken), "no communication given twice")
        later = self.env["svk.lease"].create(
            {
                "unit_id": self._ref("unit", "LOG-4").id,
                "tenant_id": self._ref("tenant", "L3").id,
                "date_start": "2027-03-01",
                "rent": 800,
            }
        )
        self.assertNotIn(later.payment_reference, set(taken) | new)

    def test_third_payer_communication_kept(self):
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Baux"][0].append("Communication structurée du tiers payant")
        cpas_ogm = structured_communication(9900000025)
        for row in sheets["Baux"][1:]:
            row.append(cpas_ogm if row[0] == "B-2022-07" else "")
        sheets["Baux"][3][15] = cpas_ogm  # another lease's tenant communication: refused
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)}, check_only=True)
        self.assertEqual(
            [(s, r, c) for s, r, c, _reason in self._errors(record)],
            [("Baux", 4, "Structured communication")],
        )
        sheets["Baux"][3][15] = ""
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(record.state, "done")
        self.assertEqual(self._ref("lease", "B-2022-07").third_payer_payment_reference, cpas_ogm)
