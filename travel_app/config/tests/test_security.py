"""config/security.py in this project, through its own endpoints: hostile bodies refused
before any view, one ration of password checks shared by /api/token/, the web sign-in
and the admin's login, and throttles that a made-up X-Forwarded-For does not escape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from accounts.models import User
from bookings.models import Booking
from config import security
from django.conf import LazySettings
from django.test import Client, RequestFactory
from listings.models import Listing
from tests.support import ClientFor

PASSWORD = "a-pass-phrase"  # every user of conftest.py's make_user
DEEP = "[" * 50_000 + "]" * 50_000  # json.loads: RecursionError, a 500 if a view got it


# --- bodies no view could handle -----------------------------------------------------------


@pytest.mark.task("api.bookings")
@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_json_nested_50_000_deep_is_a_400_naming_the_nesting(
    client_for: ClientFor, guest: User, settings: LazySettings, debug: bool
) -> None:
    settings.DEBUG = debug  # the debug error page is never reached either
    body = '{"listing": ' + DEEP + "}"

    response = client_for(guest).generic(
        "POST", "/api/bookings/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "the JSON body is nested more than 32 levels deep"}
    assert not Booking.objects.exists()


NEW_LISTING = '{"title": "Loft %s", "description": "d", "location": "Lisbon", "price_per_night": "80.00", "max_guests": 2}'  # noqa: E501


@pytest.mark.task("api.listings")
def test_a_lone_surrogate_is_a_400_naming_it_and_writes_nothing(
    client_for: ClientFor, host: User
) -> None:
    client = client_for(host)

    response = client.generic(
        "POST", "/api/listings/", NEW_LISTING % "\\ud800", content_type="application/json"
    )

    assert response.status_code == 400
    assert "lone surrogate" in response.json()["detail"]
    assert not Listing.objects.exists()
    paired = client.generic(  # a surrogate pair is one character, and welcome
        "POST", "/api/listings/", NEW_LISTING % "\\ud83c\\udf0a", content_type="application/json"
    )
    assert paired.status_code == 201
    assert Listing.objects.get().title == "Loft \U0001f30a"


@pytest.mark.task("api.auth")
def test_a_body_over_the_limit_is_a_413(db: None, settings: LazySettings) -> None:
    settings.REQUEST_BODY_MAX_BYTES = 64
    body = '{"email": "ana@example.com", "password": "' + "x" * 64 + '"}'

    response = Client().post("/api/auth/register/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"detail": "the request body is larger than 64 bytes"}
    assert not User.objects.exists()


@pytest.mark.task("api.listings")
def test_a_json_body_that_is_not_utf_8_is_a_400(client_for: ClientFor, host: User) -> None:
    body = (NEW_LISTING % "caf\xe9").encode("latin-1")

    response = client_for(host).generic(
        "POST", "/api/listings/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "the request body is not valid UTF-8 text"}
    assert not Listing.objects.exists()


@pytest.mark.task("web.accounts")
def test_a_form_whose_escapes_are_not_utf_8_is_a_400(db: None) -> None:
    body = "first_name=Caf%E9&last_name=L&email=cafe%40example.com&password=a-long-pass-phrase"

    response = Client().post("/signup/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert response.json() == {"detail": "the request body is not valid UTF-8 text"}
    assert not User.objects.exists()


# --- one ration of password checks, whatever the page --------------------------------------


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """The sign-in throttle's clock stands at 1,000 s (inside the window 900-1800), so no
    test straddles a window's end; set_to(t) moves it."""

    def set_to(moment: float) -> None:
        monkeypatch.setattr(security, "clock", lambda: moment)

    set_to(1_000.0)
    return set_to


@pytest.fixture
def admin(db: None) -> User:
    return User.objects.create_superuser("root@example.com", PASSWORD, first_name="R")


SignIn = Callable[..., Any]


def via_token(email: str, password: str, address: str = "192.0.2.1", **headers: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/api/token/",
        {"email": email, "password": password},
        content_type="application/json",
        **headers,
    )


def via_web(email: str, password: str, address: str = "192.0.2.1", **headers: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/login/", {"username": email, "password": password}, **headers
    )


def via_admin(email: str, password: str, address: str = "192.0.2.1", **headers: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/admin/login/", {"username": email, "password": password}, **headers
    )


