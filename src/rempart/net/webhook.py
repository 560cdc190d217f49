"""Signed webhook POSTs (net layer).

A webhook is one ``POST`` of a JSON body with these headers (docs/notifications.md shows how a
receiver verifies them):

- ``X-Rempart-Event``: ``reminder.before`` | ``reminder.due`` | ``reminder.overdue`` | ``test``
- ``X-Rempart-Delivery``: the delivery's id (the same across retries of one reminder)
- ``X-Rempart-Timestamp``: Unix seconds when this attempt was signed
- ``X-Rempart-Signature``: ``sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>``

Hardening: http and https only; redirects are never followed (a 3xx is a failure); one timeout
per connect/read; the response body is read up to :data:`MAX_RESPONSE_BYTES` and discarded.

SSRF stance: the host name is resolved once and every address it resolves to must be public
(not loopback, private, link-local, multicast, reserved or unspecified, and not an IPv6 form
that embeds such an IPv4 address: see :mod:`rempart.net.addresses`) unless ``allow_private``
(``REMPART_WEBHOOK_ALLOW_PRIVATE=1``) is set; the connection then goes to the address that
was checked, so a DNS answer cannot change between check and use, and the connected peer
address is checked again before anything is sent.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from rempart.core.errors import NetError
from rempart.net.addresses import is_public

MAX_RESPONSE_BYTES = 64 * 1024
USER_AGENT = "Rempart-Webhook/1"


class WebhookFailed(NetError):
    kind = "network"


class WebhookRefused(WebhookFailed):
    """The URL itself is not allowed (scheme, address); retrying will not help."""


@dataclass(frozen=True, slots=True)
class WebhookResult:
    status: int
    body_excerpt: str


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def check_url(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path?query)``; refuses anything but an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise WebhookRefused(f"not a valid URL: {error}") from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise WebhookRefused("only http:// and https:// URLs with a host are allowed")
    if parts.username or parts.password:
        raise WebhookRefused("credentials in the URL are not allowed; use the signing secret")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), target


def resolve(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to; every address of ``host`` must be public unless allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookFailed(f"cannot resolve {host}: {error}") from error
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise WebhookFailed(f"{host} has no address")
    if not allow_private:
        private = [a for a in addresses if not is_public(a)]
        if private:
            raise WebhookRefused(
                f"{host} resolves to a non-public address ({private[0]}); "
                "set REMPART_WEBHOOK_ALLOW_PRIVATE=1 to allow internal receivers"
            )
    return addresses[0]


def connect_checked(
    address: str, port: int, timeout: float | None, allow_private: bool
) -> socket.socket:
    """A connection to ``address``, refused when the connected peer is not public.

    The peer is checked again after connecting (``getpeername``): whatever address the
    socket reached is judged, not only the one that was asked for.
    """
    sock = socket.create_connection((address, port), timeout)
    peer = str(sock.getpeername()[0])
    if not allow_private and not is_public(peer):
        sock.close()
        raise WebhookRefused(f"the connection went to a non-public address ({peer})")
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(
        self, host: str, port: int, address: str, timeout: float, allow_private: bool
    ) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address
        self._allow_private = allow_private

    def connect(self) -> None:
        self.sock = connect_checked(self._address, self.port, self.timeout, self._allow_private)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(
        self, host: str, port: int, address: str, timeout: float, allow_private: bool
    ) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address
        self._allow_private = allow_private

    def connect(self) -> None:
        raw = connect_checked(self._address, self.port, self.timeout, self._allow_private)
        # Certificate and SNI are checked against the host name, not the pinned address.
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def post_json(
    url: str,
    body: bytes,
    *,
    event: str,
    delivery_id: str,
    secret: str,
    timestamp: int,
    timeout: float = 10.0,
    allow_private: bool = False,
) -> WebhookResult:
    """POST ``body``; a 2xx answer is success, anything else raises :class:`WebhookFailed`."""
    scheme, host, port, target = check_url(url)
    address = resolve(host, port, allow_private)
    stamp = str(timestamp)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Rempart-Event": event,
        "X-Rempart-Delivery": delivery_id,
        "X-Rempart-Timestamp": stamp,
        "X-Rempart-Signature": signature(secret, stamp, body),
    }
    connection_type = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = connection_type(host, port, address, timeout, allow_private)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(MAX_RESPONSE_BYTES).decode("utf-8", errors="replace")[:500]
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        raise WebhookFailed(f"{host}: {type(error).__name__}: {error}") from error
    finally:
        connection.close()
    if 300 <= status < 400:
        raise WebhookFailed(f"{host}: HTTP {status} redirect (redirects are not followed)")
    if not 200 <= status < 300:
        raise WebhookFailed(f"{host}: HTTP {status} {excerpt[:200]}".rstrip())
    return WebhookResult(status, excerpt)
