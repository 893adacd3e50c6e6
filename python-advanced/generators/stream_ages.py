"""4-stream_ages: the average age of all users in O(1) memory, without SQL AVG.

Run it: `cd python-advanced && python -m generators.stream_ages`
"""

from __future__ import annotations

from collections.abc import Iterator

from generators.seed import connect_to_prodev


def stream_user_ages() -> Iterator[int]:
    """Yield the age of each user, one row at a time."""
    connection = connect_to_prodev()
    cursor = connection.cursor()
    try:
        cursor.execute("SELECT age FROM user_data")
        for row in cursor:
            yield row["age"]
    finally:
        cursor.close()
        connection.close()


def calculate_average_age() -> float:
    """The mean of stream_user_ages(), from a running total and count (no list).

    Raises ValueError when user_data is empty: the average of no ages is undefined.
    """
    total = count = 0
    for age in stream_user_ages():
        total += age
        count += 1
    if count == 0:
        raise ValueError("user_data has no users: the average age is undefined")
    return total / count


def main() -> None:
    """Print `Average age of users: <value>`, or exit non-zero with the reason."""
    try:
        average = calculate_average_age()
    except ValueError as error:
        raise SystemExit(f"stream_ages: {error}") from error
    print(f"Average age of users: {average:.2f}")


if __name__ == "__main__":
    main()
