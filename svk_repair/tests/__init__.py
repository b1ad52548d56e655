from . import test_repair_accounting, test_repair_flow, test_repair_portal, test_ui
