"""Write the agency workbooks of data/: the import's templates and the sample agency.

    python tools/svk_import_files.py templates DB [--out data/templates]
    python tools/svk_import_files.py sample DB --cutover YYYY-MM-DD [--out data]

`templates` writes modele_agence.xlsx/.xls (French headers, instructions in French then
Dutch) and sjabloon_kantoor.xlsx/.xls (Dutch headers, instructions in Dutch then French):
every sheet with its headers only. Any database with svk_import installed will do.

`sample` exports the demo agency of DB (`tools/svk_db.py create ... --demo-size 50`) with
svk.import.export: sample_agency/agence.xls and import.json (what the import assistant
is given), and sample_agency_errors/agence.xlsx, the same workbook with one deliberate
error of each kind, listed in sample_agency_errors/ERRORS.md.

The files depend only on the database: the same database gives the same bytes.
"""

import argparse
import copy
import datetime
import json
import logging
import os
import sys

from svk_db import ROOT, _exists, _load_config

import odoo
from odoo import SUPERUSER_ID, api

_logger = logging.getLogger("svk_import_files")

# ---------------------------------------------------------------- instructions
# text in French ("fr") and Dutch ("nl"); the headers and sheet names they name are the
# template's own (its language's)
GENERAL = {
    "fr": [
        "Modèle d'import des données d'une agence immobilière sociale (AIS) dans Odoo",
        "",
        "Comment remplir ce classeur",
        "- Une feuille par sorte de données : {sheets}. Gardez les noms des feuilles et les "
        "titres des colonnes (ligne 1).",
        "- Une ligne par enregistrement, à partir de la ligne 2. L'ordre des colonnes est libre. "
        "Une colonne inconnue est signalée, pas importée.",
        "- Les colonnes marquées (obligatoire) sont remplies sur chaque ligne ; les autres "
        "peuvent rester vides.",
        "- Les mots (types, langues, oui/non) peuvent être écrits en français, en néerlandais "
        "ou en anglais.",
        "- Formats : dates 31/12/2024 ; montants 650,00 (sans symbole €) ; IBAN "
        "BE68 5390 0754 7034 ; EAN de 18 chiffres ; communication structurée "
        "+++123/4567/89002+++ ; téléphone 0470 12 34 56.",
        "- Les IBAN, les codes EAN et les communications structurées sont vérifiés par leurs "
        "chiffres de contrôle ; les numéros de téléphone sont mis au format international "
        "(+32...).",
        "- Les colonnes de références, de téléphones, d'EAN, d'IBAN et de codes postaux sont "
        "au format texte : le 0 de 0470 et les 18 chiffres d'un EAN sont gardés.",
        "- Chaque ligne a une référence, unique dans sa feuille. Les feuilles y renvoient : un "
        "logement à son bâtiment, un contrat à son propriétaire et à ses logements, un bail à "
        "son logement et à son locataire, un solde d'ouverture à son bail.",
        "- Un contrat propriétaire s'écrit sur une ligne par logement : les colonnes du contrat "
        "sont les mêmes sur chaque ligne ; seuls le logement et le loyer garanti changent.",
        "- L'état des contrats et des baux (brouillon, en cours, préavis, terminé) n'est pas une "
        "colonne : il découle des dates et de la date de bascule choisie dans l'assistant. Un "
        "bail qui commence après la bascule est un brouillon ; un bail qui finit avant est "
        "terminé ; un bail avec une date de préavis est en préavis.",
        "- Soldes d'ouverture : ce que chaque locataire devait à la date de bascule, une ligne "
        "par bail, avec la plus ancienne échéance impayée. Un montant négatif est une avance "
        "du locataire. Chaque solde devient une écriture d'ouverture sur le compte du "
        "locataire, avec la communication structurée du bail.",
        "- Tout est vérifié avant d'écrire : l'assistant montre chaque erreur avec sa feuille, "
        "sa ligne et sa colonne. Rien n'est importé tant qu'une erreur reste.",
        "- Réimporter le classeur met à jour ce qui a déjà été importé (par les références) ; "
        "cela ne crée pas de doublons.",
        "",
        "Les feuilles et leurs colonnes",
    ],
    "nl": [
        "Sjabloon om de gegevens van een sociaal verhuurkantoor (SVK) in Odoo in te lezen",
        "",
        "Hoe vult u deze werkmap in",
        "- Eén blad per soort gegevens: {sheets}. Behoud de namen van de bladen en de "
        "kolomtitels (rij 1).",
        "- Eén rij per record, vanaf rij 2. De volgorde van de kolommen is vrij. Een onbekende "
        "kolom wordt gemeld, niet ingelezen.",
        "- Kolommen met (verplicht) moeten op elke rij ingevuld zijn; de andere mogen leeg "
        "blijven.",
        "- Woorden (types, talen, ja/nee) mogen in het Nederlands, het Frans of het Engels "
        "geschreven worden.",
        "- Formaten: datums 31/12/2024; bedragen 650,00 (zonder €-teken); IBAN "
        "BE68 5390 0754 7034; EAN van 18 cijfers; gestructureerde mededeling "
        "+++123/4567/89002+++; telefoon 0470 12 34 56.",
        "- IBAN's, EAN-codes en gestructureerde mededelingen worden op hun controlecijfers "
        "gecontroleerd; telefoonnummers worden in internationaal formaat gezet (+32...).",
        "- De kolommen met referenties, telefoonnummers, EAN's, IBAN's en postcodes zijn "
        "tekstcellen: de 0 van 0470 en de 18 cijfers van een EAN blijven behouden.",
        "- Elke rij heeft een referentie, uniek in haar blad. De bladen verwijzen ernaar: een "
        "wooneenheid naar haar gebouw, een contract naar de eigenaar en de wooneenheden, een "
        "huurcontract naar de wooneenheid en de huurder, een openingssaldo naar het "
        "huurcontract.",
        "- Een eigenaarscontract staat op één rij per wooneenheid: de kolommen van het contract "
        "zijn op elke rij dezelfde; alleen de wooneenheid en de gewaarborgde huur verschillen.",
        "- De status van contracten en huurcontracten (ontwerp, lopend, opgezegd, beëindigd) is "
        "geen kolom: die volgt uit de datums en de overgangsdatum die u in de assistent kiest. "
        "Een huurcontract dat na de overgangsdatum begint, is een ontwerp; een huurcontract "
        "dat ervoor eindigt, is beëindigd; een huurcontract met een opzegdatum is opgezegd.",
        "- Openingssaldi: wat elke huurder op de overgangsdatum verschuldigd was, één rij per "
        "huurcontract, met de oudste onbetaalde vervaldag. Een negatief bedrag is een "
        "voorschot van de huurder. Elk saldo wordt een openingsboeking op de rekening van de "
        "huurder, met de gestructureerde mededeling van het huurcontract.",
        "- Alles wordt gecontroleerd voor er iets geschreven wordt: de assistent toont elke "
        "fout met blad, rij en kolom. Er wordt niets ingelezen zolang er een fout overblijft.",
        "- Dezelfde werkmap opnieuw inlezen werkt bij wat al ingelezen is (via de referenties); "
        "er ontstaan geen dubbels.",
        "",
        "De bladen en hun kolommen",
    ],
}
SHEET_TEXT = {
    "building": (
        "Un immeuble où l'agence gère un ou plusieurs logements. Une maison seule n'en a pas "
        "besoin.",
        "Een gebouw waarin het kantoor één of meer wooneenheden beheert. Een alleenstaand huis "
        "heeft er geen nodig.",
    ),
    "unit": (
        "Un logement que l'agence loue, avec ses compteurs (un code EAN par énergie).",
        "Een wooneenheid die het kantoor verhuurt, met haar meters (één EAN-code per energie).",
    ),
    "owner": (
        "Un propriétaire qui confie des logements à l'agence, avec le compte où il est payé.",
        "Een eigenaar die wooneenheden aan het kantoor toevertrouwt, met de rekening waarop hij "
        "betaald wordt.",
    ),
    "contract": (
        "Le mandat de gestion ou le bail principal entre un propriétaire et l'agence. Une ligne "
        "par logement du contrat.",
        "Het beheersmandaat of de hoofdhuur tussen een eigenaar en het kantoor. Eén rij per "
        "wooneenheid van het contract.",
    ),
    "tenant": (
        "Un locataire, titulaire d'un bail.",
        "Een huurder, titularis van een huurcontract.",
    ),
    "lease": (
        "Un bail entre un locataire et un logement.",
        "Een huurcontract tussen een huurder en een wooneenheid.",
    ),
    "balance": (
        "Ce qu'un locataire devait à la date de bascule, par bail. Les baux à jour n'ont pas "
        "de ligne.",
        "Wat een huurder op de overgangsdatum verschuldigd was, per huurcontract. "
        "Huurcontracten zonder saldo hebben geen rij.",
    ),
}
KIND_TEXT = {
    "ref": ("texte", "tekst"),
    "text": ("texte", "tekst"),
    "zip": ("code postal (1000)", "postcode (1000)"),
    "int": ("nombre entier", "geheel getal"),
    "year": ("année (1975)", "jaartal (1975)"),
    "floor": (
        "étage : un nombre (0 rez-de-chaussée, -1 sous-sol, 2) ou rez, sous-sol, 2e étage",
        "verdieping: een getal (0 gelijkvloers, -1 kelder, 2) of gelijkvloers, kelder, 2de verd.",
    ),
    "duration": (
        "durée en années (9), ou 9 ans, 36 mois",
        "duur in jaren (9), of 9 jaar, 36 maanden",
    ),
    "amount": ("montant (650,00)", "bedrag (650,00)"),
    "amount_signed": ("montant (650,00 ou -120,00)", "bedrag (650,00 of -120,00)"),
    "date": ("date (31/12/2024)", "datum (31/12/2024)"),
    "bool": ("oui ou non", "ja of nee"),
    "iban": ("IBAN (BE68 5390 0754 7034)", "IBAN (BE68 5390 0754 7034)"),
    "ean": (
        "code EAN de 18 chiffres (541448820000000015)",
        "EAN-code van 18 cijfers (541448820000000015)",
    ),
    "ogm": (
        "communication structurée (+++123/4567/89002+++)",
        "gestructureerde mededeling (+++123/4567/89002+++)",
    ),
    "phone": ("téléphone (0470 12 34 56)", "telefoon (0470 12 34 56)"),
    "email": ("adresse e-mail", "e-mailadres"),
}
# a column's format when its kind says it badly
COLUMN_FORMAT = {("unit", "surface"): ("nombre (45,5)", "getal (45,5)")}
# what a column means, when its header does not say it all: (sheet, column): (fr, nl)
COLUMN_TEXT = {
    ("building", "ref"): (
        "unique dans la feuille ; les logements y renvoient",
        "uniek in het blad; de wooneenheden verwijzen ernaar",
    ),
    ("unit", "ref"): (
        "unique dans la feuille ; les contrats et les baux y renvoient",
        "uniek in het blad; de contracten en huurcontracten verwijzen ernaar",
    ),
    ("unit", "building"): (
        "référence d'un bâtiment de la feuille {building} ; vide pour une maison seule, qui a "
        "alors sa rue et son code postal",
        "referentie van een gebouw uit het blad {building}; leeg voor een alleenstaand huis, "
        "dat dan zijn straat en postcode heeft",
    ),
    ("unit", "box"): (
        "boîte ou porte (bte 2A) ; deux logements d'un bâtiment n'ont pas la même",
        "bus of deur (bus 2A); twee wooneenheden van een gebouw hebben niet dezelfde",
    ),
    ("unit", "street"): ("seulement hors bâtiment", "alleen buiten een gebouw"),
    ("unit", "zip"): ("seulement hors bâtiment", "alleen buiten een gebouw"),
    ("unit", "city"): ("seulement hors bâtiment", "alleen buiten een gebouw"),
    ("unit", "floor"): ("0 = rez-de-chaussée, -1 = sous-sol", "0 = gelijkvloers, -1 = kelder"),
    ("owner", "ref"): (
        "unique dans la feuille ; les contrats y renvoient",
        "uniek in het blad; de contracten verwijzen ernaar",
    ),
    ("owner", "iban"): (
        "le compte où le propriétaire est payé",
        "de rekening waarop de eigenaar betaald wordt",
    ),
    ("contract", "ref"): (
        "référence du contrat, la même sur chaque ligne du contrat",
        "referentie van het contract, dezelfde op elke rij ervan",
    ),
    ("contract", "owner"): (
        "référence d'un propriétaire de la feuille {owner}",
        "referentie van een eigenaar uit het blad {owner}",
    ),
    ("contract", "date_end"): (
        "vide : calculée avec la durée ; donnez la fin ou la durée",
        "leeg: berekend met de duur; geef het einde of de duur",
    ),
    ("contract", "duration"): ("1, 3, 9 ou 15", "1, 3, 9 of 15"),
    ("contract", "payment_day"): (
        "jour du mois où le propriétaire est payé, de 1 à 28",
        "dag van de maand waarop de eigenaar betaald wordt, van 1 tot 28",
    ),
    ("contract", "unit"): (
        "référence d'un logement de la feuille {unit}",
        "referentie van een wooneenheid uit het blad {unit}",
    ),
    ("contract", "owner_rent"): (
        "loyer mensuel garanti au propriétaire pour ce logement",
        "maandelijkse huur die de eigenaar voor deze wooneenheid gewaarborgd krijgt",
    ),
    ("tenant", "ref"): (
        "unique dans la feuille ; les baux y renvoient",
        "uniek in het blad; de huurcontracten verwijzen ernaar",
    ),
    ("tenant", "lang"): ("langue des courriers", "taal van de brieven"),
    ("owner", "lang"): ("langue des courriers", "taal van de brieven"),
    ("lease", "ref"): (
        "unique dans la feuille ; les soldes d'ouverture y renvoient",
        "uniek in het blad; de openingssaldi verwijzen ernaar",
    ),
    ("lease", "unit"): (
        "référence d'un logement de la feuille {unit}",
        "referentie van een wooneenheid uit het blad {unit}",
    ),
    ("lease", "tenant"): (
        "référence d'un locataire de la feuille {tenant}",
        "referentie van een huurder uit het blad {tenant}",
    ),
    ("lease", "date_end"): (
        "vide pour un bail standard de 9 ans ; obligatoire pour un bail de courte durée ou "
        "transitoire",
        "leeg voor een standaardhuurcontract van 9 jaar; verplicht voor korte duur of transit",
    ),
    ("lease", "rent"): ("loyer mensuel, charges non comprises", "maandhuur, zonder kosten"),
    ("lease", "guarantee_amount"): ("deux mois de loyer au plus", "ten hoogste twee maanden huur"),
    ("lease", "third_payer"): (
        "nom de l'organisme (CPAS) qui paie une partie du loyer",
        "naam van de organisatie (OCMW) die een deel van de huur betaalt",
    ),
    ("lease", "third_payer_amount"): (
        "ce que le tiers payant paie chaque mois",
        "wat de derde betaler elke maand betaalt",
    ),
    ("lease", "payment_reference"): (
        "la communication du bail ; vide : Odoo en crée une",
        "de mededeling van het huurcontract; leeg: Odoo maakt er een",
    ),
    ("lease", "third_payer_payment_reference"): (
        "la communication que le tiers payant utilise ; vide : Odoo en crée une",
        "de mededeling die de derde betaler gebruikt; leeg: Odoo maakt er een",
    ),
    ("balance", "lease"): (
        "référence d'un bail de la feuille {lease}",
        "referentie van een huurcontract uit het blad {lease}",
    ),
    ("balance", "amount"): (
        "ce que le locataire devait ; négatif : une avance",
        "wat de huurder verschuldigd was; negatief: een voorschot",
    ),
    ("balance", "date_due"): (
        "la plus ancienne échéance impayée, au plus tard la date de bascule",
        "de oudste onbetaalde vervaldag, uiterlijk de overgangsdatum",
    ),
}
LANG_WORDS = ("fr, nl, en", "fr, nl, en")
EPC_WORDS = ("A à G", "A tot G")


