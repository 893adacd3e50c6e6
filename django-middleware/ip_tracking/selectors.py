"""Reads of the IP tracking tables. Each is one query whatever the number of rows; the
blocklist, read on every request, comes from the cache (services clear it on a change)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
from functools import lru_cache, reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Q, QuerySet
from redis.exceptions import RedisError

from ip_tracking.addresses import IPAddress, IPNetwork
from ip_tracking.models import BlockedIP, RequestLog

logger = logging.getLogger("ip_tracking")

BLOCKLIST_CACHE_KEY = "ip_tracking:blocklist"


def blocked_ips() -> QuerySet[BlockedIP]:
    return BlockedIP.objects.all()


def blocked_networks() -> list[IPNetwork]:
    """Every blocked address and network: from the cache, else one query, then cached for
    IP_BLOCKLIST_CACHE_SECONDS (the most another process with its own local-memory cache
    may lag behind a change; with Redis the change counts at once)."""
    try:
        entries = cache.get(BLOCKLIST_CACHE_KEY)
    except RedisError as error:  # a cache outage unblocks nobody: ask the database
        logger.warning("blocklist: the cache is unreachable (%s), reading the database", error)
        return _parsed(tuple(_stored_blocklist()))
    if entries is None:
        entries = _stored_blocklist()
        cache.set(BLOCKLIST_CACHE_KEY, entries, timeout=settings.IP_BLOCKLIST_CACHE_SECONDS)
    return _parsed(tuple(entries))


def _stored_blocklist() -> list[str]:
    return list(BlockedIP.objects.values_list("ip_address", flat=True))


@lru_cache(maxsize=4)  # the same list on every request: parsed once per process
def _parsed(entries: tuple[str, ...]) -> list[IPNetwork]:
    return [ipaddress.ip_network(entry) for entry in entries]


def is_blocked(address: IPAddress) -> bool:
    return any(address in network for network in blocked_networks())


def busy_addresses(*, since: dt.datetime, above: int) -> list[tuple[str, int]]:
    """(address, requests) for each address with more than `above` requests since then."""
    rows = (
        RequestLog.objects.filter(timestamp__gte=since)
        .values("ip_address")
        .annotate(requests=Count("id"))
        .filter(requests__gt=above)
        .order_by("ip_address")
    )
    return [(row["ip_address"], row["requests"]) for row in rows]


def sensitive_path_visitors(*, since: dt.datetime, prefixes: list[str]) -> list[tuple[str, str]]:
    """(address, one sensitive path it asked for) for each address that asked for a path
    starting with one of `prefixes` since then."""
    if not prefixes:
        return []
    sensitive = reduce(or_, (Q(path__startswith=prefix) for prefix in prefixes))
    rows = (
        RequestLog.objects.filter(sensitive, timestamp__gte=since)
        .values("ip_address")
        .annotate(path=Min("path"))
        .order_by("ip_address")
    )
    return [(row["ip_address"], row["path"]) for row in rows]
