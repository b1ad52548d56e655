from . import svk_gdpr_export
from . import svk_gdpr_erase
