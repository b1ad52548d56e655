from . import svk_allocation_wizard
from . import svk_income_mix_warning
