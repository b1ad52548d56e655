from . import test_numbers
from . import test_webhooks
from . import test_sending
from . import test_consent
from . import test_mass
from . import test_reminders
from . import test_security
from . import test_demo
