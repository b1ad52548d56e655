"""Suite "portal": tenants browsing their portal at once, against Odoo's /my/invoices."""

# pylint: disable=invalid-commit
# (a benchmark commits what it builds)
import itertools
import re

import requests

import odoo
from odoo import SUPERUSER_ID, api

from .cache import demo_template
from .common import emit, fail, note
from .messaging import _http_request, _load
from .server import job_server

SIZES = "800"
template = demo_template

TENANTS = 50
SECONDS = 30
PASSWORD = "bench-tenant"
PAGES = ("/my/svk/home", "/my/svk/owe", "/my/svk/documents", "/my/svk/messages")
REFERENCE = "/my/invoices"


def _invite(env, count):
    """`count` tenants of running leases with a portal user each (their own login)."""
    leases = env["svk.lease"].search(
        [("company_id", "=", env.company.id), ("state", "=", "active")], order="id", limit=count
    )
    if len(leases) < count:
        fail(f"the demo agency has {len(leases)} running leases, {count} needed")
    logins = []
    for index, lease in enumerate(leases):
        if not lease.tenant_id.user_ids:
            lease.tenant_id.email = f"bench.tenant{index}@demo.svk"
        user = lease._svk_portal_user()
        user.password = PASSWORD
        logins.append(user.login)
    return logins


def _session(base, login):
    """A logged-in session of the tenant, through Odoo's login page."""
    http = requests.Session()
    page = http.get(f"{base}/web/login", timeout=60)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = http.post(
        f"{base}/web/login",
        data={"login": login, "password": PASSWORD, "csrf_token": csrf},
        timeout=60,
    )
    if "/web/login" in answer.url:
        fail(f"{login} could not log in")
    for path in (*PAGES, REFERENCE):  # each page once: it answers, and what it shows
        response = http.get(base + path, timeout=60, allow_redirects=False)
        if response.status_code != 200:
            fail(f"{login}: {path} answered {response.status_code}")
    return http.cookies["session_id"]


def measure(db, size, repeat):
    """Figures (suite "portal"), on the demo agency of `size` units with three months run,
    paid and reconciled: 50 tenants (distinct sessions) browsing at once their home, what
    they owe, their documents and their messages, one request after the other each, for
    30 s against a two-worker server:
    - portal_browse: the p95 of those pages in ms, with requests per second and errors;
      reference: the same tenants fetching Odoo's own /my/invoices under the same load.
    - portal_browse_rps: the requests per second, against the reference's."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        generator = env["svk.demo.generator"]
        generator._generate(size=size, seed=1)
        generator._generate_months(months=3, seed=1)
        logins = _invite(env, TENANTS)
        cr.commit()
    with job_server(db) as server:
        port = server.port
        base = f"http://127.0.0.1:{port}"
        cookies = [_session(base, login) for login in logins]
        pages = itertools.cycle(PAGES)

        def portal(index):
            cookie = cookies[index % len(cookies)]
            return _http_request("GET", next(pages), headers={"Cookie": f"session_id={cookie}"})

        def reference(index):
            cookie = cookies[index % len(cookies)]
            return _http_request("GET", REFERENCE, headers={"Cookie": f"session_id={cookie}"})

        done, rps, p95, errors = _load(port, portal, TENANTS, SECONDS, 200)
        ref_done, ref_rps, ref_p95, ref_errors = _load(port, reference, TENANTS, SECONDS, 200)
    note(
        f"portal: {done} pages by {TENANTS} tenants in {SECONDS} s, errors {errors}; "
        f"{REFERENCE}: {ref_done} pages, errors {ref_errors}"
    )
    # a connection the loaded machine reset is counted; a page that answers an HTTP error
    # (a 404, a 500) is a defect
    answered = {status: count for status, count in errors.items() if isinstance(status, int)}
    if answered:
        fail(f"portal pages answered HTTP errors: {answered}")
    emit(
        "portal_browse",
        TENANTS,
        p95,
        f"Odoo {REFERENCE}, same tenants",
        ref_p95,
        unit="ms p95",
        rps=round(rps, 1),
        reference_rps=round(ref_rps, 1),
        errors=sum(errors.values()),
        reference_errors=sum(ref_errors.values()),
    )
    emit(
        "portal_browse_rps",
        TENANTS,
        rps,
        f"Odoo {REFERENCE}, same tenants",
        ref_rps,
        unit="req/s",
    )
