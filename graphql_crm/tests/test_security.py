"""config/security.py through this module's endpoints: hostile bodies to POST /graphql
refused before the view (nothing written), and the admin's password check rationed per
account and per client address, the address taken from the socket or the trusted
proxies, never from a header the client writes."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from config import security
from crm.models import Customer
from django.conf import LazySettings
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client

DEEP = "[" * 50_000 + "]" * 50_000  # json.loads: a RecursionError, if it got that far
CREATE = "mutation($input: CustomerInput!) { createCustomer(input: $input) { message } }"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "a-Long-pass-phrase-42"
SIGNED_IN = 302  # the admin redirects on success and shows its form again on failure


def post(body: str | bytes) -> HttpResponse:
    return Client().post("/graphql", body, content_type="application/json")


def create_customer(name: str) -> str:
    """The createCustomer request, its name as written in the JSON text (escapes kept)."""
    variables = f'{{"input": {{"name": "{name}", "email": "ann@example.com"}}}}'
    return f'{{"query": {json.dumps(CREATE)}, "variables": {variables}}}'


@pytest.mark.task("graphql.limits")
@pytest.mark.django_db
class TestHostileBodies:
    @pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
    def test_json_nested_50_000_deep_is_a_400_naming_the_nesting(
        self, settings: LazySettings, debug: bool
    ) -> None:
        settings.DEBUG = debug  # the debug error page is never reached either
        response = post('{"query": "{ hello }", "variables": ' + DEEP + "}")
        assert response.status_code == 400
        assert response.json() == {"detail": "the JSON body is nested more than 32 levels deep"}

    def test_a_lone_surrogate_is_a_400_naming_it_and_nothing_is_written(self) -> None:
        response = post(create_customer("Ann \\ud800"))
        assert response.status_code == 400
        assert "lone surrogate" in response.json()["detail"]
        assert not Customer.objects.exists()
        # A surrogate pair is a character like any other.
        search = (
            '{"query": "{ allCustomers(nameIcontains: \\"\\ud83d\\ude00\\") { totalCount } }"}'
        )
        assert post(search).json() == {"data": {"allCustomers": {"totalCount": 0}}}

    def test_a_body_over_the_limit_is_a_413(self, settings: LazySettings) -> None:
        settings.REQUEST_BODY_MAX_BYTES = 64
        response = post(create_customer("x" * 64))
        assert response.status_code == 413
        assert response.json() == {"detail": "the request body is larger than 64 bytes"}
        assert not Customer.objects.exists()

    def test_a_body_that_is_not_utf_8_is_a_400(self) -> None:
        response = post(create_customer("Ren\xe9").encode("latin-1"))
        assert response.status_code == 400
        assert response.json() == {"detail": "the request body is not valid UTF-8 text"}
        assert not Customer.objects.exists()


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """The throttle's clock stands at 1,000 s, inside the window 900-1,800 s (no test can
    straddle a window's end); frozen_clock(t) moves it."""

    def set_to(moment: float) -> None:
        monkeypatch.setattr(security, "clock", lambda: moment)

    set_to(1_000.0)
    return set_to


@pytest.fixture
def staff(db: None, settings: LazySettings) -> User:
    """A user the admin lets in (MD5: PBKDF2 would take a third of a second a check)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user("ann", password=PASSWORD, is_staff=True)


def sign_in(username: str, password: str, forwarded: str = "") -> HttpResponse:
    """A password through the admin's sign-in form, from the client 127.0.0.1."""
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return Client().post(ADMIN_LOGIN, {"username": username, "password": password}, **extra)


@pytest.mark.task("deploy.docker")
@pytest.mark.usefixtures("frozen_clock")
class TestAdminSigninThrottle:
    def test_15_wrong_passwords_then_the_right_one_is_refused_until_the_next_window(
        self, staff: User, frozen_clock: Callable[[float], None]
    ) -> None:
        answers = [sign_in("ann", f"wrong-{n}").status_code for n in range(15)]
        assert answers == [200] * 10 + [429] * 5  # the form again, then refused
        refused = sign_in("ann", PASSWORD)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "800"  # the window ends at 1,800 s
        assert "Too many failed sign-ins" in refused.content.decode()
        frozen_clock(1_800.0)
        assert sign_in("ann", PASSWORD).status_code == SIGNED_IN

    def test_a_new_x_forwarded_for_does_not_escape_the_address_limit(
        self, staff: User, settings: LazySettings
    ) -> None:
        """Failures on many accounts from one socket address, each with a made-up
        X-Forwarded-For (no proxy is trusted): the address limit counts them all."""
        settings.SIGNIN_FAILURES_PER_ADDRESS = 3
        for n in range(3):
            sign_in(f"nobody-{n}", "wrong", forwarded=f"198.51.100.{n}")
        assert sign_in("ann", PASSWORD, forwarded="198.51.100.99").status_code == 429

    def test_behind_one_trusted_proxy_the_client_is_the_right_most_forwarded_entry(
        self, staff: User, settings: LazySettings
    ) -> None:
        """The proxy appends the address it saw; what the client wrote to its left does
        not count, and another client behind the same proxy is not refused."""
        settings.TRUSTED_PROXIES = 1
        settings.SIGNIN_FAILURES_PER_ADDRESS = 3
        for n in range(3):
            sign_in(f"nobody-{n}", "wrong", forwarded=f"10.0.0.{n}, 203.0.113.7")
        assert sign_in("ann", PASSWORD, forwarded="203.0.113.7").status_code == 429
        assert sign_in("ann", PASSWORD, forwarded="203.0.113.8").status_code == SIGNED_IN
