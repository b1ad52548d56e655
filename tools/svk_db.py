"""Create, fill and drop the SVK suite's databases (used by the Makefile).

    python tools/svk_db.py create DB [--modules m1,m2] [--demo-size N] [--lang fr_BE,nl_BE]
                                     [--template TPL] [--from data/<agency>/]
    python tools/svk_db.py demo DB --size N [--seed S]
    python tools/svk_db.py drop DB
    python tools/svk_db.py exists DB

A new database is an agency: its main company is set in Belgium (EUR) before accounting
is installed, so that Odoo loads the Belgian chart of accounts (l10n_be) for it. Odoo's
own demo data is never loaded; the demo agency comes from the svk.demo.generator model of
the svk_demo addon, which `create --demo-size` and `demo` install first.

`--from data/<agency>/` provisions a real agency instead: the database (Belgian chart,
the addons, French and Dutch), then the agency's files in that folder (xls, xlsx, ods,
csv) through the same import an SVK manager runs in Odoo (svk_import), with a progress
bar and its report. `import.json` in the folder gives the cut-over date, the opening
journal's code and the counterpart account's code; the import writes everything or,
when a row is wrong, nothing (the database is kept, the errors printed, exit code 1).
"""

import argparse
import base64
import datetime
import json
import logging
import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger("svk_db")

DEFAULT_MODULES = (
    "l10n_be,svk_housing,svk_messaging,svk_partners,svk_import,svk_indexation,svk_charges,svk_gdpr"
)
# the demo agency's generator: installed by `demo` (and `create --demo-size`) only, never
# one of the production addons
DEMO_MODULE = "svk_demo"
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
        _load_reference_tables(env)
    _logger.warning("database %s created in %.1fs", db, time.time() - started)
    if demo_size:
        demo(db, demo_size, seed)


IMPORT_EXTENSIONS = (".xls", ".xlsx", ".ods", ".csv")


def _load_reference_tables(env):
    """The reference tables of data/reference an agency starts with: the health index
    series (svk_indexation), loaded as an administrator would."""
    path = os.path.join(ROOT, "data", "reference", "health_index.csv")
    if "svk.health.index.load" in env and os.path.exists(path):
        env["svk.health.index.load"].create(
            {"file": base64.b64encode(_read_bytes(path)), "file_name": "health_index.csv"}
        ).action_load()


def _progress_bar(done, total, text):
    width = 30
    filled = int(width * done / (total or 100))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:3.0f}% {str(text)[:40]:40}")
    sys.stderr.flush()


def _read_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def import_agency(db, folder):
    """Import the agency's files of `folder` into `db`; return the number of errors."""
    started = time.time()
    files = sorted(
        name
        for name in os.listdir(folder)
        if name.lower().endswith(IMPORT_EXTENSIONS) and not name.startswith((".", "~$"))
    )
    if not files:
        raise SystemExit(f"svk_db: no xls, xlsx, ods or csv file in {folder}")
    settings = {}
    if os.path.exists(os.path.join(folder, "import.json")):
        with open(os.path.join(folder, "import.json"), encoding="utf-8") as handle:
            settings = json.load(handle)
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        # the administrator imports, as an SVK manager would in Odoo
        env = api.Environment(cr, SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        env = api.Environment(cr, admin.id, {"lang": admin.lang, "tracking_disable": True})
        company = env.company
        vals = {
            "name": os.path.basename(os.path.normpath(folder)),
            "cutover_date": settings.get("cutover") or datetime.date.today().isoformat(),
        }
        if settings.get("journal"):
            vals["journal_id"] = (
                env["account.journal"]
                .search([("code", "=", settings["journal"]), ("company_id", "=", company.id)])
                .id
            )
        if settings.get("counterpart_account"):
            vals["counterpart_account_id"] = (
                env["account.account"]
                .search(
                    [
                        *env["account.account"]._check_company_domain(company),
                        ("code", "=", settings["counterpart_account"]),
                    ],
                    limit=1,
                )
                .id
            )
        attachments = env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "datas": base64.b64encode(_read_bytes(os.path.join(folder, name))),
                    "res_model": "svk.import",
                }
                for name in files
            ]
        )
        vals["attachment_ids"] = [(6, 0, attachments.ids)]
        record = env["svk.import"].create(vals)
        sys.stderr.write(f"svk_db: importing {', '.join(files)} into {db}\n")
        record._run_import(progress=_progress_bar)
        sys.stderr.write("\n")
        for sheet in record.sheet_ids:
            sys.stdout.write(
                f"  {sheet.name:28} {sheet.row_count:5} rows  {sheet.create_count:5} created "
                f"{sheet.update_count:5} updated  {sheet.error_count:4} with errors\n"
            )
        for line in record.message_line_ids:
            where = ", ".join(
                part
                for part in (line.sheet_name, line.row and f"row {line.row}", line.column)
                if part
            )
            sys.stdout.write(f"  error: {where}: {line.reason}\n")
        errors = len(record.message_line_ids)
        state = record.state
    _logger.warning(
        "import of %s into %s: %s (%.1fs)",
        folder,
        db,
        "done" if state == "done" else f"{errors} errors, nothing imported",
        time.time() - started,
    )
    return errors


def demo(db, size, seed=1):
    """Install svk_demo in `db` (once) and build its demo agency of about `size` units."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", DEMO_MODULE)])
        if not module:
            # a database made before the addon existed: its list of modules is older
            env["ir.module.module"].update_list()
            module = env["ir.module.module"].search([("name", "=", DEMO_MODULE)])
        if not module:
            raise SystemExit(
                f"svk_db: unknown module {DEMO_MODULE} (check the addons path in odoo.conf)"
            )
        if module.state != "installed":
            module.button_immediate_install()
    registry = odoo.modules.registry.Registry(db)
    started = time.time()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        stats = env["svk.demo.generator"]._generate(size=size, seed=seed)
    with registry.cursor() as cr:
        # the last three months run, paid and reconciled: month-end and arrears are alive
        env = api.Environment(cr, SUPERUSER_ID, {})
        stats.update(env["svk.demo.generator"]._generate_months(months=3, seed=seed))
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
        "--from",
        dest="from_dir",
        help="an agency's folder of files (data/<agency>/): import them after creating",
    )
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
    if args.from_dir:
        if not os.path.isdir(args.from_dir):
            raise SystemExit(f"svk_db: {args.from_dir} is not a folder")
        if "svk_import" not in modules:
            modules.append("svk_import")
        langs = langs or ["fr_BE", "nl_BE"]
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
    if args.from_dir:
        return 1 if import_agency(args.db, args.from_dir) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
