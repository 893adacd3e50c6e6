"""0-stream_users: stream user_data one row at a time with a generator.

Run it: `cd python-advanced && python -m generators.stream_users`
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from generators.seed import connect_to_prodev

# Ordered by the primary key, so both backends stream the same rows in the same order
# (the index provides the order: nothing is sorted in memory).
QUERY = "SELECT user_id, name, email, age FROM user_data ORDER BY user_id"


def stream_users() -> Iterator[dict[str, Any]]:
    """Yield each user as a dict, reading one row from the cursor per row yielded.

    Iterating the cursor (never `fetchall()`) keeps one row in memory at a time. The
    connection is closed when the generator finishes or is closed early.
    """
    connection = connect_to_prodev()
    cursor = connection.cursor()
    try:
        cursor.execute(QUERY)
        yield from cursor  # the cursor is itself an iterator over the rows
    finally:
        cursor.close()
        connection.close()


if __name__ == "__main__":
    # What the program's 0-main.py prints: the first six users.
    print(*islice(stream_users(), 6), sep="\n")
