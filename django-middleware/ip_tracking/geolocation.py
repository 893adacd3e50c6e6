"""Country and city of an address, from a local file: no outside service is asked.

The file (IP_GEOLOCATION_DB) is a CSV of `network,country,city` rows, for example
`203.0.113.0/24,NL,Amsterdam`; the most specific network holding an address wins. It is
read once and read again only when it changes (its size or modification time), and
each address's answer is cached, so a lookup costs no I/O. A missing file or a malformed
row is reported once on the "ip_tracking" logger; the row is skipped, requests go on.
"""

from __future__ import annotations

import csv
import ipaddress
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

from ip_tracking.addresses import IPAddress

logger = logging.getLogger("ip_tracking")

COUNTRY_LENGTH = 2
CITY_MAX_LENGTH = 128


class Place(NamedTuple):
    country: str
    city: str


UNKNOWN = Place("", "")


@dataclass(frozen=True)
class NetworkTable:
    """For each IP version and prefix length, the networks of that size by their first
    address: a lookup masks the address once per prefix length, longest first."""

    networks: dict[tuple[int, int], dict[int, Place]] = field(default_factory=dict)

    def add(self, network: ipaddress.IPv4Network | ipaddress.IPv6Network, place: Place) -> None:
        by_start = self.networks.setdefault((network.version, network.prefixlen), {})
        by_start[int(network.network_address)] = place

    def find(self, address: IPAddress) -> Place:
        bits = address.max_prefixlen
        for version, prefix in sorted(self.networks, key=lambda key: -key[1]):
            if version == address.version:
                start = int(address) >> (bits - prefix) << (bits - prefix)
                if start in self.networks[(version, prefix)]:
                    return self.networks[(version, prefix)][start]
        return UNKNOWN


def geolocate(address: IPAddress) -> Place:
    """(country, city) of `address`, ("", "") where the file says nothing."""
    return _cached_lookup(_file_version(Path(settings.IP_GEOLOCATION_DB)), address)


def _file_version(path: Path) -> tuple[str, int, int]:
    """What identifies the file's content cheaply: its path, size and modification time."""
    try:
        stat = os.stat(path)
    except OSError:
        return str(path), -1, -1
    return str(path), stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=4096)
def _cached_lookup(version: tuple[str, int, int], address: IPAddress) -> Place:
    return load_networks(version).find(address)


@lru_cache(maxsize=4)
def load_networks(version: tuple[str, int, int]) -> NetworkTable:
    """The file's table; `version` (from _file_version) changes when the file does."""
    path = version[0]
    table = NetworkTable()
    try:
        with open(path, newline="", encoding="utf-8") as rows:
            for number, row in enumerate(csv.reader(rows), start=1):
                _add_row(table, row, f"{path}:{number}")
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        logger.warning("geolocation: cannot read %s (%s): no country or city", path, error)
    return table


def _add_row(table: NetworkTable, row: list[str], where: str) -> None:
    if not row or row[0].startswith("#") or row[0].strip() == "network":
        return  # a blank line, a comment, the header
    try:
        if len(row) != 3:
            raise ValueError(f"{len(row)} values, not network,country,city")
        network, country, city = (value.strip() for value in row)
        if not (len(country) == COUNTRY_LENGTH and country.isascii() and country.isalpha()):
            raise ValueError(f"the country {country!r} is not a two-letter code")
        if len(city) > CITY_MAX_LENGTH:
            raise ValueError(f"the city is longer than {CITY_MAX_LENGTH} characters")
        table.add(ipaddress.ip_network(network, strict=False), Place(country.upper(), city))
    except ValueError as error:
        logger.warning("geolocation: %s skipped: %s", where, error)
