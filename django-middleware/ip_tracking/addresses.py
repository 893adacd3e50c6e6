"""Who the client is, and what of its address may be kept.

client_ip(): the module's one rule, chats.middleware.rate_limit.client_ip (through
config.security.client_address): REMOTE_ADDR, unless TRUSTED_PROXIES proxies stand in
front; then the entry the outermost of them appended to X-Forwarded-For, counted from the
right, so whatever a client wrote to its left changes nothing. An IPv6 zone is dropped.

anonymize(): the /24 (IPv4) or /48 (IPv6) network, what IP_ANONYMIZE keeps.
"""

from __future__ import annotations

import ipaddress

from chats.middleware import rate_limit
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# How much of an address anonymize() keeps: a street, not a house (the same prefixes as
# Google Analytics' IP anonymisation and Matomo's two-byte setting).
KEPT_PREFIX = {4: 24, 6: 48}


def without_zone(address: IPAddress | None) -> IPAddress | None:
    """The address without an IPv6 zone ("fe80::1%eth0"): the zone names an interface of
    the host that saw the address, not the client, and no database column takes it."""
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        return ipaddress.IPv6Address(int(address))
    return address


def client_ip(request: HttpRequest) -> IPAddress | None:
    """The client's address as the chat's rate limit sees it (::ffff:a.b.c.d is IPv4),
    without a zone; None when it is not an address (a Unix socket, a malformed hop)."""
    return without_zone(rate_limit.client_ip(request))


def anonymize(address: IPAddress) -> IPAddress:
    """The first address of the /24 (IPv4) or /48 (IPv6) network holding `address`."""
    prefix = KEPT_PREFIX[address.version]
    return ipaddress.ip_network((address, prefix), strict=False).network_address
