"""config/security.py through this project's endpoints: hostile bodies refused before
any view, every password check rationed (the token endpoint, the browsable API's
sign-in, the admin's), the client's address taken from the socket or the trusted
proxies, never from a header the client writes; and Django's own errors as JSON."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from chats import views
from chats.models import Conversation, Message, User
from config import security
from django.conf import LazySettings
from django.http import HttpResponse
from django.test import Client
from rest_framework.test import APIClient
from tests.paths import messages_url
from tests.support import PASSWORD, ClientFor, MakeUser

DEEP = "[" * 50_000 + "]" * 50_000  # json.loads: a RecursionError, a 500 if it got that far
REGISTER = "/api/auth/register/"
TOKEN = "/api/token/"
LOGIN = "/api-auth/login/"
ADMIN_LOGIN = "/admin/login/"
SIGNED_IN = 302  # both sign-in pages redirect on success and show the form again on failure


@pytest.mark.task("api.schema")
class TestHostileBodies:
    """Refused by RequestBodyPolicyMiddleware before DRF parses them, and nothing saved."""

    @staticmethod
    def post(client: APIClient, chat: Conversation, body: str | bytes) -> HttpResponse:
        return client.post(messages_url(chat), body, content_type="application/json")

    @pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
    def test_json_nested_50_000_deep_is_a_400_naming_the_nesting(
        self,
        client_for: ClientFor,
        alice: User,
        chat: Conversation,
        settings: LazySettings,
        debug: bool,
    ) -> None:
        settings.DEBUG = debug  # the debug error page is never reached either
        response = self.post(client_for(alice), chat, '{"message_body": ' + DEEP + "}")
        assert response.status_code == 400
        assert response.json() == {"detail": "the JSON body is nested more than 32 levels deep"}
        assert not Message.objects.exists()

    def test_a_lone_surrogate_is_a_400_naming_it_and_nothing_is_written(
        self, client_for: ClientFor, alice: User, chat: Conversation
    ) -> None:
        client = client_for(alice)
        response = self.post(client, chat, '{"message_body": "hi \\ud800"}')
        assert response.status_code == 400
        assert "lone surrogate" in response.json()["detail"]
        assert not Message.objects.exists()
        # A surrogate pair is a character like any other.
        assert self.post(client, chat, '{"message_body": "hi \\ud83d\\ude00"}').status_code == 201
        assert Message.objects.get().message_body == "hi \U0001f600"

    def test_a_body_over_the_limit_is_a_413(
        self, client_for: ClientFor, alice: User, chat: Conversation, settings: LazySettings
    ) -> None:
        settings.REQUEST_BODY_MAX_BYTES = 64
        body = '{"message_body": "' + "x" * 64 + '"}'
        response = self.post(client_for(alice), chat, body)
        assert response.status_code == 413
        assert response.json() == {"detail": "the request body is larger than 64 bytes"}
        assert not Message.objects.exists()

    def test_a_body_that_is_not_utf_8_is_a_400(
        self, client_for: ClientFor, alice: User, chat: Conversation
    ) -> None:
        response = self.post(client_for(alice), chat, b'{"message_body": "caf\xe9"}')
        assert response.status_code == 400
        assert response.json() == {"detail": "the request body is not valid UTF-8 text"}
        assert not Message.objects.exists()


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """The sign-in throttle's clock stands at 1,000 s, inside the window 900-1,800 s (no
    test can straddle a window's end); frozen_clock(t) moves it."""

    def set_to(moment: float) -> None:
        monkeypatch.setattr(security, "clock", lambda: moment)

    set_to(1_000.0)
    return set_to


def sign_in(path: str, email: str, password: str, forwarded: str = "") -> HttpResponse:
    """A password through one of the sign-in paths, from the client 127.0.0.1."""
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    if path == TOKEN:
        return APIClient().post(TOKEN, {"email": email, "password": password}, **extra)
    return Client().post(path, {"username": email, "password": password}, **extra)


