"""2-transactional.py: commit when the function returns, roll back when it raises."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SOLUTION = "decorators.transactional"
pytestmark = pytest.mark.task("decorators.transactional")


@pytest.fixture
def conn(users_db: Path) -> Iterator[sqlite3.Connection]:
    """A connection the test owns, to watch what the decorator does with it."""
    connection = sqlite3.connect(users_db)
    yield connection
    connection.close()


@pytest.fixture
def change_email(solution: ModuleType) -> Any:
    @solution.transactional
    def change_email(conn: sqlite3.Connection, user_id: int, email: str) -> str:
        """Change an email and return it."""
        conn.execute("UPDATE users SET email = ? WHERE id = ?", (email, user_id))
        return email

    return change_email


def test_commits_on_success(
    change_email: Any, conn: sqlite3.Connection, read_email: Callable[[int], str]
) -> None:
    assert change_email(conn, 1, email="new@example.com") == "new@example.com"

    assert not conn.in_transaction
    assert read_email(1) == "new@example.com"  # another connection sees it: committed


def test_rolls_back_and_re_raises_the_same_error(
    solution: ModuleType, conn: sqlite3.Connection, read_email: Callable[[int], str]
) -> None:
    error = RuntimeError("failed after the update")

    @solution.transactional
    def change_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE users SET email = 'changed@example.com' WHERE id = 1")
        raise error

    with pytest.raises(RuntimeError, match="failed after the update") as caught:
        change_then_fail(conn)

    assert caught.value is error
    # Rolled back on this very connection, not merely left uncommitted.
    assert not conn.in_transaction, "the failed change was not rolled back"
    (email,) = conn.execute("SELECT email FROM users WHERE id = 1").fetchone()
    assert email == "amina@example.com", "the failed change was not rolled back"
    conn.close()
    assert read_email(1) == "amina@example.com"


def test_update_user_email_commits_through_its_own_connection(
    solution: ModuleType, read_email: Callable[[int], str]
) -> None:
    solution.update_user_email(user_id=2, new_email="brian.otieno@example.com")

    assert read_email(2) == "brian.otieno@example.com"
    assert read_email(1) == "amina@example.com"


def test_update_user_email_stores_a_hostile_email_as_plain_text(
    solution: ModuleType, read_email: Callable[[int], str]
) -> None:
    hostile = "x@example.com'; DROP TABLE users; --"

    solution.update_user_email(user_id=1, new_email=hostile)

    assert read_email(1) == hostile
    assert read_email(2) == "brian@example.com"


def test_update_user_email_does_not_hide_a_constraint_error(
    solution: ModuleType, read_email: Callable[[int], str]
) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        solution.update_user_email(user_id=1, new_email="brian@example.com")  # user 2's email

    assert read_email(1) == "amina@example.com"
