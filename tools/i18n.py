"""`make i18n`: regenerate each addon's i18n/<addon>.pot and merge fr.po and nl.po.

    python tools/i18n.py svk_housing [other_addon ...] [--db EXISTING_DB]

The .pot is exported by Odoo from a fresh database with the addons installed (dropped
afterwards). Existing French and Dutch translations are kept; new terms are added with an
empty msgstr, and `make i18n` lists them so that they get translated before a commit
(the before-stop hook and tests/test_i18n.py refuse an incomplete file).
"""

import io
import os
import sys

import polib

import odoo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import svk_db

LANGS = ("fr", "nl")


def merge(pot_path, po_path, lang):
    pot = polib.pofile(pot_path)
    old = polib.pofile(po_path) if os.path.exists(po_path) else polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in old}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update({"Language": lang, "Content-Type": "text/plain; charset=UTF-8"})
    missing = 0
    for entry in pot:
        previous = known.get((entry.msgctxt, entry.msgid))
        entry.msgstr = previous.msgstr if previous else ""
        missing += not entry.msgstr
        po.append(entry)
    po.save(po_path)
    return missing


def main(addons, db=None):
    """Export from `db` (a database with the addons installed, kept), or from a fresh one."""
    svk_db._load_config()
    keep = bool(db)
    if not keep:
        db = "svk_i18n_export"
        if svk_db._exists(db):
            svk_db._drop(db)
        svk_db.create(db, ["l10n_be", *addons])
    try:
        registry = odoo.modules.registry.Registry(db)
        for addon in addons:
            folder = os.path.join(svk_db.ROOT, addon, "i18n")
            os.makedirs(folder, exist_ok=True)
            buffer = io.BytesIO()
            with registry.cursor() as cr:
                odoo.tools.translate.trans_export(False, [addon], buffer, "po", cr)
            pot_path = os.path.join(folder, f"{addon}.pot")
            with open(pot_path, "wb") as pot:
                pot.write(buffer.getvalue())
            for lang in LANGS:
                missing = merge(pot_path, os.path.join(folder, f"{lang}.po"), lang)
                state = f"{missing} terms to translate" if missing else "complete"
                sys.stdout.write(f"{addon}/i18n/{lang}.po: {state}\n")
    finally:
        odoo.sql_db.close_db(db)
        if not keep:
            svk_db._drop(db)


if __name__ == "__main__":
    args = sys.argv[1:]
    database = None
    if "--db" in args:
        index = args.index("--db")
        database = args[index + 1]
        del args[index : index + 2]
    main(args or ["svk_housing"], database)
