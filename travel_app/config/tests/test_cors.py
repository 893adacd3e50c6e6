"""Cross-origin requests to the API: a page on an allowed origin may call it from a
browser (its preflight answered before authentication, even the API's own refusals
readable), a page anywhere else gets no CORS header, the allow-list comes from the
environment (CORS_ALLOWED_ORIGINS), and `manage.py check` (which `migrate` runs first)
fails on a malformed origin, on every origin allowed, and on the middleware misplaced."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from io import StringIO

import pytest
from accounts.models import User
from django.conf import LazySettings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import HttpResponse
from django.test import Client
from tests.support import PRODUCTION, manage, run

pytestmark = pytest.mark.task("security.cors")

ALLOWED = "https://app.example"
OTHER = "https://elsewhere.example"
CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"


@pytest.fixture(autouse=True)
def _one_allowed_origin(settings: LazySettings) -> None:
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]


def preflight(origin: str, path: str = "/api/bookings/") -> HttpResponse:
    """What a browser sends before a POST with a bearer token from a page on `origin`."""
    return Client().options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


def listed(header: str) -> set[str]:
    return {word.strip().lower() for word in header.split(",")}


def test_a_preflight_from_an_allowed_origin_is_answered_before_authentication(
    db: None,
) -> None:
    # /api/bookings/ wants a signed-in caller; a preflight carries no credentials.
    response = preflight(ALLOWED)

    assert 200 <= response.status_code < 300
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "post" in listed(response["Access-Control-Allow-Methods"])
    assert {"authorization", "content-type"} <= listed(response["Access-Control-Allow-Headers"])


def test_a_preflight_from_another_origin_gets_no_cors_header(db: None) -> None:
    response = preflight(OTHER)

    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Methods" not in response


def test_a_read_names_only_the_allowed_origin_and_varies_on_origin(db: None) -> None:
    allowed = Client().get("/api/listings/", HTTP_ORIGIN=ALLOWED)
    # The same list, maybe from the cache now: still nothing for another origin.
    other = Client().get("/api/listings/", HTTP_ORIGIN=OTHER)

    assert allowed.status_code == other.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == ALLOWED
    assert "Access-Control-Allow-Origin" not in other
    # A shared cache between browser and API must not hand one origin's answer to another.
    assert "origin" in listed(allowed["Vary"])


def test_the_apis_own_refusals_are_readable_by_the_allowed_origin(
    db: None, settings: LazySettings
) -> None:
    settings.REQUEST_BODY_MAX_BYTES = 64
    body = '{"email": "ana@example.com", "password": "' + "x" * 64 + '"}'

    response = Client().post(
        "/api/auth/register/", body, content_type="application/json", HTTP_ORIGIN=ALLOWED
    )

    assert response.status_code == 413
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert not User.objects.exists()


def test_the_web_pages_are_not_offered_to_other_origins(db: None) -> None:
    response = Client().get("/", HTTP_ORIGIN=ALLOWED)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def middleware_of(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The settings' MIDDLEWARE and the allow-list the CORS middleware reads."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from corsheaders.conf import conf; "
        "print(json.dumps([settings.MIDDLEWARE, list(conf.CORS_ALLOWED_ORIGINS)]))"
    )
    return run([sys.executable, "-c", script], env)


@pytest.mark.parametrize("env", [{}, PRODUCTION], ids=["debug", "production"])
def test_cors_comes_before_every_middleware_that_can_answer(env: dict[str, str]) -> None:
    started = middleware_of(env)

    assert started.returncode == 0, started.stderr
    middleware, _ = json.loads(started.stdout)
    # As high as it can be: first, or right after SecurityMiddleware, which only adds
    # headers (and redirects to HTTPS, which a preflight never follows).
    before = middleware[: middleware.index(CORS_MIDDLEWARE)]
    assert before in ([], ["django.middleware.security.SecurityMiddleware"]), before


def test_the_allow_list_comes_from_the_environment() -> None:
    started = middleware_of({"CORS_ALLOWED_ORIGINS": "http://localhost:3000, https://app.example"})

    assert started.returncode == 0, started.stderr
    _, origins = json.loads(started.stdout)
    assert origins == ["http://localhost:3000", "https://app.example"]
    unset = middleware_of({})
    assert json.loads(unset.stdout)[1] == [], "no origin is trusted unless one is named"


@pytest.mark.parametrize(
    "value",
    ["*", "https://app.example/", "app.example", "https://app.example/path", "ftp://app.example"],
)
def test_a_value_that_is_not_a_list_of_origins_fails_the_check(value: str) -> None:
    # `migrate`, the image's first command, runs the same checks: the start stops there.
    checked = manage("check", env={"CORS_ALLOWED_ORIGINS": value})

    assert checked.returncode != 0
    assert "CORS_ALLOWED_ORIGINS" in checked.stderr


def test_the_allowed_origins_pass_the_check() -> None:
    checked = manage(
        "check", env={"CORS_ALLOWED_ORIGINS": "http://localhost:3000,https://[::1]:8443"}
    )

    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    "place",
    [
        lambda middleware: [*middleware[1:], CORS_MIDDLEWARE],
        lambda middleware: [name for name in middleware if name != CORS_MIDDLEWARE],
    ],
    ids=["last", "missing"],
)
def test_a_misplaced_or_missing_cors_middleware_fails_the_check(
    settings: LazySettings, place: Callable[[list[str]], list[str]]
) -> None:
    middleware = list(settings.MIDDLEWARE)
    assert middleware[0] == CORS_MIDDLEWARE
    settings.MIDDLEWARE = place(middleware)

    with pytest.raises(SystemCheckError, match="CorsMiddleware"):
        call_command("check", stdout=StringIO(), stderr=StringIO())


def test_allowing_every_origin_fails_the_check(settings: LazySettings) -> None:
    settings.CORS_ALLOW_ALL_ORIGINS = True

    with pytest.raises(SystemCheckError, match="CORS_ALLOW_ALL_ORIGINS"):
        call_command("check", stdout=StringIO(), stderr=StringIO())
