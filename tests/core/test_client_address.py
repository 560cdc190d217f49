"""The client address behind reverse proxies: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import pytest

from rempart.core.client_address import client_address, client_address_of, parse_trusted_proxies
from rempart.core.errors import InvalidInput

PROXIES = parse_trusted_proxies("10.0.0.0/8, 192.168.1.5, 2001:db8::/32")


def test_configuration_is_normalized_and_checked() -> None:
    assert PROXIES == ("10.0.0.0/8", "192.168.1.5/32", "2001:db8::/32")
    assert parse_trusted_proxies("") == ()
    assert parse_trusted_proxies(" , ") == ()
    with pytest.raises(InvalidInput, match="REMPART_TRUSTED_PROXIES"):
        parse_trusted_proxies("10.0.0.0/8, proxy.example")


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address("10.0.0.1", "203.0.113.9", ()) == "10.0.0.1"


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored() -> None:
    assert client_address("198.51.100.7", "203.0.113.9", PROXIES) == "198.51.100.7"
    assert client_address("198.51.100.7", "10.0.0.1, 127.0.0.1", PROXIES) == "198.51.100.7"


def test_the_rightmost_untrusted_hop_is_the_client() -> None:
    assert client_address("10.0.0.1", "203.0.113.9", PROXIES) == "203.0.113.9"
    # The client put a fake entry first; the proxy appended the real one: the fake is ignored.
    assert client_address("10.0.0.1", "1.2.3.4, 203.0.113.9", PROXIES) == "203.0.113.9"
    # Two trusted proxies in a row are both skipped.
    assert client_address("10.0.0.1", "203.0.113.9, 192.168.1.5", PROXIES) == "203.0.113.9"
    assert client_address("2001:db8::1", "2001:db8::2, 2a00:1450::5", PROXIES) == "2a00:1450::5"


def test_malformed_hops_and_all_trusted_chains() -> None:
    # A garbage entry ends the walk at the trusted proxy that wrote it.
    assert client_address("10.0.0.1", "203.0.113.9, not-an-ip", PROXIES) == "10.0.0.1"
    assert client_address("10.0.0.1", "garbage, 10.0.0.2", PROXIES) == "10.0.0.2"
    assert client_address("10.0.0.1", "10.0.0.3, 10.0.0.2", PROXIES) == "10.0.0.3"
    assert client_address("10.0.0.1", "", PROXIES) == "10.0.0.1"


def test_addresses_are_normalized() -> None:
    assert client_address("::ffff:10.0.0.1", "::ffff:203.0.113.9", PROXIES) == "203.0.113.9"
    assert client_address("10.0.0.1", "203.0.113.9:51234", PROXIES) == "203.0.113.9"
    assert client_address("10.0.0.1", "[2a00:1450::5]:443", PROXIES) == "2a00:1450::5"
    assert client_address("", "203.0.113.9", PROXIES) == "unknown"


def test_from_request_meta() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert client_address_of(meta, PROXIES) == "203.0.113.9"
    assert client_address_of(meta, ()) == "10.0.0.1"
