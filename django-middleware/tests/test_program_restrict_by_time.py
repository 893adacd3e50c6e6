"""The program's RestrictAccessByTimeMiddleware: 403 Forbidden when the chat is used
"outside 9PM and 6PM", by the server's clock.

Read as 6PM to 9PM (18:00-21:00) or as 6AM to 9PM (06:00-21:00), with either end in or
out: so the tests ask only at times every reading agrees on. The server's time zone is
UTC (settings.TIME_ZONE), and the clock is frozen at each time.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from chats.models import Message
from django.conf import LazySettings
from django.test import Client
from tests.contract import alone, clock_at

pytestmark = pytest.mark.task("middleware.restrict_by_time")


@pytest.fixture(autouse=True)
def only_this_middleware(settings: LazySettings) -> None:
    alone(settings, "RestrictAccessByTimeMiddleware")
    # This project's own implementation reads its hours from settings: the program's.
    settings.ACCESS_HOURS = ("18:00", "21:00")
    settings.ACCESS_TIME_ZONE = "UTC"


@pytest.mark.parametrize("clock", ["19:30", "20:15"])
def test_the_chat_is_open_in_the_evening(client: Client, db: None, clock: str) -> None:
    with clock_at(f"2024-05-01T{clock}:00"):
        response = client.get("/api/messages/")

    assert response.status_code == 200, f"refused at {clock}"


@pytest.mark.parametrize("clock", ["22:30", "23:59", "00:00", "03:00", "05:30"])
def test_the_chat_is_closed_at_night_with_403(client: Client, db: None, clock: str) -> None:
    with clock_at(f"2024-05-01T{clock}:00"):
        response = client.get("/api/messages/")

    assert response.status_code == 403, f"{response.status_code} at {clock}, not 403"


def test_a_post_refused_at_night_writes_nothing(signed_in: Callable[[str], Client]) -> None:
    client = signed_in("host")

    with clock_at("2024-05-01T03:00:00"):
        response = client.post("/api/messages/", {"body": "hi"}, content_type="application/json")

    assert response.status_code == 403
    assert not Message.objects.exists()


def test_the_same_request_passes_once_the_evening_comes(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("host")

    with clock_at("2024-05-01T03:00:00") as clock:
        night = client.post("/api/messages/", {"body": "hi"}, content_type="application/json")
        clock.move_to("2024-05-01T19:00:00+00:00")
        evening = client.post("/api/messages/", {"body": "hi"}, content_type="application/json")

    assert (night.status_code, evening.status_code) == (403, 201)
    assert Message.objects.count() == 1
