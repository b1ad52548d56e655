from . import svk_occupancy_report
from . import svk_lease
from . import svk_owner_contract
from . import svk_owner_contract_line
from . import svk_unit
