import copy

from odoo.tests import tagged

from .common import SMALL_AGENCY, SvkImportCase, xlsx_bytes

DUTCH_SHEETS = {
    "Bâtiments": "Gebouwen",
    "Logements": "Wooneenheden",
    "Propriétaires": "Eigenaars",
    "Contrats propriétaires": "Eigenaarscontracten",
    "Locataires": "Huurders",
    "Baux": "Huurcontracten",
    "Soldes d'ouverture": "Openingssaldi",
}
# the headers a Dutch-speaking agency's old tools write, none of them the templates'
DUTCH_HEADERS = {
    "Bâtiments": [
        "Gebouwcode",
        "Naam",
        "Straat en nummer",
        "Postcode",
        "Woonplaats",
        "Aantal verdiepingen",
        "Bouwjaar",
    ],
    "Logements": [
        "Nr",
        "Gebouwcode",
        "Omschrijving",
        "Busnummer",
        "Straat en nummer",
        "Postcode",
        "Woonplaats",
        "Woningtype",
        "Aantal slaapkamers",
        "Verdieping",
        "Bewoonbare oppervlakt",  # a typo: read as the surface, with its confidence
        "EPB score",
        "Datum EPB",
        "EAN elektriciteit",
        "EAN gas",
        "Lift",
    ],
    "Propriétaires": [
        "Eigenaarscode",
        "Eigenaar",
        "Vennootschap",
        "Straat en nummer",
        "Postcode",
        "Woonplaats",
        "Telefoonnummer",
        "Emailadres",
        "Taal",
        "IBAN eigenaar",
    ],
    "Contrats propriétaires": [
        "Contractnummer",
        "Verhuurder",
        "Contracttype",
        "Ondertekend op",
        "Ingangsdatum",
        "Einddatum",
        "Looptijd",
        "Betaaldag",
        "Woningnummer",
        "Huur eigenaar",
    ],
    "Locataires": [
        "Huurderscode",
        "Naam huurder",
        "Taal",
        "Telefoonnummer",
        "Mobiel",
        "Emailadres",
    ],
    "Baux": [
        "Huurcontractnummer",
        "Woningnummer",
        "Huurderscode",
        "Huurtype",
        "Ondertekend op",
        "Startdatum",
        "Einddatum",
        "Maandhuur",
        "Huurlasten",
        "Kostenregeling",
        "Huurwaarborg",
        "Vorm waarborg",
        "Registratie",
        "Derde betaler",
        "Deel derde betaler",
        "Mededeling",
    ],
    "Soldes d'ouverture": ["Huurcontractnummer", "Achterstal", "Oudste vervaldatum"],
}


