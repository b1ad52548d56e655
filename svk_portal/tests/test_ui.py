import json
from pathlib import Path

from odoo.tests import tagged

from .common import SvkPortalCase

# installed by `make setup` (tools/axe/package.json, npm ci): missing, the test fails
AXE = Path(__file__).resolve().parents[2] / "tools/axe/node_modules/axe-core/axe.min.js"
# what fails the check: the violations a tenant using a keyboard or a screen reader, or
# with low vision, cannot get around
BLOCKING = ("serious", "critical")


@tagged("post_install", "-at_install")
class TestPortalUi(SvkPortalCase):
    """The tenant's main paths in a phone-sized browser, each page checked by axe-core."""

    browser_size = "360x740"
    touch_enabled = True

    def _axe(self, url):
        source = AXE.read_text()
        check = """
            axe.run(document, {resultTypes: ["violations"]}).then((result) => {
                const blocking = result.violations.filter((v) => BLOCKING.includes(v.impact));
                if (blocking.length) {
                    console.error("axe: " + JSON.stringify(blocking.map((v) => ({
                        id: v.id, impact: v.impact,
                        nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
                    }))));
                } else {
                    console.log("test successful");
                }
            });
        """.replace("BLOCKING", json.dumps(BLOCKING))
        self.browser_js(
            url,
            source + check,
            ready="document.readyState === 'complete'",
            login=self.user_amina.login,
        )

    def test_axe_is_installed(self):
        self.assertTrue(AXE.is_file(), f"axe-core is missing: run make setup ({AXE})")

    def test_home(self):
        self.start_tour("/my/home", "svk_portal_home_tour", login=self.user_amina.login)
        for url in ("/my/home", "/my/svk/home"):
            self._axe(url)

    def test_what_i_owe(self):
        self.start_tour("/my/home", "svk_portal_owe_tour", login=self.user_amina.login)
        self._axe("/my/svk/owe")

    def test_documents(self):
        self.start_tour("/my/home", "svk_portal_documents_tour", login=self.user_amina.login)
        self._axe("/my/svk/documents")

    def test_messages(self):
        self.env["svk.message"]._send_to_partner(self.amina, self.company, body="Bonjour Amina")
        self.start_tour("/my/home", "svk_portal_messages_tour", login=self.user_amina.login)
        self.assertEqual(
            self._messages(self.amina, direction="in").body, "The heating does not work"
        )
        self._axe("/my/svk/messages")
