from . import test_concurrency
from . import test_indexation
from . import test_letters
from . import test_rent_trust
from . import test_freeze_year
from . import test_rent_caps
