"""What the shared fixtures of conftest.py make, named for type hints, and the password
of every user they make."""

from __future__ import annotations

from collections.abc import Callable

from chats.models import User
from rest_framework.test import APIClient

MakeUser = Callable[..., User]
ClientFor = Callable[[User | None], APIClient]
PASSWORD = "a-Long-pass-phrase-42"
