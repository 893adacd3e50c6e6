"""batch_processing.py: batches from fetchmany, and only users over 25 printed."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from generators.batch_processing import batch_processing, stream_users_in_batches

pytestmark = pytest.mark.task("generators.batch_processing")


@pytest.mark.parametrize(
    ("rows", "batch_size", "sizes"),
    [(7, 3, [3, 3, 1]), (6, 3, [3, 3]), (2, 10, [2]), (3, 1, [1, 1, 1]), (0, 5, [])],
)
def test_batches_cover_every_user_once(
    users_table: Any, rows: int, batch_size: int, sizes: list[int]
) -> None:
    users = users_table.add_users([30] * rows)
    batches = stream_users_in_batches(batch_size)
    assert inspect.isgenerator(batches)
    batches = list(batches)
    assert [len(batch) for batch in batches] == sizes  # no empty batch at the end
    streamed = [user for batch in batches for user in batch]
    assert sorted(streamed, key=lambda u: u["email"]) == sorted(users, key=lambda u: u["email"])


def test_batch_processing_prints_exactly_the_users_over_25(
    users_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    users = users_table.add_users([25, 26, 18, 90, 40, 25, 12])
    batch_processing(2)
    printed = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    older = [user for user in users if user["age"] > 25]
    assert len(printed) == len(older) == 3
    for user in users:
        shown = [line for line in printed if f"'{user['email']}'" in line]
        assert len(shown) == (1 if user["age"] > 25 else 0), user


@pytest.mark.parametrize("batch_size", [0, -1])
def test_a_batch_size_below_one_is_refused(users_table: Any, batch_size: int) -> None:
    users_table.add_users([30, 40])
    with pytest.raises(ValueError, match="batch_size"):
        list(stream_users_in_batches(batch_size))
    with pytest.raises(ValueError, match="batch_size"):
        batch_processing(batch_size)
