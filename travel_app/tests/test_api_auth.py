"""Sign-up as a guest or a host (never an admin), and JWT sign-in."""

from __future__ import annotations

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
