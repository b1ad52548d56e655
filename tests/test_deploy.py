"""DEPLOY.md's recipe, run as written on this machine (``-p no:odoo``: no Odoo test
database; the test provisions its own agencies, and drops them).

    python -m pytest -p no:odoo tests/test_deploy.py

Two small demo agencies (tools/svk_db.py agencies) are served by DEPLOY.md's odoo.conf
(its ```ini deploy-conf block, with their names, this machine's data folder and
PostgreSQL, a free port); Odoo's own parser reads it; then the ```sh deploy-check blocks
run in order in one ``bash -e``: Odoo loads every agency with that configuration, the
nightly backup of each agency, the restore test of one, the upgrade of every agency.
"""

import configparser
import os
import re
import socket
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPLOY = os.path.join(ROOT, "DEPLOY.md")
SVK_DB = os.path.join(ROOT, "tools", "svk_db.py")
PREFIX = os.environ.get("SVK_DEPLOY_TEST_PREFIX", f"svk_deploy_{os.getpid()}_")
SIZE = 10  # units: the smallest demo agency, built once per code version (cached)


def _blocks(kind):
    with open(DEPLOY, encoding="utf-8") as handle:
        return re.findall(rf"```{kind}\n(.*?)```", handle.read(), re.S)


def _env():
    return dict(
        os.environ,
        ODOO_SRC=os.environ.get("ODOO_SRC", "/opt/odoo18"),
        SVK_ROOT=os.environ.get("SVK_ROOT", ROOT),
    )


def _data_dir(env):
    """The data folder of the repository's odoo.conf (where svk_db.py puts the
    agencies' filestores), its variables expanded."""
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(os.path.join(ROOT, "odoo.conf"))
    value = conf["options"]["data_dir"]
    for name in ("SVK_ROOT", "ODOO_SRC"):
        value = value.replace(f"${{{name}}}", env[name])
    return value


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def agencies():
    env = _env()
    names = [f"{PREFIX}01", f"{PREFIX}02"]
    subprocess.run(
        [
            sys.executable,
            SVK_DB,
            "agencies",
            "--count",
            "2",
            "--size",
            str(SIZE),
            "--prefix",
            PREFIX,
        ],
        check=True,
        env=env,
        cwd=ROOT,
    )
    try:
        yield names
    finally:
        subprocess.run(
            [sys.executable, SVK_DB, "drop", *names, f"{names[0]}-restore-check"],
            check=False,
            env=env,
            cwd=ROOT,
        )


@pytest.fixture
def conf(agencies, tmp_path):
    """DEPLOY.md's odoo.conf for this machine: the agencies, the data folder and the
    PostgreSQL of the repository's odoo.conf, a free port, the log on stderr."""
    (block,) = _blocks("ini deploy-conf")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(block)
    parser["options"].update(
        {
            "db_name": ",".join(agencies),
            "data_dir": _data_dir(_env()),
            "logfile": "",
            "log_level": "warn",
            "http_port": str(_free_port()),
            "db_user": "False",
        }
    )
    path = tmp_path / "svk.conf"
    with open(path, "w", encoding="utf-8") as handle:
        parser.write(handle)
    return path


def test_conf_read_by_odoo(conf, agencies):
    """Odoo's parser reads the recipe's configuration as DEPLOY.md explains it."""
    code = (
        "import json, sys, odoo; from odoo.tools import config; "
        "config.parse_config(['-c', sys.argv[1]]); "
        "print(json.dumps({k: config[k] for k in ('db_name', 'dbfilter', 'workers', "
        "'max_cron_threads', 'proxy_mode', 'list_db', 'gevent_port', 'db_maxconn', "
        "'server_wide_modules', 'limit_memory_soft', 'addons_path')} | "
        "{'queue_job': dict(config.misc.get('queue_job', {}))}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(conf)],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
    )
    values = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    assert values["db_name"] == ",".join(agencies)
    assert values["dbfilter"] == "^%d$"
    assert values["workers"] > int(values["queue_job"]["max_capacity"]) > 1
    assert values["max_cron_threads"] == 1
    assert values["proxy_mode"] is True
    assert values["list_db"] is False
    assert "queue_job" in values["server_wide_modules"]
    # per-database channels: a "channels" key would put every agency in one queue
    assert "channels" not in values["queue_job"]
    assert int(values["queue_job"]["db_max_capacity"]) >= 1
    # ${SVK_ROOT} expanded: the suite's addons are found
    assert ROOT in values["addons_path"].split(",")


def test_deploy_checks_run_as_written(conf, agencies, tmp_path):
    """The deploy-check blocks, in order, in one bash -e: Odoo loads both agencies, each
    is backed up (database and files), one is restored and compared, both upgraded."""
    backups = tmp_path / "backups"
    backups.mkdir()
    script = "set -euo pipefail\n" + "\n".join(_blocks("sh deploy-check"))
    env = dict(_env(), CONF=str(conf), BACKUPS=str(backups), MODULES="svk_demo")
    env.pop("ODOO", None)
    result = subprocess.run(
        ["bash", "-c", script], check=False, env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    dumps = sorted(path.name for path in backups.iterdir())
    for db in agencies:
        assert any(name.startswith(f"{db}-") and name.endswith(".dump") for name in dumps)
        assert any(name.endswith(".filestore.tgz") and name.startswith(f"{db}-") for name in dumps)
    # the restore test dropped its database
    listed = subprocess.run(
        ["psql", "-Atc", "SELECT datname FROM pg_database", "postgres"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert f"{agencies[0]}-restore-check" not in listed
    assert set(agencies) <= set(listed)


def test_restore_check_fails_on_a_bad_backup(conf, agencies, tmp_path):
    """The restore test is a test: a backup that misses what the live agency has (a file
    attached after the backup) makes it fail, saying what differs."""
    backups = tmp_path / "backups"
    backups.mkdir()
    blocks = _blocks("sh deploy-check")
    variables = blocks[0]
    backup, restore = (block for block in blocks if "pg_dump" in block or "pg_restore" in block)
    added = (
        'psql -qc "INSERT INTO ir_attachment (name, type) '
        "VALUES ('after the backup', 'binary')\" \"${AGENCIES%% *}\"\n"
    )
    script = "set -euo pipefail\n" + "\n".join([variables, backup, added, restore])
    env = dict(_env(), CONF=str(conf), BACKUPS=str(backups), MODULES="svk_demo")
    result = subprocess.run(
        ["bash", "-c", script], check=False, env=env, cwd=tmp_path, capture_output=True, text=True
    )
    try:
        assert result.returncode != 0
        assert "ir_attachment: " in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
    finally:
        subprocess.run(
            [
                "psql",
                "-qc",
                "DELETE FROM ir_attachment WHERE name = 'after the backup'",
                agencies[0],
            ],
            check=False,
        )
        subprocess.run(["dropdb", "--if-exists", f"{agencies[0]}-restore-check"], check=False)
        filestore = os.path.join(_data_dir(_env()), "filestore", f"{agencies[0]}-restore-check")
        subprocess.run(["rm", "-rf", filestore], check=False)
