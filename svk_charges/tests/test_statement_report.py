import shutil
import subprocess
import tempfile

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.tests import tagged

from .common import YEAR_FROM, YEAR_TO, SvkChargesCase

REPORT = "svk_charges.svk_charges_statement_line_report"


@tagged("post_install", "-at_install")
class TestStatementReport(SvkChargesCase):
    """The statement each tenant receives, in their language: Amina French, Jan Dutch,
    Yonas English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(
            ["svk_housing", "svk_charges"], ["fr_BE", "nl_BE"]
        )
        cls.statement = cls.env["svk.charges.statement"].create(
            {"building_id": cls.building.id, "date_from": YEAR_FROM, "date_to": YEAR_TO}
        )
        cls.statement.action_compute()
        with freeze_time("2027-01-15"):
            cls.statement.with_user(cls.svk_manager).action_approve()

    def _text(self, lease):
        line = self._line(self.statement, lease)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(REPORT, line.ids)
        return " ".join(lxml_html.fromstring(html).text_content().split())

    def test_french(self):
        text = self._text(self.lease_new)
        for expected in (
            "Décompte des charges 2026",
            "Rue Haute 120",
            "Votre bail dans la période 01/04/2026 – 31/12/2026: 275 jours",
            "800,00 / 2.100,00 compteur chauffage",
            "0,7534 / 4 logements",
            "Chauffage",
            "Relevés de compteurs",
            "Eau",
            "Surface",
            "Collecte des déchets",
            "Jours d'occupation",
            "Nettoyage des communs",
            "Parts égales",
            "Provisions facturées pour la période",
            "À payer",
            "256,39",
            self.lease_new.payment_reference,
            "Votre nouvelle provision mensuelle pour charges 128,00",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Heating", text)

    def test_dutch(self):
        text = self._text(self.lease_left)
        for expected in (
            "Afrekening van de lasten 2026",
            "Uw huurovereenkomst in de periode 01-01-2026 – 30-06-2026: 181 dagen",
            "400,00 / 2.100,00 meter verwarming",
            "181 / 1.460 dagen",
            "Verwarming",
            "Meterstanden",
            "Water",
            "Oppervlakte",
            "Te betalen",
            "166,13",
            self.lease_left.payment_reference,
        ):
            self.assertIn(expected, text)
        # his lease ended: no new provision
        self.assertNotIn("maandelijks voorschot", text)

    def test_a_refund_in_english(self):
        text = self._text(self.lease)
        for expected in (
            "Statement of charges 2026",
            "Refund to you",
            "224.64",
            "Your new monthly provision for charges 92.00",
        ):
            self.assertIn(expected, text)

    def test_pdf_in_french_and_dutch(self):
        # one tenant per rendering: Debian's wkhtmltopdf (unpatched Qt) takes one
        # document at a time
        for lease, expected in (
            (self.lease_new, ("Décompte des charges 2026", "Chauffage", "À payer", "256,39")),
            (self.lease_left, ("Afrekening van de lasten 2026", "Verwarming", "Te betalen")),
        ):
            line = self._line(self.statement, lease)
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(REPORT, line.ids)
            )
            self.assertEqual(kind, "pdf")
            self.assertTrue(pdf.startswith(b"%PDF"))
            text = " ".join(self._pdf_text(pdf).split())
            for snippet in (*expected, "Rue Haute 120", lease.payment_reference):
                self.assertIn(snippet, text)

    def _pdf_text(self, pdf):
        pdftotext = shutil.which("pdftotext")
        self.assertTrue(pdftotext, "pdftotext (poppler-utils) reads the PDF back")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(
                [pdftotext, "-layout", handle.name, "-"],
                capture_output=True,
                check=True,
                text=True,
                timeout=60,
            ).stdout

    def test_statement_among_tenant_documents(self):
        """The approved statement is one of the documents the tenant may read (svk_housing's
        hook, which the tenant portal serves); another tenant's is not."""
        line = self._line(self.statement, self.lease_new)
        documents = [
            doc for doc in self.lease_new._svk_tenant_documents() if doc.get("report") == REPORT
        ]
        self.assertEqual([doc["record"] for doc in documents], [line])
        self.assertEqual(documents[0]["date"], self.statement.date_to)
        self.assertNotIn(line, [doc["record"] for doc in self.lease._svk_tenant_documents()])