def instructions(text_lang, header_lang, export):
    """The instruction lines in `text_lang` ("fr" or "nl") for a template whose sheets and
    headers are in `header_lang`."""
    from odoo.addons.svk_import.importer.columns import SHEETS  # the addons path is set now
    from odoo.addons.svk_import.models.svk_import_export import WORDS

    tx = 0 if text_lang == "fr" else 1
    colon = " : " if text_lang == "fr" else ": "
    required = ("obligatoire", "verplicht")[tx]
    one_of = ("au choix", "keuze uit")[tx]
    names = {sheet.key: export._sheet_name(sheet.key, header_lang) for sheet in SHEETS}
    lines = [line.format(sheets=", ".join(names.values())) for line in GENERAL[text_lang]]
    for sheet in SHEETS:
        lines += [
            "",
            f"{('Feuille', 'Blad')[tx]} {names[sheet.key]}{colon}{SHEET_TEXT[sheet.key][tx]}",
        ]
        headers = export._headers(sheet.key, header_lang)
        for column, header in zip(sheet.columns, headers, strict=True):
            if column.key in WORDS:
                words = ", ".join(values[tx] for values in WORDS[column.key].values())
                what = f"{one_of}{colon}{words}"
            elif column.kind == "choice":
                words = {"lang": LANG_WORDS, "epc_class": EPC_WORDS}[column.key][tx]
                what = f"{one_of}{colon}{words}"
            else:
                what = COLUMN_FORMAT.get((sheet.key, column.key), KIND_TEXT[column.kind])[tx]
            note = COLUMN_TEXT.get((sheet.key, column.key))
            if note and column.kind == "ref":
                what = note[tx].format(**names)  # what a reference is says it all
            elif note:
                what += "; " if text_lang == "nl" else " ; "
                what += note[tx].format(**names)
            mark = f" ({required})" if column.required else ""
            lines.append(f"  • {header}{mark}{colon}{what}.")
    return lines


