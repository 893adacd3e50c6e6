"""Streaming versus fetchall: peak memory and time of an average age over 200,000 users.

    cd python-advanced && python bench.py [--smoke]
    make bench MODULE=python-advanced            (from the repository root)

Builds a temporary SQLite database with the generators unit's seed.py, then measures, in
one run and over the same table and query, `calculate_average_age()` (a running total over
`stream_user_ages()`) and an average over `fetchall()`. Memory is the tracemalloc peak,
time a separate untraced run (tracemalloc slows every allocation). The last line is
`RESULT stream_peak_kb=... fetchall_peak_kb=... ratio=... stream_s=... fetchall_s=...`;
the streaming peak is expected to stay below 5% of the fetchall one. `--smoke` runs the same
on 2,000 users.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from typing import Any

from generators import seed
from generators.make_user_data import user_rows
from generators.stream_ages import calculate_average_age

ROWS = 2_000 if "--smoke" in sys.argv[1:] else 200_000
# The memory budget: streaming must peak below 5% of what fetchall() holds.
MAX_PEAK_RATIO = 0.05
AGE_QUERY = "SELECT age FROM user_data"  # the query stream_user_ages runs


def use_temporary_sqlite(folder: str) -> None:
    """Point the generators unit at a fresh SQLite database in `folder`, whatever is set."""
    for variable in ("DATABASE_URL", "MYSQL_HOST"):
        os.environ.pop(variable, None)
    os.environ["PRODEV_SQLITE_DIR"] = folder
    os.environ["PRODEV_DATABASE"] = "bench"


def fill_user_data(rows: int) -> None:
    """Create the database and table with seed.py and insert `rows` synthetic users."""
    server = seed.connect_db()
    seed.create_database(server)
    server.close()
    connection = seed.connect_to_prodev()
    seed.create_table(connection)
    users = (
        (str(uuid.UUID(int=number)), name, email, age)
        for number, (name, email, age) in enumerate(user_rows(rows), start=1)
    )
    connection.executemany("INSERT INTO user_data VALUES (?, ?, ?, ?)", users)
    connection.commit()
    connection.close()


def fetchall_average_age() -> float:
    """The average the way the exercise forbids: every row in a list first."""
    connection = seed.connect_to_prodev()
    try:
        rows = connection.execute(AGE_QUERY).fetchall()
        total: int = sum(row["age"] for row in rows)
        return total / len(rows)
    finally:
        connection.close()


def peak_kb(function: Callable[[], Any]) -> float:
    """The largest traced allocation total while `function` runs, in KiB."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def seconds(function: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time of one untraced call, and what it returned."""
    gc.collect()
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def main() -> int:
    """Measure both averages side by side and print the RESULT line."""
    with tempfile.TemporaryDirectory(prefix="bench-generators-") as folder:
        use_temporary_sqlite(folder)
        fill_user_data(ROWS)
        stream_s, stream_average = seconds(calculate_average_age)
        fetchall_s, _ = seconds(fetchall_average_age)
        stream_peak = peak_kb(calculate_average_age)
        fetchall_peak = peak_kb(fetchall_average_age)
    ratio = stream_peak / fetchall_peak
    print(f"average age of {ROWS:,} users (temporary SQLite database): {stream_average:.2f}")
    print(f"{'':24}{'peak memory':>14}{'time':>10}")
    print(f"{'stream_user_ages':24}{stream_peak:>11.1f} KiB{stream_s:>9.3f}s")
    print(f"{'fetchall':24}{fetchall_peak:>11.1f} KiB{fetchall_s:>9.3f}s")
    print(f"peak ratio stream/fetchall: {ratio:.6f} (budget: below {MAX_PEAK_RATIO})")
    print(
        f"RESULT stream_peak_kb={stream_peak:.1f} fetchall_peak_kb={fetchall_peak:.1f}"
        f" ratio={ratio:.6f} stream_s={stream_s:.3f} fetchall_s={fetchall_s:.3f}"
    )
    if ratio >= MAX_PEAK_RATIO:
        print(
            f"bench: streaming peak is not below {MAX_PEAK_RATIO:.0%} of fetchall's",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
