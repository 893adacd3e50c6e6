"""decorators.extras: what the portfolio adds to the program's decorator tasks.

The program's text asks for none of this; each is a choice the portfolio's own
decorators make: functools.wraps, a timestamp on the logged query, reading `query`
passed by position, refusing a function without a `query` parameter or settings that
cannot work, re-raising the last attempt's own error without a pointless last wait,
leaving Ctrl-C alone, and naming a missing database instead of creating an empty one.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.task("decorators.extras")

DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")
DECORATORS = {
    "decorators.log_queries": ("log_queries", "fetch_all_users"),
    "decorators.with_db_connection": ("with_db_connection", "get_user_by_id"),
    "decorators.transactional": ("transactional", "update_user_email"),
    "decorators.cache_query": ("cache_query", "fetch_users_with_cache"),
}


@pytest.fixture
def load(import_solution: Callable[[str], ModuleType]) -> Callable[[str], ModuleType]:
    return import_solution


@pytest.mark.parametrize("name", list(DECORATORS))
def test_keeps_the_name_and_docstring(load: Callable[[str], ModuleType], name: str) -> None:
    module = load(name)
    decorator_name, demo_name = DECORATORS[name]

    def lookup(conn: sqlite3.Connection, query: str) -> None:
        """Look things up."""

    wrapped = getattr(module, decorator_name)(lookup)
    assert (wrapped.__name__, wrapped.__doc__) == ("lookup", "Look things up.")
    assert getattr(module, demo_name).__name__ == demo_name


def test_retry_keeps_the_name_and_docstring(load: Callable[[str], ModuleType]) -> None:
    module = load("decorators.retry_on_failure")

    @module.retry_on_failure(retries=2, delay=0)
    def fetch() -> None:
        """Fetch things."""

    assert (fetch.__name__, fetch.__doc__) == ("fetch", "Fetch things.")
    assert module.fetch_users_with_retry.__name__ == "fetch_users_with_retry"


def test_the_logged_query_carries_a_timestamp(
    load: Callable[[str], ModuleType], users_db: Path, shown
) -> None:
    module = load("decorators.log_queries")
    module.fetch_all_users(query="SELECT id FROM users")

    logged = [line for line in shown.logged() if "SELECT id FROM users" in line]
    printed = [line for line in shown.printed() if "SELECT id FROM users" in line]
    # A log record carries its time; a printed line must show it.
    assert logged or any(DATE_TIME.search(line) for line in printed), printed


def test_log_queries_reads_a_query_passed_by_position(
    load: Callable[[str], ModuleType], users_db: Path, shown
) -> None:
    module = load("decorators.log_queries")
    module.fetch_all_users("SELECT name FROM users")

    assert shown.mentioning("SELECT name FROM users")


def test_cache_query_reads_a_query_passed_by_position(
    load: Callable[[str], ModuleType], users_db: Path, sample_users: list[tuple[Any, ...]]
) -> None:
    module = load("decorators.cache_query")
    query = "SELECT * FROM users WHERE age > 0"
    module.query_cache.clear()
    assert module.fetch_users_with_cache(query=query) == sample_users
    conn = sqlite3.connect(users_db)
    with conn:
        conn.execute("DELETE FROM users")
    conn.close()
    assert module.fetch_users_with_cache(query) == sample_users  # a hit, however passed
    module.query_cache.clear()


@pytest.mark.parametrize("name", ["decorators.log_queries", "decorators.cache_query"])
def test_a_function_without_a_query_parameter_is_refused(
    load: Callable[[str], ModuleType], name: str
) -> None:
    module = load(name)

    def no_query(conn: sqlite3.Connection, sql: str) -> None:
        """Takes `sql`, not `query`."""

    with pytest.raises(TypeError, match="query"):
        getattr(module, DECORATORS[name][0])(no_query)


@pytest.mark.parametrize("retries", [1, 3, 5])
def test_retry_re_raises_the_last_error_without_a_last_wait(
    load: Callable[[str], ModuleType], record_sleeps, make_flaky, retries: int
) -> None:
    module = load("decorators.retry_on_failure")
    sleeps = record_sleeps(module)
    query_users, errors = make_flaky(None)

    with pytest.raises(sqlite3.OperationalError) as caught:
        module.retry_on_failure(retries=retries, delay=0.5)(query_users)(query="SELECT 1")

    assert caught.value is errors[-1]  # the last error itself, not the first or a new one
    assert sleeps == [0.5] * (len(errors) - 1)  # no wait once there is nothing to retry


def test_keyboard_interrupt_is_not_retried(
    load: Callable[[str], ModuleType], record_sleeps
) -> None:
    module = load("decorators.retry_on_failure")
    sleeps = record_sleeps(module)
    calls: list[int] = []

    @module.retry_on_failure(retries=3, delay=2)
    def interrupted() -> None:
        calls.append(1)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert (calls, sleeps) == ([1], [])


@pytest.mark.parametrize(
    ("arguments", "named"),
    [({"retries": 0}, "retries"), ({"retries": -2}, "retries"), ({"delay": -1}, "delay")],
)
def test_bad_retry_settings_are_refused_by_name(
    load: Callable[[str], ModuleType], arguments: dict[str, float], named: str
) -> None:
    module = load("decorators.retry_on_failure")
    with pytest.raises(ValueError, match=named):
        module.retry_on_failure(**arguments)


def test_a_missing_database_is_an_error_naming_its_path(
    load: Callable[[str], ModuleType], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = load("decorators.with_db_connection")
    missing = tmp_path / "users.db"
    monkeypatch.setenv("USERS_DB", str(missing))
    monkeypatch.chdir(tmp_path)

    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        module.get_user_by_id(user_id=1)
    assert not missing.exists()
