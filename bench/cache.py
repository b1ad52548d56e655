"""Installed databases cached as PostgreSQL templates, keyed on the addons' code."""

import re

import odoo

from .common import DEMO_MODULES, MODULES, svk_db

TEMPLATE_PREFIX = "svk_bench_tpl_"


def template_name(modules=None, variant=""):
    """Installed databases are cached as PostgreSQL templates, keyed on the addons' code:
    svk_bench_tpl_<digest of the code of `modules` (MODULES)><variant>."""
    return f"{TEMPLATE_PREFIX}{_code_digest(tuple(modules or MODULES))}{variant}"


def _code_digest(modules):
    """The digest of the addons' code (svk_db's, read once per run: the templates a run
    builds are named after the same code, should it be edited meanwhile)."""
    return svk_db.code_digest(tuple(modules))


def _template_kind(name):
    """What a template holds, without the code it was built from: its variant, less
    a trailing size ("_import_demo800" and "_import_demo8000" are one kind)."""
    return re.sub(r"\d+$", "", name[len(TEMPLATE_PREFIX) + 10 :])


def prepare_template(modules=None, variant="", build=None):
    """The cached template of `modules` (MODULES; `variant`: what `build(name)` puts in it
    besides the installed addons), built if missing; the templates of the same kind built
    from other code are dropped. A build that fails leaves no template behind."""
    modules = modules or MODULES
    name = template_name(modules, variant)
    kind, digest = _template_kind(name), name[: len(TEMPLATE_PREFIX) + 10]
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT datname FROM pg_database WHERE datname LIKE 'svk_bench_tpl_%%'")
        stale = [
            row[0]
            for row in cr.fetchall()
            if _template_kind(row[0]) == kind and not row[0].startswith(digest)
        ]
    for db in stale:
        svk_db._drop(db)
    if not svk_db._exists(name):
        try:
            (build or (lambda db: svk_db.create(db, modules)))(name)
        except BaseException:
            svk_db._drop(name)
            raise
        odoo.sql_db.close_db(name)
    return name


def demo_template():
    """The template of the suites that build the demo agency in their database: the
    addons and svk_demo."""
    return prepare_template(DEMO_MODULES)
