"""Create, fill and drop the SVK suite's databases (used by the Makefile).

    python tools/svk_db.py create DB [--modules m1,m2] [--demo-size N] [--lang fr_BE,nl_BE]
                                     [--template TPL]
    python tools/svk_db.py demo DB --size N [--seed S]
    python tools/svk_db.py drop DB
    python tools/svk_db.py exists DB

A new database is an agency: its main company is set in Belgium (EUR) before accounting
is installed, so that Odoo loads the Belgian chart of accounts (l10n_be) for it. Odoo's
own demo data is never loaded; the demo agency comes from the svk.demo.generator model.
"""

import argparse
import logging
import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger("svk_db")

DEFAULT_MODULES = "l10n_be,svk_housing,svk_messaging,svk_partners"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load_config(db=None):
    args = ["-c", os.path.join(ROOT, "odoo.conf"), "--log-level=warn"]
    if db:
        args += ["-d", db]
    odoo.tools.config.parse_config(args)


def _exists(db):
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
        return bool(cr.fetchone())


def _drop(db):
    odoo.sql_db.close_db(db)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid != pg_backend_pid()",
            (db,),
        )
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(db)))
    filestore = odoo.tools.config.filestore(db)
    if os.path.isdir(filestore):
        import shutil

        shutil.rmtree(filestore)


def _copy_from_template(db, template):
    odoo.sql_db.close_db(template)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(
            SQL(
                "CREATE DATABASE %s TEMPLATE %s",
                SQL.identifier(db),
                SQL.identifier(template),
            )
        )
    src = odoo.tools.config.filestore(template)
    if os.path.isdir(src):
        import shutil

        shutil.copytree(src, odoo.tools.config.filestore(db))


def create(db, modules, demo_size=0, langs=(), seed=1):
    """Create database `db` as a Belgian agency with `modules` installed."""
    started = time.time()
    odoo.service.db._create_empty_database(db)
    registry = odoo.modules.registry.Registry.new(db, update_module=True)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        company.write(
            {
                "name": "SVK Demo Agency" if demo_size else "SVK Test Agency",
                "country_id": env.ref("base.be").id,
                "currency_id": env.ref("base.EUR").id,
                "city": "Brussels",
                "zip": "1000",
            }
        )
        env.ref("base.EUR").active = True
        for lang in langs:
            env["res.lang"]._activate_lang(lang)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        to_install = env["ir.module.module"].search([("name", "in", modules)])
        missing = set(modules) - set(to_install.mapped("name"))
        if missing:
            raise SystemExit(
                f"svk_db: unknown modules {', '.join(sorted(missing))} "
                "(check the addons path in odoo.conf)"
            )
        to_install.button_immediate_install()
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if langs:
            env["ir.module.module"].search([("state", "=", "installed")])._update_translations(
                list(langs)
            )
        if not env.company.chart_template:
            env["account.chart.template"].try_loading("be_comp", env.company)
        # the agency's administrator also keeps its books: full accounting features,
        # the bank reconciliation included (Odoo leaves that group without its implied
        # ones when OCA modules extend it after the administrator got it)
        accountant = env.ref("account.group_account_user")
        env.ref("base.user_admin").groups_id |= accountant | accountant.trans_implied_ids
    _logger.warning("database %s created in %.1fs", db, time.time() - started)
    if demo_size:
        demo(db, demo_size, seed)


def demo(db, size, seed=1):
    registry = odoo.modules.registry.Registry(db)
    started = time.time()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        stats = env["svk.demo.generator"].generate(size=size, seed=seed)
    with registry.cursor() as cr:
        # the last three months run, paid and reconciled: month-end and arrears are alive
        env = api.Environment(cr, SUPERUSER_ID, {})
        stats.update(env["svk.demo.generator"].generate_months(months=3, seed=seed))
    _logger.warning(
        "demo agency in %s: %s (%.1fs)",
        db,
        ", ".join(f"{v} {k}" for k, v in stats.items()),
        time.time() - started,
    )
    return stats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_create = sub.add_parser("create")
    p_create.add_argument("db")
    p_create.add_argument("--modules", default=DEFAULT_MODULES)
    p_create.add_argument("--demo-size", type=int, default=0)
    p_create.add_argument("--seed", type=int, default=1)
    p_create.add_argument("--lang", default="")
    p_create.add_argument(
        "--template",
        help="cache: build this template once, then copy it (CREATE DATABASE ... TEMPLATE)",
    )
    p_demo = sub.add_parser("demo")
    p_demo.add_argument("db")
    p_demo.add_argument("--size", type=int, default=800)
    p_demo.add_argument("--seed", type=int, default=1)
    for name in ("drop", "exists"):
        sub.add_parser(name).add_argument("db")
    args = parser.parse_args(argv)

    _load_config()
    logging.getLogger("svk_db").setLevel(logging.INFO)
    if args.command == "exists":
        return 0 if _exists(args.db) else 1
    if args.command == "drop":
        _drop(args.db)
        return 0
    if args.command == "demo":
        demo(args.db, args.size, args.seed)
        return 0
    modules = [m.strip() for m in args.modules.split(",") if m.strip()]
    langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    if _exists(args.db):
        raise SystemExit(f"svk_db: database {args.db} already exists")
    if args.template:
        if not _exists(args.template):
            create(args.template, modules, langs=langs)
        _copy_from_template(args.db, args.template)
        if args.demo_size:
            demo(args.db, args.demo_size, args.seed)
    else:
        create(args.db, modules, args.demo_size, langs, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
