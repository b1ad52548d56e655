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


def sms_segments(body):
    """Number of SMS parts a text takes (GSM-7: 160, then 153 per part; else UCS-2: 70/67)."""
    gsm = (
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVW"
        "XYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
    )
    body = body or ""
    extended = sum(1 for c in body if c in "^{}\\[~]|€")
    if all(c in gsm for c in body):
        length = len(body) + extended
        return 1 if length <= 160 else -(-length // 153)
    return 1 if len(body) <= 70 else -(-len(body) // 67)
