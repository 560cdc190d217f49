"""Mail and webhook settings from the environment (composition-root helper, like ``config``).

| variable | default | meaning |
|---|---|---|
| ``REMPART_SMTP_HOST`` | unset: messages go to ``<data dir>/outbox`` | SMTP server |
| ``REMPART_SMTP_PORT`` | ``587`` | |
| ``REMPART_SMTP_USER`` / ``REMPART_SMTP_PASSWORD`` | empty | authentication |
| ``REMPART_SMTP_TLS`` | ``starttls`` | ``starttls``, ``ssl`` or ``0`` |
| ``REMPART_SMTP_FROM`` | ``rempart@localhost`` | sender |
| ``REMPART_WEBHOOK_ALLOW_PRIVATE`` | ``0`` | ``1`` allows webhooks to private/loopback addresses |
| ``REMPART_WEBHOOK_TIMEOUT`` | ``10`` | seconds per connect/read |
| ``REMPART_BASE_URL`` | empty | prefix for links in reminders |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rempart.core.errors import InvalidInput

_ON = ("1", "true", "yes", "on")
_OFF = ("0", "false", "no", "off", "")


@dataclass(frozen=True, slots=True)
class NotifyConfig:
    email_backend: str
    email_host: str
    email_port: int
    email_user: str
    email_password: str
    email_use_tls: bool
    email_use_ssl: bool
    email_file_path: str
    sender: str
    webhook_allow_private: bool
    webhook_timeout: float
    base_url: str

    def __repr__(self) -> str:  # the SMTP password must not reach a log or a traceback
        return f"NotifyConfig(backend={self.email_backend!r}, host={self.email_host!r})"


def load_notify_config(env: Mapping[str, str], data_dir: Path) -> NotifyConfig:
    host = env.get("REMPART_SMTP_HOST", "").strip()
    tls = env.get("REMPART_SMTP_TLS", "starttls").strip().lower()
    if tls not in ("starttls", "ssl", *_ON, *_OFF):
        raise InvalidInput.single("REMPART_SMTP_TLS", "use starttls, ssl or 0")
    try:
        port = int(env.get("REMPART_SMTP_PORT", "587"))
        timeout = float(env.get("REMPART_WEBHOOK_TIMEOUT", "10"))
    except ValueError as error:
        raise InvalidInput.single(
            "REMPART_SMTP_PORT / REMPART_WEBHOOK_TIMEOUT", f"expected a number ({error})"
        ) from error
    if not 0 < timeout <= 120:
        raise InvalidInput.single("REMPART_WEBHOOK_TIMEOUT", "between 0 and 120 seconds")
    allow = env.get("REMPART_WEBHOOK_ALLOW_PRIVATE", "0").strip().lower()
    if allow not in (*_ON, *_OFF):
        raise InvalidInput.single("REMPART_WEBHOOK_ALLOW_PRIVATE", "expected 1 or 0")
    return NotifyConfig(
        email_backend=(
            "django.core.mail.backends.smtp.EmailBackend"
            if host
            else "django.core.mail.backends.filebased.EmailBackend"
        ),
        email_host=host or "localhost",
        email_port=port,
        email_user=env.get("REMPART_SMTP_USER", ""),
        email_password=env.get("REMPART_SMTP_PASSWORD", ""),
        email_use_tls=tls in ("starttls", *_ON),
        email_use_ssl=tls == "ssl",
        email_file_path=str(data_dir / "outbox"),
        sender=env.get("REMPART_SMTP_FROM", "rempart@localhost").strip(),
        webhook_allow_private=allow in _ON,
        webhook_timeout=timeout,
        base_url=env.get("REMPART_BASE_URL", "").strip().rstrip("/"),
    )
