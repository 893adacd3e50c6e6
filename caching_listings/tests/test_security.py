"""Beyond the program: hostile requests and password guessing, through the module's own
endpoints. config/security.py refuses bodies no view could handle safely (413, 400) and
rations password checks (429); every other error is a 4xx in JSON naming the problem."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from config import security
from django.conf import LazySettings
from django.contrib.auth.models import User
from django.test import Client
from properties.models import Property
from rest_framework.test import APIClient

pytestmark = pytest.mark.task("api.properties")
LIST = "/api/properties/"
VALID = {"title": "Villa", "description": "Pool", "price": "300.00", "location": "Nice"}
PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(db: None) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_user("staff", is_staff=True))
    return client


def post_raw(client: APIClient, body: bytes, content_type: str = "application/json") -> Any:
    return client.generic("POST", LIST, body, content_type=content_type)


# --- bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True])
def test_json_nested_too_deep_is_a_400_naming_it(
    staff: APIClient, settings: LazySettings, debug: bool
) -> None:
    settings.DEBUG = debug  # the debug error page is never reached either
    response = post_raw(staff, b"[" * 50_000 + b"]" * 50_000)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    assert not Property.objects.exists()


def test_a_lone_surrogate_is_a_400_and_writes_nothing(staff: APIClient) -> None:
    body = json.dumps({**VALID, "title": "\ud800"}).encode()  # json escapes it as \\ud800
    response = post_raw(staff, body)
    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]
    assert not Property.objects.exists()


def test_a_body_over_the_limit_is_a_413(staff: APIClient, settings: LazySettings) -> None:
    settings.REQUEST_BODY_MAX_BYTES = 1000
    response = post_raw(staff, json.dumps({**VALID, "description": "x" * 1000}).encode())
    assert response.status_code == 413
    assert "larger than 1000 bytes" in response.json()["detail"]
    assert not Property.objects.exists()


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_utf8_is_a_400(staff: APIClient, content_type: str) -> None:
    response = post_raw(staff, b'{"title": "caf\xe9"}', content_type)
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]
    assert not Property.objects.exists()


def test_a_description_is_bounded(staff: APIClient) -> None:
    response = staff.post(LIST, {**VALID, "description": "x" * 5001}, format="json")
    assert response.status_code == 400
    assert "description" in response.json()
    assert not Property.objects.exists()


# --- query parameters and Django's own errors ----------------------------------------


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "9" * 10, "\x00"])
def test_a_malformed_page_is_a_400_naming_it(db: None, page: str) -> None:
    response = APIClient().get(LIST, {"page": page})
    assert response.status_code == 400
    assert "page" in response.json()


def test_an_unknown_url_is_a_json_404(db: None) -> None:
    response = Client().get("/no/such/page/")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_a_failed_csrf_check_is_a_json_403(db: None) -> None:
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# --- password checks: the admin's login and the API's HTTP Basic ----------------------


@pytest.fixture(autouse=True)
def fast_hashing(settings: LazySettings) -> None:
    """One cheap hash per check (the default takes a large fraction of a second)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """The throttle's clock stands still (no test straddles a window); move it by hand."""
    now = [1_000.0]
    monkeypatch.setattr(security, "clock", lambda: now[0])
    return lambda seconds: now.__setitem__(0, now[0] + seconds)


@pytest.fixture
def ada(db: None) -> User:
    return User.objects.create_user("ada", password=PASSWORD, is_staff=True)


def admin_login(username: str, password: str, address: str = "") -> Any:
    extra = {"HTTP_X_FORWARDED_FOR": address} if address else {}
    return Client().post("/admin/login/", {"username": username, "password": password}, **extra)


def basic(username: str, password: str, address: str = "") -> Any:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    extra = {"HTTP_X_FORWARDED_FOR": address} if address else {}
    return APIClient().get(LIST, HTTP_AUTHORIZATION=f"Basic {token}", **extra)


PATHS = {"admin": admin_login, "basic": basic}
SIGNED_IN = {"admin": 302, "basic": 200}
SIGNED_OUT = {"admin": 200, "basic": 403}  # DRF: 403, its first authenticator (sessions)


@pytest.mark.parametrize("path", PATHS)
def test_the_right_password_after_too_many_wrong_ones_is_a_429(
    frozen: Callable[[float], None], ada: User, path: str
) -> None:
    sign_in = PATHS[path]
    answers = [sign_in("ada", "wrong").status_code for _ in range(15)]
    # The form again (the admin) or a refusal (DRF), then 429: ten failures per account.
    assert answers == [SIGNED_OUT[path]] * 10 + [429] * 5
    refused = sign_in("ada", PASSWORD)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 900
    frozen(900)  # the next window
    assert sign_in("ada", PASSWORD).status_code == SIGNED_IN[path]


@pytest.mark.parametrize(("guessed", "then"), [("admin", "basic"), ("basic", "admin")])
def test_failures_on_one_path_count_on_the_other(
    frozen: Callable[[float], None], ada: User, guessed: str, then: str
) -> None:
    for _ in range(10):
        PATHS[guessed]("ada", "wrong")
    assert PATHS[then]("ada", PASSWORD).status_code == 429


def test_a_fresh_forwarded_for_does_not_escape_the_address_limit(
    frozen: Callable[[float], None], ada: User
) -> None:
    """No proxy is trusted (TRUSTED_PROXIES=0): X-Forwarded-For is the client's to write."""
    for number in range(30):
        basic(f"guess{number}", "wrong", address=f"198.51.100.{number}")
    assert basic("ada", PASSWORD, address="203.0.113.1").status_code == 429


def test_behind_one_proxy_the_rightmost_forwarded_address_is_the_client(
    frozen: Callable[[float], None], ada: User, settings: LazySettings
) -> None:
    settings.TRUSTED_PROXIES = 1
    for number in range(30):
        basic(f"guess{number}", "wrong", address=f"10.0.0.{number}, 203.0.113.7")
    assert basic("ada", PASSWORD, address="10.9.9.9, 203.0.113.7").status_code == 429
    assert basic("ada", PASSWORD, address="203.0.113.8").status_code == 200
