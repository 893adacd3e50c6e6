"""lazy_paginate.py: one page per request, and only when the previous one is consumed."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from generators.lazy_paginate import lazy_paginate, lazy_pagination, paginate_users

pytestmark = pytest.mark.task("generators.lazy_paginate")


def emails(pages: list[list[dict[str, Any]]]) -> list[str]:
    return sorted(user["email"] for page in pages for user in page)


def test_paginate_users_returns_one_page_at_an_offset(users_table: Any) -> None:
    users = users_table.add_users([20, 30, 40, 50, 60, 70, 80])
    pages = [paginate_users(3, offset) for offset in (0, 3, 6, 9)]
    assert [len(page) for page in pages] == [3, 3, 1, 0]
    assert emails(pages) == sorted(user["email"] for user in users)
    assert all(user in users for page in pages for user in page)


@pytest.mark.parametrize(("rows", "sizes"), [(7, [3, 3, 1]), (6, [3, 3]), (0, [])])
def test_lazy_paginate_yields_pages_until_an_empty_one(
    users_table: Any, rows: int, sizes: list[int]
) -> None:
    users = users_table.add_users([30] * rows)
    pages = lazy_paginate(3)
    assert inspect.isgenerator(pages)
    pages = list(pages)
    assert [len(page) for page in pages] == sizes
    assert emails(pages) == sorted(user["email"] for user in users)
    assert pages == [paginate_users(3, offset) for offset in range(0, rows, 3)]


def test_lazy_pagination_is_the_same_generator(users_table: Any) -> None:
    users_table.add_users([20, 30, 40, 50, 60])
    assert list(lazy_pagination(2)) == list(lazy_paginate(2))


def test_nothing_is_fetched_before_the_first_page_is_asked_for(users_table: Any) -> None:
    pages = lazy_paginate(2)
    users = users_table.add_users([20, 30, 40])  # added after the generator was made
    assert next(pages) == paginate_users(2, 0)
    assert len(next(pages)) == 1
    assert emails([paginate_users(2, 0), paginate_users(2, 2)]) == sorted(
        user["email"] for user in users
    )


def test_the_next_page_is_fetched_only_after_the_previous_is_consumed(
    users_table: Any,
) -> None:
    users_table.add_users([20, 30, 40, 50, 60, 70, 80])
    pages = lazy_paginate(3)
    assert len(next(pages)) == 3
    # Had page 2 been fetched ahead (or everything up front), it would still come out.
    users_table.execute("DELETE FROM user_data")
    assert list(pages) == []


@pytest.mark.parametrize("page_size", [0, -2])
def test_a_page_size_below_one_is_refused(users_table: Any, page_size: int) -> None:
    users_table.add_users([30, 40])
    with pytest.raises(ValueError, match="page_size"):
        paginate_users(page_size, 0)
    with pytest.raises(ValueError, match="page_size"):
        list(lazy_paginate(page_size))


def test_a_negative_offset_is_refused(users_table: Any) -> None:
    with pytest.raises(ValueError, match="offset"):
        paginate_users(2, -1)
