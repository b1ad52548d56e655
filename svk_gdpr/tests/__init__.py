from . import test_gdpr
from . import test_gdpr_rpc
