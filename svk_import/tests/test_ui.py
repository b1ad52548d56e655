import copy

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SMALL_AGENCY, xlsx_bytes


@tagged("post_install", "-at_install")
class TestImportUi(HttpCase):
    """The assistant in the browser, as an SVK manager: upload, preview with an error,
    fix, import, then the lease's opening balance."""

    def test_import_assistant(self):
        new_test_user(
            self.env,
            login="svk_import_tour",
            password="svk_import_tour_pw",
            groups="svk_housing.group_svk_manager,account.group_account_invoice",
            tz="Europe/Brussels",
        )
        faulty = copy.deepcopy(SMALL_AGENCY)
        faulty["Propriétaires"][2][9] = "BE62510007547062"
        # the files the tour "chooses" in the browser's file dialog
        self.env["ir.attachment"].create(
            [
                {
                    "name": "agence_avec_erreur.xlsx",
                    "raw": xlsx_bytes(faulty),
                    "res_model": "svk.import.tour",
                    "public": True,
                },
                {
                    "name": "agence.xlsx",
                    "raw": xlsx_bytes(SMALL_AGENCY),
                    "res_model": "svk.import.tour",
                    "public": True,
                },
            ]
        )
        self.env["ir.config_parameter"].sudo().set_param("svk_import.background_rows", "10000")
        self.start_tour(
            "/odoo/action-svk_import.svk_import_action",
            "svk_import_tour",
            login="svk_import_tour",
            timeout=180,
        )
        lease = self.env["svk.import"]._record_of(self.env.company, "lease", "B-2024-01")
        self.assertEqual(lease.balance_due, 1312.5)
