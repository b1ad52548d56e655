from . import test_referral
from . import test_confidentiality
from . import test_matching
from . import test_ui
from . import test_eligibility
from . import test_register
from . import test_social_file
from . import test_restore_company