@pytest.mark.task("auth.jwt")
@pytest.mark.usefixtures("frozen_clock")
class TestSigninThrottle:
    @pytest.mark.parametrize("path", [LOGIN, ADMIN_LOGIN])
    def test_15_wrong_passwords_then_the_right_one_is_refused_until_the_next_window(
        self, make_user: MakeUser, frozen_clock: Callable[[float], None], path: str
    ) -> None:
        user = make_user()
        User.objects.filter(pk=user.pk).update(is_staff=True)  # the admin takes staff only
        answers = [sign_in(path, user.email, f"wrong-{n}").status_code for n in range(15)]
        assert answers == [200] * 10 + [429] * 5  # the form again, then refused
        refused = sign_in(path, user.email, PASSWORD)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "800"  # the window ends at 1,800 s
        frozen_clock(1_800.0)
        assert sign_in(path, user.email, PASSWORD).status_code == SIGNED_IN

    @pytest.mark.parametrize(("first", "then"), [(TOKEN, LOGIN), (LOGIN, TOKEN)])
    def test_failures_on_one_path_count_on_the_other(
        self, make_user: MakeUser, first: str, then: str
    ) -> None:
        user = make_user()
        for n in range(10):  # the account's limit; the token endpoint allows 10 a minute
            sign_in(first, user.email, f"wrong-{n}")
        refused = sign_in(then, user.email, PASSWORD)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "800"  # the sign-in window's, not DRF's minute

    def test_a_new_x_forwarded_for_does_not_escape_the_address_limit(
        self, make_user: MakeUser, settings: LazySettings
    ) -> None:
        """Failures on many accounts from one socket address, each with a made-up
        X-Forwarded-For (no proxy is trusted): the address limit counts them all."""
        settings.SIGNIN_FAILURES_PER_ADDRESS = 3
        user = make_user()
        for n in range(3):
            sign_in(LOGIN, f"nobody-{n}@example.com", "wrong", forwarded=f"198.51.100.{n}")
        refused = sign_in(LOGIN, user.email, PASSWORD, forwarded="198.51.100.99")
        assert refused.status_code == 429

    def test_behind_one_trusted_proxy_the_client_is_the_right_most_forwarded_entry(
        self, make_user: MakeUser, settings: LazySettings
    ) -> None:
        """The proxy appends the address it saw; what the client wrote to its left does
        not count."""
        settings.TRUSTED_PROXIES = 1
        settings.SIGNIN_FAILURES_PER_ADDRESS = 3
        user = make_user()
        for n in range(3):
            sign_in(
                LOGIN, f"nobody-{n}@example.com", "wrong", forwarded=f"10.0.0.{n}, 203.0.113.1"
            )
        same_client = sign_in(LOGIN, user.email, PASSWORD, forwarded="10.9.9.9, 203.0.113.1")
        assert same_client.status_code == 429
        another_client = sign_in(LOGIN, user.email, PASSWORD, forwarded="203.0.113.2")
        assert another_client.status_code == SIGNED_IN


@pytest.mark.task("auth.register")
def test_drf_throttles_ignore_a_new_x_forwarded_for(db: None) -> None:
    """Sign-up allows 10 requests a minute per client; a client that writes a new
    X-Forwarded-For each time is still the same client (NUM_PROXIES = TRUSTED_PROXIES)."""
    client = APIClient()
    for n in range(10):
        assert client.post(REGISTER, {}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 400
    assert client.post(REGISTER, {}, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429


@pytest.mark.task("api.schema")
class TestErrorsAreJson:
    def test_an_unknown_url_is_a_json_404(self, db: None) -> None:
        response = Client().get("/api/nowhere/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}

    def test_a_crash_is_a_json_500_that_names_no_exception(
        self, db: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def crash(*args: object) -> HttpResponse:
            raise RuntimeError("the database password is hunter2")

        monkeypatch.setattr(views.HealthView, "get", crash)
        response = Client(raise_request_exception=False).get("/api/health/")
        assert response.status_code == 500
        assert response.json() == {"detail": "Server error."}
