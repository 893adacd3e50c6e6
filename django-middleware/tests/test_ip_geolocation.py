"""Geolocation from a local file (IP_GEOLOCATION_DB: network,country,city rows), which
each test writes: no outside service is asked."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from ip_tracking.geolocation import geolocate
from ip_tracking.models import RequestLog

pytestmark = pytest.mark.task("ip.geolocation")

TABLE = """network,country,city
192.0.2.0/24,NL,Amsterdam
192.0.2.128/25,NL,Rotterdam
198.51.100.0/24,ke,Nairobi
2001:db8::/32,ET,Addis Ababa
2001:db8:1::/48,GH,Accra
"""


@pytest.fixture
def table(settings: LazySettings, tmp_path: Path) -> Path:
    path = tmp_path / "networks.csv"
    path.write_text(TABLE, encoding="utf-8")
    settings.IP_GEOLOCATION_DB = path
    return path


def place(address: str) -> tuple[str, str]:
    return tuple(geolocate(ipaddress.ip_address(address)))


@pytest.mark.usefixtures("table")
@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("192.0.2.7", ("NL", "Amsterdam")),
        ("192.0.2.200", ("NL", "Rotterdam")),  # the most specific network wins
        ("198.51.100.1", ("KE", "Nairobi")),  # country codes in capitals
        ("2001:db8:ffff::1", ("ET", "Addis Ababa")),
        ("2001:db8:1:2::3", ("GH", "Accra")),
        ("203.0.113.1", ("", "")),  # in no network of the file
        ("::1", ("", "")),
    ],
)
def test_an_address_gets_the_country_and_city_of_its_network(
    address: str, expected: tuple[str, str]
) -> None:
    assert place(address) == expected


def test_each_request_row_carries_its_country_and_city(table: Path, client: Client) -> None:
    client.get("/api/messages/", REMOTE_ADDR="192.0.2.9")
    client.get("/api/messages/", REMOTE_ADDR="203.0.113.9")

    rows = RequestLog.objects.order_by("id").values_list("country", "city")
    assert list(rows) == [("NL", "Amsterdam"), ("", "")]


def test_the_file_is_read_once_and_again_only_when_it_changes(
    table: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = open

    def counting_open(path: object, *args: object, **kwargs: object) -> object:
        opened.append(str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", counting_open)
    for _ in range(3):
        assert place("192.0.2.7") == ("NL", "Amsterdam")
        assert place("198.51.100.7") == ("KE", "Nairobi")
    assert opened.count(str(table)) <= 1

    table.write_text("network,country,city\n192.0.2.0/24,BE,Brussels\n", encoding="utf-8")
    stat = table.stat()
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert place("192.0.2.7") == ("BE", "Brussels")
    assert place("198.51.100.7") == ("", "")


def test_malformed_rows_are_skipped_each_named_once_and_the_rest_still_works(
    settings: LazySettings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(
        "network,country,city\n"
        "not-a-network,NL,Nowhere\n"
        "192.0.2.0/24,Netherlands,Amsterdam\n"
        "192.0.2.0/24,NL\n"
        f"198.51.100.0/24,KE,{'x' * 200}\n"
        "203.0.113.0/24,GH,Accra\n",
        encoding="utf-8",
    )
    settings.IP_GEOLOCATION_DB = path

    for _ in range(2):
        assert place("203.0.113.5") == ("GH", "Accra")
        assert place("192.0.2.5") == ("", "")

    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert [message.split(" skipped")[0] for message in skipped] == [
        f"geolocation: {path}:{line}" for line in (2, 3, 4, 5)
    ]


@pytest.mark.parametrize("content", [None, b"\xff\xfe not UTF-8 \x00"])
def test_a_missing_or_unreadable_file_means_no_place_and_requests_go_on(
    settings: LazySettings, tmp_path: Path, client: Client, content: bytes | None
) -> None:
    path = tmp_path / "networks.csv"
    if content is not None:
        path.write_bytes(content)
    settings.IP_GEOLOCATION_DB = path

    assert client.get("/api/messages/", REMOTE_ADDR="192.0.2.10").status_code == 200
    assert RequestLog.objects.values_list("country", "city").get() == ("", "")
