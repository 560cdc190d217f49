"""Who a request comes from, when reverse proxies stand in between (core, pure).

Behind a proxy every connection comes from the proxy, so the peer address (``REMOTE_ADDR``)
alone would put all clients in one bucket for login throttling and the public-intake limit.
``X-Forwarded-For`` names the client, but anyone can send that header, so it is believed only
as far as it was written by proxies the operator trusts (``REMPART_TRUSTED_PROXIES``):

1. If the peer is not a trusted proxy, the client is the peer; the header is ignored.
2. Otherwise the header's hops are read from the right (the hop nearest to Rempart) and
   trusted proxies are skipped; the first hop that is not a trusted proxy is the client.
3. A hop that is not an IP address ends the walk: the client is then the trusted proxy that
   wrote it (nothing left of a malformed entry can be believed).
4. When every hop is a trusted proxy, the client is the leftmost one.

Addresses are normalized (``::ffff:192.0.2.1`` is ``192.0.2.1``) so one client is one key.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from functools import lru_cache

from rempart.core.errors import InvalidInput

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "unknown"


def parse_trusted_proxies(value: str) -> tuple[str, ...]:
    """``"10.0.0.1, 192.168.0.0/16"`` as normalized networks; refuses what is not one."""
    entries = [part.strip() for part in value.split(",") if part.strip()]
    networks: list[str] = []
    for entry in entries:
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError as error:
            raise InvalidInput.single(
                "REMPART_TRUSTED_PROXIES", f"{entry!r} is not an IP address or CIDR ({error})"
            ) from error
    return tuple(networks)


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(text: str) -> Address | None:
    candidate = text.strip()
    if candidate.startswith("[") and "]" in candidate:  # "[2001:db8::1]:443"
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # "192.0.2.1:443"
        candidate = candidate.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _trusted(ip: Address, networks: Iterable[Network]) -> bool:
    return any(ip.version == net.version and ip in net for net in networks)


def client_address(peer: str, forwarded_for: str, trusted: tuple[str, ...]) -> str:
    """The client's address by the rules of this module's docstring."""
    peer_ip = _address(peer)
    if peer_ip is None:
        return peer.strip()[:64] or UNKNOWN
    networks = _networks(trusted)
    if not networks or not _trusted(peer_ip, networks):
        return str(peer_ip)
    client = peer_ip
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        hop_ip = _address(hop)
        if hop_ip is None:
            break
        client = hop_ip
        if not _trusted(hop_ip, networks):
            break
    return str(client)


def client_address_of(meta: Mapping[str, object], trusted: tuple[str, ...]) -> str:
    """:func:`client_address` of a WSGI/Django ``META`` mapping."""
    return client_address(
        str(meta.get("REMOTE_ADDR") or ""), str(meta.get("HTTP_X_FORWARDED_FOR") or ""), trusted
    )
