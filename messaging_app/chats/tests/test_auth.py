"""Sign-up, JWT obtain and refresh, and the tokens that must be refused."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from chats.models import User
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from tests.paths import ME
from tests.support import PASSWORD, ClientFor, MakeUser

REGISTER = "/api/auth/register/"
LOGOUT = "/api/auth/logout/"
NEW_USER = {
    "email": "Carol.Jones@Example.com",
    "password": "correct-horse-battery-staple",
    "first_name": "Carol",
    "last_name": "Jones",
    "phone_number": "+251 911 234567",
}


def register(**changes: object) -> tuple[int, dict[str, object]]:
    response = APIClient().post(REGISTER, {**NEW_USER, **changes}, format="json")
    return response.status_code, response.json()


def obtain(email: str, password: str) -> tuple[int, dict[str, str]]:
    response = APIClient().post("/api/token/", {"email": email, "password": password})
    return response.status_code, response.json()


def me(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get(ME).status_code


@pytest.mark.task("auth.register")
class TestRegister:
    def test_creates_a_guest_with_a_lower_case_email(self, db: None) -> None:
        status, body = register(role="admin", is_staff=True)  # both ignored
        assert status == 201
        assert body["email"] == "carol.jones@example.com"
        assert body["role"] == "guest"
        assert "password" not in body
        user = User.objects.get(email="carol.jones@example.com")
        assert (user.role, user.is_staff, user.check_password(NEW_USER["password"])) == (
            "guest",
            False,
            True,
        )

    def test_the_same_email_in_other_case_is_taken(self, db: None) -> None:
        assert register()[0] == 201
        status, body = register(email="CAROL.JONES@example.com")
        assert status == 400
        assert "already exists" in body["email"][0]
        assert User.objects.count() == 1

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"password": "12345678"}, "password"),
            ({"password": "carol"}, "password"),
            ({"email": "not-an-email"}, "email"),
            ({"email": ""}, "email"),
            ({"first_name": ""}, "first_name"),
            ({"phone_number": "call me maybe"}, "phone_number"),
            ({"first_name": "x" * 151}, "first_name"),
            ({"last_name": "x" * 151}, "last_name"),
            ({"email": "x" * 243 + "@example.com"}, "email"),  # 255 characters
            ({"phone_number": "1" * 21}, "phone_number"),
            ({"password": "a-long-pass-phrase-" * 7}, "password"),  # 133 characters
        ],
    )
    def test_bad_fields_are_named_and_nothing_is_saved(
        self, db: None, changes: dict[str, str], field: str
    ) -> None:
        status, body = register(**changes)
        assert status == 400
        assert field in body
        assert not User.objects.exists()

    def test_an_empty_or_malformed_body_names_every_required_field(self, db: None) -> None:
        response = APIClient().post(REGISTER, {}, format="json")
        assert response.status_code == 400
        assert {"email", "password", "first_name", "last_name"} <= set(response.json())
        garbage = APIClient().post(REGISTER, "{not json", content_type="application/json")
        assert garbage.status_code == 400
        assert "detail" in garbage.json()

    def test_a_registered_user_can_sign_in(self, db: None) -> None:
        register()
        status, tokens = obtain("carol.jones@example.com", NEW_USER["password"])
        assert status == 200
        assert me(tokens["access"]) == 200


@pytest.mark.task("auth.jwt")
class TestTokens:
    def test_obtain_and_use_a_pair(self, make_user: MakeUser) -> None:
        user = make_user()
        status, tokens = obtain(user.email, PASSWORD)
        assert status == 200
        assert set(tokens) == {"access", "refresh"}
        assert me(tokens["access"]) == 200

    def test_wrong_password_or_unknown_user_is_401(self, make_user: MakeUser) -> None:
        user = make_user()
        assert obtain(user.email, "wrong-password")[0] == 401
        assert obtain("nobody@example.com", PASSWORD)[0] == 401

    def test_refresh_gives_a_working_access_token(self, make_user: MakeUser) -> None:
        _, tokens = obtain(make_user().email, PASSWORD)
        response = APIClient().post("/api/token/refresh/", {"refresh": tokens["refresh"]})
        assert response.status_code == 200
        assert me(response.json()["access"]) == 200

    def test_a_refresh_token_is_not_an_access_token(self, make_user: MakeUser) -> None:
        _, tokens = obtain(make_user().email, PASSWORD)
        assert me(tokens["refresh"]) == 401

    def test_an_expired_token_is_refused(self, make_user: MakeUser) -> None:
        token = AccessToken.for_user(make_user())
        token.set_exp(lifetime=timedelta(seconds=-1))
        assert me(str(token)) == 401

    def test_a_tampered_token_is_refused(self, make_user: MakeUser, bob: User) -> None:
        token = str(AccessToken.for_user(make_user()))
        header, payload, signature = token.split(".")
        flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
        assert me(f"{header}.{payload}.{flipped}") == 401
        # Someone else's claims under the original signature.
        other_payload = str(AccessToken.for_user(bob)).split(".")[1]
        assert me(f"{header}.{other_payload}.{signature}") == 401

    def test_a_token_signed_with_another_key_is_refused(self, make_user: MakeUser) -> None:
        token = AccessToken.for_user(make_user())
        forged = TokenBackend("HS256", signing_key="not-our-secret-key-0123456789abcdef").encode(
            dict(token.payload)
        )
        assert me(forged) == 401

    def test_password_guessing_is_throttled(self, make_user: MakeUser) -> None:
        user = make_user()
        answers = [obtain(user.email, f"guess-{n}")[0] for n in range(11)]
        assert answers == [401] * 10 + [429]
        assert obtain(user.email, PASSWORD)[0] == 429  # even the right one, until the minute ends

    def test_no_token_is_401_with_a_bearer_challenge(self, client_for: ClientFor) -> None:
        response = client_for(None).get(ME)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")


def refresh(token: str) -> tuple[int, dict[str, str]]:
    response = APIClient().post("/api/token/refresh/", {"refresh": token})
    return response.status_code, response.json()


def logout(token: str) -> int:
    return APIClient().post(LOGOUT, {"refresh": token}).status_code


@pytest.mark.task("auth.jwt")
class TestRefreshTokens:
    def test_a_refresh_rotates_and_the_old_token_is_refused(self, make_user: MakeUser) -> None:
        _, tokens = obtain(make_user().email, PASSWORD)
        status, rotated = refresh(tokens["refresh"])
        assert status == 200
        assert set(rotated) == {"access", "refresh"}
        assert rotated["refresh"] != tokens["refresh"]
        assert refresh(tokens["refresh"])[0] == 401  # reused: blacklisted
        status, again = refresh(rotated["refresh"])
        assert status == 200
        assert me(again["access"]) == 200

    def test_logout_revokes_the_refresh_token(self, make_user: MakeUser) -> None:
        _, tokens = obtain(make_user().email, PASSWORD)
        assert logout(tokens["refresh"]) == 204
        assert refresh(tokens["refresh"])[0] == 401
        assert logout(tokens["refresh"]) == 401

    @pytest.mark.parametrize("token", ["", "not-a-token"])
    def test_logout_with_a_bad_token_is_refused(self, db: None, token: str) -> None:
        response = APIClient().post(LOGOUT, {"refresh": token})
        assert response.status_code in {400, 401}
        assert response.json()

    def test_an_access_token_does_not_log_out(self, make_user: MakeUser) -> None:
        _, tokens = obtain(make_user().email, PASSWORD)
        assert logout(tokens["access"]) == 401
        assert refresh(tokens["refresh"])[0] == 200

    def test_logout_is_in_the_schema(self, db: None) -> None:
        schema = APIClient().get("/api/schema/", {"format": "json"}).json()
        assert "post" in schema["paths"][LOGOUT]

    def test_the_refresh_token_of_a_deleted_account_is_401(self, db: None) -> None:
        """A valid signature over the id of an account that is no more: what a refresh
        token is once its account has been deleted."""
        token = RefreshToken()
        token["user_id"] = str(uuid.uuid4())
        status, body = refresh(str(token))
        assert status == 401
        assert body == {"detail": "No active account found for the given token."}

    def test_the_refresh_token_of_an_inactive_account_is_401(self, make_user: MakeUser) -> None:
        user = make_user()
        _, tokens = obtain(user.email, PASSWORD)
        User.objects.filter(pk=user.pk).update(is_active=False)
        assert refresh(tokens["refresh"])[0] == 401


@pytest.mark.task("auth.jwt")
@pytest.mark.services("mysql")
@pytest.mark.django_db(transaction=True)
def test_two_refreshes_with_one_token_at_once_only_one_wins() -> None:
    """Two requests with the same refresh token, released together: both read it before
    either blacklists it, and the unique blacklist row lets one through."""
    user = User.objects.create_user("race@example.com", PASSWORD, first_name="R", last_name="C")
    _, tokens = obtain(user.email, PASSWORD)
    start = threading.Barrier(2)

    def use() -> int:
        try:
            start.wait()
            return refresh(tokens["refresh"])[0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = sorted(pool.map(lambda _: use(), range(2)))
    assert answers == [200, 401]
