import json

from odoo.tests import tagged

from odoo.addons.svk_portal.tests.common import SvkPortalCase
from odoo.addons.svk_portal.tests.test_ui import AXE, BLOCKING


@tagged("post_install", "-at_install")
class TestRepairUi(SvkPortalCase):
    """Asking for a repair with a photo on a phone-sized screen; each page checked by
    axe-core."""

    browser_size = "360x740"
    touch_enabled = True

    def _axe(self, url):
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
            AXE.read_text() + check,
            ready="document.readyState === 'complete'",
            login=self.user_amina.login,
        )

    def test_ask_for_a_repair(self):
        # start_tour and browser_js log the browser in themselves (login=None would be
        # an anonymous visitor)
        self.start_tour("/my/home", "svk_repair_ask_tour", login=self.user_amina.login)
        repair = self.env["svk.repair.request"].search([("tenant_id", "=", self.amina.id)])
        self.assertEqual(len(repair), 1)
        self.assertEqual((repair.category, repair.urgency), ("heating", "urgent"))
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", repair._name), ("res_id", "=", repair.id)]
        )
        self.assertEqual(photo.mimetype, "image/png")
        for url in ("/my/repairs", "/my/repairs/new", f"/my/repairs/{repair.id}"):
            self._axe(url)
        # the visit to answer, then repaired
        repair.write({"contractor_id": self.jan.id, "visit_date": "2026-12-09 08:00:00"})
        repair.action_propose_visit()
        self._axe(f"/my/repairs/{repair.id}")
        repair.action_done()
        self._axe("/my/repairs")
