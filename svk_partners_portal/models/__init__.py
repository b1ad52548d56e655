from . import crm_lead
from . import res_partner
from . import svk_referral
from . import svk_referral_alert
