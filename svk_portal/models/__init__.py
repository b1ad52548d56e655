from . import (
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    svk_lease,
    svk_message,
)
