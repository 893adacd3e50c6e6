"""RequestIdMiddleware: an id (the client's when well-formed) and a timing header on every
response, including the refusals of the layers below it, 404 and 500."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from unittest import mock

import pytest
from chats.middleware.request_id import RequestIdMiddleware
from django.conf import LazySettings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

pytestmark = pytest.mark.task("middleware.security_headers")

GENERATED = re.compile(r"[0-9a-f]{32}")
TIMING = re.compile(r"app;dur=\d+\.\d\d")


def test_an_id_and_a_timing_are_added_when_the_client_sends_no_id(client: Client, db: None):
    first, second = client.get("/api/messages/"), client.get("/api/messages/")

    assert first.status_code == second.status_code == 200
    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert TIMING.fullmatch(first["Server-Timing"])


def test_the_layers_below_see_the_id_the_response_carries(rf: RequestFactory):
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.id)
        return HttpResponse()

    response = RequestIdMiddleware(view)(rf.get("/"))

    assert seen == [response["X-Request-ID"]]


@pytest.mark.parametrize(
    "offered",
    ["abc", "trace.id_1-2", "A" * 64, "a" * 1, uuid.uuid4().hex, str(uuid.uuid4())],
)
def test_a_well_formed_client_id_is_kept(client: Client, db: None, offered: str):
    response = client.get("/api/messages/", HTTP_X_REQUEST_ID=offered)

    assert response["X-Request-ID"] == offered


@pytest.mark.parametrize(
    "offered",
    [
        "",
        "x" * 65,
        "x" * 10_000,
        "has space",
        "line\nbreak",
        "split\r\nSet-Cookie: a=b",
        "tab\there",
        "caf\u00e9",
        "\u0661\u0662\u0663",  # Arabic-Indic digits: digits to \d, not to our pattern
        "semi;colon",
        "<script>",
        "a/b",
        "null\x00byte",
    ],
)
def test_a_malformed_or_huge_client_id_is_replaced_never_echoed(
    client: Client, db: None, offered: str
):
    response = client.get("/api/messages/", HTTP_X_REQUEST_ID=offered)

    assert response.status_code == 200
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_the_timing_covers_the_layers_below(rf: RequestFactory):
    """The clock (time.perf_counter) reads 10.0 s before the layers below and 10.0425 s
    after them: they took 42.5 ms, whatever the machine's speed."""
    readings = iter([10.0, 10.0425])

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    with mock.patch(
        "chats.middleware.request_id.time.perf_counter", side_effect=lambda: next(readings)
    ):
        response = RequestIdMiddleware(view)(rf.get("/"))

    assert response["Server-Timing"] == "app;dur=42.50"


def test_a_timing_set_below_is_kept_and_ours_added(rf: RequestFactory):
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(headers={"Server-Timing": "db;dur=1.5"})

    response = RequestIdMiddleware(view)(rf.get("/"))

    first, ours = response["Server-Timing"].split(", ")
    assert first == "db;dur=1.5"
    assert TIMING.fullmatch(ours)


def refused_by_role(client: Client, settings: LazySettings) -> HttpResponse:
    return client.get("/api/moderation/messages/")


def refused_by_time(client: Client, settings: LazySettings) -> HttpResponse:
    settings.ACCESS_HOURS = ("06:00", "21:00")
    night = dt.datetime(2024, 5, 1, 3, 0, tzinfo=dt.UTC)
    with mock.patch("chats.middleware.restrict_by_time.timezone.now", return_value=night):
        return client.get("/api/messages/")


def refused_by_rate_limit(client: Client, settings: LazySettings) -> HttpResponse:
    settings.RATE_LIMIT = 1
    client.post("/api/messages/", {}, content_type="application/json")
    return client.post("/api/messages/", {}, content_type="application/json")


def not_found(client: Client, settings: LazySettings) -> HttpResponse:
    return client.get("/no/such/page/")


def server_error(client: Client, settings: LazySettings) -> HttpResponse:
    with mock.patch("chats.views.JsonResponse", side_effect=RuntimeError("boom")):
        return client.get("/api/messages/")


@pytest.mark.parametrize(
    ("ending", "status"),
    [
        (refused_by_role, 401),
        (refused_by_time, 403),
        (refused_by_rate_limit, 429),
        (not_found, 404),
        (server_error, 500),
    ],
)
def test_every_response_carries_the_id_and_the_timing(
    db: None,
    settings: LazySettings,
    ending: Callable[[Client, LazySettings], HttpResponse],
    status: int,
):
    # A 500 comes back as a response, as it would to a real client.
    client = Client(raise_request_exception=False, HTTP_X_REQUEST_ID="trace-42")

    response = ending(client, settings)

    assert response.status_code == status
    assert response["X-Request-ID"] == "trace-42"
    assert TIMING.fullmatch(response["Server-Timing"])
