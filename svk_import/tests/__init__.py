from . import test_bad_input
from . import test_import
from . import test_legacy_files
from . import test_opening_balances
from . import test_parsers
from . import test_sample_agency
from . import test_ui
