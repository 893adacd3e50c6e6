"""Shared fixtures: users by role, a listing, and a fixed 'today' for the date rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from accounts.models import Role, User
from django.conf import LazySettings
from listings.models import Listing
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

MakeUser = Callable[..., User]
TODAY = date(2030, 6, 1)


@pytest.fixture(autouse=True)
def own_cache(settings: LazySettings) -> None:
    """A key prefix of the test's own: with REDIS_URL set the cache is a shared Redis
    (never cleared), and the throttles and cached pages must start empty."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    def make(role: str = Role.GUEST) -> User:
        return User.objects.create_user(
            f"{role}-{uuid.uuid4().hex[:8]}@example.com",
            "a-pass-phrase",
            first_name=role.title(),
            last_name="T",
            role=role,
        )

    return make


@pytest.fixture
def host(make_user: MakeUser) -> User:
    return make_user(Role.HOST)


@pytest.fixture
def guest(make_user: MakeUser) -> User:
    return make_user(Role.GUEST)


@pytest.fixture
def listing(host: User) -> Listing:
    return Listing.objects.create(
        host=host,
        title="Loft in Lisbon",
        description="Bright, near the river.",
        location="Lisbon",
        price_per_night=Decimal("120.00"),
        max_guests=3,
        amenities=["wifi", "kitchen"],
    )


ClientFor = Callable[[User | None], APIClient]


@pytest.fixture
def client_for() -> ClientFor:
    """client_for(user): an API client sending that user's JWT; client_for(None): anonymous."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
        return client

    return make
