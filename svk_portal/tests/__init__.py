from . import test_invite, test_login, test_portal_security, test_ui
