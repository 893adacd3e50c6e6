"""Writes of the IP tracking unit: a request's row, the blocklist, the anomaly flags and
the purge of what is older than the retention period. Keyword-only arguments."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from redis.exceptions import RedisError

from ip_tracking import selectors
from ip_tracking.addresses import IPAddress, IPNetwork
from ip_tracking.models import BlockedIP, RequestLog, SuspiciousIP

logger = logging.getLogger("ip_tracking")

# A block wider than this would refuse a good part of the internet (or everyone, /0):
# a typing slip, not an intention.
WIDEST_BLOCK = {4: 8, 6: 32}
DETAIL_MAX_LENGTH = 255


class BlocklistError(ValueError):
    """A blocklist change refused: the message says why."""


def request_log_create(
    *,
    ip_address: IPAddress,
    path: str,
    method: str,
    user_id: int | None,
    timestamp: dt.datetime,
    country: str = "",
    city: str = "",
) -> RequestLog:
    """One INSERT. The path and method are cut to their columns (a client chooses both)
    and a NUL, which PostgreSQL cannot store, is replaced."""
    return RequestLog.objects.create(
        ip_address=str(ip_address),
        path=path.replace("\x00", "\ufffd")[:255],
        method=method[:16],
        user_id=user_id,
        timestamp=timestamp,
        country=country,
        city=city,
    )


def parse_network(text: str) -> IPNetwork:
    """An address ("203.0.113.7") or a network ("203.0.113.0/24"), checked."""
    try:
        network = ipaddress.ip_network(text.strip())
    except ValueError as error:
        raise BlocklistError(f"{text!r} is not an IP address or network: {error}") from None
    mapped = getattr(network.network_address, "ipv4_mapped", None)
    if mapped is not None:  # ::ffff:a.b.c.d is how a dual-stack socket shows IPv4
        network = ipaddress.ip_network((mapped, max(0, network.prefixlen - 96)))
    if network.prefixlen < WIDEST_BLOCK[network.version]:
        widest = WIDEST_BLOCK[network.version]
        raise BlocklistError(f"{network} is wider than /{widest}: block smaller networks")
    return network


def as_text(network: IPNetwork) -> str:
    """A single address without its /32 or /128."""
    if network.prefixlen == network.max_prefixlen:
        return str(network.network_address)
    return str(network)


def _blocklist_changed() -> None:
    transaction.on_commit(_forget_cached_blocklist)


def _forget_cached_blocklist() -> None:
    try:
        cache.delete(selectors.BLOCKLIST_CACHE_KEY)
    except RedisError as error:  # the change is saved: cached copies expire on their own
        seconds = settings.IP_BLOCKLIST_CACHE_SECONDS
        logger.warning(
            "blocklist: cache unreachable (%s), the change counts within %ss", error, seconds
        )


@transaction.atomic
def blocked_ip_add(*, address: str, reason: str = "") -> BlockedIP:
    entry = as_text(parse_network(address))
    if BlockedIP.objects.filter(ip_address=entry).exists():
        raise BlocklistError(f"{entry} is already blocked")
    blocked = BlockedIP.objects.create(ip_address=entry, reason=reason[:255])
    _blocklist_changed()
    return blocked


@transaction.atomic
def blocked_ip_remove(*, address: str) -> str:
    """The entry unblocked, as stored."""
    entry = as_text(parse_network(address))
    deleted, _ = BlockedIP.objects.filter(ip_address=entry).delete()
    if not deleted:
        raise BlocklistError(f"{entry} is not blocked")
    _blocklist_changed()
    return entry


def anomalies_detect(*, now: dt.datetime) -> list[SuspiciousIP]:
    """Flag each address that, in the hour before `now`, sent more than
    IP_ANOMALY_REQUESTS_PER_HOUR requests or asked for a path under IP_SENSITIVE_PATHS.
    One row per address and reason: a flag raised again is updated, not repeated."""
    since = now - dt.timedelta(hours=1)
    limit = settings.IP_ANOMALY_REQUESTS_PER_HOUR
    flags = [
        SuspiciousIP(
            ip_address=address,
            reason=SuspiciousIP.Reason.TOO_MANY_REQUESTS,
            detail=f"{requests} requests in an hour (more than {limit})",
            flagged_at=now,
        )
        for address, requests in selectors.busy_addresses(since=since, above=limit)
    ]
    flags += [
        SuspiciousIP(
            ip_address=address,
            reason=SuspiciousIP.Reason.SENSITIVE_PATH,
            detail=f"asked for {path}"[:DETAIL_MAX_LENGTH],
            flagged_at=now,
        )
        for address, path in selectors.sensitive_path_visitors(
            since=since, prefixes=settings.IP_SENSITIVE_PATHS
        )
    ]
    return _save_flags(flags)


def _save_flags(flags: list[SuspiciousIP]) -> list[SuspiciousIP]:
    """One statement: inserted, or updated where the address already has that flag."""
    if not flags:
        return []
    # MariaDB's ON DUPLICATE KEY UPDATE takes no conflict target: any unique key counts.
    target = ["ip_address", "reason"]
    unique_fields = target if connection.features.supports_update_conflicts_with_target else None
    return SuspiciousIP.objects.bulk_create(
        flags,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=["detail", "flagged_at"],
    )


def request_logs_purge(*, now: dt.datetime) -> int:
    """Delete the request rows and the flags older than IP_LOG_RETENTION_DAYS; how many
    request rows went."""
    cutoff = now - dt.timedelta(days=settings.IP_LOG_RETENTION_DAYS)
    deleted, _ = RequestLog.objects.filter(timestamp__lt=cutoff).delete()
    SuspiciousIP.objects.filter(flagged_at__lt=cutoff).delete()
    return deleted