def template_instructions(lang, export):
    """The instructions of the template in `lang`: in its language first, then the other."""
    other = "nl" if lang == "fr" else "fr"
    return [*instructions(lang, lang, export), "", "", *instructions(other, lang, export)]


def write_templates(env, out):
    export = env["svk.import.export"]
    os.makedirs(out, exist_ok=True)
    written = []
    for lang, stem in (("fr", "modele_agence"), ("nl", "sjabloon_kantoor")):
        sheets = export._empty_sheets(lang)
        lines = template_instructions(lang, export)
        for ext, writer in (("xlsx", export._write_xlsx), ("xls", export._write_xls)):
            path = os.path.join(out, f"{stem}.{ext}")
            _write(path, writer(sheets, lang, instructions=lines))
            written.append(path)
    return written


# ---------------------------------------------------------------- the sample agency
def _col(key, column):
    from odoo.addons.svk_import.importer.columns import SHEET_BY_KEY  # the addons path is set now

    return [c.key for c in SHEET_BY_KEY[key].columns].index(column)


def _first(rows, start, test=lambda row: True):
    """Index (in `rows`, the header being 0) of the first row from `start` that passes."""
    return next(index for index in range(max(start, 1), len(rows)) if test(rows[index]))


def with_errors(sheets):
    """A copy of `sheets` with one deliberate error of each kind, and their list:
    [{sheet, row (as the spreadsheet numbers it), column, value, what}]."""
    sheets = copy.deepcopy(sheets)
    errors = []

    def spoil(key, index, column, value, what):
        rows = sheets[key]
        rows[index][_col(key, column)] = value
        errors.append(
            {
                "sheet": key,
                "row": index + 1,
                "column": rows[0][_col(key, column)],
                "value": value,
                "what": what,
            }
        )

    owners = sheets["owner"]
    index = _first(owners, 3, lambda row: row[_col("owner", "iban")])
    iban = owners[index][_col("owner", "iban")]
    check = f"{(int(iban[2:4]) + 1) % 100:02d}"
    spoil("owner", index, "iban", iban[:2] + check + iban[4:], "IBAN with wrong check digits")

    units = sheets["unit"]
    elec = _col("unit", "ean_electricity")
    ean_index = _first(units, 5, lambda row: row[elec])
    ean = units[ean_index][elec]
    spoil(
        "unit",
        ean_index,
        "ean_electricity",
        ean[:-1] + str((int(ean[-1]) + 1) % 10),
        "EAN with a wrong check digit",
    )
    date_index = _first(units, ean_index + 3)
    spoil("unit", date_index, "epc_date", "31/02/2025", "a date that does not exist")
    only_elec = [_col("unit", "ean_gas"), _col("unit", "ean_water")]
    twin = _first(
        units, date_index + 3, lambda row: row[elec] and not any(row[i] for i in only_elec)
    )
    units.append(list(units[twin]))
    errors.append(
        {
            "sheet": "unit",
            "row": len(units),
            "column": units[0][_col("unit", "ref")],
            "value": units[twin][_col("unit", "ref")],
            "what": f"duplicate row: a copy of row {twin + 1} (the same unit listed twice; its "
            "box and EAN are then repeated too)",
        }
    )

    leases = sheets["lease"]
    refs = {row[_col("unit", "ref")] for row in units[1:]}
    missing = next(
        f"U{number:05d}" for number in range(99999, 0, -1) if f"U{number:05d}" not in refs
    )
    spoil("lease", _first(leases, 4), "unit", missing, "a unit that does not exist")
    rent_index = _first(leases, 8)
    rent = leases[rent_index][_col("lease", "rent")]
    spoil(
        "lease",
        rent_index,
        "rent",
        f"{rent:.2f}".replace(".", ",")[:-2] + "OO",
        "not an amount (letters O instead of zeros)",
    )

    tenants = sheets["tenant"]
    mobile = _col("tenant", "mobile")
    spoil(
        "tenant",
        _first(tenants, 3, lambda row: row[mobile]),
        "mobile",
        "0470 12 34",
        "not a phone number (too few digits)",
    )
    return sheets, errors


