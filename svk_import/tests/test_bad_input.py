import base64
import copy
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SMALL_AGENCY, SvkImportCase, xls_bytes, xlsx_bytes


@tagged("post_install", "-at_install")
class TestBadInput(SvkImportCase):
    """Each kind of bad input gets its row-level error, and nothing is written."""

    def _assert_refused(self, files, expected):
        """`expected`: (sheet, row, column, a part of the reason) that must be reported;
        then nothing of the agency may be in the database, and Import refuses."""
        before = self._counts()
        record = self._import(files, check_only=True)
        errors = self._errors(record)
        self.assertTrue(
            any(
                (sheet, row, column) == expected[:3] and expected[3] in reason
                for sheet, row, column, reason in errors
            ),
            f"{expected} not in {errors}",
        )
        with self.assertRaises(UserError):
            record.action_import()
        self.assertEqual(self._counts(), before, "nothing written")
        self.assertEqual(record.state, "checked")
        return record

    def _broken(self, sheet, row, column, value):
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets[sheet][row - 1][column] = value
        return {"agence.xlsx": xlsx_bytes(sheets)}

    def test_wrong_iban(self):
        self._assert_refused(
            self._broken("Propriétaires", 3, 9, "BE62510007547062"),
            ("Propriétaires", 3, "IBAN", "check digits"),
        )

    def test_bad_ean(self):
        self._assert_refused(
            self._broken("Logements", 2, 13, "541448820000000016"),
            ("Logements", 2, "Electricity EAN", "wrong check digit"),
        )

    def test_unknown_unit(self):
        self._assert_refused(
            self._broken("Baux", 3, 1, "LOG-99"),
            ("Baux", 3, "Unit", "LOG-99 is neither in sheet Units nor imported before"),
        )

    def test_date_that_does_not_exist(self):
        self._assert_refused(
            self._broken("Baux", 2, 5, "31/02/2025"),
            ("Baux", 2, "Start", "not a date that exists"),
        )

    def test_duplicate_row(self):
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Logements"].append(list(sheets["Logements"][2]))
        self._assert_refused(
            {"agence.xlsx": xlsx_bytes(sheets)}, ("Logements", 6, "Reference", "Duplicate of row 3")
        )

    def test_same_unit_twice_under_two_references(self):
        sheets = copy.deepcopy(SMALL_AGENCY)
        twin = list(sheets["Logements"][2])
        twin[0], twin[13] = "LOG-9", ""
        sheets["Logements"].append(twin)
        self._assert_refused(
            {"agence.xlsx": xlsx_bytes(sheets)}, ("Logements", 6, "Box / door", "row 3")
        )

    def test_missing_required_column(self):
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Propriétaires"] = [row[:9] for row in sheets["Propriétaires"]]  # no IBAN
        self._assert_refused(
            {"agence.xlsx": xlsx_bytes(sheets)},
            ("Propriétaires", 1, "IBAN", "The required column IBAN is missing"),
        )

    def test_blank_rows_keep_the_row_numbers_people_see(self):
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Baux"].insert(2, [""] * 16)
        sheets["Baux"][3][7] = "six cents"
        self._assert_refused(
            {"agence.xlsx": xlsx_bytes(sheets)}, ("Baux", 4, "Rent", "not an amount")
        )
        self._assert_refused(
            {"agence.xls": xls_bytes(sheets)}, ("Baux", 4, "Rent", "not an amount")
        )

    def test_empty_workbook(self):
        self._assert_refused(
            {"vide.xlsx": xlsx_bytes({"Feuil1": []})}, ("", 0, "", "no sheet of an agency")
        )

    def test_corrupt_file(self):
        content = xlsx_bytes(SMALL_AGENCY)[:2000]
        self._assert_refused({"agence.xlsx": content}, ("agence.xlsx", 0, "", "cannot be read"))

    def test_password_protected_file(self):
        # what Excel writes for a workbook with a password: an OLE container holding an
        # "EncryptedPackage" stream instead of the workbook
        content = (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 504
            + "EncryptionInfo".encode("utf-16-le")
            + b"\x00" * 64
            + "EncryptedPackage".encode("utf-16-le")
            + b"\x00" * 1024
        )
        self._assert_refused(
            {"agence.xlsx": content}, ("agence.xlsx", 0, "", "protected by a password")
        )

    def test_debt_after_the_cutover(self):
        self._assert_refused(
            self._broken("Soldes d'ouverture", 2, 2, "15/12/2026"),
            ("Soldes d'ouverture", 2, "Oldest due date", "after the cut-over date"),
        )

    def test_two_leases_of_one_unit_at_once(self):
        self._assert_refused(
            self._broken("Baux", 3, 1, "LOG-1"),
            ("Baux", 3, "Unit", "let to row 2's tenant at the same time"),
        )

    def test_iban_of_another_partner_in_odoo(self):
        someone = self.env["res.partner"].create({"name": "Jan Peeters"})
        self.env["res.partner.bank"].create(
            {"partner_id": someone.id, "acc_number": "BE62510007547061"}
        )
        self._assert_refused(
            {"agence.xlsx": xlsx_bytes(SMALL_AGENCY)},
            ("Propriétaires", 3, "IBAN", "already belongs to Jan Peeters"),
        )

    def test_error_at_writing_rolls_everything_back(self):
        """A rule only the database knows (a lease in Odoo on an imported unit) fails the
        writing half way: the buildings and units written before are rolled back, and the
        row is named."""
        self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)})
        unit = self.env["svk.import"]._record_of(self.company, "unit", "LOG-4")
        contract = self.env["svk.import"]._record_of(self.company, "contract", "BP-2")
        contract.date_start = "2026-01-01"
        contract.state = "active"
        unit.state = "available"
        tenant = self.env["res.partner"].create({"name": "Amina Diallo"})
        self.env["svk.lease"].create(
            {"unit_id": unit.id, "tenant_id": tenant.id, "date_start": "2026-10-01", "rent": 800}
        ).action_activate()
        sheets = copy.deepcopy(SMALL_AGENCY)
        sheets["Contrats propriétaires"][4][4] = "01/01/2026"  # BP-2 as it now is in Odoo
        sheets["Bâtiments"].append(["BAT-3", "Nouveau", "Rue Neuve 1", "1000", "Bruxelles"])
        sheets["Baux"].append(["B-2026-09", "LOG-4", "L3", "standard", "", "01/11/2026", "", "750"])
        before = self._counts()
        record = self._import({"agence.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(record.state, "checked")
        self.assertEqual(self._counts(), before)
        self.assertFalse(self.env["svk.import"]._record_of(self.company, "building", "BAT-3"))
        errors = self._errors(record)
        self.assertEqual(len(errors), 1, errors)
        self.assertEqual(errors[0][:2], ("Baux", 5))
        self.assertIn("same unit at the same time", errors[0][3])

    def test_error_report_workbook(self):
        record = self._assert_refused(
            self._broken("Propriétaires", 3, 9, "BE62510007547062"),
            ("Propriétaires", 3, "IBAN", "check digits"),
        )
        self.assertTrue(record.report_file)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(record.report_file)))
        self.assertEqual(book.sheetnames[0], "Errors")
        self.assertEqual([c.value for c in book["Errors"][2]][:3], ["Propriétaires", 3, "IBAN"])
        owners = [[c.value for c in row] for row in book["Propriétaires"].iter_rows()]
        self.assertEqual(owners[0][-2:], ["Error", "Row"])
        self.assertIn("check digits", owners[2][-2])
        self.assertEqual(owners[2][-1], 3)
        self.assertIsNone(owners[1][-2], "a good row has no error")
        # the report, fixed, loads again: its added columns are ignored
        owners[2][9] = "BE62510007547061"
        sheets = {
            name: [
                ["" if v is None else str(v) for v in row]
                for row in book[name].iter_rows(values_only=True)
            ]
            for name in book.sheetnames[1:]
        }
        sheets["Propriétaires"] = [["" if v is None else str(v) for v in row] for row in owners]
        again = self._import({"corrigé.xlsx": xlsx_bytes(sheets)})
        self.assertEqual(self._errors(again), [])
        self.assertEqual(again.state, "done")

    def test_only_an_svk_manager_imports(self):
        with self.assertRaises(AccessError):
            self.env["svk.import"].with_user(self.svk_user).create({"cutover_date": "2026-11-30"})
        record = self._import({"agence.xlsx": xlsx_bytes(SMALL_AGENCY)}, check_only=True)
        with self.assertRaises(AccessError):
            record.with_user(self.svk_user).action_import()
        self.assertFalse(self.env["svk.import"]._record_of(self.company, "lease", "B-2024-01"))