SIGNED_IN = {via_token: 200, via_web: 302, via_admin: 302}
PATHS = pytest.mark.parametrize("sign_in", list(SIGNED_IN), ids=["token", "web", "admin"])


@pytest.mark.task("security.throttling")
@PATHS
def test_after_15_wrong_passwords_the_right_one_is_refused(
    admin: User, frozen_clock: Callable[[float], None], sign_in: SignIn
) -> None:
    wrong = [sign_in(admin.email, f"guess-{n}").status_code for n in range(15)]

    refused = sign_in(admin.email, PASSWORD)

    assert SIGNED_IN[sign_in] not in wrong
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


@pytest.mark.task("security.throttling")
@pytest.mark.parametrize(
    ("guessed_on", "then"),
    [(via_admin, via_token), (via_token, via_web), (via_web, via_admin)],
    ids=["admin-then-token", "token-then-web", "web-then-admin"],
)
def test_failures_on_one_path_count_on_the_others(
    admin: User, frozen_clock: Callable[[float], None], guessed_on: SignIn, then: SignIn
) -> None:
    """Ten failures for the account from one address; the right password from another
    address, on another path: refused, so a page's own throttle is not what refuses."""
    for n in range(10):
        guessed_on(admin.email, f"guess-{n}", address="192.0.2.1")

    refused = then(admin.email, PASSWORD, address="192.0.2.2")

    assert refused.status_code == 429
    assert "Retry-After" in refused


@pytest.mark.task("security.throttling")
def test_the_next_window_signs_in_again(
    admin: User, frozen_clock: Callable[[float], None]
) -> None:
    for n in range(15):
        via_admin(admin.email, f"guess-{n}")
    refused = via_admin(admin.email, PASSWORD)
    assert (refused.status_code, refused["Retry-After"]) == (
        429,
        "800",
    )  # the window ends at 1,800

    frozen_clock(1_800.0)

    assert via_admin(admin.email, PASSWORD).status_code == 302


@pytest.mark.task("security.throttling")
def test_a_new_x_forwarded_for_does_not_escape_the_address_limit(
    guest: User, settings: LazySettings, frozen_clock: Callable[[float], None]
) -> None:
    """Failures on several accounts from one socket address, each with a made-up
    X-Forwarded-For (no proxy is trusted): the address's count holds them all."""
    settings.SIGNIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        via_token(f"nobody-{n}@example.com", "no", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    refused = via_token(guest.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many failed sign-ins")


# --- DRF's throttles: the client is the socket's address ------------------------------------


def sign_up(n: int, address: str = "192.0.2.1", **headers: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/api/auth/register/", {"email": f"bad-{n}"}, content_type="application/json", **headers
    )


def guess_token(n: int, address: str = "192.0.2.1", **headers: str) -> Any:
    return via_token(f"nobody-{n}@example.com", "no", address, **headers)


def guess_web(n: int, address: str = "192.0.2.1", **headers: str) -> Any:
    return via_web(f"nobody-{n}@example.com", "no", address, **headers)


@pytest.mark.task("security.throttling")
@pytest.mark.parametrize(
    "ask", [guess_token, sign_up, guess_web], ids=["token", "register", "web-login"]
)
def test_the_auth_throttle_does_not_trust_x_forwarded_for(
    db: None, frozen_clock: Callable[[float], None], ask: Callable[..., Any]
) -> None:
    """AUTH_THROTTLE_RATE, 10 a minute: the 11th request is refused with or without a
    forwarded address the client made up."""
    assert all(ask(n).status_code in (400, 401) for n in range(10))

    assert ask(10).status_code == 429
    assert ask(11, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429


@pytest.mark.task("security.throttling")
def test_behind_one_trusted_proxy_the_client_is_the_right_most_forwarded_entry(
    db: None, rf: RequestFactory, settings: LazySettings, frozen_clock: Callable[[float], None]
) -> None:
    settings.TRUSTED_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9, 198.51.100.1")
    assert security.client_address(request) == "198.51.100.1"

    proxied = {"address": "10.0.0.1"}  # every request reaches the app through the proxy
    for n in range(10):
        guess_token(n, **proxied, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.1")

    assert guess_token(10, **proxied, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    other = guess_token(11, **proxied, HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.2")
    assert other.status_code == 401  # another client behind the same proxy
