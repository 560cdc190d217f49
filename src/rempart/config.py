"""Rempart's one typed configuration, read from the environment (composition-root helper).

Only composition roots (``settings.py`` for Django, the CLI, the worker) call
:func:`load_config`; everything below them receives plain values: ``settings.py`` turns this
object into Django's settings and into the :class:`rempart.services.context.ServiceSettings`
every service context carries.

| variable | default | meaning |
|---|---|---|
| ``REMPART_DATA_DIR`` | the per-user data directory (platformdirs) | files, SQLite database, secret key |
| ``REMPART_DATABASE_URL`` | ``sqlite:///<data dir>/rempart.sqlite3`` | ``postgresql://user:pass@host:port/db`` for PostgreSQL |
| ``REMPART_SECRET_KEY`` | read from ``<data dir>/secret_key`` (``rempart init`` creates it) | Django secret key |
| ``REMPART_DEBUG`` | ``0`` | ``1`` for development only |
| ``REMPART_ALLOWED_HOSTS`` | ``127.0.0.1,localhost`` | comma-separated host names |
| ``REMPART_UPLOAD_MAX_BYTES`` | ``104857600`` (100 MiB) | largest accepted upload |
| ``REMPART_SECURE_COOKIES`` | ``0`` | ``1`` behind HTTPS: secure cookies and HSTS |
| ``REMPART_TRUSTED_PROXIES`` | empty: trust no proxy | comma-separated IPs/CIDRs of reverse proxies whose ``X-Forwarded-For`` names the client (docs/security.md) |
| ``REMPART_FEEDS`` | OSV (8 ecosystems), CISA KEV, FIRST EPSS | space-separated feed URLs for ``rempart advisories sync`` and the worker |
| ``REMPART_SMTP_HOST`` | unset: messages go to ``<data dir>/outbox`` | SMTP server |
| ``REMPART_SMTP_PORT`` | ``587`` | |
| ``REMPART_SMTP_USER`` / ``REMPART_SMTP_PASSWORD`` | empty | authentication |
| ``REMPART_SMTP_TLS`` | ``starttls`` | ``starttls``, ``ssl`` or ``0`` |
| ``REMPART_SMTP_FROM`` | ``rempart@localhost`` | sender |
| ``REMPART_WEBHOOK_ALLOW_PRIVATE`` | ``0`` | ``1`` allows webhooks to private/loopback addresses |
| ``REMPART_WEBHOOK_TIMEOUT`` | ``10`` | seconds per connect/read |
| ``REMPART_BASE_URL`` | empty | prefix for links in reminders |
| ``REMPART_SCAN_RETENTION_DAYS`` | ``400`` | scan records older than this are pruned daily; each release's latest scan stays |
| ``REMPART_SIGNING_KEY`` / ``REMPART_SIGNING_CERT`` | unset | PEM key and certificate that sign the technical documentation's manifest (CMS) |
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import platformdirs

from rempart.core.client_address import parse_trusted_proxies
from rempart.core.errors import InvalidInput
from rempart.formats.limits import SBOM_UPLOAD_MAX_BYTES

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


SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


@dataclass(frozen=True, slots=True)
class Config:
    data_dir: Path
    database_url: str
    secret_key: str
    secret_key_is_ephemeral: bool
    debug: bool
    allowed_hosts: tuple[str, ...]
    upload_max_bytes: int
    secure_cookies: bool
    feeds: tuple[str, ...]
    notify: NotifyConfig
    scan_retention_days: int = 400
    cve_records_url: str = ""  # CVE JSON 5 records (an archive) for `rempart advisories sync-cve`
    signing_key: Path | None = None
    signing_certificate: Path | None = None
    trusted_proxies: tuple[str, ...] = ()  # networks whose X-Forwarded-For is believed

    def __repr__(self) -> str:  # the secret key must not reach a log or a traceback
        return f"Config(data_dir={str(self.data_dir)!r}, database={self.database_url.split('@')[-1]!r})"


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "0").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise InvalidInput.single(name, f"expected 1 or 0, got {value!r}")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("rempart", appauthor=False))


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from environment variables (``os.environ`` by default)."""
    env = os.environ if env is None else env
    data_dir = Path(env.get("REMPART_DATA_DIR") or default_data_dir()).expanduser().resolve()
    database_url = env.get("REMPART_DATABASE_URL") or f"sqlite:///{data_dir / 'rempart.sqlite3'}"
    secret, ephemeral = _secret_key(env, data_dir)
    try:
        upload_max = int(env.get("REMPART_UPLOAD_MAX_BYTES", SBOM_UPLOAD_MAX_BYTES))
    except ValueError as exc:
        raise InvalidInput.single("REMPART_UPLOAD_MAX_BYTES", "expected a number of bytes") from exc
    try:
        retention = int(env.get("REMPART_SCAN_RETENTION_DAYS", "400"))
    except ValueError as exc:
        raise InvalidInput.single(
            "REMPART_SCAN_RETENTION_DAYS", "expected a number of days"
        ) from exc
    if not 1 <= retention <= 36500:
        raise InvalidInput.single("REMPART_SCAN_RETENTION_DAYS", "between 1 and 36500 days")
    hosts = env.get("REMPART_ALLOWED_HOSTS", "127.0.0.1,localhost")
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret,
        secret_key_is_ephemeral=ephemeral,
        debug=_flag(env, "REMPART_DEBUG"),
        allowed_hosts=tuple(h.strip() for h in hosts.split(",") if h.strip()),
        upload_max_bytes=upload_max,
        secure_cookies=_flag(env, "REMPART_SECURE_COOKIES"),
        feeds=tuple(env.get("REMPART_FEEDS", "").split()),
        notify=load_notify_config(env, data_dir),
        scan_retention_days=retention,
        cve_records_url=env.get("REMPART_CVE_RECORDS_URL", "").strip(),
        trusted_proxies=parse_trusted_proxies(env.get("REMPART_TRUSTED_PROXIES", "")),
        **_signing(env),
    )


