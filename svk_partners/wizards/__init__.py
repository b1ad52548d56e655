from . import svk_register_export
from . import svk_allocation_wizard
