from . import test_invite
from . import test_pages
from . import test_apply
from . import test_portal_security
from . import test_ui
