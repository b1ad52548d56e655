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


@pytest.hookimpl(hookwrapper=True)
def pytest_collection(session):
    """Test modules import odoo.tests while pytest collects them; tell Odoo it is a test
    run then (as its own test loader does), not a business module importing tests."""
    import odoo  # noqa: PLC0415

    previous = odoo.tools.config["test_enable"]
    odoo.tools.config["test_enable"] = True
    try:
        yield
    finally:
        odoo.tools.config["test_enable"] = previous
