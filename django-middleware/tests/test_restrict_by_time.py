"""RestrictAccessByTimeMiddleware as this project builds it (beyond the program's text,
which tests/test_program_restrict_by_time.py grades): 403 outside ACCESS_HOURS (start
inclusive, end exclusive) in ACCESS_TIME_ZONE, bad settings refused at startup; the
clock is frozen by patching timezone.now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from chats.middleware import RestrictAccessByTimeMiddleware
from chats.models import Message
from django.conf import LazySettings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, override_settings

pytestmark = pytest.mark.task("extras.access_hours")


@contextmanager
def frozen_at(moment: str) -> Iterator[None]:
    """The clock stopped at an ISO 8601 instant (with its offset)."""
    now = dt.datetime.fromisoformat(moment)
    with mock.patch("chats.middleware.restrict_by_time.timezone.now", return_value=now):
        yield


@pytest.fixture
def program_hours(settings: LazySettings) -> None:
    """The program's window, 18:00 to 21:00 UTC (conftest opens the whole day)."""
    settings.ACCESS_HOURS = ("18:00", "21:00")
    settings.ACCESS_TIME_ZONE = "UTC"


@pytest.mark.usefixtures("program_hours")
@pytest.mark.parametrize(
    ("clock", "status"),
    [
        ("2024-05-01T00:00:00+00:00", 403),
        ("2024-05-01T12:00:00+00:00", 403),
        ("2024-05-01T17:59:00+00:00", 403),
        ("2024-05-01T17:59:59.999999+00:00", 403),
        ("2024-05-01T18:00:00+00:00", 200),  # the start is inside
        ("2024-05-01T19:30:00+00:00", 200),
        ("2024-05-01T20:59:00+00:00", 200),
        ("2024-05-01T20:59:59.999999+00:00", 200),
        ("2024-05-01T21:00:00+00:00", 403),  # the end is outside
        ("2024-05-01T23:59:59+00:00", 403),
    ],
)
def test_the_window_boundaries(client: Client, db: None, clock: str, status: int):
    with frozen_at(clock):
        response = client.get("/api/messages/")

    assert response.status_code == status


@pytest.mark.usefixtures("program_hours")
def test_the_refusal_is_json_naming_the_window(client: Client):
    with frozen_at("2024-05-01T22:30:00+00:00"):
        response = client.get("/api/messages/")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "the chat is open from 18:00 to 21:00 (UTC)"}


@pytest.mark.usefixtures("program_hours")
def test_a_refused_post_writes_nothing(signed_in: Callable[[str], Client]):
    client = signed_in("host")
    with frozen_at("2024-05-01T04:00:00+00:00"):
        response = client.post("/api/messages/", {"body": "hi"}, content_type="application/json")

    assert response.status_code == 403
    assert Message.objects.count() == 0


@pytest.mark.usefixtures("program_hours")
def test_every_path_is_closed_at_night(signed_in: Callable[[str], Client]):
    client = signed_in("admin")
    with frozen_at("2024-05-01T03:00:00+00:00"):
        assert client.get("/api/moderation/messages/").status_code == 403
        assert client.get("/no/such/page/").status_code == 403


@pytest.mark.parametrize(
    ("zone", "status"),
    [("UTC", 403), ("Europe/Paris", 200), ("Asia/Tokyo", 200), ("America/New_York", 403)],
)
def test_the_same_instant_in_different_zones(
    client: Client, db: None, settings: LazySettings, zone: str, status: int
):
    """05:30 UTC on 1 May is 07:30 in Paris, 14:30 in Tokyo, 01:30 in New York."""
    settings.ACCESS_HOURS = ("06:00", "21:00")
    settings.ACCESS_TIME_ZONE = zone
    with frozen_at("2024-05-01T05:30:00+00:00"):
        assert client.get("/api/messages/").status_code == status


@pytest.mark.parametrize(
    ("clock", "status"),
    [
        ("2024-07-15T04:30:00+00:00", 200),  # summer: UTC+2, 06:30 in Paris
        ("2024-01-15T04:30:00+00:00", 403),  # winter: UTC+1, 05:30 in Paris
        ("2024-07-15T19:00:00+00:00", 403),  # summer: 21:00 in Paris, the end
        ("2024-01-15T19:00:00+00:00", 200),  # winter: 20:00 in Paris
    ],
)
def test_daylight_saving_time_moves_the_window(
    client: Client, db: None, settings: LazySettings, clock: str, status: int
):
    settings.ACCESS_HOURS = ("06:00", "21:00")
    settings.ACCESS_TIME_ZONE = "Europe/Paris"
    with frozen_at(clock):
        assert client.get("/api/messages/").status_code == status


@pytest.mark.parametrize(
    ("clock", "status"),
    [
        ("2024-05-01T21:59:00+00:00", 403),
        ("2024-05-01T22:00:00+00:00", 200),
        ("2024-05-01T23:59:00+00:00", 200),
        ("2024-05-02T00:00:00+00:00", 200),
        ("2024-05-02T05:59:00+00:00", 200),
        ("2024-05-02T06:00:00+00:00", 403),
        ("2024-05-02T12:00:00+00:00", 403),
    ],
)
def test_a_window_that_crosses_midnight(
    client: Client, db: None, settings: LazySettings, clock: str, status: int
):
    settings.ACCESS_HOURS = ("22:00", "06:00")  # the night shift
    with frozen_at(clock):
        assert client.get("/api/messages/").status_code == status


@pytest.mark.parametrize("clock", ["2024-05-01T00:00:00+00:00", "2024-05-01T23:59:59+00:00"])
def test_equal_start_and_end_open_the_whole_day(
    client: Client, db: None, settings: LazySettings, clock: str
):
    settings.ACCESS_HOURS = ("08:00", "08:00")
    with frozen_at(clock):
        assert client.get("/api/messages/").status_code == 200


def ok_view(request: Any) -> HttpResponse:
    return HttpResponse()


@pytest.mark.parametrize(
    "hours",
    [
        ("25:00", "21:00"),
        ("06:00", "24:00"),
        ("06:60", "21:00"),
        ("6:00", "21:00"),
        ("6am", "9pm"),
        ("", "21:00"),
        (None, "21:00"),
        (600, 2100),
        ("06:00",),
        ("06:00", "12:00", "21:00"),
        " 06:00",
    ],
)
def test_malformed_hours_fail_at_startup(hours: Any):
    with override_settings(ACCESS_HOURS=hours), pytest.raises(ImproperlyConfigured):
        RestrictAccessByTimeMiddleware(ok_view)


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../../etc/passwd", None])
def test_an_unknown_time_zone_fails_at_startup(zone: Any):
    with override_settings(ACCESS_TIME_ZONE=zone), pytest.raises(ImproperlyConfigured):
        RestrictAccessByTimeMiddleware(ok_view)


def test_a_malformed_setting_stops_the_stack_from_being_built(
    client: Client, settings: LazySettings
):
    settings.ACCESS_HOURS = ("25:00", "21:00")

    with pytest.raises(ImproperlyConfigured, match="25:00"):
        client.get("/api/messages/")
