"""Fixtures every test of the module shares (the apps' tests and the cross-app ones in
tests/): users, JWT-authenticated clients, a conversation, and a cache key prefix of each
test's own; a test whose real service is not configured is skipped, naming the variable
to set; and the messaging app's test tables are made from its models."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from chats import services
from chats.models import Conversation, Message, User
from django.conf import LazySettings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken
from tests.support import PASSWORD, ClientFor, MakeUser

SERVICE_VARIABLES = {
    "mysql": "DATABASE_URL",
    "postgres": "POSTGRES_URL",
    "redis": "REDIS_URL",
    "rabbitmq": "CELERY_BROKER_URL",
}
MIGRATIONS_PACKAGE = "messaging_test_migrations"
SCHEMES = {"mysql": "mysql://", "postgres": "postgres", "redis": "redis://", "rabbitmq": "amqp://"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("services"):
        for service in marker.args:
            variable = SERVICE_VARIABLES[service]
            if not os.environ.get(variable, "").startswith(SCHEMES[service]):
                pytest.skip(f"needs {variable} ({SCHEMES[service]}...)")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """The test database makes the messaging app's tables from messaging/models.py as it
    is, not from this project's migrations of it: another implementation of the program's
    models (graded with --against) gets the tables its own fields need. Its migration is
    made afresh into a private package (an app without migrations cannot point a foreign
    key at the user table on MariaDB: its tables would come first).
    config/tests/test_settings.py checks that this project's migrations match its models."""
    from django.conf import settings

    folder = Path(tempfile.mkdtemp(prefix="messaging-test-migrations-"))
    (folder / MIGRATIONS_PACKAGE).mkdir()
    (folder / MIGRATIONS_PACKAGE / "__init__.py").touch()
    sys.path.insert(0, str(folder))
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    settings.MIGRATION_MODULES = {
        **getattr(settings, "MIGRATION_MODULES", {}),
        "messaging": MIGRATIONS_PACKAGE,
    }
    write_messaging_migration()


def write_messaging_migration() -> None:
    """What `makemigrations messaging` writes, without the database check it makes first
    (no test may touch a database before the test database exists)."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
    from django.db.migrations.state import ProjectState
    from django.db.migrations.writer import MigrationWriter

    loader = MigrationLoader(None, ignore_no_migrations=True)
    autodetector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps={"messaging"}),
    )
    changes = autodetector.changes(
        graph=loader.graph, trim_to_apps={"messaging"}, convert_apps={"messaging"}
    )
    for migration in changes.get("messaging", []):
        writer = MigrationWriter(migration)
        Path(writer.path).write_text(writer.as_string(), encoding="utf-8")


@pytest.fixture(autouse=True)
def own_cache(settings: LazySettings) -> None:
    """A key prefix of the test's own: with REDIS_URL set, the cache is a real Redis that
    other runs share, so it is never clear()ed."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    """PBKDF2 takes a third of a second per user; these tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    """make_user(role="guest", first_name=...): a saved user with a unique e-mail."""

    def make(role: str = "guest", **fields: str) -> User:
        name = fields.pop("first_name", role.title())
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
        return User.objects.create_user(
            email, PASSWORD, first_name=name, last_name="Tester", role=role, **fields
        )

    return make


@pytest.fixture
def client_for() -> ClientFor:
    """client_for(user): an API client sending that user's JWT; client_for(None): anonymous."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
        return client

    return make


@pytest.fixture
def alice(make_user: MakeUser) -> User:
    return make_user(first_name="Alice")


@pytest.fixture
def bob(make_user: MakeUser) -> User:
    return make_user(first_name="Bob")


@pytest.fixture
def mallory(make_user: MakeUser) -> User:
    """Signed in, but in none of the conversations below."""
    return make_user(first_name="Mallory")


@pytest.fixture
def chat(alice: User, bob: User) -> Conversation:
    """A conversation between Alice and Bob."""
    return services.conversation_create(creator=alice, participant_ids=[bob.pk])


@pytest.fixture
def hello(chat: Conversation, alice: User) -> Message:
    """Alice's first message to Bob."""
    return services.message_send(conversation=chat, sender=alice, body="Hello Bob")
