{
    "name": "SVK Data protection",
    "summary": "Retention of tenants' messages, consents and the triage inbox per agency, "
    "a subject access export and an erasure that anonymises what no law keeps, logged",
    "version": "18.0.1.0.0",
    "category": "Real Estate",
    "website": "https://github.com/svk-suite/svk-suite",
    "author": "SVK Suite",
    "maintainers": ["svk-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["svk_partners", "svk_messaging"],
    "data": [
        "security/svk_gdpr_security.xml",
        "security/ir.model.access.csv",
        "data/svk_gdpr_data.xml",
        "views/svk_gdpr_log_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/svk_gdpr_export_views.xml",
        "wizards/svk_gdpr_erase_views.xml",
        "views/svk_gdpr_menus.xml",
    ],
}
