"""Suite "agencies": every agency of a region on one Odoo server, their month-end the
same day.

`count` agencies of `size` units each (tools/svk_db.py agencies: copies of the cached demo
agency, each its own database and company) are served by one Odoo server started with
the configuration of DEPLOY.md (its ```ini deploy-conf block: workers, limits, dbfilter by
host name, the job runner's per-database channels), only the ports, the data folder and
the list of databases set for the bench. Each agency's bench user logs in over HTTP with
the agency's host name (`<db>.agencies.test`: `dbfilter = ^%d$` picks its database), then
all click their next month's run at once (svk.rent.run's action_start through
/web/dataset/call_kw, from one thread each); the bench waits until every run is done.

Figures, against the same measured on one agency of `count` x `size` units served by the
same configuration (the issue's "1 agency of 8,000 units" at 24 x 350):
- agencies_month_end: the slowest agency's wait from its click to its run done; with
  each agency's wait, the machine time, the server's memory and the fairness figures.
- agencies_machine_time: CPU seconds from the first click to the last run done, of the
  Odoo server (its processes: master, HTTP and cron workers, the job runner) and of the
  PostgreSQL backends serving its databases.
- agencies_server_memory: the server's peak memory (the proportional set size of its
  processes summed, shared pages counted once; the peak of the RSS sum is given too).
- agencies_fairness: the latest first start of an agency's jobs after the clicks; the
  bench fails if an agency's first job started only after another agency's run was done
  (its month waited for another's to finish).
"""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import configparser
import datetime
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager

import psutil
import psycopg2
import requests
from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api

from .common import ROOT, bench_user, check_run, emit, fail, note, svk_db
from .server import _free_port, _read, run_report

SIZES = "350"
COUNT = 24
# the databases of a run: <PREFIX>01..NN, and <PREFIX>ref for the reference
PREFIX = os.environ.get("SVK_BENCH_AGENCIES_PREFIX", "svk_bench_agency_")
HOST = "{db}.agencies.test"
PASSWORD = "svk_bench"  # the bench user of a throwaway database


def template():
    """The agencies are copies of svk_db's cached demo templates (made by `run`)."""
    return None


def deploy_conf(db_names, port, gevent_port, data_dir):
    """DEPLOY.md's odoo.conf (its ```ini deploy-conf block), with the bench's databases,
    ports and data folder; the path of the file written."""
    with open(os.path.join(ROOT, "DEPLOY.md"), encoding="utf-8") as handle:
        blocks = re.findall(r"```ini deploy-conf\n(.*?)```", handle.read(), re.S)
    if len(blocks) != 1:
        fail("DEPLOY.md must have exactly one ```ini deploy-conf block")
    conf = configparser.ConfigParser(interpolation=None)
    conf.read_string(blocks[0])
    options = conf["options"]
    options.update(
        {
            "db_name": ",".join(db_names),
            "http_port": str(port),
            "gevent_port": str(gevent_port),
            "data_dir": data_dir,
            "logfile": "",
            "log_level": "warn",
            "log_handler": "odoo.addons.queue_job.jobrunner:INFO",
        }
    )
    for key in ("db_host", "db_port", "db_user", "db_password"):
        options[key] = "False"  # the bench's PostgreSQL: libpq's defaults, as odoo.conf
    conf["queue_job"]["port"] = str(port)
    path = tempfile.NamedTemporaryFile("w", prefix="svk_agencies_", suffix=".conf", delete=False)
    with path:
        conf.write(path)
    return path.name


