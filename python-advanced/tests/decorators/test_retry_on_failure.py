from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

SOLUTION = "decorators.retry_on_failure"
pytestmark = pytest.mark.task("decorators.retry_on_failure")


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every delay slept, recorded instead of waited (patched where the library lives)."""
    recorded: list[float] = []
    monkeypatch.setattr(time, "sleep", recorded.append)
    return recorded


def make_flaky(succeed_on: int | None) -> tuple[Callable[[str], str], list[Exception]]:
    """A query function failing with a new, numbered error until call `succeed_on`."""
    errors: list[Exception] = []

    def query_users(query: str) -> str:
        if len(errors) + 1 == succeed_on:
            return f"rows of {query}"
        errors.append(sqlite3.OperationalError(f"database is locked (call {len(errors) + 1})"))
        raise errors[-1]

    return query_users, errors


def test_succeeds_on_the_third_attempt_after_two_waits(
    solution: ModuleType, sleeps: list[float]
) -> None:
    query_users, errors = make_flaky(succeed_on=3)

    result = solution.retry_on_failure(retries=3, delay=2)(query_users)(query="SELECT 1")

    assert result == "rows of SELECT 1"
    assert len(errors) == 2  # calls 1 and 2 failed, call 3 returned
    assert sleeps == [2, 2]


def test_the_first_success_is_not_repeated(solution: ModuleType, sleeps: list[float]) -> None:
    query_users, errors = make_flaky(succeed_on=1)

    assert solution.retry_on_failure(retries=3, delay=2)(query_users)("SELECT 1") == (
        "rows of SELECT 1"
    )
    assert errors == []
    assert sleeps == []


@pytest.mark.parametrize("retries", [1, 3, 5])
def test_gives_up_after_exactly_retries_attempts_with_the_last_error(
    solution: ModuleType, sleeps: list[float], retries: int
) -> None:
    query_users, errors = make_flaky(succeed_on=None)

    with pytest.raises(sqlite3.OperationalError) as caught:
        solution.retry_on_failure(retries=retries, delay=0.5)(query_users)("SELECT 1")

    assert len(errors) == retries
    assert caught.value is errors[-1]  # the last error itself, not the first or a new one
    assert sleeps == [0.5] * (retries - 1)  # no pointless wait before giving up


def test_keyboard_interrupt_is_not_retried(solution: ModuleType, sleeps: list[float]) -> None:
    calls: list[int] = []

    @solution.retry_on_failure(retries=3, delay=2)
    def interrupted() -> None:
        calls.append(1)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert calls == [1]


@pytest.mark.parametrize(
    ("arguments", "named"),
    [({"retries": 0}, "retries"), ({"retries": -2}, "retries"), ({"delay": -1}, "delay")],
)
def test_bad_settings_are_refused_by_name(
    solution: ModuleType, arguments: dict[str, float], named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        solution.retry_on_failure(**arguments)


def test_fetch_users_with_retry_reads_every_user(
    solution: ModuleType,
    users_db: Path,
    sample_users: list[tuple[int, str, str, int]],
    sleeps: list[float],
) -> None:
    assert solution.fetch_users_with_retry() == sample_users
    assert sleeps == []


def test_keeps_the_name_and_docstring(solution: ModuleType) -> None:
    @solution.retry_on_failure(retries=2, delay=0)
    def load() -> None:
        """Load things."""

    assert (load.__name__, load.__doc__) == ("load", "Load things.")
    assert solution.fetch_users_with_retry.__name__ == "fetch_users_with_retry"
