import shutil
import subprocess
import tempfile

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SvkIndexationCase


def pdf_text(pdf):
    """The text of a PDF, as poppler's pdftotext reads it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()


@tagged("post_install", "-at_install")
class TestLetters(SvkIndexationCase):
    """The letter with the calculation, in the tenant's (or owner's) language."""

    def _approved(self, lang):
        tenant = self.env["res.partner"].create(
            {"name": "Nadia Ouali", "lang": lang, "street": "Rue Haute 120", "city": "Bruxelles"}
        )
        lease = self._old_lease(
            self.flats[0], "E", "2020-02-01", "2020-02-01", 1000.0, tenant_id=tenant.id
        )
        batch = self._batch("2024-02-01")
        with freeze_time("2024-02-05"):
            batch.with_user(self.svk_manager).action_approve()
        return batch, self._line(batch, lease)

    def _html(self, line):
        report = self.env.ref("svk_indexation.action_report_indexation_letter")
        html, _kind = report._render_qweb_html(report.report_name, line.ids)
        return " ".join(html.decode().split())

    def test_letter_in_french(self):
        _batch, line = self._approved("fr_BE")
        html = self._html(line)
        for text in (
            "Indexation de votre loyer",
            "Nadia Ouali",
            "1.000,00",
            "109,72",
            "130,19",
            "0,961758",
            "1.141,19",
            "art. 224/2",
            self._line_ogm(line),
        ):
            self.assertIn(text, html)

    def test_letter_in_dutch(self):
        _batch, line = self._approved("nl_BE")
        html = self._html(line)
        for text in ("Indexering van uw huur", "1.141,19", "art. 224/2", self._line_ogm(line)):
            self.assertIn(text, html)

    def _line_ogm(self, line):
        return line.lease_id.payment_reference

    def test_letter_is_a_pdf(self):
        """The real PDF (wkhtmltopdf), read back: what a tenant gets in the post."""
        if not shutil.which("wkhtmltopdf") or not shutil.which("pdftotext"):
            self.fail("wkhtmltopdf and pdftotext are needed (make setup installs them)")
        _batch, line = self._approved("nl_BE")
        report = self.env.ref("svk_indexation.action_report_indexation_letter")
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, line.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        self.assertIn("Indexering van uw huur", text)
        self.assertIn("1.141,19", text)
        # the month's letters, one PDF kept on the indexations
        other = self.env["res.partner"].create({"name": "Luc Martin", "lang": "fr_BE"})
        self._old_lease(self.flats[1], "B", "2020-02-10", "2020-02-01", 800.0, tenant_id=other.id)
        batch_2 = self._batch("2025-02-01")
        with freeze_time("2025-02-12"):
            batch_2.with_user(self.svk_manager).action_approve()
            action = (
                batch_2.with_user(self.svk_user)
                .with_context(force_report_rendering=True)
                .action_print_letters()
            )
        attachment = batch_2.message_ids.attachment_ids
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
        text = pdf_text(attachment.raw)
        self.assertIn("Indexering van uw huur", text)
        self.assertIn("Indexation de votre loyer", text)
        self.assertIn("Luc Martin", text)

    def test_letter_among_tenant_documents(self):
        """The approved letter is one of the documents the tenant may read (svk_housing's
        hook, which the tenant portal serves)."""
        _batch, line = self._approved("fr_BE")
        documents = [
            doc
            for doc in line.lease_id._svk_tenant_documents()
            if doc.get("report") == "svk_indexation.action_report_indexation_letter"
        ]
        self.assertEqual([doc["record"] for doc in documents], [line])
        self.assertEqual(documents[0]["date"], line.effective_date)
