from . import test_occupancy_report
from . import test_dashboard_figures
from . import test_dashboard_security
from . import test_ui
from . import test_dashboard_files
