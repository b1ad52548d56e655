"""What an agency's workbook holds: its sheets, their columns and the headers (French,
Dutch, English) by which they are recognised.

The spec is data, read by the reader (recognising sheets and headers), the parser (one
value type per column), the templates and the exporter. Headers are compared once
normalised (`normalize`): lower case, accents, punctuation and spacing removed.
"""

import re
from difflib import SequenceMatcher

from odoo.tools.misc import remove_accents
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)


def normalize(text):
    """'Code postal ' and 'code-postal' are one header."""
    text = remove_accents(str(text or "")).encode("ascii", "ignore").decode()
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
    "studette": "studio",
    "flatje": "studio",
    "appartement": "apartment",
    "appart": "apartment",
    "app": "apartment",
    "apt": "apartment",
    "apartment": "apartment",
    "flat": "apartment",
    "duplex": "apartment",
    "triplex": "apartment",
    "penthouse": "apartment",
    "loft": "apartment",
    "maison": "house",
    "maison unifamiliale": "house",
    "maison de ville": "house",
    "huis": "house",
    "woning": "house",
    "eengezinswoning": "house",
    "rijwoning": "house",
    "rijhuis": "house",
    "villa": "house",
    "house": "house",
    "chambre": "room",
    "chambre meublee": "room",
    "kot": "room",
    "kamer": "room",
    "studentenkamer": "room",
    "room": "room",
}
# the floors people write in words; an entresol (mezzanine) is one flight up
FLOORS = {
    "rez": 0,
    "rdc": 0,
    "rez de chaussee": 0,
    "rez de ch": 0,
    "gelijkvloers": 0,
    "gelijkvloer": 0,
    "gvl": 0,
    "glvl": 0,
    "benedenverdieping": 0,
    "ground floor": 0,
    "ground": 0,
    "gf": 0,
    "entresol": 1,
    "mezzanine": 1,
    "tussenverdieping": 1,
    "sous sol": -1,
    "souterrain": -1,
    "kelder": -1,
    "kelderverdieping": -1,
    "basement": -1,
}
# the first words of the rows a spreadsheet adds under its data
TOTAL_WORDS = re.compile(
    r"^(sous total|sous totaux|subtotaal|subtotal|sub total|total|totaux|totaal|totalen|"
    r"grand total|eindtotaal|algemeen totaal|general total)( |$)"
)
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
    "9 years": "standard",
    "bail de 9 ans": "standard",
    "bail de residence principale": "standard",
    "woninghuur": "standard",
    "hoofdverblijfplaats": "standard",
    "courte duree 3 ans": "short",
    "3 ans": "short",
    "3 jaar": "short",
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
            Column("floor", _lt("Floor"), "floor", ("Étage", "Verdieping", "Floor")),
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
                "duration",
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
# the order in which sheets are written (each refers only to the ones before it)
ORDER = ["building", "unit", "owner", "contract", "tenant", "lease", "balance"]
# (sheet, column) naming a row of the sheet of the column's name
REFERENCES = [
    ("unit", "building"),
    ("contract", "owner"),
    ("contract", "unit"),
    ("lease", "unit"),
    ("lease", "tenant"),
    ("balance", "lease"),
]
# a column no sheet imports: the error report's own, ignored when the report is reloaded
IGNORED_HEADERS = {normalize(h) for h in ("erreur", "fout", "error", "ligne", "rij", "row")}

