"""An Odoo server with queue_job's runner on a bench database, and the runs it does."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds, as the monthly run does between chunks)
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

import odoo
from odoo import SUPERUSER_ID, api

from .common import ROOT, fail

# ----------------------------------------------------------- the job queue's server
# as in production (odoo.conf): two jobs at once, two of them the monthly run's, one
# sending messages (the provider's rate)
JOB_CHANNELS = "root:2,root.svk_rent_run:2,root.svk_messaging:1"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def job_server(db):
    """An Odoo server on `db` as production runs it: two HTTP workers and OCA
    queue_job's runner (odoo.conf loads queue_job server-wide), on free ports, no cron.
    Ready when the runner has loaded the database's jobs; stopped on exit. Its log goes
    to a temporary file (the runner's lines included), kept and named if it fails."""
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    log = tempfile.NamedTemporaryFile("w+", prefix=f"{db}_server_", suffix=".log", delete=False)
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            odoo_bin,
            "-c",
            os.path.join(ROOT, "odoo.conf"),
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--workers=2",
            f"--http-port={port}",
            f"--gevent-port={_free_port()}",
            "--max-cron-threads=0",
            "--log-level=warn",
            "--log-handler=odoo.addons.queue_job.jobrunner:INFO",
        ],
        env=dict(
            os.environ,
            ODOO_QUEUE_JOB_CHANNELS=JOB_CHANNELS,
            SVK_ROOT=os.environ.get("SVK_ROOT", ROOT),
            ODOO_SRC=os.environ.get("ODOO_SRC", os.path.dirname(odoo_bin)),
        ),
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,  # its workers in a group of their own, to stop them all
    )
    process.log = log.name
    process.port = port
    ok = False
    try:
        deadline = time.monotonic() + 180
        ready = f"queue job runner ready for db {db}"
        while ready not in _read(log.name):
            if process.poll() is not None or time.monotonic() > deadline:
                fail(
                    f"the job server did not start; its log: {log.name}\n{_read(log.name)[-3000:]}"
                )
            time.sleep(0.2)
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
        if ok:
            os.unlink(log.name)


def _read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def run_through_queue(db, run_id, user_id, server, timeout):
    """Start the run `run_id` as user `user_id` (its button: the jobs are queued and
    committed) and wait for the server's workers to close it. Returns the seconds from
    the click to the run done, and the run's state. Stops the bench (with the failed
    jobs' tracebacks) if the run cannot finish."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        run = api.Environment(cr, user_id, {})["svk.rent.run"].browse(run_id)
        started = time.perf_counter()
        run.action_start()
        cr.commit()
        graph = run.job_graph_uuid
    deadline = time.monotonic() + timeout
    while True:
        with registry.cursor() as cr:
            cr.execute("SELECT state FROM svk_rent_run WHERE id = %s", (run_id,))
            state = cr.fetchone()[0]
            if state in ("done", "done_errors"):
                return time.perf_counter() - started, state
            cr.execute(
                "SELECT state, count(*) FROM queue_job WHERE graph_uuid = %s GROUP BY state",
                (graph,),
            )
            jobs = dict(cr.fetchall())
            stuck = jobs.get("failed") and not any(
                jobs.get(open_state) for open_state in ("pending", "enqueued", "started")
            )
            if stuck or server.poll() is not None or time.monotonic() > deadline:
                env = api.Environment(cr, SUPERUSER_ID, {})
                failed = env["queue.job"].search(
                    [("graph_uuid", "=", graph), ("state", "=", "failed")]
                )
                for job in failed:
                    sys.stderr.write(
                        f"--- failed job {job.uuid} {job.method_name} {job.name}:\n"
                        f"{job.exc_info or job.exc_message}\n"
                    )
                fail(
                    f"run {run_id} still {state!r} after "
                    f"{time.perf_counter() - started:.0f} s (jobs by state: {jobs}, server "
                    f"{'stopped' if server.poll() is not None else 'up'}); server log: "
                    f"{server.log}"
                )
        time.sleep(0.2)


def run_report(env, run):
    """How the run's jobs ran: how many, in how many worker processes, how much of
    the time two ran at once (their busy seconds over the span from the first start to
    the last end), how long the first waited, retries."""
    jobs = env["queue.job"].search([("graph_uuid", "=", run.job_graph_uuid)], order="id")
    work = jobs.filtered(lambda job: job.method_name != "_job_finish")
    report = {
        "jobs": len(jobs),
        "states": sorted(set(jobs.mapped("state"))),
        "worker_pids": len(set(jobs.mapped("worker_pid"))),
        "retries": sum(jobs.mapped("retry")) - len(jobs),
    }
    if work and all(work.mapped("date_started")) and all(work.mapped("date_done")):
        span = (max(work.mapped("date_done")) - min(work.mapped("date_started"))).total_seconds()
        busy = sum(work.mapped("exec_time"))
        events = sorted(
            [(job.date_started, 1) for job in work] + [(job.date_done, -1) for job in work],
            key=lambda event: (event[0], event[1]),
        )
        running = most = 0
        for _when, step in events:
            running += step
            most = max(most, running)
        report.update(
            chunk_seconds=[round(t, 1) for t in work.mapped("exec_time")],
            busy_s=round(busy, 1),
            span_s=round(span, 1),
            parallelism=round(busy / span, 2) if span else None,
            most_at_once=most,
            first_wait_s=round(
                (
                    min(work.mapped("date_started")) - min(jobs.mapped("date_created"))
                ).total_seconds(),
                1,
            ),
        )
    retried = jobs.filtered(lambda job: job.retry > 1)
    if retried:
        report["retried"] = [
            f"{job.method_name} x{job.retry - 1}: {job.exc_message or job.result or ''}"[:300]
            for job in retried
        ]
    return report
