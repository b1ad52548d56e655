{
    "name": "SVK Charges",
    "summary": "The yearly charges statement of a social rental agency's buildings: actual "
    "costs from vendor bills, distribution keys, each tenant's share against the provisions "
    "invoiced, refunds and claims posted, the statement in the tenant's language",
    "version": "18.0.1.0.0",
    "category": "Real Estate",
    "website": "https://github.com/svk-suite/svk-suite",
    "author": "SVK Suite",
    "maintainers": ["svk-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["svk_housing"],
    "data": [
        "security/svk_charges_security.xml",
        "security/ir.model.access.csv",
        "data/svk_charge_type_data.xml",
        "report/svk_charges_statement_report.xml",
        "views/svk_charge_type_views.xml",
        "views/svk_charge_key_views.xml",
        "views/svk_meter_reading_views.xml",
        "views/svk_meter_views.xml",
        "views/svk_unit_views.xml",
        "views/svk_building_views.xml",
        "views/svk_charges_statement_views.xml",
        "views/account_move_views.xml",
        "views/svk_charges_menus.xml",
    ],
}
