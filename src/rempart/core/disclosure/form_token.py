"""Signed, time-stamped form tokens for the public intake (core layer).

Anyone may report a vulnerability, so the intake cannot ask for a login or a third-party
CAPTCHA. A token issued with the form (or fetched from the API first) proves the submission
came after a real page view: it must be at least ``min_age`` old (bots post instantly), at most
``max_age`` old, carry a valid HMAC, and its nonce may be used once (checked by the store).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from rempart.core.errors import InvalidInput

MIN_AGE = timedelta(seconds=2)
MAX_AGE = timedelta(hours=2)
_PURPOSE = b"rempart.intake.v1"


def _mac(secret: bytes, nonce: str, issued: int) -> str:
    message = _PURPOSE + b"|" + nonce.encode() + b"|" + str(issued).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def issue(secret: bytes, nonce: str, now: datetime) -> str:
    """``<nonce>.<unix seconds>.<mac>``; ``nonce`` is random hex made by the caller."""
    if not nonce.isalnum():
        raise ValueError("nonce must be alphanumeric")
    issued = int(now.timestamp())
    return f"{nonce}.{issued}.{_mac(secret, nonce, issued)}"


@dataclass(frozen=True, slots=True)
class TokenWindow:
    min_age: timedelta = MIN_AGE
    max_age: timedelta = MAX_AGE


def verify(secret: bytes, token: str, now: datetime, window: TokenWindow | None = None) -> str:
    """The token's nonce, or ``InvalidInput`` on the ``form_token`` field saying why not."""
    window = window or TokenWindow()
    parts = token.split(".") if len(token) <= 200 else []
    if len(parts) != 3 or not parts[0].isalnum() or not parts[1].isdigit():
        raise InvalidInput.single("form_token", "missing or malformed; reload the form")
    nonce, issued_text, mac = parts
    issued = int(issued_text)
    if not hmac.compare_digest(mac, _mac(secret, nonce, issued)):
        raise InvalidInput.single("form_token", "not issued by this server; reload the form")
    age = now.timestamp() - issued
    if age < window.min_age.total_seconds():
        raise InvalidInput.single("form_token", "submitted too fast; wait a moment and send again")
    if age > window.max_age.total_seconds():
        raise InvalidInput.single("form_token", "the form has expired; reload it")
    return nonce
