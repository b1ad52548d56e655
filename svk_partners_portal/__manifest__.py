{
    "name": "SVK Partners Portal",
    "summary": "The referral organisations' portal: their social workers see their "
    "organisation's referrals (status, the agency's contact, only what each household "
    "agreed to share), submit applications and receive the agency's alerts",
    "version": "18.0.1.0.0",
    "category": "Real Estate",
    "website": "https://github.com/svk-suite/svk-suite",
    "author": "SVK Suite",
    "maintainers": ["svk-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["svk_partners", "portal"],
    "data": [
        "security/svk_partners_portal_security.xml",
        "security/ir.model.access.csv",
        "views/svk_referral_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "svk_partners_portal/static/tests/tours/*.js",
        ],
    },
}
