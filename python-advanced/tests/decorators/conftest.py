"""Fixtures of the decorators tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def read_email(users_db: Path) -> Callable[[int], str]:
    """The stored email of a user, read through a fresh connection (what others see)."""

    def read(user_id: int) -> str:
        conn = sqlite3.connect(users_db)
        try:
            (email,) = conn.execute("SELECT email FROM users WHERE id = ?", (user_id,)).fetchone()
        finally:
            conn.close()
        return str(email)

    return read
