from . import svk_health_index
from . import svk_rent_cap
from . import svk_rent_history
from . import svk_lease
from . import svk_owner_contract
from . import account_move
from . import svk_indexation
