from . import res_company
from . import svk_lease
from . import svk_owner_contract
from . import svk_region_inventory
