"""Every Belgian structured communication the suite shows (messages, templates,
translations, workbooks, documentation, test data) passes Odoo's own check, l10n_be's
modulo 97 (`account/tools/structured_reference.py`): an example that fails it teaches
staff a number their bank refuses. Runs without a database: `pytest -p no:odoo`."""

import importlib.util
import re
import zipfile
from pathlib import Path

import xlrd

import odoo

ROOT = Path(__file__).resolve().parent.parent
# Odoo's check itself, read from the Odoo source the suite runs on
_SPEC = importlib.util.spec_from_file_location(
    "odoo_structured_reference",
    Path(odoo.__file__).resolve().parent.parent / "addons/account/tools/structured_reference.py",
)
_MODULE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_MODULE)
is_valid_structured_reference_be = _MODULE.is_valid_structured_reference_be

# +++123/4567/89002+++, ***123/4567/89002***, or bare 123/4567/89002 (spaces allowed)
OGM = re.compile(
    r"(?<![\d/])(?:\+{3}|\*{3})?\s?(\d{3})\s?/\s?(\d{4})\s?/\s?(\d{5})\s?(?:\+{3}|\*{3})?(?![\d/])"
)
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".ruff_cache", ".pytest_cache"}
TEXT_SUFFIXES = {
    ".py",
    ".xml",
    ".md",
    ".po",
    ".pot",
    ".csv",
    ".js",
    ".json",
    ".txt",
    ".rst",
    ".html",
    ".scss",
    ".css",
    ".cfg",
    ".toml",
    ".yml",
    ".yaml",
    ".sh",
    ".conf",
    ".ini",
    "",
}
# deliberately invalid, to test that a wrong check digit is refused: (file, digits)
INVALID_ON_PURPOSE = {
    ("svk_import/tests/test_parsers.py", "990000001783"),
    ("tests/test_ogm_examples.py", "123456789012"),
}


def _texts(path):
    """The texts of a file as a reader sees them: a text file's lines, a workbook's
    cells (xls through xlrd; xlsx and ods through their XML parts)."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        book = xlrd.open_workbook(str(path))
        for sheet in book.sheets():
            for row in range(sheet.nrows):
                for col in range(sheet.ncols):
                    value = sheet.cell_value(row, col)
                    if isinstance(value, str):
                        yield value
    elif suffix in (".xlsx", ".ods", ".docx", ".odt"):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".xml"):
                    yield archive.read(name).decode("utf-8", "replace")
    elif suffix in TEXT_SUFFIXES:
        data = path.read_bytes()
        if b"\0" not in data:
            yield data.decode("utf-8", "replace")


def _files():
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.startswith(".") for part in relative.parts[:-1]):
            continue
        if path.is_file():
            yield path


def invalid_examples(text):
    """The structured communications of `text` that Odoo's check refuses: [(shown,
    digits)]."""
    found = []
    for match in OGM.finditer(text):
        digits = "".join(match.groups())
        if not is_valid_structured_reference_be(f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"):
            found.append((match.group(0).strip(), digits))
    return found


def test_the_scan_refuses_the_old_example():
    """The example the suite used to show fails the modulo 97: the scan must say so; its
    replacement passes."""
    assert invalid_examples("(+++123/4567/89012+++, ses deux derniers chiffres)") == [
        ("+++123/4567/89012+++", "123456789012")
    ]
    assert invalid_examples("bare 123/4567/89012 too") == [("123/4567/89012", "123456789012")]
    assert invalid_examples("+++123/4567/89002+++ and ***020/3430/57642***") == []
    assert invalid_examples("a date 2024/01/15 or 12/2024 is no communication") == []


def test_the_scan_reads_the_workbooks():
    """The import's templates show the example in their cells: the scan reads them."""
    shown = [
        text
        for path in (ROOT / "data/templates").glob("*.xls*")
        for text in _texts(path)
        if OGM.search(text)
    ]
    assert shown, "the templates' structured communication examples are found"


def test_every_example_passes_odoos_check():
    bad = []
    for path in _files():
        relative = str(path.relative_to(ROOT))
        bad += sorted(
            {
                (relative, shown)
                for text in _texts(path)
                for shown, digits in invalid_examples(text)
                if (relative, digits) not in INVALID_ON_PURPOSE
            }
        )
    assert not bad, f"structured communications failing modulo 97: {bad}"