@tagged("post_install", "-at_install")
class TestLegacyFiles(SvkImportCase):
    """An agency's own files as its old tools exported them: a title above the headers,
    blank and total rows, its own headers and sheet names, words for floors, types and
    durations; the rules between sheets; the end of the import."""

    def _ref(self, kind, ref):
        return self.env["svk.import"]._record_of(self.company, kind, ref)

    def test_title_blank_and_total_rows(self):
        """French: the headers on row 3 under a title and a blank row are found, a TOTAL
        row under the arrears is skipped, each with a note; the header row is shown and
        can be changed."""
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Baux"] = [["Liste des baux au 30/11/2026"], [""], *sheets["Baux"]]
        sheets["Soldes d'ouverture"].append(["TOTAL", "1.262,50", ""])
        sheets["Logements"].append(["", "", "", "", "", "", "", "Sous-total", "8"])
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        lease_sheet = record.sheet_ids.filtered(lambda s: s.sheet == "lease")
        self.assertEqual((lease_sheet.header_row, lease_sheet.row_count), (3, 3))
        self.assertIn("the headers are on row 3", record.notes)
        self.assertIn("Soldes d'ouverture: rows 4 are totals", record.notes)
        self.assertIn("Logements: rows 6 are totals", record.notes)
        self.assertEqual(self._ref("lease", "B-2024-01").rent, 612.5)
        self.assertEqual(self._ref("balance", "B-2024-01").amount_total, 1312.5)

        # the admin says the headers are elsewhere: the choice is the one read
        check = self._import({"agence.xlsx": xlsx_bytes(sheets)}, check_only=True)
        check.sheet_ids.filtered(lambda s: s.sheet == "lease").header_row = 1
        check.action_check()
        self.assertIn(
            ("Baux", 1, "Rent"),
            [(sheet, row, column) for sheet, row, column, _reason in self._errors(check)],
        )

    def test_dutch_agency_headers(self):
        """Dutch: an agency's own headers (a bare Nr, a building code, the owner, the
        owner's IBAN, a lease number...) are all recognised unaided; a typo is read by
        the closest header, its confidence shown; which header each column came from is
        in the preview and in the error workbook."""
        sheets = {}
        for french, rows in SMALL_AGENCY.items():
            sheets[DUTCH_SHEETS[french]] = [DUTCH_HEADERS[french], *copy.deepcopy(rows[1:])]
        record = self._import({"kantoor.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        self.assertFalse(record.column_ids.filtered(lambda c: not c.target), "all recognised")
        typo = record.column_ids.filtered(lambda c: c.header == "Bewoonbare oppervlakt")
        self.assertEqual((typo.target, typo.match), ("unit.surface", "fuzzy"))
        self.assertTrue(50 < typo.confidence < 100)
        iban = record.column_ids.filtered(lambda c: c.header == "IBAN eigenaar")
        self.assertEqual((iban.target, iban.match, iban.confidence), ("owner.iban", "exact", 100))
        self.assertEqual(self._ref("unit", "LOG-1").surface, 72.5)
        self.assertEqual(self._ref("contract", "MG-1").owner_rent_total, 1130.0)
        lease = self._ref("lease", "B-2022-07")
        self.assertEqual((lease.rent, lease.third_payer_amount), (700.0, 150.0))

        # an error: the workbook lists which header each column was read from
        import io

        import openpyxl

        sheets["Huurcontracten"][1][7] = "veel"
        faulty = self._import({"kantoor.xlsx": xlsx_bytes(sheets)}, check_only=True)
        self.assertTrue(faulty.error_count)
        book = openpyxl.load_workbook(io.BytesIO(faulty._error_workbook(faulty._analyse())))
        rows = list(book["Columns"].iter_rows(values_only=True))
        self.assertIn(
            ("Wooneenheden", "Bewoonbare oppervlakt", "Surface (m²)"), [r[:3] for r in rows]
        )
        self.assertIn(("Huurcontracten", "Maandhuur", "Rent"), [r[:3] for r in rows])

    def test_unnamed_sheet_and_the_admins_mapping(self):
        """A sheet of an unexpected name is listed with its headers; the admin says what
        it holds and which column a header stands for, from the import's own columns;
        the agency's next file is recognised by those headers whatever the sheet's name."""
        sheets = copy.deepcopy(SMALL_AGENCY)
        contracts = sheets.pop("Contrats propriétaires")
        contracts[0][9] = "Montant versé"
        sheets["Feuil4"] = contracts
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)}, check_only=True)
        unknown = record.unknown_sheet_ids
        self.assertEqual(unknown.name, "Feuil4")
        self.assertIn("Montant versé", unknown.headers)
        self.assertIn("Feuil4", record.notes)
        self.assertFalse(record.sheet_ids.filtered(lambda s: s.sheet == "contract"))

        unknown.holds = "contract"
        record.action_save_columns()
        self.assertIn(
            ("Feuil4", 1, "Guaranteed rent"),
            [(sheet, row, column) for sheet, row, column, _reason in self._errors(record)],
        )
        line = record.column_ids.filtered(lambda c: c.header == "Montant versé")
        self.assertFalse(line.target)
        labels = dict(line._fields["target"]._description_selection(line.env))
        self.assertEqual(labels["contract.owner_rent"], "Owner contracts ‣ Guaranteed rent")
        line.target = "contract.owner_rent"
        record.action_save_columns()
        self.assertEqual(self._errors(record), [])

        mapping = self.env["svk.import.mapping"].search(
            [("company_id", "=", self.company.id), ("kind", "=", "column")]
        )
        self.assertEqual((mapping.header, mapping.target), ("Montant versé", "contract.owner_rent"))

        sheets["Feuil9"] = sheets.pop("Feuil4")
        again = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(self._errors(again), [])
        self.assertEqual(again.state, "done")
        self.assertEqual(self._ref("contract", "MG-1").owner_rent_total, 1130.0)

    def test_floor_type_and_duration_words(self):
        """Floors, unit types and durations as agencies write them, French and Dutch."""
        sheets = copy.deepcopy(SMALL_AGENCY)
        units = sheets["Logements"]
        for row, (kind, floor) in zip(
            units[1:],
            [
                ("Duplex", "rez"),
                ("kot", "2e étage"),
                ("Appartement 3 ch", "gelijkvloers"),
                ("huis", "sous-sol"),
            ],
            strict=True,
        ):
            row[7], row[9] = kind, floor
        contracts = sheets["Contrats propriétaires"]
        contracts[1][6] = contracts[2][6] = "9 ans"
        contracts[4][6] = "36 maanden"
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(self._errors(record), [])
        self.assertEqual(
            [
                (self._ref("unit", f"LOG-{i}").unit_type, self._ref("unit", f"LOG-{i}").floor)
                for i in range(1, 5)
            ],
            [("apartment", 0), ("room", 2), ("apartment", 0), ("house", -1)],
        )
        self.assertEqual(self._ref("contract", "MG-1").duration, "9")
        self.assertEqual(self._ref("contract", "BP-2").duration, "3")

        units[1][9] = "grenier"
        faulty = self._import({"agence.xlsx": xlsx_bytes(sheets)}, check_only=True)
        self.assertIn(("Logements", 2, "Floor"), [e[:3] for e in self._errors(faulty)])

    def test_agency_unit_type_word(self):
        """A unit type word of the agency's own is listed; the admin says which of the
        suite's types it is, and the agency's next files are read with it."""
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Logements"][1][7] = "Bel-étage"
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)}, check_only=True)
        self.assertIn(("Logements", 2, "Type"), [e[:3] for e in self._errors(record)])
        self.assertEqual(record.word_ids.mapped("word"), ["Bel-étage"])
        self.assertFalse(record.column_ids.filtered("word"))
        record.word_ids.unit_type = "apartment"
        record.action_save_columns()
        self.assertEqual(self._errors(record), [])
        again = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(again.state, "done")
        self.assertEqual(self._ref("unit", "LOG-1").unit_type, "apartment")

    def test_dates_across_sheets(self):
        """A lease running at the cut-over on a unit in no owner contract then and a unit
        in two contracts at once are errors naming the rows; a lease that started before
        its unit's contract, or runs after it, and an ended lease's debt older than the
        legal limit are warnings."""
        sheets = copy.deepcopy(SMALL_AGENCY)
        contracts = sheets["Contrats propriétaires"]
        contracts[1][4] = contracts[2][4] = "01/01/2027"  # MG-1, after the cut-over
        contracts[3][4] = "01/01/2023"  # BP-1, after lease B-2022-07's start
        contracts.append(
            ["BP-9", "P2", "Bail principal", "", "01/01/2023", "31/12/2024", "", "", "LOG-3", "500"]
        )
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)}, check_only=True)
        errors = {(sheet, row, col): reason for sheet, row, col, reason in self._errors(record)}
        self.assertIn(
            "On 2026-11-30 the lease runs but its unit is in no owner contract (contract MG-1, "
            "row 2",
            errors[("Baux", 2, "Start")],
        )
        self.assertIn(
            "also in contract BP-1 (row 4)", errors[("Contrats propriétaires", 6, "Unit")]
        )
        self.assertNotIn(("Baux", 3, "Start"), errors)
        self.assertIn(
            "Warning: Baux, row 3, Start: the lease starts before its unit's owner contract BP-1",
            record.notes,
        )

        sheets = copy.deepcopy(SMALL_AGENCY)
        del sheets["Contrats propriétaires"]
        sheets["Baux"].append(
            ["B-2012-01", "LOG-4", "L3", "standard", "", "01/01/2012", "31/12/2020", "500"]
            + [""] * 8
        )
        sheets["Soldes d'ouverture"].append(["B-2012-01", "800", "01/03/2019"])
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)}, check_only=True)
        self.assertEqual(self._errors(record), [])
        self.assertIn("Soldes d'ouverture, row 4", record.notes)
        self.assertIn("may be time-barred", record.notes)

    def test_manager_without_email(self):
        """The final chatter message needs no e-mail address: the import stays."""
        self.manager.partner_id.email = False
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        self.env = env
        record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        self.assertEqual(record.state, "done")
        self.assertTrue(self._ref("lease", "B-2024-01"))
        self.assertIn("created", record.message_ids[0].body)

    def test_failure_after_the_data_undoes_nothing(self):
        """The chatter note after the data fails: the import stays, and says why."""
        from unittest.mock import patch

        from odoo.exceptions import UserError

        Import = self.env.registry["svk.import"]
        with patch.object(Import, "_message_log", side_effect=UserError("no chatter today")):
            record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        self.assertEqual(record.state, "done")
        self.assertTrue(self._ref("lease", "B-2024-01"))
        self.assertIn("could not be posted in the chatter: no chatter today", record.result)
        self.assertIn("Leases: 3 created", record.result)

    def test_unchanged_reimport(self):
        """A second import of the same file changes nothing, and says so."""
        self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        before = self._counts()
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Baux"][1][7] = "620,00"
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(record.state, "done")
        self.assertEqual(self._counts(), before)
        self.assertEqual(
            {
                s.sheet: (s.create_count, s.update_count, s.unchanged_count)
                for s in record.sheet_ids
            },
            {
                "building": (0, 0, 2),
                "unit": (0, 0, 4),
                "owner": (0, 0, 2),
                "contract": (0, 0, 3),
                "tenant": (0, 0, 3),
                "lease": (0, 1, 2),
                "balance": (0, 0, 2),
            },
        )
        self.assertIn("Leases: 0 created, 1 updated, 2 unchanged", record.result)
