"""SSRF: every IPv6 form that embeds an IPv4 address is judged by the address it embeds."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rempart.net.addresses import embedded_ipv4, is_public
from rempart.net.webhook import WebhookRefused, connect_checked, resolve

NON_GLOBAL_IPV4 = {
    "loopback": "127.0.0.1",
    "private-10": "10.1.2.3",
    "private-192": "192.168.0.10",
    "link-local": "169.254.169.254",  # cloud metadata
    "unspecified": "0.0.0.0",  # noqa: S104 - an address under test, nothing binds to it
    "shared": "100.64.0.1",
}
GLOBAL_IPV4 = "93.184.216.34"


def _nat64(v4: str) -> str:
    return str(ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | _int(v4)))


def _sixtofour(v4: str) -> str:
    return str(ipaddress.IPv6Address((0x2002 << 112) | (_int(v4) << 80) | 1))


def _teredo(server: str, client: str) -> str:
    value = (0x20010000 << 96) | (_int(server) << 64) | (~_int(client) & 0xFFFFFFFF)
    return str(ipaddress.IPv6Address(value))


def _mapped(v4: str) -> str:
    return f"::ffff:{v4}"


def _compatible(v4: str) -> str:
    return str(ipaddress.IPv6Address(_int(v4)))


def _int(v4: str) -> int:
    return int(ipaddress.IPv4Address(v4))


FORMS = {
    "nat64": _nat64,
    "6to4": _sixtofour,
    "teredo-client": lambda v4: _teredo(GLOBAL_IPV4, v4),
    "teredo-server": lambda v4: _teredo(v4, GLOBAL_IPV4),
    "ipv4-mapped": _mapped,
    "ipv4-compatible": _compatible,
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("kind", sorted(NON_GLOBAL_IPV4))
def test_an_embedded_non_global_ipv4_is_refused(form: str, kind: str) -> None:
    address = FORMS[form](NON_GLOBAL_IPV4[kind])
    assert not is_public(address), address
    with pytest.raises(WebhookRefused):
        resolve(address, 443, allow_private=False)
    # The operator's explicit choice still wins.
    resolved = resolve(address, 443, allow_private=True)
    assert ipaddress.ip_address(resolved) == ipaddress.ip_address(address)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_embedded_global_ipv4_is_accepted(form: str) -> None:
    address = FORMS[form](GLOBAL_IPV4)
    ip = ipaddress.IPv6Address(address)
    assert ipaddress.IPv4Address(GLOBAL_IPV4) in (embedded_ipv4(ip) or ())
    assert is_public(address), address


def test_the_forms_unpack_to_the_address_they_embed() -> None:
    loopback = ipaddress.IPv4Address("127.0.0.1")
    assert embedded_ipv4(ipaddress.IPv6Address("64:ff9b::7f00:1")) == (loopback,)
    assert embedded_ipv4(ipaddress.IPv6Address("2002:7f00:1::1")) == (loopback,)
    assert embedded_ipv4(ipaddress.IPv6Address("::ffff:127.0.0.1")) == (loopback,)
    # RFC 4380's example: server 65.54.227.120, client 192.0.2.45.
    assert embedded_ipv4(ipaddress.IPv6Address("2001:0:4136:e378:8000:63bf:3fff:fdd2")) == (
        ipaddress.IPv4Address("65.54.227.120"),
        ipaddress.IPv4Address("192.0.2.45"),
    )
    assert embedded_ipv4(ipaddress.IPv6Address("2606:2800:220:1::")) is None


@pytest.mark.parametrize(
    "address",
    ["64:ff9b:1::5db8:d822", "::1", "::", "fe80::1", "fd00::1", "ff02::1", "224.0.0.1"],
)
def test_other_non_public_addresses(address: str) -> None:
    assert not is_public(address)


def test_plain_global_addresses_are_public() -> None:
    assert is_public(GLOBAL_IPV4)
    assert is_public("2606:2800:220:1::")


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def loopback_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_connected_address_is_checked_again(loopback_port: int) -> None:
    # The connection step refuses a non-public peer even when handed one directly.
    with pytest.raises(WebhookRefused, match=r"127\.0\.0\.1"):
        connect_checked("127.0.0.1", loopback_port, 5.0, allow_private=False)
    sock = connect_checked("127.0.0.1", loopback_port, 5.0, allow_private=True)
    assert isinstance(sock, socket.socket)
    sock.close()
