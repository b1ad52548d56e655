"""pytest configuration of the SVK suite (runs with pytest-odoo, see tools/run_tests.sh).

A skipped test proves nothing: unless a test is marked ``expected_skip`` (with a reason),
a skip is reported as a failure, so a missing browser or a forgotten ``--odoo-http``
cannot turn the suite green.
"""

import os

import pytest

# odoo.conf expands these in addons_path; the Makefile exports them, and a bare
# `pytest ...` (one test, see README) gets the same defaults here.
os.environ.setdefault("SVK_ROOT", os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("ODOO_SRC", "/opt/odoo18")
# No OCA queue_job runner in the test process (pytest-odoo's --odoo-http starts Odoo's
# threaded server, which would start one): tests run jobs synchronously, and the test of
# the background run starts a server of its own with its runner.
os.environ["ODOO_QUEUE_JOB_CHANNELS"] = "root:0"


def _import_odoo_test_framework():
    """pytest-odoo imports odoo.tests before it turns Odoo's test mode on, which makes
    Odoo log an error ("avoid importing from business modules"); import it here in test
    mode, as Odoo's own test runner does, and leave the mode as it was."""
    import odoo
    from odoo.tools import config

    previous = config["test_enable"]
    config["test_enable"] = True
    try:
        import odoo.tests
    finally:
        config["test_enable"] = previous
    return odoo


_import_odoo_test_framework()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "expected_skip(reason): this test may legitimately be skipped"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not item.get_closest_marker("expected_skip"):
        if hasattr(report, "wasxfail"):
            return
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"unexpected skip: {reason}"


@pytest.fixture(scope="session", autouse=True)
def _odoo_statics_parsed_once():
    """Odoo parses every addon's manifest the first time a static file is asked for, in the
    HTTP server's threads, and a browser test asks for many at once. CPython 3.11.7's
    compile() is not thread-safe ("SystemError: AST constructor recursion depth mismatch",
    python/cpython#106905): parse them here, once, before any test."""
    import odoo.http

    odoo.http.root.statics  # noqa: B018 - the property parses and caches the manifests
    yield
