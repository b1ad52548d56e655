from . import (
    account_chart_template,
    account_move,
    res_company,
    res_config_settings,
    res_partner,
    svk_message,
    svk_owner_contract,
    svk_repair_request,
)