# ---------------------------------------------------------------- agencies' own words
# Headers and sheet names agencies' legacy files use besides the templates' (see
# readme/DESCRIPTION.md, "Vocabulary"): French, Dutch and English, compared normalised.
NUMBER = ("nr", "no", "num", "numero", "nummer", "number", "n ref", "ref nr", "code")
AGENCY_HEADERS = {
    "building": {
        "ref": (
            *NUMBER,
            "code immeuble",
            "code batiment",
            "reference immeuble",
            "ref immeuble",
            "n immeuble",
            "gebouwcode",
            "code gebouw",
            "gebouw nr",
            "gebouwnummer",
            "building code",
            "building id",
            "building ref",
        ),
        "name": ("nom immeuble", "nom du batiment", "naam gebouw", "gebouwnaam", "building name"),
        "street": ("adresse immeuble", "rue et numero", "adres gebouw", "straat en nummer"),
        "zip": ("cp", "code post", "postnummer", "post code", "postal code"),
        "city": ("localite", "ville", "woonplaats", "plaats", "town"),
        "floor_count": ("nombre d etages", "nb etages", "aantal verdiepingen", "storeys"),
        "construction_year": ("annee construction", "bouwjaar gebouw", "year built", "built"),
    },
    "unit": {
        "ref": (
            *NUMBER,
            "code logement",
            "n logement",
            "ref logement",
            "reference logement",
            "id logement",
            "woningnummer",
            "code woning",
            "woning nr",
            "eenheid",
            "unit code",
            "unit id",
            "unit ref",
        ),
        "building": (
            "immeuble",
            "pand",
            "code immeuble",
            "code batiment",
            "gebouwcode",
            "code gebouw",
            "building code",
        ),
        "name": ("nom logement", "designation", "omschrijving", "benaming", "description"),
        "box": ("boite", "bte", "bt", "numero de boite", "busnummer", "appartement n", "door"),
        "street": ("adresse logement", "rue et numero", "straat en nummer", "adres woning"),
        "zip": ("cp", "code post", "postnummer", "post code", "postal code"),
        "city": ("localite", "ville", "woonplaats", "plaats", "town"),
        "unit_type": (
            "type de logement",
            "type logement",
            "typologie",
            "categorie",
            "type woning",
            "woningtype",
            "soort woning",
            "unit type",
            "property type",
        ),
        "bedrooms": (
            "nombre de chambres",
            "nb chambres",
            "nbre chambres",
            "ch",
            "aantal slaapkamers",
            "aantal kamers",
            "slpk",
            "number of bedrooms",
            "beds",
        ),
        "floor": ("niveau", "etage logement", "verd", "bouwlaag", "level", "storey"),
        "surface": (
            "superficie",
            "superficie m2",
            "surface habitable",
            "m2",
            "bewoonbare oppervlakte",
            "opp",
            "floor area",
            "area m2",
        ),
        "epc_class": ("certificat peb", "score peb", "epb score", "epc score", "energielabel"),
        "epc_number": ("numero peb", "n peb", "epb nummer", "epc number"),
        "epc_date": ("date du certificat peb", "datum epb certificaat", "epc certificate date"),
        "wheelchair_accessible": ("accessible pmr", "adapte pmr", "aangepast", "accessible"),
        "has_elevator": ("lift aanwezig", "ascenseur oui non", "elevator yes no"),
        "ean_electricity": ("ean elec", "ean electricite", "ean stroom", "ean electricity"),
        "ean_gas": ("ean gas", "ean gaz naturel", "ean aardgas"),
        "ean_water": ("ean eau", "ean water"),
    },
    "owner": {
        "ref": (
            *NUMBER,
            "code proprietaire",
            "n proprietaire",
            "ref proprietaire",
            "id proprietaire",
            "code bailleur",
            "eigenaarscode",
            "code eigenaar",
            "eigenaar nr",
            "owner code",
            "owner id",
            "landlord code",
        ),
        "name": (
            "proprietaire",
            "nom proprietaire",
            "nom du proprietaire",
            "bailleur",
            "proprietaire bailleur",
            "nom et prenom",
            "eigenaar",
            "naam eigenaar",
            "verhuurder",
            "naam en voornaam",
            "owner",
            "owner name",
            "landlord",
        ),
        "is_company": ("societe oui non", "forme juridique", "rechtsvorm", "legal entity"),
        "street": ("adresse proprietaire", "rue et numero", "adres eigenaar", "straat en nummer"),
        "zip": ("cp", "code post", "postnummer", "post code", "postal code"),
        "city": ("localite", "ville", "woonplaats", "plaats", "town"),
        "phone": ("telephone proprietaire", "tel fixe", "gsm proprietaire", "telefoonnummer"),
        "email": ("adresse e mail", "adresse mail", "mail", "e mailadres", "emailadres"),
        "lang": ("langue proprietaire", "taal eigenaar", "role linguistique", "taalrol"),
        "iban": (
            "iban proprietaire",
            "compte proprietaire",
            "numero de compte",
            "n compte",
            "compte",
            "iban eigenaar",
            "rekening eigenaar",
            "rekening",
            "bankrekening",
            "owner iban",
            "bank account",
            "account number",
        ),
    },
    "contract": {
        "ref": (
            *NUMBER,
            "n contrat",
            "numero de contrat",
            "ref contrat",
            "n mandat",
            "numero mandat",
            "contractnummer",
            "contract nr",
            "mandaatnummer",
            "contract number",
            "contract id",
        ),
        "owner": (
            "code proprietaire",
            "n proprietaire",
            "bailleur",
            "eigenaarscode",
            "code eigenaar",
            "verhuurder",
            "owner code",
            "landlord",
        ),
        "contract_type": ("type contrat", "type de gestion", "soort contract", "beheersvorm"),
        "date_signature": ("signe le", "date signature", "ondertekend op", "signed on"),
        "date_start": (
            "date de debut",
            "date debut",
            "debut du contrat",
            "prise d effet",
            "startdatum",
            "begindatum",
            "ingangsdatum",
            "aanvang",
            "start date",
            "effective date",
        ),
        "date_end": (
            "date de fin",
            "date fin",
            "fin du contrat",
            "echeance",
            "einddatum",
            "vervaldatum",
            "end date",
            "expiry date",
        ),
        "duration": ("duree du contrat", "duree ans", "looptijd", "duur contract", "term"),
        "payment_day": ("jour paiement", "betalingsdag", "pay day"),
        "date_notice": ("preavis", "date preavis", "opzeg", "opzegdatum", "notice"),
        "unit": (
            "code logement",
            "n logement",
            "ref logement",
            "woningnummer",
            "code woning",
            "unit code",
        ),
        "owner_rent": (
            "loyer proprietaire",
            "loyer bailleur",
            "loyer net proprietaire",
            "loyer mensuel garanti",
            "huur eigenaar",
            "huurprijs eigenaar",
            "gegarandeerde huur",
            "owner rent",
            "landlord rent",
        ),
    },
    "tenant": {
        "ref": (
            *NUMBER,
            "code locataire",
            "n locataire",
            "ref locataire",
            "id locataire",
            "n dossier",
            "dossier",
            "huurderscode",
            "code huurder",
            "huurder nr",
            "dossiernummer",
            "tenant code",
            "tenant id",
        ),
        "name": (
            "locataire",
            "nom locataire",
            "nom du locataire",
            "nom et prenom",
            "preneur",
            "huurder",
            "naam huurder",
            "naam en voornaam",
            "tenant",
            "tenant name",
            "full name",
        ),
        "lang": ("langue locataire", "taal huurder", "role linguistique", "taalrol"),
        "phone": ("telephone fixe", "tel fixe", "vast nummer", "telefoonnummer", "landline"),
        "mobile": ("gsm locataire", "portable", "mobiel", "gsm nummer", "mobile phone", "cell"),
        "email": ("adresse e mail", "adresse mail", "mail", "e mailadres", "emailadres"),
    },
    "lease": {
        "ref": (
            *NUMBER,
            "n bail",
            "numero de bail",
            "numero bail",
            "ref bail",
            "reference bail",
            "code bail",
            "huurcontractnummer",
            "contractnummer",
            "contract nr",
            "huurovereenkomst nr",
            "lease number",
            "lease no",
            "lease id",
            "lease ref",
        ),
        "unit": (
            "code logement",
            "n logement",
            "ref logement",
            "woningnummer",
            "code woning",
            "eenheid",
            "bien",
            "unit code",
        ),
        "tenant": (
            "code locataire",
            "n locataire",
            "ref locataire",
            "huurderscode",
            "code huurder",
            "tenant code",
        ),
        "lease_type": ("type bail", "type contrat", "soort huurovereenkomst", "huurtype"),
        "date_signature": ("signe le", "date signature", "ondertekend op", "signed on"),
        "date_start": (
            "date de debut",
            "date debut",
            "date d entree",
            "entree",
            "debut du bail",
            "prise d effet",
            "startdatum",
            "begindatum",
            "ingangsdatum",
            "datum intrede",
            "ingangsdatum huur",
            "aanvang huur",
            "start date",
            "move in date",
        ),
        "date_end": (
            "date de fin",
            "date fin",
            "date de sortie",
            "sortie",
            "fin du bail",
            "einddatum",
            "datum uittrede",
            "einde lease",
            "einde huur",
            "end date",
            "move out date",
        ),
        "rent": (
            "montant du loyer",
            "koude huur",
            "loyer mensuel",
            "loyer de base",
            "loyer actuel",
            "loyer indexe",
            "loyer locataire",
            "maandhuur",
            "huurprijs",
            "basishuur",
            "huidige huur",
            "huur huurder",
            "monthly rent",
            "base rent",
            "current rent",
        ),
        "charges_amount": (
            "provision charges",
            "provisions",
            "charges mensuelles",
            "lasten",
            "huurlasten",
            "voorschot lasten",
            "service charges",
        ),
        "charges_mode": ("type de charges", "regime des charges", "soort lasten", "charges type"),
        "guarantee_amount": (
            "montant garantie",
            "caution",
            "borg",
            "garantie locative montant",
            "waarborg bedrag",
            "huurwaarborg bedrag",
            "deposit",
            "security deposit",
        ),
        "guarantee_form": ("type de garantie", "forme garantie", "soort waarborg", "deposit type"),
        "registration_date": ("enregistrement", "enregistre le", "registratie", "registered on"),
        "third_payer": ("cpas", "ocmw", "tiers payeur", "derde betaler naam"),
        "third_payer_amount": ("montant cpas", "part cpas", "bedrag ocmw", "deel ocmw"),
        "date_notice": ("preavis", "date preavis", "opzeg", "opzegdatum", "notice"),
        "payment_reference": ("communication", "mededeling", "reference de paiement"),
    },
    "balance": {
        "lease": (
            "n bail",
            "numero de bail",
            "ref bail",
            "code bail",
            "huurcontractnummer",
            "contractnummer",
            "lease number",
            "lease ref",
            "bail",
            "huurcontract",
        ),
        "amount": (
            "arrieres",
            "arriere",
            "montant",
            "solde du",
            "solde debiteur",
            "reste a payer",
            "achterstal",
            "achterstallen",
            "openstaand bedrag",
            "openstaand saldo",
            "arrears",
            "balance",
            "outstanding",
        ),
        "date_due": (
            "echeance la plus ancienne",
            "date echeance",
            "depuis le",
            "oudste vervaldatum",
            "vervaldatum",
            "sinds",
            "due date",
            "oldest due",
        ),
    },
}
AGENCY_SHEET_NAMES = {
    "building": ("immeuble", "immeubles", "batiments ais", "panden", "pand", "properties"),
    "unit": ("logements ais", "biens", "bien", "woningen svk", "eenheden", "units list"),
    "owner": ("bailleurs", "bailleur", "verhuurders", "landlords"),
    "contract": (
        "mandats de gestion",
        "contrats de gestion",
        "beheersmandaten",
        "beheersovereenkomsten",
        "mandaten",
        "management contracts",
        "owner contract",
    ),
    "tenant": ("preneurs", "occupants", "bewoners", "occupants list"),
    "lease": ("contrats de location", "huurovereenkomsten", "huurcontract", "lease"),
    "balance": ("arrieres", "arriere", "achterstallen", "achterstal", "arrears", "soldes du"),
}
FUZZY_RATIO = 0.84  # a typo: "Adrese", "Oppervlakt"
FUZZY_COVER = 0.6  # a known header inside a longer one: "Date de début du bail"
_VOCABULARY = {}


