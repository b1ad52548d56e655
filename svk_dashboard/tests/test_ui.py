from odoo.tests import HttpCase, tagged

from .common import SvkDashboardCase


@tagged("post_install", "-at_install")
class TestDashboardUi(HttpCase, SvkDashboardCase):
    """The director opens the dashboard in the real web client, and a figure opens the
    records behind it."""

    def test_director_dashboard_clicks_through(self):
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "svk_dashboard_director_tour",
            login="svk_director",
        )
