"""The demo agency is an addon of its own (svk_demo): no production addon depends on it
or defines its generator, so a production database has no demo generator to call."""

import ast
from pathlib import Path

from odoo.tests import TransactionCase, tagged

ROOT = Path(__file__).resolve().parent.parent
DEMO = "svk_demo"


def _manifests():
    return {
        path.parent.name: ast.literal_eval(path.read_text())
        for path in ROOT.glob("*/__manifest__.py")
    }


def test_no_production_addon_depends_on_the_demo():
    manifests = _manifests()
    assert DEMO in manifests
    production = {name: m for name, m in manifests.items() if name != DEMO}
    for name, manifest in production.items():
        seen, todo = set(), list(manifest.get("depends", []))
        while todo:
            dep = todo.pop()
            if dep in seen or dep not in manifests:
                continue
            seen.add(dep)
            todo.extend(manifests[dep].get("depends", []))
        assert DEMO not in seen, f"{name} depends on {DEMO}"


@tagged("post_install", "-at_install")
class TestDemoGeneratorIsTheDemoAddons(TransactionCase):
    def test_only_svk_demo_defines_the_generator(self):
        model = self.env["ir.model"]._get("svk.demo.generator")
        self.assertEqual(model.modules, DEMO)
        classes = type(self.env["svk.demo.generator"]).mro()
        defined_in = {
            cls.__module__.split(".")[2]
            for cls in classes
            if cls.__module__.startswith("odoo.addons.svk_")
        }
        self.assertEqual(defined_in, {DEMO})