@contextmanager
def agencies_server(db_names):
    """One Odoo server for `db_names`, configured as DEPLOY.md says; ready when the job
    runner serves every database. Stopped on exit, its log kept and named if it fails."""
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    port = _free_port()
    conf = deploy_conf(db_names, port, _free_port(), odoo.tools.config["data_dir"])
    log = tempfile.NamedTemporaryFile("w+", prefix="svk_agencies_", suffix=".log", delete=False)
    env = dict(os.environ, SVK_ROOT=os.environ.get("SVK_ROOT", ROOT))
    env.setdefault("ODOO_SRC", os.path.dirname(odoo_bin))
    for name in ("ODOO_QUEUE_JOB_CHANNELS", "ODOO_QUEUE_JOB_MAX_CAPACITY"):
        env.pop(name, None)  # the configuration file's alone
    process = subprocess.Popen(
        [sys.executable, odoo_bin, "-c", conf],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    process.log, process.port, process.conf = log.name, port, conf
    ok = False
    try:
        deadline = time.monotonic() + 300 + 10 * len(db_names)
        while True:
            text = _read(log.name)
            # Odoo's log lines end with a space
            if all(
                re.search(rf"runner ready for db {re.escape(db)}\s*$", text, re.M)
                for db in db_names
            ):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                fail(f"the agencies' server did not start; its log: {log.name}\n{text[-3000:]}")
            time.sleep(0.5)
        yield process
        ok = True
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        log.close()
        os.unlink(conf)
        if ok:
            os.unlink(log.name)


class Usage:
    """The CPU and memory of the server's processes and of the PostgreSQL backends of
    its databases, sampled from /proc (psutil) in a thread until stopped."""

    def __init__(self, server, db_names):
        self.server = psutil.Process(server.pid)
        self.db_names = db_names
        self.pg_cpu = {}  # backend pid: (CPU at first sight, last seen)
        self.rss_peak = self.pss_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _server_processes(self):
        try:
            return [self.server, *self.server.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def server_cpu(self):
        """The server's CPU seconds so far: its living processes' and those it reaped
        (workers recycled by their limits)."""
        total = 0.0
        for proc in self._server_processes():
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
            if proc.pid == self.server.pid:
                total += times.children_user + times.children_system
        return total

    def _sample(self):
        rss = pss = 0
        for proc in self._server_processes():
            try:
                memory = proc.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += memory.rss
            pss += memory.pss
        self.rss_peak, self.pss_peak = max(self.rss_peak, rss), max(self.pss_peak, pss)
        with psycopg2.connect(dbname="postgres") as cnx, cnx.cursor() as cr:
            cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = ANY(%s)", (self.db_names,))
            pids = [row[0] for row in cr.fetchall()]
        cnx.close()
        for pid in pids:
            try:
                times = psutil.Process(pid).cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            seen = times.user + times.system
            first, _last = self.pg_cpu.get(pid, (seen, seen))
            self.pg_cpu[pid] = (first, seen)

    def _loop(self):
        while not self._stop.wait(0.5):
            self._sample()

    def __enter__(self):
        self._sample()
        self.cpu_start = self.server_cpu()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()
        self.cpu = self.server_cpu() - self.cpu_start
        self.pg = sum(last - first for first, last in self.pg_cpu.values())


def prepare(db):
    """The agency's next month's run, created (not started) by the bench user (an SVK
    manager and invoicing accountant, password PASSWORD). Returns the run's id."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = bench_user(env)
        user.groups_id |= env.ref("account.group_account_invoice")
        user.password = PASSWORD
        last = env["svk.rent.run"].search([("company_id", "=", env.company.id)], limit=1)
        period = (last.period or odoo.fields.Date.today()).replace(day=1) + relativedelta(months=1)
        run = env["svk.rent.run"].with_user(user).create({"period": period})
        cr.commit()
        run_id = run.id
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)
    return run_id


def _rpc(session, server, db, path, params):
    response = session.post(
        f"http://127.0.0.1:{server.port}{path}",
        json={"jsonrpc": "2.0", "method": "call", "params": params},
        headers={"Host": HOST.format(db=db)},
        timeout=600,
    )
    response.raise_for_status()
    body = response.json()
    if body.get("error"):
        fail(f"{db} {path}: {body['error'].get('data', {}).get('message') or body['error']}")
    return body["result"]


def month_end(server, runs, timeout):
    """Log each agency's bench user in through its host name, then click every run at
    once; wait for all to be done. Returns, per database, the click's and the run's end
    (time.time()), and the Usage over the month-end."""
    sessions = {}
    for db in runs:
        session = requests.Session()
        result = _rpc(
            session,
            server,
            db,
            "/web/session/authenticate",
            {"db": db, "login": "svk_bench", "password": PASSWORD},
        )
        if result.get("db") != db:
            fail(f"{HOST.format(db=db)} reached database {result.get('db')!r}, not {db}")
        sessions[db] = session
    clicks, done = {}, {}
    barrier = threading.Barrier(len(runs))

    def click(db):
        barrier.wait()
        clicks[db] = time.time()
        _rpc(
            sessions[db],
            server,
            db,
            "/web/dataset/call_kw/svk.rent.run/action_start",
            {"model": "svk.rent.run", "method": "action_start", "args": [[runs[db]]], "kwargs": {}},
        )

    with Usage(server, list(runs)) as usage:
        threads = [threading.Thread(target=click, args=(db,)) for db in runs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        deadline = time.monotonic() + timeout
        while len(done) < len(runs):
            for db in runs:
                if db in done:
                    continue
                with psycopg2.connect(dbname=db) as cnx, cnx.cursor() as cr:
                    cr.execute("SELECT state FROM svk_rent_run WHERE id = %s", (runs[db],))
                    state = cr.fetchone()[0]
                cnx.close()
                if state in ("done", "done_errors"):
                    done[db] = time.time()
            if server.poll() is not None or time.monotonic() > deadline:
                fail(
                    f"runs not done after {timeout} s: {sorted(set(runs) - set(done))} "
                    f"(server {'stopped' if server.poll() is not None else 'up'}; "
                    f"log {server.log})"
                )
            time.sleep(0.5)
    return clicks, done, usage


def _jobs(db, run_id):
    """The first start and the last end of the run's jobs (epoch seconds), and its report."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        run = env["svk.rent.run"].browse(run_id)
        check_run(env, run, f"agencies {db}")
        jobs = env["queue.job"].search([("graph_uuid", "=", run.job_graph_uuid)])
        first = min(jobs.mapped("date_started"))
        report = run_report(env, run)
        leases = run.lease_done
    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)
    # queue_job's dates are naive UTC
    return first.replace(tzinfo=datetime.UTC).timestamp(), report, leases


def measure_group(runs, timeout):
    """The month-end of the agencies `runs` ({db: run id}) on one server: its figures."""
    with agencies_server(list(runs)) as server:
        started = time.time()
        clicks, done, usage = month_end(server, runs, timeout)
        wall = max(done.values()) - min(clicks.values())
    firsts, leases = {}, 0
    for db, run_id in runs.items():
        firsts[db], report, count = _jobs(db, run_id)
        leases += count
        note(f"agencies {db}: {count} leases; jobs: {report}")
    waits = {db: done[db] - clicks[db] for db in runs}
    first_click = min(clicks.values())
    starts = {db: firsts[db] - first_click for db in runs}
    # an agency waited for another's month to finish if its first job started after
    # another agency's run was done
    first_done = min(done.values()) - first_click
    waited = sorted(db for db in runs if starts[db] > first_done)
    return {
        "agencies": len(runs),
        "leases": leases,
        "wait_max_s": round(max(waits.values()), 1),
        "wait_median_s": round(statistics.median(waits.values()), 1),
        "wait_min_s": round(min(waits.values()), 1),
        "wall_s": round(wall, 1),
        "server_cpu_s": round(usage.cpu, 1),
        "postgres_cpu_s": round(usage.pg, 1),
        "machine_s": round(usage.cpu + usage.pg, 1),
        "pss_peak_mb": round(usage.pss_peak / 2**20),
        "rss_peak_mb": round(usage.rss_peak / 2**20),
        "first_start_max_s": round(max(starts.values()), 1),
        "first_start_spread_s": round(max(starts.values()) - min(starts.values()), 1),
        "first_done_s": round(first_done, 1),
        "waited_for_another": waited,
        "setup_s": round(first_click - started, 1),
    }


def _drop_all(db_names):
    for db in db_names:
        svk_db._drop(db)


def run(sizes, count, _repeat):
    """Provision the agencies and the reference agency, measure both, drop them."""
    count = count or COUNT
    for size in sizes:
        names = [f"{PREFIX}{number:02d}" for number in range(1, count + 1)]
        reference = f"{PREFIX}ref"
        _drop_all([*names, reference])
        try:
            started = time.time()
            svk_db.agencies(count, size, PREFIX)
            note(f"agencies: {count} x {size} units provisioned in {time.time() - started:.0f} s")
            started = time.time()
            template = svk_db.demo_template(
                count * size, svk_db.DEFAULT_MODULES.split(","), ("fr_BE", "nl_BE")
            )
            svk_db.copy_as_new(reference, template, "SVK Agency (all in one)")
            note(f"agencies: reference of {count * size} units in {time.time() - started:.0f} s")
            runs = {db: prepare(db) for db in names}
            ref_runs = {reference: prepare(reference)}
            note(f"agencies {count} x {size}: load average {os.getloadavg()}")
            ours = measure_group(runs, timeout=1800 + 10 * count * size)
            note(f"agencies {count} x {size}: {ours}")
            ref = measure_group(ref_runs, timeout=1800 + 10 * count * size)
            note(f"agencies reference 1 x {count * size}: {ref}")
            note(f"agencies done: load average {os.getloadavg()}")
        finally:
            _drop_all([*names, reference])
        if ours["waited_for_another"]:
            fail(
                f"agencies {', '.join(ours['waited_for_another'])} started only after another "
                f"agency's month was done ({ours})"
            )
        label = f"1 agency of {count * size} units on the same configuration"
        extra = {"agencies": count, "units_each": size, "ours": ours, "reference_run": ref}
        emit(
            "agencies_month_end",
            size,
            ours["wait_max_s"],
            f"{label}: its wait from click to done",
            ref["wait_max_s"],
            **extra,
        )
        emit(
            "agencies_machine_time",
            size,
            ours["machine_s"],
            f"{label}: CPU of the server and its PostgreSQL backends",
            ref["machine_s"],
            server_cpu_s=ours["server_cpu_s"],
            postgres_cpu_s=ours["postgres_cpu_s"],
            wall_s=ours["wall_s"],
        )
        emit(
            "agencies_server_memory",
            size,
            ours["pss_peak_mb"],
            f"{label}: the server's peak memory",
            ref["pss_peak_mb"],
            unit="MB",
            rss_peak_mb=ours["rss_peak_mb"],
        )
        emit(
            "agencies_fairness",
            size,
            ours["first_start_max_s"],
            "the first agency's run done (s after the clicks): every agency started before",
            ours["first_done_s"],
            first_start_spread_s=ours["first_start_spread_s"],
        )
