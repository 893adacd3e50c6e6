"""The blocklist: `manage.py block_ip` adds, removes (--remove) and lists (--list)
addresses and networks; IPBlocklistMiddleware answers 403 to them before anything else."""

from __future__ import annotations

import io

import pytest
from config.env import cache_from_url
from django.conf import LazySettings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from ip_tracking.models import BlockedIP, RequestLog

pytestmark = pytest.mark.task("ip.blocklist")


def block_ip(*args: str) -> str:
    """The command's output. Its on-commit work (clearing the cached list) runs as on a
    real commit: the test's own transaction never commits."""
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("block_ip", *args, stdout=out)
    return out.getvalue()


def status_from(client: Client, address: str) -> int:
    return client.get("/api/messages/", REMOTE_ADDR=address).status_code


def test_a_blocked_address_gets_403_json_and_others_are_served(client: Client) -> None:
    assert block_ip("192.0.2.20", "--reason", "scraping") == "blocked 192.0.2.20\n"

    refused = client.get("/api/messages/", REMOTE_ADDR="192.0.2.20")

    assert refused.status_code == 403
    assert refused.json() == {"error": "requests from this address are blocked"}
    assert status_from(client, "192.0.2.21") == 200
    assert BlockedIP.objects.get().reason == "scraping"


def test_a_network_blocks_every_address_in_it_ipv4_and_ipv6(client: Client) -> None:
    block_ip("198.51.100.0/24", "2001:db8:aa::/48")

    assert status_from(client, "198.51.100.200") == 403
    assert status_from(client, "::ffff:198.51.100.3") == 403  # IPv4 through a dual stack
    assert status_from(client, "2001:db8:aa:1::5") == 403
    assert status_from(client, "198.51.101.1") == 200
    assert status_from(client, "2001:db8:ab::5") == 200


def test_a_blocked_request_is_refused_without_a_query_and_not_stored(client: Client) -> None:
    """Refusing must be cheaper than serving: the list comes from the cache, and a flood
    from a blocked address writes no rows."""
    block_ip("192.0.2.22")
    status_from(client, "192.0.2.22")  # the first request reads the list into the cache

    with CaptureQueriesContext(connection) as queries:
        assert status_from(client, "192.0.2.22") == 403

    assert len(queries) == 0
    assert not RequestLog.objects.exists()


def test_blocking_and_unblocking_count_at_once_though_the_list_is_cached(
    client: Client,
) -> None:
    assert status_from(client, "192.0.2.23") == 200  # the (empty) list is cached now

    block_ip("192.0.2.23")
    assert status_from(client, "192.0.2.23") == 403

    assert block_ip("--remove", "192.0.2.23") == "unblocked 192.0.2.23\n"
    assert status_from(client, "192.0.2.23") == 200
    assert not BlockedIP.objects.exists()


def test_behind_a_proxy_the_address_it_appended_is_the_one_blocked(
    client: Client, settings: LazySettings
) -> None:
    """TRUSTED_PROXIES=1: whatever a client writes left of the proxy's entry is ignored,
    whether to talk its way out of a block or to get someone else blocked."""
    settings.TRUSTED_PROXIES = 1
    block_ip("192.0.2.24")

    def status(forwarded: str) -> int:
        response = client.get(
            "/api/messages/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded
        )
        return response.status_code

    assert status("192.0.2.24") == 403
    assert status("192.0.2.99, 192.0.2.24") == 403  # a blocked client claims another
    assert status("::ffff:192.0.2.24") == 403  # a dual-stack proxy's IPv4 client
    assert status("192.0.2.24, 192.0.2.30") == 200  # another claims the blocked one
    assert status("") == 200  # the proxy itself


def test_without_trusted_proxies_a_made_up_header_changes_nothing(
    client: Client, settings: LazySettings
) -> None:
    settings.TRUSTED_PROXIES = 0
    block_ip("192.0.2.24")

    spoofed = client.get(
        "/api/messages/", REMOTE_ADDR="192.0.2.24", HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    framed = client.get(
        "/api/messages/", REMOTE_ADDR="192.0.2.31", HTTP_X_FORWARDED_FOR="192.0.2.24"
    )

    assert spoofed.status_code == 403  # a blocked client cannot talk its way out
    assert framed.status_code == 200


def test_the_list_shows_each_entry_with_its_reason() -> None:
    block_ip("192.0.2.25", "--reason", "brute force")
    block_ip("2001:db8::/64")

    listed = block_ip("--list").splitlines()

    assert [line.split()[0] for line in listed] == ["192.0.2.25", "2001:db8::/64"]
    assert listed[0].endswith("brute force")
    BlockedIP.objects.all().delete()
    assert block_ip("--list") == "no address is blocked\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["192.0.2.26", "999.1.1.1"], "'999.1.1.1' is not an IP address or network"),
        (["192.0.2.26", "example.com"], "'example.com' is not an IP address or network"),
        (["192.0.2.26", "192.0.2.1/24"], "has host bits set"),
        (["192.0.2.26", "0.0.0.0/0"], "wider than /8"),
        (["192.0.2.26", "::/0"], "wider than /32"),
        (["192.0.2.26", "192.0.2.26\x00; DROP TABLE"], "is not an IP address or network"),
        (["192.0.2.26", "192.0.2.26"], "192.0.2.26 is already blocked"),
        (["--remove", "192.0.2.27"], "192.0.2.27 is not blocked"),
        ([], "give at least one address"),
        (["--list", "192.0.2.26"], "--list takes no addresses"),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_written(
    arguments: list[str], message: str
) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("block_ip", *arguments, stdout=out)

    assert out.getvalue() == ""  # not even "blocked 192.0.2.26": it was rolled back

    assert message in str(refused.value)
    assert not BlockedIP.objects.exists()


def test_with_the_cache_unreachable_the_blocklist_is_read_from_the_database(
    client: Client, settings: LazySettings, caplog: pytest.LogCaptureFixture
) -> None:
    """A cache outage unblocks nobody (port 1: nobody listens there)."""
    block_ip("192.0.2.28")
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:1/0")}

    assert status_from(client, "192.0.2.28") == 403
    assert "blocklist: the cache is unreachable" in caplog.text
    assert block_ip("--remove", "192.0.2.28") == "unblocked 192.0.2.28\n"
    assert status_from(client, "192.0.2.28") == 200
