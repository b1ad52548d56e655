from . import res_company
from . import res_config_settings
from . import svk_gdpr_log
from . import svk_message
from . import svk_messaging_consent
from . import res_partner
