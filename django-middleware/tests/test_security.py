"""config/security.py in this project: hostile bodies refused before any view (and below
our middlewares, which still log, stamp and count them), the client's address, and the
rationing of password checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from chats.models import Message
from config import security
from django.conf import LazySettings
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from tests.conftest import MakeUser

pytestmark = [pytest.mark.task("app.project"), pytest.mark.django_db]

URL = "/api/messages/"
DEEP = "[" * 50_000 + "]" * 50_000  # json.loads: RecursionError, a 500 if it got that far


def post(client: Client, body: str | bytes, content_type: str = "application/json") -> Any:
    return client.post(URL, body, content_type=content_type)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_json_nested_50_000_deep_is_a_400_naming_the_nesting(
    signed_in: Callable[[str], Client], settings: LazySettings, debug: bool
) -> None:
    settings.DEBUG = debug  # the debug error page is never reached either
    response = post(signed_in("guest"), '{"body": ' + DEEP + "}")

    assert response.status_code == 400
    assert response.json() == {"detail": "the JSON body is nested more than 32 levels deep"}
    assert not Message.objects.exists()


def test_a_lone_surrogate_is_a_400_naming_it_and_writes_nothing(
    signed_in: Callable[[str], Client],
) -> None:
    client = signed_in("guest")

    response = post(client, '{"body": "hi \\ud800"}')

    assert response.status_code == 400
    assert "lone surrogate" in response.json()["detail"]
    assert not Message.objects.exists()
    assert post(client, '{"body": "hi \\ud83d\\ude00"}').status_code == 201  # a pair is fine
    assert Message.objects.get().body == "hi \U0001f600"


def test_a_body_over_the_limit_is_a_413(
    signed_in: Callable[[str], Client], settings: LazySettings
) -> None:
    settings.REQUEST_BODY_MAX_BYTES = 64

    response = post(signed_in("guest"), '{"body": "' + "x" * 64 + '"}')

    assert response.status_code == 413
    assert response.json() == {"detail": "the request body is larger than 64 bytes"}
    assert not Message.objects.exists()


def test_a_body_that_is_not_utf_8_is_a_400(signed_in: Callable[[str], Client]) -> None:
    response = post(signed_in("guest"), b'{"body": "caf\xe9"}')

    assert response.status_code == 400
    assert response.json() == {"detail": "the request body is not valid UTF-8 text"}
    assert not Message.objects.exists()


def test_hostile_bodies_are_still_logged_stamped_and_counted(
    signed_in: Callable[[str], Client], request_log: Callable[[], list[str]]
) -> None:
    """The body policy sits below our middlewares (config/settings.py says why): a flood
    of hostile bodies is in the request log and runs into the rate limit."""
    client = signed_in("guest")

    responses = [post(client, DEEP) for _ in range(6)]

    assert [response.status_code for response in responses] == [400] * 5 + [429]
    assert all(response["X-Request-ID"] for response in responses)
    lines = request_log()
    assert len(lines) == 6
    assert all(" - Path: /api/messages/ - " in line for line in lines)


def test_with_one_trusted_proxy_the_client_is_the_right_most_forwarded_entry(
    rf: RequestFactory, settings: LazySettings
) -> None:
    settings.TRUSTED_PROXIES = 1
    request = rf.get(URL, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9, 198.51.100.1")

    assert security.client_address(request) == "198.51.100.1"


# This project has no sign-in page (no admin, no login view: the tests sign users in
# directly). What it configures is the backend every password check would go through,
# so the checks below call django.contrib.auth.authenticate() as such a page would.


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """The throttle's clock stands at 1,000 s (inside the window 900-1800); set_to(t)."""

    def set_to(moment: float) -> None:
        monkeypatch.setattr(security, "clock", lambda: moment)

    set_to(1_000.0)
    return set_to


def sign_in(rf: RequestFactory, username: str, password: str, forwarded: str = "") -> Any:
    request = rf.post("/", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=forwarded)
    return request, authenticate(request, username=username, password=password)


def test_after_repeated_failures_even_the_right_password_is_refused_until_the_next_window(
    rf: RequestFactory, make_user: MakeUser, frozen_clock: Callable[[float], None]
) -> None:
    user = make_user("guest", username="ann")  # password "pw-123456"
    assert all(sign_in(rf, "ann", f"wrong-{n}")[1] is None for n in range(15))

    request, refused = sign_in(rf, "ann", "pw-123456")

    assert refused is None
    assert request.signin_retry_after == 800  # the window ends at 1,800 s
    frozen_clock(1_800.0)
    assert sign_in(rf, "ann", "pw-123456")[1] == user


def test_a_new_x_forwarded_for_does_not_escape_the_address_limit(
    rf: RequestFactory,
    make_user: MakeUser,
    settings: LazySettings,
    frozen_clock: Callable[[float], None],
) -> None:
    """Failures on many accounts from one socket address, each with a made-up
    X-Forwarded-For (no proxy is trusted): the address limit still counts them all."""
    settings.SIGNIN_FAILURES_PER_ADDRESS = 3
    make_user("guest", username="bob")
    for n in range(3):
        sign_in(rf, f"nobody-{n}", "wrong", forwarded=f"198.51.100.{n}")

    request, refused = sign_in(rf, "bob", "pw-123456", forwarded="198.51.100.99")

    assert refused is None
    assert request.signin_retry_after == 800
