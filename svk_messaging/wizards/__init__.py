from . import svk_message_composer
from . import svk_message_triage
from . import svk_message_sandbox_reply
