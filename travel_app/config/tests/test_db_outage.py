"""A database outage answers 503 with Retry-After (config/outage.py), and the app recovers
alone once the database answers again.

The outage is real, never a mock: on MariaDB this test's own connection is KILLed from a
second connection; on SQLite (embedded) the folder holding the test database is moved
away, so that connecting fails ("unable to open database file") until it is put back.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from accounts.models import User
from config.outage import RETRY_AFTER_SECONDS, DatabaseOutageMiddleware
from django.conf import LazySettings
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory
from tests.support import ClientFor

# Part of the nothing-lost work: what the fault tests stand on.
pytestmark = pytest.mark.task("extras.outbox")

MIDDLEWARE = "config.outage.DatabaseOutageMiddleware"
Outage = Callable[[], Callable[[], None]]  # breaks the database; returns how to mend it


@pytest.fixture
def outage_middleware(settings: LazySettings) -> None:
    """Where the lead's settings put it: right after SecurityMiddleware."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE, *settings.MIDDLEWARE[1:]]


def kill_own_mariadb_connection() -> Callable[[], None]:
    """KILL this thread's connection from another one: the server drops it as a crash or
    a failover would. Nothing to mend: the next connection is a new one."""
    import MySQLdb

    with connection.cursor() as cursor:
        cursor.execute("SELECT CONNECTION_ID()")
        (own_id,) = cursor.fetchone()
    params = connection.get_connection_params()
    other = MySQLdb.connect(
        **{key: params[key] for key in ("host", "port", "user", "password") if key in params}
    )
    try:
        other.cursor().execute(f"KILL {int(own_id)}")
    finally:
        other.close()
    return lambda: None


def move_sqlite_database_away() -> Callable[[], None]:
    """Close the connection and move the test database's folder: connecting fails until
    the folder is back."""
    folder = Path(connection.settings_dict["NAME"]).parent
    away = folder.with_name(f"{folder.name}-away")
    connection.close()
    folder.rename(away)
    return lambda: away.rename(folder)


@pytest.fixture
def outage(transactional_db: None) -> Iterator[Outage]:
    """Committed rows (transactional): a KILLed connection takes its open transaction
    with it, and the next request must see the test's data."""
    mend: list[Callable[[], None]] = []
    vendor = connection.vendor
    if vendor not in {"mysql", "sqlite"}:
        pytest.skip(f"no outage recipe for {vendor}")

    def start() -> Callable[[], None]:
        breaker = kill_own_mariadb_connection if vendor == "mysql" else move_sqlite_database_away
        mend.append(breaker())
        return mend[-1]

    yield start
    for step in mend:  # a failed assertion must not leave the database away
        with contextlib.suppress(FileNotFoundError):  # already put back by the test
            step()
    # A connection a failed test left KILLed would fail the flush that follows.
    if connection.connection is not None and not connection.is_usable():
        connection.close()


# --- against the real database --------------------------------------------------------


@pytest.mark.usefixtures("outage_middleware")
def test_an_api_request_during_an_outage_is_a_json_503_then_the_app_recovers(
    outage: Outage, client_for: ClientFor, guest: User, caplog: pytest.LogCaptureFixture
) -> None:
    api = client_for(guest)  # JWT: authenticating the caller reads the users table
    assert api.get("/api/bookings/").status_code == 200

    mend = outage()
    with caplog.at_level(logging.WARNING, logger="config.outage"):
        refused = api.get("/api/bookings/")
    assert refused.status_code == 503
    assert refused["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert refused["Content-Type"] == "application/json"
    assert set(refused.json()) == {"detail"}
    # One warning line, no traceback: an outage fails every request the same way.
    (record,) = [r for r in caplog.records if r.name == "config.outage"]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert "/api/bookings/" in record.getMessage()

    mend()
    assert api.get("/api/bookings/").status_code == 200


@pytest.mark.usefixtures("outage_middleware")
def test_a_web_page_during_an_outage_is_an_html_503_then_the_app_recovers(
    outage: Outage, guest: User
) -> None:
    browser = Client()
    browser.force_login(guest)  # the page reads its session from the database
    assert browser.get("/bookings/").status_code == 200

    mend = outage()
    refused = browser.get("/bookings/")
    assert refused.status_code == 503
    assert refused["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert refused["Content-Type"].startswith("text/html")
    assert b"Try again shortly" in refused.content

    mend()
    assert browser.get("/bookings/").status_code == 200


@pytest.mark.usefixtures("outage_middleware")
def test_the_admin_during_an_outage_is_an_html_503(
    outage: Outage, make_user: Callable[..., User]
) -> None:
    admin = make_user()
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    browser = Client()
    browser.force_login(admin)

    mend = outage()
    refused = browser.get("/admin/")
    assert refused.status_code == 503
    assert refused["Content-Type"].startswith("text/html")
    mend()
    assert browser.get("/admin/").status_code == 200


# --- what is and is not an outage ------------------------------------------------------


def middleware() -> DatabaseOutageMiddleware:
    return DatabaseOutageMiddleware(lambda request: pytest.fail("no view runs here"))


@pytest.mark.parametrize("error", [OperationalError("gone away"), InterfaceError("closed")])
def test_operational_and_interface_errors_are_503s(error: Exception) -> None:
    api = middleware().process_exception(RequestFactory().get("/api/listings/"), error)
    page = middleware().process_exception(RequestFactory().get("/listings/"), error)
    assert api is not None
    assert page is not None
    assert (api.status_code, api["Content-Type"]) == (503, "application/json")
    assert (page.status_code, page["Content-Type"]) == (503, "text/html; charset=utf-8")
    assert api["Retry-After"] == page["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.parametrize(
    "error", [IntegrityError("duplicate"), ValueError("a bug"), PermissionError("denied")]
)
def test_other_exceptions_are_not_its_business(error: Exception) -> None:
    request = RequestFactory().post("/api/bookings/")
    assert middleware().process_exception(request, error) is None
