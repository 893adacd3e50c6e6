"""0-stream_users.py: one dict per row, straight from the cursor."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.task("generators.stream_users")

UNDER_TEST = Path(__file__).resolve().parents[2] / "generators" / "stream_users.py"


@pytest.fixture
def stream_users(users_table: Any, load: Callable[[str], ModuleType]) -> Any:
    return load("generators.stream_users").stream_users


def by_email(users: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(users, key=lambda user: user["email"])


def test_stream_users_yields_every_row_as_a_dict(users_table: Any, stream_users: Any) -> None:
    users = users_table.add_users([30, 20, 45, 25, 61])
    stream = stream_users()
    assert inspect.isgenerator(stream)
    assert by_email(list(stream)) == by_email(users)


def test_the_first_rows_can_be_taken_without_reading_the_rest(
    users_table: Any, stream_users: Any
) -> None:
    users = users_table.add_users(list(range(20, 40)))
    first = list(islice(stream_users(), 6))
    assert len(first) == 6
    assert len({user["user_id"] for user in first}) == 6
    assert all(user in users for user in first)
    assert by_email(list(stream_users())) == by_email(users)  # the abandoned stream let go


def test_stream_users_closed_early_then_streamed_again(
    users_table: Any, stream_users: Any
) -> None:
    users = users_table.add_users([30, 40, 50])
    stream = stream_users()
    next(stream)
    stream.close()
    assert by_email(list(stream_users())) == by_email(users)


def test_an_empty_table_streams_nothing(users_table: Any, stream_users: Any) -> None:
    assert list(stream_users()) == []