def _signing(env: Mapping[str, str]) -> dict[str, Path | None]:
    """The signing key and certificate paths: both or neither."""
    key = env.get("REMPART_SIGNING_KEY", "").strip()
    cert = env.get("REMPART_SIGNING_CERT", "").strip()
    if bool(key) != bool(cert):
        raise InvalidInput.single(
            "REMPART_SIGNING_KEY", "set REMPART_SIGNING_KEY and REMPART_SIGNING_CERT together"
        )
    return {
        "signing_key": Path(key).expanduser() if key else None,
        "signing_certificate": Path(cert).expanduser() if cert else None,
    }


def _secret_key(env: Mapping[str, str], data_dir: Path) -> tuple[str, bool]:
    """The configured key, else the data directory's key file, else a random per-process key.

    There is no built-in default key: a process without a configured key gets a random one
    that dies with it (sessions then do not survive a restart; ``rempart init`` writes a
    persistent key file with mode 0600).
    """
    configured = env.get("REMPART_SECRET_KEY", "").strip()
    if configured:
        if len(configured) < 32:
            raise InvalidInput.single("REMPART_SECRET_KEY", "must be at least 32 characters")
        return configured, False
    key_file = data_dir / SECRET_KEY_FILE
    if key_file.is_file():
        return key_file.read_text().strip(), False
    return secrets.token_urlsafe(50), True


def write_secret_key(data_dir: Path) -> Path:
    """Create ``<data dir>/secret_key`` (mode 0600) unless it exists; return its path."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / SECRET_KEY_FILE
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file


def django_database(url: str) -> dict[str, object]:
    """Django's DATABASES['default'] for a ``sqlite:///…`` or ``postgresql://…`` URL."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path) or ":memory:"
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # IMMEDIATE transactions take the write lock up front, so two writers never
            # both read the audit chain head; WAL lets readers continue meanwhile.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            "TEST": {"NAME": None},
        }
    if parts.scheme in ("postgres", "postgresql"):
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "rempart",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise InvalidInput.single(
        "REMPART_DATABASE_URL",
        f"unsupported scheme {parts.scheme!r}; use sqlite:/// or postgresql://",
    )
