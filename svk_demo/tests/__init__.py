from . import test_demo_generator
from . import test_demo_generator_access
from . import test_demo_consistency
from . import test_demo_messaging
from . import test_demo_indexation
from . import test_demo_partners_portal
from . import test_demo_repairs
