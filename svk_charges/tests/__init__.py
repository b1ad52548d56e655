from . import test_meter_reading
from . import test_statement_compute
from . import test_statement_approval
from . import test_statement_bad_input
from . import test_statement_report
from . import test_security
from . import test_concurrency
from . import test_statement_trust
