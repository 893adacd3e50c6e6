"""Shared fixtures: users by role, and a cache and request log of each test's own."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from chats.models import User
from django.conf import LazySettings
from django.test import Client

MakeUser = Callable[..., User]


@pytest.fixture(autouse=True)
def own_cache_and_log(settings: LazySettings, tmp_path: Path) -> None:
    """A key prefix of the test's own (with REDIS_URL set, the cache is a real Redis that
    other runs share: never clear() it) and a request log in the test's tmp_path."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }
    settings.REQUEST_LOG_PATH = tmp_path / "requests.log"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every request reaches the database: ip_tracking stores a row for it (and reads its
    blocklist there when the cache has none), even when a middleware refuses it. So every
    test may use it; a test's own django_db mark (transaction=True) stays."""
    for item in items:
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture
def make_user(db: None) -> MakeUser:
    """make_user(role="guest", username=...): a saved user with that role."""

    def make(role: str = "guest", username: str | None = None) -> User:
        name = username or f"{role}-{uuid.uuid4().hex[:8]}"
        return User.objects.create_user(name, f"{name}@example.com", "pw-123456", role=role)

    return make


@pytest.fixture
def signed_in(client: Client, make_user: MakeUser) -> Callable[[str], Client]:
    """signed_in("moderator"): the test client, signed in as a new user with that role."""

    def sign_in(role: str = "guest") -> Client:
        client.force_login(make_user(role))
        return client

    return sign_in


# --- appended for the middleware tests ---------------------------------------------------


@pytest.fixture(autouse=True)
def open_all_day(settings: LazySettings) -> None:
    """RestrictAccessByTimeMiddleware refuses requests outside ACCESS_HOURS, and the suite
    must pass at any hour: every test starts with a window of the whole day (equal start
    and end); tests/test_restrict_by_time.py sets its own hours and freezes the clock."""
    settings.ACCESS_HOURS = ("00:00", "00:00")


@pytest.fixture
def request_log(settings: LazySettings) -> Callable[[], list[str]]:
    """request_log(): the request log's lines so far, once the listener thread has
    written every queued one."""
    from chats.middleware.log_pipeline import flush_request_log

    def lines() -> list[str]:
        assert flush_request_log(), "the request log listener did not drain its queue"
        path = Path(settings.REQUEST_LOG_PATH)
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    return lines


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    """make_user hashes a password per user; PBKDF2 takes a third of a second each time,
    which the middleware tests (dozens of users) do not need to measure."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
