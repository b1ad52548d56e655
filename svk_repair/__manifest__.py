{
    "name": "SVK Repairs",
    "summary": "Tenants' repair requests (portal, WhatsApp/SMS triage, staff) with category, "
    "urgency and a 24-hour deadline, assignment to a technician or a contractor, the visit "
    "proposed by message, and who pays on closing (tenant, owner, agency) in the accounts",
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
        # the tenant's portal home, whose tiles get "My repairs"
        "svk_portal",
    ],
    "data": [
        "security/svk_repair_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "views/svk_repair_request_views.xml",
        "views/svk_message_views.xml",
        "views/res_config_settings_views.xml",
        "views/svk_repair_menus.xml",
        "views/portal_templates.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_tests": [
            "svk_repair/static/tests/tours/*.js",
        ],
    },
}
