"""2-lazy_paginate.py: one page per request, and only when the previous one is consumed.

The program's text names the generator lazy_paginate and its runner script imports
lazy_pagination: either name is read.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.task("generators.lazy_paginate")

UNDER_TEST = Path(__file__).resolve().parents[2] / "generators" / "lazy_paginate.py"


@pytest.fixture
def module(users_table: Any, load: Callable[[str], ModuleType]) -> ModuleType:
    return load("generators.lazy_paginate")


@pytest.fixture
def lazy_paginate(module: ModuleType) -> Any:
    found = getattr(module, "lazy_paginate", None) or getattr(module, "lazy_pagination", None)
    assert found is not None, "neither lazy_paginate nor lazy_pagination is defined"
    return found


def emails(pages: list[list[dict[str, Any]]]) -> list[str]:
    return sorted(user["email"] for page in pages for user in page)


def test_paginate_users_returns_one_page_at_an_offset(
    users_table: Any, module: ModuleType
) -> None:
    users = users_table.add_users([20, 30, 40, 50, 60, 70, 80])
    pages = [list(module.paginate_users(3, offset)) for offset in (0, 3, 6, 9)]
    assert [len(page) for page in pages] == [3, 3, 1, 0], "page sizes at offsets 0, 3, 6, 9"
    assert emails(pages) == sorted(user["email"] for user in users)
    assert all(user in users for page in pages for user in page)


@pytest.mark.parametrize(("rows", "sizes"), [(7, [3, 3, 1]), (6, [3, 3]), (0, [])])
def test_lazy_paginate_yields_pages_until_an_empty_one(
    users_table: Any, module: ModuleType, lazy_paginate: Any, rows: int, sizes: list[int]
) -> None:
    users = users_table.add_users([30] * rows)
    pages = lazy_paginate(3)
    assert inspect.isgenerator(pages)
    pages = [list(page) for page in pages]
    assert [len(page) for page in pages] == sizes, "page sizes (no empty page at the end)"
    assert emails(pages) == sorted(user["email"] for user in users)
    assert pages == [list(module.paginate_users(3, offset)) for offset in range(0, rows, 3)]


def test_nothing_is_fetched_before_the_first_page_is_asked_for(
    users_table: Any, module: ModuleType, lazy_paginate: Any
) -> None:
    pages = lazy_paginate(2)
    users = users_table.add_users([20, 30, 40])  # added after the generator was made
    assert list(next(pages)) == list(module.paginate_users(2, 0))
    assert len(next(pages)) == 1
    assert emails([module.paginate_users(2, 0), module.paginate_users(2, 2)]) == sorted(
        user["email"] for user in users
    )


def test_the_next_page_is_fetched_only_after_the_previous_is_consumed(
    users_table: Any, lazy_paginate: Any
) -> None:
    users_table.add_users([20, 30, 40, 50, 60, 70, 80])
    pages = lazy_paginate(3)
    assert len(next(pages)) == 3
    # Had page 2 been fetched ahead (or everything up front), it would still come out.
    users_table.execute("DELETE FROM user_data")
    assert list(pages) == []
