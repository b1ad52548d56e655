import importlib.util
import json

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path


@tagged("post_install", "-at_install")
class TestDashboardFiles(TransactionCase):
    def test_files_are_those_the_definitions_write(self):
        """The dashboards are kept as code (tools/build_dashboards.py): a file edited by
        hand, or a definition changed without writing the files again, fails here."""
        spec = importlib.util.spec_from_file_location(
            "svk_build_dashboards", file_path("svk_dashboard/tools/build_dashboards.py")
        )
        builder = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(builder)
        for name, (title, blocks) in builder.DASHBOARDS.items():
            with self.subTest(name), open(file_path(f"svk_dashboard/data/files/{name}")) as file:
                self.assertEqual(json.load(file), builder.spreadsheet(title, blocks))

    def test_installed_dashboards_are_the_files(self):
        for xmlid, name in (
            ("svk_dashboard.spreadsheet_dashboard_director", "director_dashboard.json"),
            ("svk_dashboard.spreadsheet_dashboard_accountant", "accountant_dashboard.json"),
        ):
            with open(file_path(f"svk_dashboard/data/files/{name}")) as file:
                self.assertEqual(json.loads(self.env.ref(xmlid).spreadsheet_data), json.load(file))
