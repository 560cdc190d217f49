"""Which IP addresses an outbound request may go to (net layer, SSRF defence).

An address is *public* when it is global unicast, and when every IPv4 address it embeds is
public too. IPv6 has several forms that carry an IPv4 address a router or the host itself
will reach: a webhook to ``64:ff9b::7f00:1`` goes to ``127.0.0.1`` through a NAT64 gateway.
Each form is unpacked and its IPv4 address judged on its own:

| form | prefix | embedded IPv4 |
|---|---|---|
| IPv4-mapped | ``::ffff:0:0/96`` | the low 32 bits |
| IPv4-compatible (deprecated) | ``::/96`` | the low 32 bits |
| NAT64 well-known prefix | ``64:ff9b::/96`` | the low 32 bits |
| NAT64 local-use prefix | ``64:ff9b:1::/48`` | operator-defined: always refused |
| 6to4 | ``2002::/16`` | bits 16–47 |
| Teredo | ``2001::/32`` | the server (bits 32–63) and the client (the low 32 bits, inverted) |

For the transition forms (NAT64, 6to4, Teredo) the decision is the embedded addresses'
alone: a form that embeds only public IPv4 addresses is public.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
TEREDO = ipaddress.IPv6Network("2001::/32")
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def _ipv4_public(ip: ipaddress.IPv4Address) -> bool:
    return ip.is_global and not ip.is_multicast


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...] | None:
    """The IPv4 addresses ``ip`` carries, or ``None`` when it is not a form that carries one."""
    if ip.ipv4_mapped is not None:
        return (ip.ipv4_mapped,)
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in NAT64:
        return (low,)
    if ip in SIX_TO_FOUR:
        return (ipaddress.IPv4Address((int(ip) >> 80) & 0xFFFFFFFF),)
    if ip in TEREDO:
        server = ipaddress.IPv4Address((int(ip) >> 64) & 0xFFFFFFFF)
        client = ipaddress.IPv4Address(~int(ip) & 0xFFFFFFFF)
        return (server, client)
    if ip in IPV4_COMPATIBLE and int(ip) > 1:  # "::" and "::1" are IPv6's own
        return (low,)
    return None


def is_public(address: str | IPAddress) -> bool:
    """Whether an outbound request may go to ``address`` (see the module docstring)."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv4Address):
        return _ipv4_public(ip)
    if ip.scope_id or ip in NAT64_LOCAL:
        return False
    embedded = embedded_ipv4(ip)
    if embedded is not None:
        return all(_ipv4_public(v4) for v4 in embedded)
    return ip.is_global and not ip.is_multicast