def errors_markdown(errors, export, lang):
    lines = [
        "# Deliberate errors in agence.xlsx",
        "",
        "The sample agency's workbook (`../sample_agency/agence.xls`) with one error of each "
        "kind. Checking it must report each one at this sheet, row and column, and import "
        "nothing. Rows are numbered as the spreadsheet shows them (the header is row 1).",
        "Written by `tools/svk_import_files.py sample`.",
        "",
        "| # | Sheet | Row | Column | Value in the file | What is wrong |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for number, error in enumerate(errors, 1):
        lines.append(
            f"| {number} | {export._sheet_name(error['sheet'], lang)} | {error['row']} "
            f"| {error['column']} | `{error['value']}` | {error['what']} |"
        )
    return "\n".join(lines) + "\n"


def write_sample(env, out, cutover):
    export = env["svk.import.export"]
    lang = "fr"
    sheets = export._agency_sheets(lang, cutover)
    sample = os.path.join(out, "sample_agency")
    spoiled = os.path.join(out, "sample_agency_errors")
    os.makedirs(sample, exist_ok=True)
    os.makedirs(spoiled, exist_ok=True)
    _write(os.path.join(sample, "agence.xls"), export._write_xls(sheets, lang))
    Import = env["svk.import"]
    settings = {
        "cutover": cutover.isoformat(),
        "counterpart_account": Import._default_counterpart().code,
        "journal": Import._default_journal().code,
    }
    _write(
        os.path.join(sample, "import.json"),
        (json.dumps(settings, indent=2) + "\n").encode(),
    )
    bad, errors = with_errors(sheets)
    _write(os.path.join(spoiled, "agence.xlsx"), export._write_xlsx(bad, lang))
    _write(os.path.join(spoiled, "ERRORS.md"), errors_markdown(errors, export, lang).encode())
    counts = {key: len(rows) - 1 for key, rows in sheets.items()}
    owed = sum(row[1] for row in sheets["balance"][1:])
    return counts, owed, errors


def _write(path, content):
    with open(path, "wb") as file:
        file.write(content)
    _logger.info("wrote %s (%s bytes)", os.path.relpath(path, ROOT), len(content))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_templates = sub.add_parser("templates", help="the empty workbooks with instructions")
    p_templates.add_argument("db", help="a database with svk_import installed")
    p_templates.add_argument("--out", default=os.path.join(ROOT, "data", "templates"))
    p_sample = sub.add_parser("sample", help="the demo agency's workbook, and one with errors")
    p_sample.add_argument("db", help="a database holding the demo agency")
    p_sample.add_argument("--cutover", required=True, type=datetime.date.fromisoformat)
    p_sample.add_argument("--out", default=os.path.join(ROOT, "data"))
    args = parser.parse_args(argv)

    os.environ.setdefault("SVK_ROOT", ROOT)
    _load_config(args.db)
    logging.getLogger("svk_import_files").setLevel(logging.INFO)
    if not _exists(args.db):
        raise SystemExit(f"svk_import_files: no database {args.db}")
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if "svk.import.export" not in env:
            raise SystemExit(f"svk_import_files: svk_import is not installed in {args.db}")
        if args.command == "templates":
            write_templates(env, args.out)
        else:
            counts, owed, errors = write_sample(env, args.out, args.cutover)
            _logger.info(
                "sample agency: %s; opening balances of %s leases, %.2f EUR in all; %s "
                "deliberate errors in the copy",
                ", ".join(f"{count} {key}" for key, count in counts.items()),
                counts["balance"],
                owed,
                len(errors),
            )
        cr.rollback()  # nothing is written to the database
    return 0


if __name__ == "__main__":
    sys.exit(main())
