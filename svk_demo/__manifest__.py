{
    "name": "SVK Demo Agency",
    "summary": "A realistic demo social rental agency, built by a generator: buildings, "
    "owners, leases, paid months, messaging consents, referrals and applications",
    "version": "18.0.1.0.0",
    "category": "Real Estate",
    "website": "https://github.com/svk-suite/svk-suite",
    "author": "SVK Suite",
    "maintainers": ["svk-suite"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    # the addons it fills; no production addon depends on this one
    "depends": [
        "svk_housing",
        "svk_indexation",
        "svk_messaging",
        "svk_partners",
        "svk_partners_portal",
        "svk_portal",
        "svk_repair",
    ],
    "data": [
        "security/ir.model.access.csv",
    ],
}
