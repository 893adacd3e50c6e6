"""ip_tracking's request log: one RequestLog row per request, with the client's address
as ip_tracking.addresses.client_ip finds it (the module's TRUSTED_PROXIES rule), written
with one INSERT."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from chats.models import User
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from ip_tracking.models import RequestLog

pytestmark = pytest.mark.task("ip.logging")

MakeUser = Callable[..., User]
PROXY = "10.0.0.5"


@pytest.fixture
def behind_a_proxy(settings: LazySettings) -> None:
    """One proxy in front of the app, which appends the address it saw."""
    settings.TRUSTED_PROXIES = 1


def logged_address(client: Client, **headers: str) -> str:
    client.get("/api/messages/", **headers)
    return RequestLog.objects.latest("id").ip_address


def test_each_request_is_a_row_with_its_address_path_method_user_and_time(
    client: Client, make_user: MakeUser
) -> None:
    grace = make_user("host", username="grace")
    client.get("/api/messages/?token=secret", REMOTE_ADDR="192.0.2.7")
    client.force_login(grace)
    client.delete("/api/messages/9/", REMOTE_ADDR="2001:db8::7")

    first, second = RequestLog.objects.order_by("id")
    assert (first.ip_address, first.method, first.path, first.user) == (
        "192.0.2.7",
        "GET",
        "/api/messages/",  # never the query string: it may carry a token
        None,
    )
    assert (second.ip_address, second.method, second.path, second.user) == (
        "2001:db8::7",
        "DELETE",
        "/api/messages/9/",
        grace,
    )
    assert first.timestamp <= second.timestamp


def test_a_request_costs_one_insert_and_no_other_query(
    client: Client, make_user: MakeUser, settings: LazySettings
) -> None:
    """The same request with and without the logging middleware: one query apart, and
    that one is the INSERT (the user was loaded above it already)."""
    guest = make_user("guest")
    client.force_login(guest)
    client.get("/api/messages/")  # warm: the blocklist is in the cache from now on

    with CaptureQueriesContext(connection) as logged:
        client.get("/api/messages/")
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("IPLoggingMiddleware")]
    unlogged_client = Client()  # a client builds its stack once: a new one for the new list
    unlogged_client.force_login(guest)
    with CaptureQueriesContext(connection) as unlogged:
        unlogged_client.get("/api/messages/")

    assert len(logged) == len(unlogged) + 1
    touching = [q["sql"] for q in logged if "ip_tracking_requestlog" in q["sql"]]
    assert len(touching) == 1
    assert touching[0].lstrip().upper().startswith("INSERT")
    assert RequestLog.objects.count() == 2


def test_refused_requests_are_logged_too(client: Client) -> None:
    """A 401 from the role check and a 404 are rows: the hourly check must see probes."""
    client.get("/api/moderation/messages/", REMOTE_ADDR="192.0.2.8")
    client.get("/wp-login.php", REMOTE_ADDR="192.0.2.8")

    paths = list(RequestLog.objects.order_by("id").values_list("path", flat=True))
    assert paths == ["/api/moderation/messages/", "/wp-login.php"]


def test_hostile_methods_and_paths_are_cut_to_fit_never_a_500(client: Client) -> None:
    """A client chooses both: 1,000 characters of path and a long custom method, a NUL."""
    response = client.generic("X" * 40, "/" + "a" * 1000 + "%00", REMOTE_ADDR="192.0.2.9")

    assert response.status_code < 500
    row = RequestLog.objects.get()
    assert row.method == "X" * 16
    assert len(row.path) == 255
    assert "\x00" not in row.path


def test_an_ipv4_mapped_ipv6_peer_is_its_ipv4_address(client: Client) -> None:
    assert logged_address(client, REMOTE_ADDR="::ffff:192.0.2.10") == "192.0.2.10"


def test_an_ipv6_zone_is_dropped(client: Client) -> None:
    """fe80::1%eth0 names the host's interface; PostgreSQL's inet column refuses it."""
    assert logged_address(client, REMOTE_ADDR="fe80::1%eth0") == "fe80::1"


# --- who the client is: config.security.client_address, TRUSTED_PROXIES -------------------


def test_without_trusted_proxies_a_forwarded_header_changes_nothing(
    client: Client, settings: LazySettings
) -> None:
    """TRUSTED_PROXIES=0: the client talks to the app directly and claims to be someone
    else, once with a chain that looks like a proxy's."""
    settings.TRUSTED_PROXIES = 0
    for forwarded in ("198.51.100.1", "198.51.100.1, 10.0.0.5"):
        address = logged_address(client, REMOTE_ADDR="192.0.2.11", HTTP_X_FORWARDED_FOR=forwarded)
        assert address == "192.0.2.11"


@pytest.mark.usefixtures("behind_a_proxy")
def test_behind_one_proxy_the_address_it_appended_is_the_client(client: Client) -> None:
    """The client wrote the first two entries itself; our proxy appended what it saw."""
    address = logged_address(
        client,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.9, 192.0.2.13",
    )
    assert address == "192.0.2.13"


def test_behind_two_proxies_the_outer_ones_entry_is_the_client(
    client: Client, settings: LazySettings
) -> None:
    """The outer proxy appended the client, the inner one appended the outer proxy."""
    settings.TRUSTED_PROXIES = 2
    address = logged_address(
        client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 2001:db8::14, 10.0.0.6"
    )
    assert address == "2001:db8::14"


@pytest.mark.usefixtures("behind_a_proxy")
@pytest.mark.parametrize(
    ("forwarded", "client_is"),
    [
        ("", PROXY),  # the proxy's own request (a health check)
        (" , ,", PROXY),  # no entry at all
        ("junk, 192.0.2.13", "192.0.2.13"),  # garbage the client wrote: to the left
        ("::ffff:192.0.2.16", "192.0.2.16"),  # a dual-stack proxy's IPv4 client
        ("fe80::1%eth0", "fe80::1"),  # the zone names the proxy's interface
    ],
)
def test_a_forwarded_hop_is_normalised_like_the_peer(
    client: Client, forwarded: str, client_is: str
) -> None:
    assert logged_address(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded) == client_is


@pytest.mark.usefixtures("behind_a_proxy")
@pytest.mark.parametrize(
    "forwarded",
    [
        "not-an-address",
        "192.0.2.15:4711",  # a port is not an address
        "198.51.100.1, 10.0.0.7, junk",
        "192.0.2.15\x00",
        "1" * 10_000,
    ],
)
def test_a_malformed_hop_where_the_proxy_writes_is_no_address_and_no_500(
    client: Client, forwarded: str
) -> None:
    """Only a misconfigured proxy writes this: the request is served, and no row claims
    an address the header did not hold (neither the proxy's nor anything to the left)."""
    response = client.get("/api/messages/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert response.status_code == 200
    assert not RequestLog.objects.exists()
