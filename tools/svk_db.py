"""Create, fill and drop the SVK suite's databases (used by the Makefile).

    python tools/svk_db.py create DB [--modules m1,m2] [--demo-size N] [--lang fr_BE,nl_BE]
                                     [--template TPL] [--from data/<agency>/] [--cached]
    python tools/svk_db.py demo DB --size N [--seed S]
    python tools/svk_db.py agencies --count N --size S --prefix P [--first K] [--lang ...]
    python tools/svk_db.py channels DB [DB ...] [--spec root.svk_rent_run:2,...]
    python tools/svk_db.py drop DB [DB ...]
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

`create --demo-size N --cached` (what `make run` does) builds the demo agency once per
version of the addons' code, size, seed, languages and month, as a PostgreSQL template
(`svk_tpl_demo<N>_<code>_<options>_<yyyymm>`), then copies it (CREATE DATABASE ...
TEMPLATE, the filestore, a new database uuid and secret): minutes the first time, seconds
after. The demo's dates are relative to the day it was built (leases, the last three
months paid): a template is used within its month only, then built again.

`agencies` provisions N agencies on one server, each its own database `<P><NN>` copied
from the cached demo template of size S (built once), its company named "SVK Agency NN".
DEPLOY.md says how one Odoo server then serves them all (dbfilter by host name, the job
runner's and the crons' list of databases).
"""

import argparse
import ast
import base64
import datetime
import functools
import hashlib
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
    "l10n_be,svk_housing,svk_messaging,svk_partners,svk_import,svk_indexation,svk_charges,svk_gdpr,"
    "svk_portal,svk_repair,svk_partners_portal,svk_region,svk_dashboard"
)
# the demo agency's generator: installed by `demo` (and `create --demo-size`) only, never
# one of the production addons
DEMO_MODULE = "svk_demo"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the cached demo agencies (create --cached, agencies): PostgreSQL templates
DEMO_TEMPLATE_PREFIX = "svk_tpl_demo"
# the capacities of an agency's job channels when the job runner reads them from each
# database (queue_job's per-database channels, DEPLOY.md): the month's run two chunks at
# once, messages one at a time (the providers' rate limits)
AGENCY_CHANNELS = "root.svk_rent_run:2,root.svk_messaging:1"


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
        cr.execute("SELECT datistemplate FROM pg_database WHERE datname = %s", (db,))
        if (cr.fetchone() or [False])[0]:  # a cached demo (demo_template)
            cr.execute(SQL("ALTER DATABASE %s IS_TEMPLATE false", SQL.identifier(db)))
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


@functools.cache
def code_digest(modules):
    """The digest of the code of `modules` (a tuple; this repository's addons among them,
    the others come with Odoo or the OCA wheels, pinned by requirements.txt): what a
    cached database was built from. Read once per process: what it builds is named after
    the same code, should it be edited meanwhile."""
    digest = hashlib.sha1()
    for addon in modules:
        folder = os.path.join(ROOT, addon)
        if not os.path.isdir(folder):
            continue
        for base, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.endswith((".py", ".xml", ".csv")):
                    with open(os.path.join(base, name), "rb") as handle:
                        digest.update(handle.read())
    return digest.hexdigest()[:10]


def _demo_modules(modules):
    """The addons of a demo database: `modules`, their own dependencies in this
    repository (their code shapes the demo too) and svk_demo."""
    todo, seen = [*modules, DEMO_MODULE], []
    while todo:
        addon = todo.pop(0)
        if addon in seen:
            continue
        seen.append(addon)
        manifest = os.path.join(ROOT, addon, "__manifest__.py")
        if os.path.exists(manifest):
            with open(manifest, encoding="utf-8") as handle:
                todo += ast.literal_eval(handle.read()).get("depends", [])
    return seen


def _options(*values):
    return hashlib.sha1(repr(values).encode()).hexdigest()[:6]


def demo_template_name(size, modules, langs=(), seed=1, prefix=DEMO_TEMPLATE_PREFIX):
    """`<prefix><size>_<code digest>_<options digest>_<yyyymm>`: a template per version of
    the code, size, seed, addons and languages, rebuilt each month (the demo's dates are
    relative to the day it is built)."""
    code = code_digest(tuple(_demo_modules(modules)))
    options = _options(sorted(modules), sorted(langs), seed)
    return f"{prefix}{size}_{code}_{options}_{datetime.date.today():%Y%m}"


def demo_template(size, modules, langs=(), seed=1, prefix=DEMO_TEMPLATE_PREFIX):
    """The cached template of the demo agency of `size` units, built if missing: a copy of
    the cached template of the addons and languages without the demo (`<prefix>base_...`,
    shared by every size), then the demo agency built into it."""
    code = code_digest(tuple(_demo_modules(modules)))
    base = _cached(
        f"{prefix}base_",
        code,
        _options(sorted(modules), sorted(langs)),
        lambda db: create(db, modules, langs=langs),
    )

    def build(db):
        _copy_from_template(db, base)
        demo(db, size, seed)

    name = demo_template_name(size, modules, langs, seed, prefix)
    return _cached(f"{prefix}{size}_", code, name.split("_")[-2], build, name[-6:])


