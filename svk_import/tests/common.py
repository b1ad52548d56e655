import base64
import csv
import io

import xlsxwriter
import xlwt

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.svk_housing.models.svk_lease import structured_communication

# a small agency as its staff typed it: French headers, Belgian dates and amounts
BUILDINGS = [
    ["Référence", "Nom", "Rue", "Code postal", "Commune", "Étages", "Année de construction"],
    ["BAT-1", "Résidence Les Tilleuls", "Rue Haute 120", "1000", "Bruxelles", "4", "1962"],
    ["BAT-2", "Maison Verte", "Chaussée de Gand 55", "1080", "Molenbeek-Saint-Jean", "2", ""],
]
UNITS = [
    [
        "Référence",
        "Bâtiment",
        "Nom",
        "Boîte",
        "Rue",
        "Code postal",
        "Commune",
        "Type",
        "Chambres",
        "Étage",
        "Surface m²",
        "Classe PEB",
        "Date PEB",
        "EAN électricité",
        "EAN gaz",
        "Ascenseur",
    ],
    [
        "LOG-1",
        "BAT-1",
        "0.1",
        "bte 1",
        "",
        "",
        "",
        "Appartement",
        "2",
        "0",
        "72,5",
        "E",
        "15/03/2019",
        "541448820000000015",
        "541448820000000022",
        "oui",
    ],
    [
        "LOG-2",
        "BAT-1",
        "1.1",
        "bte 2",
        "",
        "",
        "",
        "studio",
        "0",
        "1",
        "31",
        "C",
        "15.03.19",
        "541448820000000039",
        "",
        "oui",
    ],
    [
        "LOG-3",
        "BAT-2",
        "Rez",
        "",
        "",
        "",
        "",
        "Appartement",
        "3",
        "0",
        "95",
        "G",
        "",
        "541448820000000046",
        "",
        "non",
    ],
    [
        "LOG-4",
        "",
        "Maison",
        "",
        "Rue du Midi 8",
        "1000",
        "Bruxelles",
        "Maison",
        "3",
        "0",
        "110",
        "",
        "",
        "",
        "",
        "non",
    ],
]
OWNERS = [
    [
        "Référence",
        "Nom",
        "Société",
        "Rue",
        "Code postal",
        "Commune",
        "Téléphone",
        "E-mail",
        "Langue",
        "IBAN",
    ],
    [
        "P1",
        "Fatima El Amrani",
        "non",
        "Avenue Louise 10",
        "1050",
        "Ixelles",
        "0470 12 34 56",
        "fatima@example.be",
        "français",
        "BE71 0961 2345 6769",
    ],
    ["P2", "Immo Brabant SA", "oui", "", "", "", "", "", "nl", "BE62510007547061"],
]
CONTRACTS = [
    [
        "Contrat",
        "Propriétaire",
        "Type de contrat",
        "Date de signature",
        "Début",
        "Fin",
        "Durée ans",
        "Jour de paiement",
        "Logement",
        "Loyer garanti",
    ],
    [
        "MG-1",
        "P1",
        "Mandat de gestion",
        "01/12/2023",
        "01/01/2024",
        "",
        "9",
        "5",
        "LOG-1",
        "650,00",
    ],
    ["MG-1", "P1", "Mandat de gestion", "01/12/2023", "01/01/2024", "", "9", "5", "LOG-2", "480"],
    ["BP-1", "P2", "Bail principal", "", "01/06/2022", "31/05/2031", "", "", "LOG-3", "1.050,00"],
    ["BP-2", "P2", "Bail principal", "", "01/03/2027", "", "3", "", "LOG-4", "900"],
]
TENANTS = [
    ["Référence", "Nom", "Langue", "Téléphone", "GSM", "E-mail"],
    ["L1", "Yonas Tesfay", "en", "", "0485/11.22.33", ""],
    ["L2", "Ioana Popescu", "Nederlands", "02 511 22 33", "+33 6 12 34 56 78", "IOANA@example.be"],
    ["L3", "Yonas Tesfay", "fr", "", "", ""],  # a namesake: another person
]
OGM_L2 = structured_communication(9900000017)
LEASES = [
    [
        "Référence",
        "Logement",
        "Locataire",
        "Type de bail",
        "Date de signature",
        "Début",
        "Fin",
        "Loyer",
        "Charges",
        "Mode des charges",
        "Garantie locative",
        "Forme de la garantie",
        "Date d'enregistrement",
        "Tiers payant",
        "Part du tiers payant",
        "Communication structurée",
    ],
    [
        "B-2024-01",
        "LOG-1",
        "L1",
        "standard",
        "10/01/2024",
        "01/02/2024",
        "",
        "612,50",
        "45",
        "provision",
        "1.225,00",
        "compte bloqué",
        "20/02/2024",
        "",
        "",
        "",
    ],
    [
        "B-2022-07",
        "LOG-3",
        "L2",
        "standard",
        "",
        "15/06/2022",
        "",
        "700",
        "60",
        "forfait",
        "",
        "",
        "",
        "CPAS de Molenbeek",
        "150",
        OGM_L2,
    ],
    [
        "B-2025-02",
        "LOG-2",
        "L3",
        "transit",
        "",
        "01/03/2025",
        "31/08/2026",
        "410",
        "35",
        "provision",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]
BALANCES = [
    ["Bail", "Montant dû", "Plus ancienne échéance"],
    ["B-2024-01", "1.312,50", "01/09/2026"],
    ["B-2022-07", "-50,00", "01/11/2026"],
]
SMALL_AGENCY = {
    "Bâtiments": BUILDINGS,
    "Logements": UNITS,
    "Propriétaires": OWNERS,
    "Contrats propriétaires": CONTRACTS,
    "Locataires": TENANTS,
    "Baux": LEASES,
    "Soldes d'ouverture": BALANCES,
}
CUTOVER = "2026-11-30"


def xlsx_bytes(sheets):
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name[:31])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value) if isinstance(value, str) else sheet.write(
                    r, c, value
                )
    book.close()
    return output.getvalue()


