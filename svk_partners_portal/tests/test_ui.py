import json
from pathlib import Path

from odoo.tests import HttpCase, tagged

from .common import SvkPartnersPortalCase

# installed by `make setup` (tools/axe/package.json, npm ci): missing, the test fails
AXE = Path(__file__).resolve().parents[2] / "tools/axe/node_modules/axe-core/axe.min.js"
# what fails the check: what a social worker using a keyboard or a screen reader, or with
# low vision, cannot get around
BLOCKING = ("serious", "critical")
# once the page is ready (__PREPARE__, a promise), its blocking violations fail the test
AXE_CHECK = """
    (__PREPARE__).then(() => axe.run(document, {resultTypes: ["violations"]})).then((result) => {
        const blocking = result.violations.filter((v) => __BLOCKING__.includes(v.impact));
        if (blocking.length) {
            console.error("axe: " + JSON.stringify(blocking.map((v) => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
            }))));
        } else {
            console.log("test successful");
        }
    });
"""


@tagged("post_install", "-at_install")
class TestPartnersPortalUi(SvkPartnersPortalCase, HttpCase):
    """An organisation's social worker submits an application on a phone-sized
    browser; each page of the path is checked by axe-core."""

    browser_size = "360x740"
    touch_enabled = True

    def setUp(self):
        super().setUp()
        # Odoo's browser_js logs in with the login as password
        self.user_a.password = self.user_a.login

    def _axe(self, url, prepare="Promise.resolve()"):
        check = AXE_CHECK.replace("__PREPARE__", prepare).replace(
            "__BLOCKING__", json.dumps(BLOCKING)
        )
        self.browser_js(
            url,
            AXE.read_text() + check,
            ready="document.readyState === 'complete'",
            login=self.user_a.login,
        )

    def test_axe_is_installed(self):
        self.assertTrue(AXE.is_file(), f"axe-core is missing: run make setup ({AXE})")

    def test_submission(self):
        self.start_tour("/my/home", "svk_partners_portal_apply_tour", login=self.user_a.login)
        lead = self.env["crm.lead"].search([("contact_name", "=", "Awa Diallo")])
        self.assertTrue(lead.svk_portal_submitted)
        self.assertEqual(lead.svk_children, 2)
        self.assertEqual(lead.svk_referral_ids.organisation_id, self.org_a)
        self.assertTrue(lead.svk_referral_ids.consent_contact)
        for url in (
            "/my/referrals",
            "/my/referrals/apply",
            f"/my/referrals/{lead.svk_referral_ids.id}?submitted=1",
            f"/my/referrals/{self.referral_a.id}",
        ):
            with self.subTest(url=url):
                self._axe(url)

    def test_form_with_errors_is_accessible(self):
        # the form as the server sends it back with its errors: posted without the
        # household's consent, its answer put in place of the page, then checked
        post_without_consent = """
            (() => {
                const form = document.querySelector("form.o_svk_apply_form");
                const data = new FormData(form);
                data.set("contact_name", "Awa Diallo");
                data.set("income_kind", "single");
                data.set("net_income", "21500");
                return fetch(form.action, {method: "POST", body: data})
                    .then((response) => response.text())
                    .then((html) => {
                        const page = new DOMParser().parseFromString(html, "text/html");
                        if (!page.querySelector(".o_svk_apply_errors")) {
                            throw new Error("the form came back without its errors");
                        }
                        document.body.replaceWith(page.body);
                    });
            })()
        """
        self._axe("/my/referrals/apply", prepare=post_without_consent)
        self.assertFalse(self.env["crm.lead"].search([("contact_name", "=", "Awa Diallo")]))
