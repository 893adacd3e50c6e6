"""2-lazy_paginate: fetch the next page of users only when it is asked for.

Run it: `cd python-advanced && python -m generators.lazy_paginate`
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generators import db
from generators.seed import connect_to_prodev

# LIMIT/OFFSET pages are only stable under an ORDER BY; the primary key is indexed.
PAGE_QUERY = "SELECT user_id, name, email, age FROM user_data ORDER BY user_id LIMIT ? OFFSET ?"


def paginate_users(page_size: int, offset: int) -> list[dict[str, Any]]:
    """Return the page of at most `page_size` users starting at `offset`.

    Raises ValueError naming page_size (not positive) or offset (negative).
    """
    if not isinstance(page_size, int) or page_size <= 0:
        raise ValueError(f"page_size must be a positive integer, got {page_size!r}")
    if not isinstance(offset, int) or offset < 0:
        raise ValueError(f"offset must be a non-negative integer, got {offset!r}")
    connection = connect_to_prodev()
    try:
        cursor = connection.cursor()
        cursor.execute(db.sql(connection, PAGE_QUERY), (page_size, offset))
        page = list(cursor.fetchall())  # bounded: LIMIT caps it at one page
        cursor.close()
        return page
    finally:
        connection.close()


def lazy_paginate(page_size: int) -> Iterator[list[dict[str, Any]]]:
    """Yield pages of `page_size` users from offset 0, stopping at the first empty page.

    Each page is queried only when the caller asks for it, after the previous page has
    been consumed; nothing is fetched ahead.
    """
    offset = 0
    while page := paginate_users(page_size, offset):
        yield page
        offset += page_size


# The program's runner scripts import this name, its text the other one.
lazy_pagination = lazy_paginate


if __name__ == "__main__":
    # The first page only: reading it queries one page, however big the table.
    print(*next(lazy_paginate(100), []), sep="\n")
