from . import test_meter_ean
from . import test_occupancy
from . import test_owner_contract
from . import test_crm_owner_acquisition
from . import test_security
from . import test_demo_generator
from . import test_ui
