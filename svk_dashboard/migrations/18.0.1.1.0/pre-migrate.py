from odoo.tools import sql


def migrate(cr, version):
    """Occupancy and vacancy days were a view computed at each read; they are a table
    kept in bulk now: the view goes, the table is created and filled by the upgrade."""
    sql.drop_view_if_exists(cr, "svk_occupancy_report")
