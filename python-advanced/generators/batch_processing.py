"""1-batch_processing: fetch users in batches and print those over 25.

Run it: `cd python-advanced && python -m generators.batch_processing`
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generators.seed import connect_to_prodev

QUERY = "SELECT user_id, name, email, age FROM user_data ORDER BY user_id"
MIN_AGE_EXCLUSIVE = 25


def stream_users_in_batches(batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Yield lists of at most `batch_size` users; only one batch is in memory at a time.

    Raises ValueError naming batch_size when it is not a positive integer.
    """
    if not isinstance(batch_size, int) or batch_size <= 0:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    connection = connect_to_prodev()
    cursor = connection.cursor()
    try:
        cursor.execute(QUERY)
        # fetchmany returns an empty batch at the end: no trailing empty batch is yielded.
        while batch := list(cursor.fetchmany(batch_size)):
            yield batch
    finally:
        cursor.close()
        connection.close()


def batch_processing(batch_size: int) -> None:
    """Print every user older than 25, reading the table `batch_size` rows at a time."""
    for batch in stream_users_in_batches(batch_size):
        for user in batch:
            if user["age"] > MIN_AGE_EXCLUSIVE:
                print(user)


if __name__ == "__main__":
    batch_processing(50)
