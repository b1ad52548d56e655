from . import test_income_mix
from . import test_inventory
from . import test_inventory_http
from . import test_inventory_security
