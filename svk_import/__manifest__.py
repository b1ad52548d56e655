{
    "name": "SVK Import",
    "summary": "Move an agency in within a day: its spreadsheets (portfolio, owners, "
    "contracts, tenants, leases, opening balances) checked row by row, then imported whole",
    "version": "18.0.1.0.0",
    "category": "Real Estate",
    "website": "https://github.com/svk-suite/svk-suite",
    "author": "SVK Suite",
    "maintainers": ["svk-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "svk_housing",
        # Odoo: reading xls, xlsx, ods and csv files
        "base_import",
        # OCA: a long import runs as a background job
        "queue_job",
    ],
    "external_dependencies": {
        "python": ["xlrd", "xlwt", "openpyxl", "xlsxwriter", "phonenumbers", "python-stdnum"]
    },
    "data": [
        "security/svk_import_security.xml",
        "security/ir.model.access.csv",
        "views/svk_import_views.xml",
        "views/svk_import_mapping_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "svk_import/static/src/js/*.js",
        ],
        "web.assets_tests": [
            "svk_import/static/tests/tours/*.js",
        ],
    },
}
