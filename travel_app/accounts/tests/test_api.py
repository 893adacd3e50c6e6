"""Sign-up as a guest or a host (never an admin), and JWT sign-in."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.models import User
from rest_framework.test import APIClient

pytestmark = pytest.mark.task("api.auth")
NEW = {
    "email": "Ana@Example.com",
    "password": "a-long-pass-phrase",
    "first_name": "Ana",
    "last_name": "Lima",
}


@pytest.mark.parametrize("role", ["guest", "host"])
def test_sign_up_then_sign_in(db: None, role: str) -> None:
    response = APIClient().post("/api/auth/register/", {**NEW, "role": role})
    assert response.status_code == 201, response.json()
    assert (response.json()["email"], response.json()["role"]) == ("ana@example.com", role)
    tokens = (
        APIClient()
        .post("/api/token/", {"email": "ana@example.com", "password": NEW["password"]})
        .json()
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert client.get("/api/bookings/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": "admin"}, "role"),
        ({"password": "12345678"}, "password"),
        ({"email": "nope"}, "email"),
        ({"first_name": ""}, "first_name"),
    ],
)
def test_bad_sign_ups_are_400_and_save_nothing(
    db: None, changes: dict[str, str], field: str
) -> None:
    response = APIClient().post("/api/auth/register/", {**NEW, **changes})
    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.exists()


def test_the_same_email_twice(db: None) -> None:
    APIClient().post("/api/auth/register/", NEW)
    again = APIClient().post("/api/auth/register/", {**NEW, "email": "ANA@example.com"})
    assert again.status_code == 400
    assert User.objects.count() == 1


def test_a_wrong_password_is_401(db: None) -> None:
    APIClient().post("/api/auth/register/", NEW)
    assert (
        APIClient()
        .post("/api/token/", {"email": "ana@example.com", "password": "wrong"})
        .status_code
        == 401
    )


# --- refresh tokens: used once, revocable ---------------------------------------------------


def tokens_of(user: User) -> dict[str, str]:
    answer = APIClient().post("/api/token/", {"email": user.email, "password": "a-pass-phrase"})
    assert answer.status_code == 200, answer.json()
    return dict(answer.json())


def refresh(token: str) -> Any:
    return APIClient().post("/api/token/refresh/", {"refresh": token})


def test_a_refresh_rotates_and_a_reused_refresh_token_is_401(guest: User) -> None:
    first = tokens_of(guest)["refresh"]

    rotated = refresh(first)

    assert rotated.status_code == 200
    assert set(rotated.json()) == {"access", "refresh"}
    assert rotated.json()["refresh"] != first
    reused = refresh(first)
    assert reused.status_code == 401
    assert reused.json()["code"] == "token_not_valid"
    assert refresh(rotated.json()["refresh"]).status_code == 200  # the new one works, once


def test_after_logout_the_refresh_token_is_401(guest: User) -> None:
    token = tokens_of(guest)["refresh"]

    logout = APIClient().post("/api/auth/logout/", {"refresh": token})

    assert logout.status_code == 200
    assert refresh(token).status_code == 401
    assert APIClient().post("/api/auth/logout/", {"refresh": token}).status_code == 401
    assert APIClient().post("/api/auth/logout/", {"refresh": "not-a-token"}).status_code == 401


@pytest.mark.parametrize("change", ["deleted", "deactivated"])
def test_a_deleted_or_deactivated_user_s_refresh_token_is_401(guest: User, change: str) -> None:
    """The token is still signed and unexpired: the account is what is gone (it was a 500,
    User.DoesNotExist, for a deleted one)."""
    token = tokens_of(guest)["refresh"]
    if change == "deleted":
        guest.delete()
    else:
        User.objects.filter(pk=guest.pk).update(is_active=False)

    response = refresh(token)

    assert response.status_code == 401
    assert response.json() == {"detail": "No active account found for the given token."}