def xls_bytes(sheets):
    book = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = book.add_sheet(name[:31])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_bytes(rows, delimiter=";"):
    output = io.StringIO()
    csv.writer(output, delimiter=delimiter).writerows(rows)
    return ("\ufeff" + output.getvalue()).encode()


class SvkImportCase(TransactionCase):
    """An agency with the Belgian chart, an SVK manager with Odoo's invoicing right (the
    lowest rights that import an agency with its opening balances, which are journal
    entries), and helpers to import files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        for lang in ("fr_BE", "nl_BE"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.manager = new_test_user(
            cls.env,
            login="svk_import_manager",
            groups="svk_housing.group_svk_manager,account.group_account_invoice",
            name="Mia Manager",
        )
        cls.svk_user = new_test_user(
            cls.env, login="svk_import_user", groups="svk_housing.group_svk_user", name="Sam User"
        )

    def _import(self, files, user=None, cutover=CUTOVER, check_only=False, **vals):
        """An import of `files` ({name: bytes}) by `user` (the manager by default),
        checked, then imported unless `check_only`."""
        env = self.env(user=user or self.manager)
        attachments = env["ir.attachment"].create(
            [
                {"name": name, "datas": base64.b64encode(content), "res_model": "svk.import"}
                for name, content in files.items()
            ]
        )
        record = env["svk.import"].create(
            {"attachment_ids": [(6, 0, attachments.ids)], "cutover_date": cutover, **vals}
        )
        record.action_check()
        if not check_only and not record.error_count:
            record.with_context(svk_import_inline=True).action_import()
        return record

    def _errors(self, record):
        return [(m.sheet_name, m.row, m.column, m.reason) for m in record.message_line_ids]

    def _counts(self):
        return {
            model: self.env[model]
            .with_context(active_test=False)
            .search_count([("company_id", "=", self.company.id)])
            for model in (
                "svk.building",
                "svk.unit",
                "svk.meter",
                "svk.owner.contract",
                "svk.lease",
            )
        } | {
            "partners": self.env["res.partner"].with_context(active_test=False).search_count([]),
            "moves": self.env["account.move"].search_count([]),
        }
