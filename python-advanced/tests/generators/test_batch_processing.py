"""1-batch_processing.py: batches from the cursor, and only the users over 25 processed.

batch_processing prints each user over 25, as the program's sample output shows; a
batch_processing that yields them instead is read too.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.task("generators.batch_processing")

UNDER_TEST = Path(__file__).resolve().parents[2] / "generators" / "batch_processing.py"


@pytest.fixture
def module(users_table: Any, load: Callable[[str], ModuleType]) -> ModuleType:
    return load("generators.batch_processing")


@pytest.mark.parametrize(
    ("rows", "batch_size", "sizes"),
    [(7, 3, [3, 3, 1]), (6, 3, [3, 3]), (2, 10, [2]), (3, 1, [1, 1, 1]), (0, 5, [])],
)
def test_batches_cover_every_user_once(
    users_table: Any, module: ModuleType, rows: int, batch_size: int, sizes: list[int]
) -> None:
    users = users_table.add_users([30] * rows)
    batches = module.stream_users_in_batches(batch_size)
    assert inspect.isgenerator(batches)
    batches = [list(batch) for batch in batches]
    assert [len(batch) for batch in batches] == sizes, "batch sizes (no empty batch at the end)"
    streamed = [user for batch in batches for user in batch]
    assert sorted(streamed, key=lambda u: u["email"]) == sorted(users, key=lambda u: u["email"])


def test_batch_processing_shows_exactly_the_users_over_25(
    users_table: Any, module: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    users = users_table.add_users([25, 26, 18, 90, 40, 25, 12])
    result = module.batch_processing(2)
    yielded = list(result) if inspect.isgenerator(result) else []
    printed = capsys.readouterr().out
    shown = "\n".join([printed, *map(repr, yielded)])
    for user in users:
        email = re.compile(rf"(?<![\w.-]){re.escape(user['email'])}(?![\w.-])")
        expected = 1 if user["age"] > 25 else 0
        assert len(email.findall(shown)) == expected, (
            f"{user['email']} (age {user['age']}) shown {len(email.findall(shown))} times,"
            f" not {expected}"
        )
