"""The monthly run on a real Odoo server with two workers and OCA queue_job's runner, as
in production (cross-addon: it starts a server process, so pytest-odoo runs it only).

Everything it commits in the test database is removed at the end."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2026-11-01"
LEASES = 7


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def agency():
    """A small agency committed in the test database: 7 leases, an owner contract."""
    db = odoo.tools.config["db_name"]
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        owner = env["res.partner"].create({"name": "Workers Owner"})
        bank = env["res.partner.bank"].create(
            {"partner_id": owner.id, "acc_number": "BE62510007547061"}
        )
        units = env["svk.unit"].create(
            [{"name": f"Workers {i}", "state": "available"} for i in range(LEASES)]
        )
        contract = env["svk.owner.contract"].create(
            {
                "owner_id": owner.id,
                "bank_account_id": bank.id,
                "date_start": "2026-01-01",
                "state": "active",
                "line_ids": [Command.create({"unit_id": u.id, "owner_rent": 500.0}) for u in units],
            }
        )
        tenants = env["res.partner"].create(
            [{"name": f"Workers Tenant {i}"} for i in range(LEASES)]
        )
        leases = env["svk.lease"].create(
            [
                {
                    "unit_id": u.id,
                    "tenant_id": t.id,
                    "date_start": "2026-01-01",
                    "rent": 450.0,
                    "state": "active",
                }
                for u, t in zip(units, tenants, strict=True)
            ]
        )
        # chunks of 2: four jobs of leases, one of owners, one to close the run
        env.company.svk_rent_run_chunk = 2
        run = env["svk.rent.run"].create({"period": PERIOD})
        ids = {
            "partners": [owner.id, *tenants.ids],
            "units": units.ids,
            "contract": contract.id,
            "leases": leases.ids,
            "run": run.id,
        }
    yield registry, ids
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env.company.svk_rent_run_chunk = 200
        run = env["svk.rent.run"].browse(ids["run"])
        if run.job_graph_uuid:
            env["queue.job"].search([("graph_uuid", "=", run.job_graph_uuid)]).unlink()
        moves = env["account.move"].search(
            ["|", ("svk_run_id", "=", run.id), ("svk_lease_id", "in", ids["leases"])]
        )
        clearings = env["account.move"].search(
            [("svk_kind", "=", "clearing"), ("line_ids.svk_unit_id", "in", ids["units"])]
        )
        (moves | clearings).filtered(lambda m: m.state == "posted").button_draft()
        (moves | clearings).with_context(force_delete=True).unlink()
        run.unlink()
        env["svk.lease"].browse(ids["leases"]).unlink()
        contract = env["svk.owner.contract"].browse(ids["contract"])
        contract.state = "draft"
        contract.unlink()
        units = env["svk.unit"].browse(ids["units"])
        analytic = units.analytic_account_id
        units.unlink()
        analytic.unlink()
        env["res.partner"].browse(ids["partners"]).unlink()


@pytest.fixture
def server(tmp_path):
    """An Odoo server on the test database with two HTTP workers and the job runner."""
    db = odoo.tools.config["db_name"]
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(os.environ["ODOO_SRC"]) / "odoo-bin"),
            "-c",
            str(ROOT / "odoo.conf"),
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--workers=2",
            f"--http-port={port}",
            f"--gevent-port={_free_port()}",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        env=dict(os.environ, ODOO_QUEUE_JOB_CHANNELS="root:2,root.svk_rent_run:2"),
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
    )
    process.log = tmp_path / "server.log"
    yield process
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def test_the_run_is_done_by_two_workers_in_the_background(agency, server):
    registry, ids = agency
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        run = env["svk.rent.run"].browse(ids["run"])
        started = time.monotonic()
        run.action_start()  # queues the jobs and returns at once
        assert time.monotonic() - started < 30
        assert run.state == "running"
        assert run.job_open_count == 6
        assert not env["account.move"].search_count([("svk_run_id", "=", run.id)])
    deadline = time.monotonic() + 240
    state = "running"
    while time.monotonic() < deadline and state == "running":
        assert server.poll() is None, server.log.read_text()[-3000:]
        time.sleep(1)
        with registry.cursor() as cr:
            cr.execute("SELECT state FROM svk_rent_run WHERE id = %s", (ids["run"],))
            state = cr.fetchone()[0]
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        run = env["svk.rent.run"].browse(ids["run"])
        assert run.state == "done", (
            run.state,
            run.job_failed_count,
            env["queue.job"].search([("graph_uuid", "=", run.job_graph_uuid)]).mapped("state"),
            server.log.read_text()[-3000:],
        )
        assert (run.invoice_count, run.bill_count, run.error_count) == (LEASES, 1, 0)
        assert run.progress == 100.0
        jobs = env["queue.job"].search([("graph_uuid", "=", run.job_graph_uuid)])
        assert len(jobs) == 6
        assert set(jobs.mapped("state")) == {"done"}
        # the jobs ran in the server's processes, not in this one
        assert os.getpid() not in set(jobs.mapped("worker_pid"))
        collected = env["account.move.line"].search(
            [
                ("account_id", "=", env.company.svk_owner_collected_account_id.id),
                ("svk_unit_id", "in", ids["units"]),
                ("parent_state", "=", "posted"),
            ]
        )
        assert round(sum(collected.mapped("balance")), 2) == 0.0