def vocabulary(spec):
    """{normalized header: column key} of a sheet: its columns' headers first, then the
    agencies' words (a header two columns share stays the first column's)."""
    if spec.key not in _VOCABULARY:
        words = {}
        for column in spec.columns:
            for header in column.headers:
                words.setdefault(normalize(header), column.key)
        for key, headers in AGENCY_HEADERS.get(spec.key, {}).items():
            for header in headers:
                words.setdefault(normalize(header), key)
        words.pop("", None)
        _VOCABULARY[spec.key] = words
    return _VOCABULARY[spec.key]


def sheet_names(spec):
    return {normalize(name) for name in (*spec.names, *AGENCY_SHEET_NAMES.get(spec.key, ()))}


def fuzzy_match(key, words):
    """The column a header not in `words` most likely stands for: (column key, known
    header, confidence between 0 and 1), or None."""
    if len(key) < 4:
        return None
    tokens = set(key.split())
    best = None
    for known, column in words.items():
        score = 0.0
        if len(known) >= 4:
            ratio = SequenceMatcher(None, key, known).ratio()
            if ratio >= FUZZY_RATIO:
                score = ratio
        if len(known) >= 3 and set(known.split()) <= tokens:
            cover = len(known) / len(key)
            if cover >= FUZZY_COVER:
                score = max(score, cover)
        if score and (not best or score > best[2]):
            best = (column, known, score)
    return best


def is_total(cells):
    """A row of totals or subtotals: its first filled cells start with the word."""
    filled = [normalize(cell) for cell in cells if str(cell).strip()][:3]
    return any(TOTAL_WORDS.match(cell) for cell in filled)
