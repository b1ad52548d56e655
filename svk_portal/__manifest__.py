{
    "name": "SVK Tenant Portal",
    "summary": "The tenant's portal, mobile first: the home and the lease, what is owed and how "
    "to pay (structured communication, SEPA QR code, payment plan), the documents and the "
    "conversation with the agency; invitation by SMS, WhatsApp or e-mail, login by phone",
    "version": "18.0.1.0.0",
    "category": "Real Estate",
    "website": "https://github.com/svk-suite/svk-suite",
    "author": "SVK Suite",
    "maintainers": ["svk-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "svk_housing",
        "svk_messaging",
        "portal",
        "auth_signup",
        # the invoices' own portal pages and PDF downloads
        "account",
        # Odoo's EPC (SEPA) payment QR code of an invoice
        "account_qr_code_sepa",
    ],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/svk_portal_security.xml",
        "security/ir.model.access.csv",
        "data/sms_template_data.xml",
        "views/svk_lease_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "svk_portal/static/src/scss/portal.scss",
        ],
        "web.assets_tests": [
            "svk_portal/static/tests/tours/*.js",
        ],
    },
}
