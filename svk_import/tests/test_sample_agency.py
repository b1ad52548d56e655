import base64
import json
import re
from datetime import date

import xlrd

from odoo.tests import new_test_user, tagged
from odoo.tools.misc import file_path

from odoo.addons.svk_housing.tests.coda_builder import coda_file, ogm_digits

from .common import SvkImportCase


def _sample_path(folder, name):
    """A file of the sample agency the addon ships (the repository's data/ links to it)."""
    return file_path(f"svk_import/data/{folder}/{name}")


def _sample(folder, name):
    with open(_sample_path(folder, name), "rb") as handle:
        return handle.read()


def _amount(value):
    if isinstance(value, float | int):
        return round(value, 2)
    return round(float(value.replace(".", "").replace(",", ".")), 2)


@tagged("post_install", "-at_install")
class TestSampleAgency(SvkImportCase):
    """The sample agency the addon ships in data/ (50 units, made by the demo generator)
    imported, then invoiced and paid as any agency is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(_sample_path("sample_agency", "import.json"), encoding="utf-8") as f:
            cls.settings = json.load(f)
        cls.workbook = _sample("sample_agency", "agence.xls")
        cls.book = xlrd.open_workbook(file_contents=cls.workbook)

    def _sheet(self, name):
        """The rows of a sheet as {header: text}, read here with xlrd alone."""
        sheet = self.book.sheet_by_name(name)
        headers = [str(h) for h in sheet.row_values(0)]
        rows = []
        for rowx in range(1, sheet.nrows):
            values = []
            for cell in sheet.row(rowx):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(date(*xlrd.xldate_as_tuple(cell.value, self.book.datemode)[:3]))
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    values.append(cell.value)
                else:
                    values.append(str(cell.value).strip())
            rows.append(dict(zip(headers, values, strict=False)))
        return rows

    def _ref(self, kind, ref):
        return self.env["svk.import"]._record_of(self.company, kind, ref)

    def test_sample_agency_every_record_and_amount(self):
        before = self._counts()
        record = self._import({"agence.xls": self.workbook}, cutover=self.settings["cutover"])
        self.assertEqual(self._errors(record), [])
        self.assertEqual(record.state, "done")
        after = self._counts()
        buildings = self._sheet("Bâtiments")
        units = self._sheet("Logements")
        contracts = self._sheet("Contrats propriétaires")
        leases = self._sheet("Baux")
        balances = self._sheet("Soldes d'ouverture")
        self.assertEqual(after["svk.building"] - before["svk.building"], len(buildings))
        self.assertEqual(after["svk.unit"] - before["svk.unit"], len(units))
        self.assertEqual(len(units), 50)
        self.assertEqual(
            after["svk.owner.contract"] - before["svk.owner.contract"],
            len({row["Contrat"] for row in contracts}),
        )
        self.assertEqual(after["svk.lease"] - before["svk.lease"], len(leases))
        self.assertEqual(after["moves"] - before["moves"], len(balances))
        eans = 0
        for row in units:
            unit = self._ref("unit", row["Référence"])
            self.assertEqual(unit.name, str(row["Nom"]).removesuffix(".0"))
            self.assertEqual(unit.building_id, self._ref("building", row["Bâtiment"]))
            self.assertEqual(unit.bedrooms, int(row["Chambres"] or 0))
            file_eans = {row[c] for c in ("EAN électricité", "EAN gaz", "EAN eau") if row[c]}
            self.assertEqual(set(unit.meter_ids.mapped("ean")), file_eans, row["Référence"])
            eans += len(file_eans)
        self.assertEqual(after["svk.meter"] - before["svk.meter"], eans)
        for row in contracts:
            contract = self._ref("contract", row["Contrat"])
            line = contract.line_ids.filtered(
                lambda line, unit=row["Logement"]: line.unit_id.code == unit
            )
            self.assertEqual(line.owner_rent, _amount(row["Loyer garanti"]), row["Contrat"])
            self.assertEqual(contract.owner_id, self._ref("owner", row["Propriétaire"]))
            self.assertEqual(contract.date_start, row["Début"])
        for row in leases:
            lease = self._ref("lease", row["Référence"])
            self.assertRecordValues(
                lease,
                [
                    {
                        "unit_id": self._ref("unit", row["Logement"]).id,
                        "tenant_id": self._ref("tenant", row["Locataire"]).id,
                        "date_start": row["Début"],
                        "rent": _amount(row["Loyer"]),
                        "charges_amount": _amount(row["Charges"] or 0),
                        "payment_reference": row["Communication structurée"],
                    }
                ],
            )
            self.assertIn(lease.state, ("active", "notice"))
            self.assertIn(lease.unit_id.state, ("let", "leaving"))
        total = 0.0
        for row in balances:
            lease = self._ref("lease", row["Bail"])
            amount = _amount(row["Montant dû"])
            self.assertAlmostEqual(lease.balance_due, amount, places=2, msg=row["Bail"])
            total += amount
        moves = self.env["account.move"].search([("svk_lease_id", "!=", False)])
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        receivable = moves.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        self.assertAlmostEqual(sum(receivable.mapped("balance")), round(total, 2), places=2)
        counterpart = moves.line_ids - receivable
        self.assertEqual(counterpart.account_id.code, self.settings["counterpart_account"])
        self.assertAlmostEqual(sum(counterpart.mapped("balance")), -round(total, 2), places=2)

    def test_sample_agency_errors_copy(self):
        """The copy with one error of each kind: each reported where ERRORS.md says, and
        nothing imported."""
        before = self._counts()
        record = self._import(
            {"agence.xlsx": _sample("sample_agency_errors", "agence.xlsx")},
            cutover=self.settings["cutover"],
        )
        self.assertEqual(record.state, "checked")
        self.assertEqual(self._counts(), before)
        found = {(sheet, row) for sheet, row, _column, _reason in self._errors(record)}
        with open(_sample_path("sample_agency_errors", "ERRORS.md"), encoding="utf-8") as f:
            expected = {
                (match[1], int(match[2]))
                for match in re.finditer(r"^\| \d+ \| ([^|]+?) \| (\d+) \|", f.read(), re.M)
            }
        self.assertEqual(len(expected), 7)
        self.assertEqual(found, expected)

    def test_sample_agency_then_a_month_and_its_bank_statement(self):
        """After the import, the month's run invoices the imported leases and the bank's
        CODA statement pays the opening balance and the rent by the lease's communication,
        unchanged."""
        self._import({"agence.xls": self.workbook}, cutover=self.settings["cutover"])
        accountant = new_test_user(
            self.env,
            login="svk_import_accountant",
            groups="account.group_account_invoice,account.group_account_user,"
            "svk_housing.group_svk_user",
        )
        bank_journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1
        )
        bank_journal.bank_account_id = self.env["res.partner.bank"].create(
            {"partner_id": self.company.partner_id.id, "acc_number": "BE68539007547034"}
        )
        run = (
            self.env["svk.rent.run"]
            .with_user(accountant)
            .with_context(queue_job__no_delay=True)
            .create({"period": "2026-12-01"})
        )
        run.action_start()
        leases = self.env["svk.lease"].search(
            [("state", "in", ("active", "notice")), ("company_id", "=", self.company.id)]
        )
        invoices = self.env["account.move"].search(
            [("svk_run_id", "=", run.id), ("svk_kind", "=", "tenant")]
        )
        running = leases.filtered(
            lambda lease: not lease.date_end or lease.date_end >= date(2026, 12, 1)
        )
        self.assertEqual(invoices.svk_lease_id, running, "every running lease invoiced once")
        # the tenant with the largest opening debt pays it and December, by the lease's
        # communication; the standing order of another pays its rent only
        debtor = max(leases, key=lambda lease: lease.balance_due)
        owed = debtor.balance_due
        opening = self._ref("balance", debtor.name)
        december = invoices.filtered(lambda move: move.svk_lease_id == debtor)
        payer = (running - debtor)[0]
        payer_invoice = invoices.filtered(lambda move: move.svk_lease_id == payer)
        payer_owed = payer.balance_due
        data = coda_file(
            "BE68539007547034",
            "SVK Test Agency",
            date(2026, 12, 3),
            [
                (owed, ogm_digits(debtor.payment_reference), "", "BE43068999999501", "DEBTOR"),
                (
                    payer_invoice.amount_total,
                    ogm_digits(payer.payment_reference),
                    "",
                    "BE56091000000088",
                    "PAYER",
                ),
            ],
        )
        wizard = (
            self.env["account.statement.import"]
            .with_user(accountant)
            .with_context(_test_account_reconcile_oca=True)
            .create({"statement_file": base64.b64encode(data), "statement_filename": "dec.cod"})
        )
        wizard.import_file_button()
        lines = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", bank_journal.id), ("date", "=", date(2026, 12, 3))]
        )
        self.assertEqual(len(lines), 2)
        self.assertTrue(all(lines.mapped("is_reconciled")))
        receivable = opening.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        self.assertEqual(receivable.amount_residual, 0.0, "the opening balance is paid")
        self.assertEqual(december.payment_state, "paid")
        self.env.invalidate_all()
        self.assertAlmostEqual(debtor.balance_due, 0.0, places=2)
        self.assertAlmostEqual(
            payer.balance_due, round(payer_owed - payer_invoice.amount_total, 2), places=2
        )
