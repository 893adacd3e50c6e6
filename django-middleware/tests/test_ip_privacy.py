"""Privacy: with IP_ANONYMIZE on, the stored rows keep the /24 (IPv4) or /48 (IPv6)
network only; rows and flags older than IP_LOG_RETENTION_DAYS are purged."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

import pytest
from config.env import at_least_one
from django.conf import LazySettings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from ip_tracking.addresses import anonymize
from ip_tracking.models import RequestLog, SuspiciousIP
from ip_tracking.services import request_logs_purge

pytestmark = pytest.mark.task("ip.privacy")

NOW = dt.datetime(2024, 5, 31, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("192.0.2.77", "192.0.2.0"),
        ("198.51.100.255", "198.51.100.0"),
        ("10.1.2.3", "10.1.2.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("2001:db8:1::1", "2001:db8:1::"),
        ("::1", "::"),
    ],
)
def test_anonymize_keeps_the_24_or_the_48(address: str, kept: str) -> None:
    assert str(anonymize(ipaddress.ip_address(address))) == kept


def test_with_the_flag_on_stored_rows_keep_the_network_only(
    client: Client, settings: LazySettings
) -> None:
    settings.IP_ANONYMIZE = True

    client.get("/api/messages/", REMOTE_ADDR="192.0.2.77")
    client.get("/api/messages/", REMOTE_ADDR="2001:db8:85a3:8d3:1319:8a2e:370:7348")
    client.get("/api/messages/", REMOTE_ADDR="::ffff:198.51.100.9")

    stored = list(RequestLog.objects.order_by("id").values_list("ip_address", flat=True))
    assert stored == ["192.0.2.0", "2001:db8:85a3::", "198.51.100.0"]


def test_the_place_is_found_from_the_whole_address_before_it_is_cut(
    client: Client, settings: LazySettings, tmp_path: Path
) -> None:
    table = tmp_path / "networks.csv"
    table.write_text("192.0.2.128/25,NL,Rotterdam\n", encoding="utf-8")
    settings.IP_GEOLOCATION_DB = table
    settings.IP_ANONYMIZE = True

    client.get("/api/messages/", REMOTE_ADDR="192.0.2.200")

    row = RequestLog.objects.get()
    assert (row.ip_address, row.country, row.city) == ("192.0.2.0", "NL", "Rotterdam")


def test_with_the_flag_off_the_whole_address_is_kept(client: Client) -> None:
    client.get("/api/messages/", REMOTE_ADDR="192.0.2.77")

    assert RequestLog.objects.get().ip_address == "192.0.2.77"


def log_at(moment: dt.datetime, address: str = "192.0.2.1") -> RequestLog:
    return RequestLog.objects.create(ip_address=address, timestamp=moment, path="/", method="GET")


def test_the_purge_deletes_what_is_older_than_the_retention_days(
    settings: LazySettings,
) -> None:
    settings.IP_LOG_RETENTION_DAYS = 30
    old = log_at(NOW - dt.timedelta(days=30, seconds=1))
    kept = log_at(NOW - dt.timedelta(days=29, hours=23))
    SuspiciousIP.objects.create(
        ip_address="192.0.2.1", reason="sensitive_path", flagged_at=old.timestamp
    )
    recent_flag = SuspiciousIP.objects.create(
        ip_address="192.0.2.2", reason="sensitive_path", flagged_at=kept.timestamp
    )

    assert request_logs_purge(now=NOW) == 1

    assert list(RequestLog.objects.all()) == [kept]
    assert list(SuspiciousIP.objects.all()) == [recent_flag]
    assert request_logs_purge(now=NOW) == 0


def test_the_retention_comes_from_settings(settings: LazySettings) -> None:
    settings.IP_LOG_RETENTION_DAYS = 1
    log_at(NOW - dt.timedelta(days=2))
    log_at(NOW - dt.timedelta(hours=2))

    assert request_logs_purge(now=NOW) == 1
    assert RequestLog.objects.count() == 1


@pytest.mark.parametrize("bad", ["0", "-3", "thirty", "1e3", "٣"])
def test_a_retention_that_is_not_a_whole_number_of_days_stops_the_settings(
    monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv("IP_LOG_RETENTION_DAYS", bad)

    with pytest.raises(ImproperlyConfigured, match="IP_LOG_RETENTION_DAYS"):
        at_least_one("IP_LOG_RETENTION_DAYS", 30)
