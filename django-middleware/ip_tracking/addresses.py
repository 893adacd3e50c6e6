"""Who the client is, and what of its address may be kept.

client_ip(): REMOTE_ADDR, the socket's peer. X-Forwarded-For is read only when that peer
is one of IP_TRUSTED_PROXIES, and then from the right: each hop a trusted proxy added is
skipped, and the first address that is not a trusted proxy is the client. Whatever a
client writes into the header sits to the left of that hop, so it changes nothing.

anonymize(): the /24 (IPv4) or /48 (IPv6) network, what IP_ANONYMIZE keeps.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from chats.middleware.rate_limit import parse_ip
from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# How much of an address anonymize() keeps: a street, not a house (the same prefixes as
# Google Analytics' IP anonymisation and Matomo's two-byte setting).
KEPT_PREFIX = {4: 24, 6: 48}


def parse_address(text: object) -> IPAddress | None:
    """chats' parse_ip, without an IPv6 zone ("fe80::1%eth0"): the zone names an interface
    of the host that saw the address, not the client, and no database column takes it."""
    address = parse_ip(text)
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        return ipaddress.IPv6Address(int(address))
    return address


def is_trusted(address: IPAddress, proxies: Iterable[IPNetwork]) -> bool:
    return any(address in network for network in proxies)


def client_ip(request: HttpRequest) -> IPAddress | None:
    """The client's address (see the module's docstring); None when the peer is not an
    address at all (a Unix socket)."""
    proxies = settings.IP_TRUSTED_PROXIES
    client = parse_address(request.META.get("REMOTE_ADDR", ""))
    if client is None or not is_trusted(client, proxies):
        return client
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop for hop in header.split(",") if hop.strip()]):
        address = parse_address(hop)
        if address is None:
            # Not written by a proxy of ours: the client is the last trusted hop seen.
            return client
        client = address
        if not is_trusted(address, proxies):
            return address
    return client  # every hop is a trusted proxy: the left-most one is the origin


def anonymize(address: IPAddress) -> IPAddress:
    """The first address of the /24 (IPv4) or /48 (IPv6) network holding `address`."""
    prefix = KEPT_PREFIX[address.version]
    return ipaddress.ip_network((address, prefix), strict=False).network_address
