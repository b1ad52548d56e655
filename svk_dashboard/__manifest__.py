{
    "name": "SVK Dashboards",
    "summary": "The director's and the accountant's dashboards of a social rental agency: "
    "occupancy and vacancy days, arrears by age, payment plans, month-end, referrals, "
    "messages",
    "version": "18.0.1.1.0",
    "category": "Real Estate",
    "website": "https://github.com/svk-suite/svk-suite",
    "author": "SVK Suite",
    "maintainers": ["svk-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["svk_housing", "svk_partners", "svk_messaging", "spreadsheet_dashboard"],
    "data": [
        "security/svk_dashboard_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/svk_occupancy_report_views.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "svk_dashboard/static/tests/tours/*.js",
        ],
    },
}
