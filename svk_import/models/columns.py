"""What an agency's workbook holds: its sheets, their columns and the headers (French,
Dutch, English) by which they are recognised.

The spec is data, read by the reader (recognising sheets and headers), the parser (one
value type per column), the templates and the exporter. Headers are compared once
normalised (`normalize`): lower case, accents, punctuation and spacing removed.
"""

import re
import unicodedata

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)


def normalize(text):
    """'Code postal ' and 'code-postal' are one header."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class Column:
    __slots__ = ("headers", "key", "kind", "label", "required", "selection")

    def __init__(self, key, label, kind, headers, required=False, selection=None):
        self.key = key
        self.label = label  # translatable, shown in errors and the mapping
        self.kind = kind  # a parser of parsers.PARSERS
        self.required = required
        self.headers = headers  # (fr, nl, en, other accepted forms...)
        self.selection = selection  # {normalized word: value} for kind "choice"


class Sheet:
    __slots__ = ("columns", "key", "label", "model", "names")

    def __init__(self, key, label, names, model, columns):
        self.key = key
        self.label = label
        self.names = names  # (fr, nl, en, ...)
        self.model = model
        self.columns = columns

    def column(self, key):
        return next(column for column in self.columns if column.key == key)


YES_NO = {
    "oui": True,
    "ja": True,
    "yes": True,
    "y": True,
    "o": True,
    "j": True,
    "x": True,
    "1": True,
    "true": True,
    "vrai": True,
    "waar": True,
    "non": False,
    "nee": False,
    "neen": False,
    "no": False,
    "n": False,
    "0": False,
    "false": False,
    "faux": False,
    "onwaar": False,
}

UNIT_TYPES = {
    "studio": "studio",
    "appartement": "apartment",
    "apartment": "apartment",
    "flat": "apartment",
    "maison": "house",
    "huis": "house",
    "woning": "house",
    "house": "house",
    "chambre": "room",
    "kamer": "room",
    "room": "room",
}
CONTRACT_TYPES = {
    "mandat": "mandate",
    "mandat de gestion": "mandate",
    "beheersmandaat": "mandate",
    "beheersovereenkomst": "mandate",
    "mandaat": "mandate",
    "mandate": "mandate",
    "management mandate": "mandate",
    "bail principal": "main_lease",
    "hoofdhuur": "main_lease",
    "hoofdhuurovereenkomst": "main_lease",
    "main lease": "main_lease",
}
LEASE_TYPES = {
    "standard": "standard",
    "standaard": "standard",
    "ordinaire": "standard",
    "9 ans": "standard",
    "9 jaar": "standard",
    "courte duree": "short",
    "korte duur": "short",
    "short": "short",
    "short term": "short",
    "transit": "transit",
    "transitoire": "transit",
    "glissant": "sliding",
    "bail glissant": "sliding",
    "glijdend": "sliding",
    "glijdende huur": "sliding",
    "sliding": "sliding",
}
CHARGES_MODES = {
    "provision": "provision",
    "provisie": "provision",
    "voorschot": "provision",
    "forfait": "flat",
    "forfaitaire": "flat",
    "forfaitair": "flat",
    "flat": "flat",
}
GUARANTEE_FORMS = {
    "compte bloque": "blocked_account",
    "geblokkeerde rekening": "blocked_account",
    "blocked account": "blocked_account",
    "cpas": "cpas_bank",
    "ocmw": "cpas_bank",
    "garantie cpas": "cpas_bank",
    "ocmw waarborg": "cpas_bank",
    "garantie bancaire": "bank_instalments",
    "bankwaarborg": "bank_instalments",
    "bank guarantee": "bank_instalments",
    "surete": "bank_security",
    "zekerheid": "bank_security",
    "security": "bank_security",
    "caution personnelle": "surety",
    "borgstelling": "surety",
    "surety": "surety",
}
LANGS = {
    "fr": "fr_BE",
    "francais": "fr_BE",
    "frans": "fr_BE",
    "french": "fr_BE",
    "nl": "nl_BE",
    "neerlandais": "nl_BE",
    "nederlands": "nl_BE",
    "dutch": "nl_BE",
    "vlaams": "nl_BE",
    "en": "en_US",
    "anglais": "en_US",
    "engels": "en_US",
    "english": "en_US",
}
EPC = {c.lower(): c for c in "ABCDEFG"}
METER_COLUMNS = {"ean_electricity": "electricity", "ean_gas": "gas", "ean_water": "water"}

REFERENCE = ("Référence", "Referentie", "Reference", "ref", "réf", "code", "id", "n°")

# columns several sheets share (a Column is never changed once made)
NAME = Column("name", _lt("Name"), "text", ("Nom", "Naam", "Name"), required=True)
STREET = Column("street", _lt("Street"), "text", ("Rue", "Straat", "Street", "adresse", "adres"))
ZIP = Column("zip", _lt("Zip"), "zip", ("Code postal", "Postcode", "Zip", "cp"))
CITY = Column("city", _lt("City"), "text", ("Commune", "Gemeente", "City", "ville", "stad"))
LANG = Column("lang", _lt("Language"), "choice", ("Langue", "Taal", "Language"), selection=LANGS)
EMAIL = Column("email", _lt("E-mail"), "email", ("E-mail", "E-mail", "Email", "courriel"))

SHEETS = [
    Sheet(
        "building",
        _lt("Buildings"),
        ("Bâtiments", "Gebouwen", "Buildings", "immeubles", "batiment", "gebouw"),
        "svk.building",
        [
            Column("ref", _lt("Reference"), "ref", REFERENCE, required=True),
            NAME,
            STREET,
            ZIP,
            CITY,
            Column("floor_count", _lt("Floors"), "int", ("Étages", "Verdiepingen", "Floors")),
            Column(
                "construction_year",
                _lt("Construction year"),
                "year",
                ("Année de construction", "Bouwjaar", "Construction year"),
            ),
        ],
    ),
    Sheet(
        "unit",
        _lt("Units"),
        ("Logements", "Wooneenheden", "Units", "logement", "woningen", "wooneenheid"),
        "svk.unit",
        [
            Column("ref", _lt("Reference"), "ref", REFERENCE, required=True),
            Column("building", _lt("Building"), "ref", ("Bâtiment", "Gebouw", "Building")),
            NAME,
            Column("box", _lt("Box / door"), "text", ("Boîte", "Bus", "Box", "porte", "deur")),
            STREET,
            ZIP,
            CITY,
            Column(
                "unit_type",
                _lt("Type"),
                "choice",
                ("Type", "Type", "Type", "soort"),
                required=True,
                selection=UNIT_TYPES,
            ),
            Column("bedrooms", _lt("Bedrooms"), "int", ("Chambres", "Slaapkamers", "Bedrooms")),
            Column("floor", _lt("Floor"), "int", ("Étage", "Verdieping", "Floor")),
            Column(
                "surface",
                _lt("Surface (m²)"),
                "amount",
                ("Surface m²", "Oppervlakte m²", "Surface m2", "surface", "oppervlakte"),
            ),
            Column(
                "epc_class",
                _lt("EPC class"),
                "choice",
                ("Classe PEB", "EPB klasse", "EPC class", "peb", "epb", "epc"),
                selection=EPC,
            ),
            Column(
                "epc_number",
                _lt("EPC certificate number"),
                "text",
                ("N° certificat PEB", "Nr EPB certificaat", "EPC certificate number"),
            ),
            Column("epc_date", _lt("EPC date"), "date", ("Date PEB", "Datum EPB", "EPC date")),
            Column(
                "wheelchair_accessible",
                _lt("Wheelchair accessible"),
                "bool",
                ("PMR", "Rolstoeltoegankelijk", "Wheelchair accessible"),
            ),
            Column("has_elevator", _lt("Elevator"), "bool", ("Ascenseur", "Lift", "Elevator")),
            Column(
                "ean_electricity",
                _lt("Electricity EAN"),
                "ean",
                ("EAN électricité", "EAN elektriciteit", "Electricity EAN"),
            ),
            Column("ean_gas", _lt("Gas EAN"), "ean", ("EAN gaz", "EAN gas", "Gas EAN")),
            Column("ean_water", _lt("Water EAN"), "ean", ("EAN eau", "EAN water", "Water EAN")),
        ],
    ),
    Sheet(
        "owner",
        _lt("Owners"),
        ("Propriétaires", "Eigenaars", "Owners", "proprietaire", "eigenaar", "eigenaren"),
        "res.partner",
        [
            Column("ref", _lt("Reference"), "ref", REFERENCE, required=True),
            NAME,
            Column(
                "is_company",
                _lt("Legal person"),
                "bool",
                ("Société", "Vennootschap", "Company", "personne morale", "rechtspersoon"),
            ),
            STREET,
            ZIP,
            CITY,
            Column(
                "phone", _lt("Phone"), "phone", ("Téléphone", "Telefoon", "Phone", "tel", "gsm")
            ),
            EMAIL,
            LANG,
            Column(
                "iban",
                _lt("IBAN"),
                "iban",
                ("IBAN", "IBAN", "IBAN", "compte bancaire", "rekeningnummer"),
                required=True,
            ),
        ],
    ),
    Sheet(
        "contract",
        _lt("Owner contracts"),
        (
            "Contrats propriétaires",
            "Eigenaarscontracten",
            "Owner contracts",
            "contrats",
            "contracten",
            "mandats",
        ),
        "svk.owner.contract",
        [
            Column(
                "ref",
                _lt("Contract"),
                "ref",
                ("Contrat", "Contract", "Contract", *REFERENCE),
                required=True,
            ),
            Column(
                "owner", _lt("Owner"), "ref", ("Propriétaire", "Eigenaar", "Owner"), required=True
            ),
            Column(
                "contract_type",
                _lt("Contract type"),
                "choice",
                ("Type de contrat", "Contracttype", "Contract type", "type"),
                required=True,
                selection=CONTRACT_TYPES,
            ),
            Column(
                "date_signature",
                _lt("Signature date"),
                "date",
                ("Date de signature", "Datum ondertekening", "Signature date"),
            ),
            Column("date_start", _lt("Start"), "date", ("Début", "Begin", "Start"), required=True),
            Column("date_end", _lt("End"), "date", ("Fin", "Einde", "End")),
            Column(
                "duration",
                _lt("Duration (years)"),
                "int",
                ("Durée ans", "Duur jaar", "Duration years", "duree", "duur"),
            ),
            Column(
                "payment_day",
                _lt("Payment day"),
                "int",
                ("Jour de paiement", "Betaaldag", "Payment day"),
            ),
            Column(
                "date_notice",
                _lt("Notice date"),
                "date",
                ("Date du préavis", "Datum opzeg", "Notice date"),
            ),
            Column("unit", _lt("Unit"), "ref", ("Logement", "Wooneenheid", "Unit"), required=True),
            Column(
                "owner_rent",
                _lt("Guaranteed rent"),
                "amount",
                ("Loyer garanti", "Gewaarborgde huur", "Guaranteed rent", "loyer proprietaire"),
                required=True,
            ),
        ],
    ),
    Sheet(
        "tenant",
        _lt("Tenants"),
        ("Locataires", "Huurders", "Tenants", "locataire", "huurder"),
        "res.partner",
        [
            Column("ref", _lt("Reference"), "ref", REFERENCE, required=True),
            NAME,
            LANG,
            Column("phone", _lt("Phone"), "phone", ("Téléphone", "Telefoon", "Phone", "tel")),
            Column("mobile", _lt("Mobile"), "phone", ("GSM", "GSM", "Mobile", "portable")),
            EMAIL,
        ],
    ),
    Sheet(
        "lease",
        _lt("Leases"),
        ("Baux", "Huurcontracten", "Leases", "bail", "huurovereenkomsten", "contrats de bail"),
        "svk.lease",
        [
            Column("ref", _lt("Reference"), "ref", REFERENCE, required=True),
            Column("unit", _lt("Unit"), "ref", ("Logement", "Wooneenheid", "Unit"), required=True),
            Column(
                "tenant", _lt("Tenant"), "ref", ("Locataire", "Huurder", "Tenant"), required=True
            ),
            Column(
                "lease_type",
                _lt("Lease type"),
                "choice",
                ("Type de bail", "Type huurovereenkomst", "Lease type", "type"),
                selection=LEASE_TYPES,
            ),
            Column(
                "date_signature",
                _lt("Signature date"),
                "date",
                ("Date de signature", "Datum ondertekening", "Signature date"),
            ),
            Column("date_start", _lt("Start"), "date", ("Début", "Begin", "Start"), required=True),
            Column("date_end", _lt("End"), "date", ("Fin", "Einde", "End")),
            Column("rent", _lt("Rent"), "amount", ("Loyer", "Huur", "Rent"), required=True),
            Column("charges_amount", _lt("Charges"), "amount", ("Charges", "Kosten", "Charges")),
            Column(
                "charges_mode",
                _lt("Charges mode"),
                "choice",
                ("Mode des charges", "Kostenregeling", "Charges mode"),
                selection=CHARGES_MODES,
            ),
            Column(
                "guarantee_amount",
                _lt("Guarantee"),
                "amount",
                ("Garantie locative", "Huurwaarborg", "Guarantee", "garantie", "waarborg"),
            ),
            Column(
                "guarantee_form",
                _lt("Guarantee form"),
                "choice",
                ("Forme de la garantie", "Vorm waarborg", "Guarantee form"),
                selection=GUARANTEE_FORMS,
            ),
            Column(
                "registration_date",
                _lt("Registration date"),
                "date",
                ("Date d'enregistrement", "Datum registratie", "Registration date"),
            ),
            Column(
                "third_payer",
                _lt("Third payer"),
                "text",
                ("Tiers payant", "Derde betaler", "Third payer"),
            ),
            Column(
                "third_payer_amount",
                _lt("Third payer's monthly part"),
                "amount",
                ("Part du tiers payant", "Deel derde betaler", "Third payer amount"),
            ),
            Column(
                "date_notice",
                _lt("Notice date"),
                "date",
                ("Date du préavis", "Datum opzeg", "Notice date"),
            ),
            Column(
                "payment_reference",
                _lt("Structured communication"),
                "ogm",
                (
                    "Communication structurée",
                    "Gestructureerde mededeling",
                    "Structured communication",
                    "ogm",
                    "vcs",
                ),
            ),
            Column(
                "third_payer_payment_reference",
                _lt("Third payer's structured communication"),
                "ogm",
                (
                    "Communication structurée du tiers payant",
                    "Gestructureerde mededeling derde betaler",
                    "Third payer's structured communication",
                ),
            ),
        ],
    ),
    Sheet(
        "balance",
        _lt("Opening balances"),
        ("Soldes d'ouverture", "Openingssaldi", "Opening balances", "soldes", "saldi", "arrieres"),
        "account.move",
        [
            Column("lease", _lt("Lease"), "ref", ("Bail", "Huurcontract", "Lease"), required=True),
            Column(
                "amount",
                _lt("Amount owed"),
                "amount_signed",
                ("Montant dû", "Verschuldigd bedrag", "Amount owed", "solde", "saldo"),
                required=True,
            ),
            Column(
                "date_due",
                _lt("Oldest due date"),
                "date",
                ("Plus ancienne échéance", "Oudste vervaldag", "Oldest due date", "echeance"),
                required=True,
            ),
        ],
    ),
]
SHEET_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
# a column no sheet imports: the error report's own, ignored when the report is reloaded
IGNORED_HEADERS = {normalize(h) for h in ("erreur", "fout", "error", "ligne", "rij", "row")}
