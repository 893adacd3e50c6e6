"""3-retry_on_failure.py: retry_on_failure(retries=3, delay=2) calls again after a failure.

"Retries the function a certain number of times": both readings in use pass, three
attempts in all or three retries after the first, with `delay` seconds between
attempts. Giving up raises an exception to the caller. Which exception, whether the
last wait is skipped, and refusing bad settings are the decorators.extras task's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SOLUTION = "decorators.retry_on_failure"
pytestmark = pytest.mark.task("decorators.retry_on_failure")


@pytest.fixture
def sleeps(solution: ModuleType, record_sleeps: Callable[[ModuleType], Any]) -> list[float]:
    """Every delay slept, recorded instead of waited."""
    return record_sleeps(solution)


def test_succeeds_on_the_third_attempt_after_two_waits(
    solution: ModuleType, sleeps: list[float], make_flaky
) -> None:
    query_users, errors = make_flaky(succeed_on=3)

    result = solution.retry_on_failure(retries=3, delay=2)(query_users)(query="SELECT 1")

    assert result == "rows of SELECT 1"
    assert len(errors) == 2  # calls 1 and 2 failed, call 3 returned
    assert sleeps == [2, 2]


def test_the_first_success_is_not_repeated(
    solution: ModuleType, sleeps: list[float], make_flaky
) -> None:
    query_users, errors = make_flaky(succeed_on=1)

    assert solution.retry_on_failure(retries=3, delay=2)(query_users)(query="SELECT 1") == (
        "rows of SELECT 1"
    )
    assert errors == []
    assert sleeps == []


@pytest.mark.parametrize("retries", [1, 3, 5])
def test_gives_up_after_the_retries_and_raises(
    solution: ModuleType, sleeps: list[float], make_flaky, retries: int
) -> None:
    query_users, errors = make_flaky(succeed_on=None)

    # Any exception: which one (the last attempt's own) is the decorators.extras task's.
    raised = None
    try:
        solution.retry_on_failure(retries=retries, delay=0.5)(query_users)(query="SELECT 1")
    except Exception as error:
        raised = error
    assert raised is not None, "gave up without raising: the caller cannot tell it failed"

    calls = len(errors)
    assert calls in (retries, retries + 1), (
        f"retries={retries} made {calls} calls, neither {retries} (attempts in all)"
        f" nor {retries + 1} (the first and {retries} retries after the first)"
    )
    assert set(sleeps) <= {0.5}, f"waited {sleeps}, not delay=0.5 between attempts"
    assert len(sleeps) in (calls - 1, calls), f"{len(sleeps)} waits for {calls} calls"


def test_fetch_users_with_retry_reads_every_user(
    solution: ModuleType,
    users_db: Path,
    sample_users: list[tuple[int, str, str, int]],
    sleeps: list[float],
) -> None:
    assert solution.fetch_users_with_retry() == sample_users
    assert sleeps == []
