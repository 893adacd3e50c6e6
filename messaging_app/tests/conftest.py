"""Shared fixtures: users, JWT-authenticated clients, conversations, and a cache key
prefix of each test's own."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from chats import services
from chats.models import Conversation, Message, User
from django.conf import LazySettings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

MakeUser = Callable[..., User]
ClientFor = Callable[[User | None], APIClient]
PASSWORD = "a-Long-pass-phrase-42"


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
