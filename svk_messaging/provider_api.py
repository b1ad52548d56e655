"""What the messaging providers' APIs answer, as plain Python."""

from dataclasses import dataclass


@dataclass
class SendResult:
    """What a provider answered to one message."""

    ref: str = ""  # the provider's id of the message (Twilio SID, WhatsApp wamid)
    error_code: str = ""
    error_message: str = ""
    transient: bool = False  # worth trying again later (rate limit, provider down)
    segments: int = 1

    @property
    def ok(self):
        return bool(self.ref)


def response_json(response):
    """The JSON object a provider answered, or {} when it answered anything else."""
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}