def _cached(kind, code, options, build, month=None):
    """The template `<kind><code>_<options>[_<month>]`, built by `build(db)` if missing;
    those of the same kind and options built from other code or in another month are
    dropped. It is built under a temporary name and renamed when complete: an
    interrupted build never leaves a template that looks whole."""
    name = f"{kind}{code}_{options}" + (f"_{month}" if month else "")
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", (kind,))
        others = [row[0] for row in cr.fetchall() if row[0] != name]
    for other in others:
        # <code>_<options>[_<yyyymm>][_building]: older code or month, or a build cut short
        parts = other[len(kind) :].split("_")
        if len(parts) > 1 and parts[1] == options:
            _drop(other)
    if _exists(name):
        return name
    building = f"{name}_building"
    _drop(building)
    started = time.time()
    try:
        build(building)
        odoo.sql_db.close_db(building)
        odoo.modules.registry.Registry.delete(building)
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr._cnx.autocommit = True
            cr.execute(
                SQL(
                    "ALTER DATABASE %s RENAME TO %s",
                    SQL.identifier(building),
                    SQL.identifier(name),
                )
            )
            # a template: out of Odoo's list of databases (the database manager, the
            # crons and the job runner of a server without db_name never open it)
            cr.execute(SQL("ALTER DATABASE %s IS_TEMPLATE true", SQL.identifier(name)))
    except BaseException:
        _drop(building)
        raise
    filestore = odoo.tools.config.filestore(building)
    if os.path.isdir(filestore):
        os.rename(filestore, odoo.tools.config.filestore(name))
    _logger.warning("template %s built in %.1fs", name, time.time() - started)
    return name


def copy_as_new(db, template, company_name=None):
    """`db` as a copy of `template` (its filestore too), with a database uuid and secret
    of its own, as Odoo's duplicate does; its main company renamed to `company_name`."""
    started = time.time()
    _copy_from_template(db, template)
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.config_parameter"].init(force=True)
        set_channels(env)
        if company_name:
            env.ref("base.main_company").name = company_name
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)
    _logger.warning("database %s copied from %s in %.1fs", db, template, time.time() - started)


def set_channels(env, spec=AGENCY_CHANNELS):
    """Set the capacities of `spec` ("root.a:2,root.b:1") on the database's job channels
    (those missing are skipped: their addon is not installed)."""
    for item in spec.split(","):
        name, _sep, capacity = item.strip().rpartition(":")
        channel = env["queue.job.channel"].search([("complete_name", "=", name)])
        if channel and channel.capacity != int(capacity):
            channel.capacity = int(capacity)


def agencies(count, size, prefix, first=1, modules=None, langs=("fr_BE", "nl_BE"), seed=1):
    """`count` agencies `<prefix><NN>` (NN from `first`), each a copy of the cached demo
    agency of `size` units with its company named "SVK Agency NN". Returns their names."""
    names = [f"{prefix}{number:02d}" for number in range(first, first + count)]
    existing = [name for name in names if _exists(name)]
    if existing:
        raise SystemExit(f"svk_db: database(s) {', '.join(existing)} already exist")
    template = demo_template(size, modules or DEFAULT_MODULES.split(","), langs, seed)
    for number, name in enumerate(names, first):
        copy_as_new(name, template, f"SVK Agency {number:02d}")
    return names


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
    p_create.add_argument(
        "--cached",
        action="store_true",
        help="with --demo-size: copy the demo agency from its cached template (built once "
        "per version of the code, size, seed, languages and month)",
    )
    p_demo = sub.add_parser("demo")
    p_demo.add_argument("db")
    p_demo.add_argument("--size", type=int, default=800)
    p_demo.add_argument("--seed", type=int, default=1)
    p_agencies = sub.add_parser("agencies")
    p_agencies.add_argument("--count", type=int, required=True)
    p_agencies.add_argument("--size", type=int, default=350)
    p_agencies.add_argument("--prefix", required=True, help="database names: <prefix><NN>")
    p_agencies.add_argument("--first", type=int, default=1, help="the first NN")
    p_agencies.add_argument("--modules", default=DEFAULT_MODULES)
    p_agencies.add_argument("--lang", default="fr_BE,nl_BE")
    p_agencies.add_argument("--seed", type=int, default=1)
    p_channels = sub.add_parser("channels")
    p_channels.add_argument("db", nargs="+")
    p_channels.add_argument("--spec", default=AGENCY_CHANNELS)
    sub.add_parser("drop").add_argument("db", nargs="+")
    sub.add_parser("exists").add_argument("db")
    args = parser.parse_args(argv)

    _load_config()
    logging.getLogger("svk_db").setLevel(logging.INFO)
    if args.command == "exists":
        return 0 if _exists(args.db) else 1
    if args.command == "drop":
        for db in args.db:
            _drop(db)
        return 0
    if args.command == "demo":
        demo(args.db, args.size, args.seed)
        return 0
    if args.command == "channels":
        for db in args.db:
            with odoo.modules.registry.Registry(db).cursor() as cr:
                set_channels(api.Environment(cr, SUPERUSER_ID, {}), args.spec)
        return 0
    modules = [m.strip() for m in args.modules.split(",") if m.strip()]
    langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    if args.command == "agencies":
        names = agencies(args.count, args.size, args.prefix, args.first, modules, langs, args.seed)
        sys.stdout.write(",".join(names) + "\n")
        return 0
    if args.from_dir:
        if not os.path.isdir(args.from_dir):
            raise SystemExit(f"svk_db: {args.from_dir} is not a folder")
        if "svk_import" not in modules:
            modules.append("svk_import")
        langs = langs or ["fr_BE", "nl_BE"]
    if _exists(args.db):
        raise SystemExit(f"svk_db: database {args.db} already exists")
    if args.cached and args.demo_size:
        copy_as_new(args.db, demo_template(args.demo_size, modules, langs, args.seed))
    elif args.template:
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
