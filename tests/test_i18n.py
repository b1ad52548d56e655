"""Every addon of the suite is complete in French and Dutch (cross-addon check)."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%s|%d")


def test_suite_has_addons():
    assert "svk_housing" in ADDONS


@pytest.mark.parametrize("addon", ADDONS)
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_translation_complete(addon, lang):
    i18n = ROOT / addon / "i18n"
    pot = polib.pofile(str(i18n / f"{addon}.pot"))
    po = polib.pofile(str(i18n / f"{lang}.po"))
    translated = {(e.msgctxt, e.msgid): e.msgstr for e in po}
    missing = [e.msgid for e in pot if not translated.get((e.msgctxt, e.msgid))]
    assert not missing, f"{addon}/{lang}.po lacks {len(missing)} translations: {missing[:5]}"
    for entry in po:
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), f"{addon}/{lang}.po: placeholders differ in {entry.msgid!r}"
