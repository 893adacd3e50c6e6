"""Fixtures every test of the module shares (the apps' tests and the cross-app ones in
tests/): users by role, a listing, API clients, the fake Chapa and mail server; and a test
whose real service is not configured is skipped, naming the variable to set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from accounts.models import Role, User
from django.conf import LazySettings
from listings.models import Listing
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken
from tests.support import ClientFor, MakeUser

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa
    from fakes.smtp import FakeSMTP

SERVICE_VARIABLES = {
    "mysql": "DATABASE_URL",
    "postgres": "POSTGRES_URL",
    "redis": "REDIS_URL",
    "rabbitmq": "CELERY_BROKER_URL",
}
SCHEMES = {"mysql": "mysql://", "postgres": "postgres", "redis": "redis://", "rabbitmq": "amqp://"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("services"):
        for service in marker.args:
            variable = SERVICE_VARIABLES[service]
            if not os.environ.get(variable, "").startswith(SCHEMES[service]):
                pytest.skip(f"needs {variable} ({SCHEMES[service]}...)")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """SQLite: the test database in a file, as the embedded default is, not Django's
    in-memory shared cache. There a connection reading or writing a table makes another
    thread's query on it fail at once ("database table is locked", no busy timeout);
    the live server's threads and the Celery worker's (tests/test_e2e.py) query at once."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("db") / "test.sqlite3"
        )
        # A throwaway file: no waiting for the disk at each commit.
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = "PRAGMA synchronous=OFF"


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


@pytest.fixture(autouse=True)
def no_real_chapa(settings: LazySettings) -> None:
    """No test reaches the real Chapa: the gateway is a closed port on this machine
    (refused at once) unless a test starts the fake one (payments/tests/test_payments.py)."""
    settings.CHAPA_BASE_URL = "http://127.0.0.1:9"
    settings.CHAPA_BACKOFF_SECONDS = 0.01


@pytest.fixture
def fake_chapa(settings: LazySettings) -> Iterator[FakeChapa]:
    """The fake Chapa on a free port of 127.0.0.1, with keys of this test's own, and the
    settings pointing at it. Set `.webhook_url` for Pay and Cancel to post webhooks."""
    from fakes.chapa import FakeChapa  # here: a stubbed module must not break collection

    settings.CHAPA_SECRET_KEY = f"CHASECK_TEST-{uuid.uuid4().hex}"
    settings.CHAPA_WEBHOOK_SECRET = f"whsec-{uuid.uuid4().hex}"
    fake = FakeChapa(
        secret_key=settings.CHAPA_SECRET_KEY, webhook_secret=settings.CHAPA_WEBHOOK_SECRET
    ).start()
    settings.CHAPA_BASE_URL = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def smtp(settings: LazySettings) -> Iterator[FakeSMTP]:
    """Django's SMTP backend, talking to the fake mail server on a free port of 127.0.0.1."""
    from fakes.smtp import FakeSMTP

    server = FakeSMTP().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    yield server
    server.stop()


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


@pytest.fixture
def client_for() -> ClientFor:
    """client_for(user): an API client sending that user's JWT; client_for(None): anonymous."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
        return client

    return make
