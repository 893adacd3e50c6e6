"""Indexes, a query rewrite and partitioning, measured on the large data set.

    cd sql-advanced && python bench.py [--explain] [--smoke]   (or: make bench MODULE=sql-advanced)

Servers: MariaDB/MySQL from DATABASE_URL (mysql://...) and PostgreSQL from POSTGRES_URL
(postgres://...); an unset variable falls back to the local default below (the CI
machine's servers), and a server that does not answer stops the bench with exit status 2.
The user must be allowed to create databases: each engine gets a fresh one, dropped at
the end, whatever happens.

One run, for each engine: the data set of bigdata/ (1,000,000 bookings by default,
generated once and loaded into both engines in bulk), then
1. each query of queries/index_targets.sql (named by its comment's `<name>:`), timed;
2. queries/partitioning.sql applied, and its last statement, the one-month query, timed
   on bookings_partitioned and on the plain bookings table (same SQL, table renamed);
3. queries/database_index.sql applied and the tables analysed; the targeted queries timed
   again, the month query on the plain table again (it now has an index on start_date);
4. the `initial:` and `refactored:` queries of queries/performance.sql, timed;
5. the change of performance_monitoring.md (COVERING_INDEX below) made, and the month
   query on the plain table timed once more.
A time is the median of --runs runs (5) after one warm-up run, from execute to the last
row fetched. A query whose warm-up takes under FAST_SECONDS runs four times as often: its
time is mostly the client round trip, where one hiccup of the machine weighs more. One
whose warm-up takes over SLOW_SECONDS is timed by that one run. Every run is parsed and
planned (psycopg's automatic prepared statements are off, as MySQLdb has none), and
PostgreSQL is checkpointed after each bulk write so that no flush runs during timings.
Paired queries must return the same rows, or the bench stops.

Goals: each indexed query at least 10 times faster than without its index; the month
query at least 3 times faster on the partitioned table than on the plain table without an
index on start_date (what pruning saves: one month's partition read instead of the
table). The bench prints each goal as met or missed, the total time (budget: 10 minutes),
and last the RESULT line, a speedup for each query of index_targets.sql and each pair
above, on each engine:
`RESULT mysql.load_s=... mysql.bookings_starting_per_day.speedup=...
mysql.payments_by_method_in_week.speedup=... mysql.largest_payments_by_method.speedup=...
mysql.users_by_last_name.speedup=... mysql.oldest_pending_bookings.speedup=...
mysql.latest_reviews.speedup=... mysql.partition.speedup=...
mysql.partition_vs_index.speedup=... mysql.performance.speedup=...
mysql.covering_index.speedup=... postgres.load_s=...
postgres.bookings_starting_per_day.speedup=... postgres.payments_by_method_in_week.speedup=...
postgres.largest_payments_by_method.speedup=... postgres.users_by_last_name.speedup=...
postgres.oldest_pending_bookings.speedup=... postgres.latest_reviews.speedup=...
postgres.partition.speedup=... postgres.partition_vs_index.speedup=...
postgres.performance.speedup=... postgres.covering_index.speedup=... goals_missed=...
total_s=...`. It exits 1 when a goal is missed, 2 on bad input. `--smoke` is a tiny run
(SMOKE_BOOKINGS bookings, one timed run) that judges no goal: on tables that small an
index saves next to nothing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bigdata import DEFAULT_BOOKINGS, DataSet, generate, load
from sqlrunner.engines import (
    EngineError,
    Server,
    connect,
    fresh_database,
    redacted,
    server_for,
)
from sqlrunner.runner import SCHEMA, apply, normalise
from sqlrunner.statements import SqlFileError, Statement, split

MODULE = Path(__file__).resolve().parent
QUERIES = MODULE / "queries"
TARGETS = QUERIES / "index_targets.sql"
INDEXES = QUERIES / "database_index.sql"
PARTITIONING = QUERIES / "partitioning.sql"
PERFORMANCE = QUERIES / "performance.sql"
SERVERS = {  # engine: (variable, default URL)
    "mysql": ("DATABASE_URL", "mysql://root@127.0.0.1:3306/sql_advanced"),
    "postgres": ("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sql_advanced"),
}
RUNS = 5
SMOKE_BOOKINGS = 2_000
SLOW_SECONDS = 5.0
FAST_SECONDS = 0.02
FAST_RUNS_FACTOR = 4
INDEX_GOAL = 10.0
PARTITION_GOAL = 3.0
BUDGET_SECONDS = 600.0
NAMED = re.compile(r"^(?P<name>[A-Za-z_]\w*):")
PARTITIONED = re.compile(r"\bbookings_partitioned\b")
ANALYZE = {
    "mysql": "ANALYZE TABLE users, properties, bookings, payments, reviews, messages",
    "postgres": "ANALYZE",
}
EXPLAIN = {
    "mysql": "EXPLAIN ",
    "mariadb": "EXPLAIN PARTITIONS ",
    "postgres": "EXPLAIN (COSTS OFF) ",
}
# The change performance_monitoring.md makes after profiling the month report on the plain
# table: every column the report reads is in the index, so no table row is fetched.
COVERING_INDEX = (
    "CREATE INDEX idx_bookings_start_date_status_price"
    " ON bookings (start_date, status, total_price)"
)
SETTINGS = {  # what the numbers depend on most: the memory each engine caches pages in
    "mysql": "SELECT VERSION(), @@innodb_buffer_pool_size / 1048576",
    "postgres": "SELECT split_part(version(), ' on ', 1), current_setting('shared_buffers')",
}


class BenchError(RuntimeError):
    """A file, a server or a result the bench cannot work with."""


@dataclass(frozen=True)
class Timing:
    seconds: float  # the median of the runs
    runs: int
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Comparison:
    """One query (or pair of queries) timed two ways: `slow` expected slower than `fast`."""

    engine: str
    key: str  # the RESULT key: <engine>.<key>.speedup
    label: str
    slow: Timing
    fast: Timing
    goal: float | None

    @property
    def speedup(self) -> float:
        return self.slow.seconds / max(self.fast.seconds, 1e-9)

    @property
    def met(self) -> bool:
        return self.goal is None or self.speedup >= self.goal


@dataclass
class EngineRun:
    engine: str
    load_seconds: float = 0.0
    comparisons: list[Comparison] = field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    if options.smoke:
        options.bookings, options.runs = SMOKE_BOOKINGS, 1
    started = time.perf_counter()
    try:
        _check_files()
        servers = {engine: _url(engine) for engine in options.engines}
        print(_header(options))
        data = _generate(options.bookings)
        runs = [
            bench_engine(engine, url, data, options.runs, options.explain)
            for engine, url in servers.items()
        ]
    except (BenchError, EngineError, SqlFileError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    total = time.perf_counter() - started
    missed = _summary(runs, total)
    print(_result_line(runs, total, missed))
    return 1 if missed and not options.smoke else 0


def bench_engine(engine: str, url: str, data: DataSet, runs: int, explain: bool) -> EngineRun:
    """Every measurement on one engine, in a fresh database dropped at the end."""
    result = EngineRun(engine)
    with fresh_database(url) as (server, connection):
        print(f"\n== {engine}: {_describe(server, connection)}", flush=True)
        apply(connection, engine, SCHEMA[engine])
        result.load_seconds = load(connection, engine, data)["total"]
        print(f"loaded in {result.load_seconds:.1f}s", flush=True)
        bench = _Bench(connection, engine, runs, explain)
        bench.settle()
        targets = bench.named(TARGETS)
        before = {name: bench.measure(f"{name}, no index", sql) for name, sql in targets}
        month, partitioned = bench.partitioned_month()
        plain = bench.measure("month, plain table, no index", month)
        bench.step("database_index.sql + ANALYZE", bench.apply_indexes)
        for name, sql in targets:
            after = bench.measure(f"{name}, indexed", sql)
            result.comparisons.append(_paired(engine, name, name, before[name], after, INDEX_GOAL))
        plain_indexed = bench.measure("month, plain table, indexed", month)
        initial, refactored = bench.performance()
        bench.step("covering index (performance_monitoring.md)", bench.add_covering_index)
        covered = bench.measure("month, plain table, covering index", month)
    result.comparisons += [
        _paired(engine, "partition", "month: plain vs partitioned", plain, partitioned,
                PARTITION_GOAL),
        _paired(engine, "partition_vs_index", "month: plain with index vs partitioned",
                plain_indexed, partitioned, None),
        _paired(engine, "performance", "performance: initial vs refactored", initial,
                refactored, None),
        _paired(engine, "covering_index", "month: start_date index vs covering index",
                plain_indexed, covered, None),
    ]  # fmt: skip
    return result


class _Bench:
    """Timing on one connection, printing each measurement as it is made."""

    def __init__(self, connection: Any, engine: str, runs: int, explain: bool) -> None:
        self.connection, self.engine, self.runs, self.explain = connection, engine, runs, explain
        if engine == "postgres":
            connection.prepare_threshold = None  # plan every run, as MariaDB does
        self.explain_prefix = EXPLAIN[engine]
        if engine == "mysql" and "mariadb" in self._once("SELECT VERSION()")[1][0][0].lower():
            self.explain_prefix = EXPLAIN["mariadb"]  # MySQL 8 lists partitions by itself

    def named(self, path: Path) -> list[tuple[str, str]]:
        """The statements of `path` for this engine whose comment starts `<name>:`."""
        found = [
            (match.group("name"), statement.sql)
            for statement in _statements(path, self.engine)
            if (match := NAMED.match(statement.comment))
        ]
        if not found:
            raise BenchError(f"{_relative(path)}: no statement whose comment starts `<name>:`")
        return found

    def measure(self, label: str, sql: str) -> Timing:
        if self.explain:
            self._print_plan(label, sql)
        first, rows = self._once(sql)
        if first > SLOW_SECONDS:
            timing = Timing(first, 1, rows)
        else:
            runs = self.runs * (FAST_RUNS_FACTOR if first < FAST_SECONDS else 1)
            times = [self._once(sql)[0] for _ in range(runs)]
            timing = Timing(statistics.median(times), runs, rows)
        print(f"  {label:<52} {_ms(timing.seconds):>10} ms  (n={timing.runs})", flush=True)
        return timing

    def step(self, label: str, action: Callable[[], None]) -> None:
        started = time.perf_counter()
        action()
        self.settle()
        print(f"  {label:<52} {time.perf_counter() - started:>10.1f} s", flush=True)

    def settle(self) -> None:
        """After a bulk write: PostgreSQL writes its dirty pages now rather than while
        queries are timed (InnoDB's flushing is gentler and needs no help)."""
        if self.engine == "postgres":
            self._execute("CHECKPOINT")

    def apply_indexes(self) -> None:
        apply(self.connection, self.engine, INDEXES)
        self._execute(ANALYZE[self.engine])

    def add_covering_index(self) -> None:
        self._execute(COVERING_INDEX)
        self._execute(ANALYZE[self.engine])

    def partitioned_month(self) -> tuple[str, Timing]:
        """Apply partitioning.sql but its last statement, the month query, and time that
        query on bookings_partitioned; return it rewritten for the plain table."""
        statements = _statements(PARTITIONING, self.engine)
        if len(statements) < 2 or not PARTITIONED.search(statements[-1].sql):
            raise BenchError(f"{_relative(PARTITIONING)}: the last statement for {self.engine}"
                             " must be the date-range query on bookings_partitioned")  # fmt: skip
        *setup, month = statements

        def partition() -> None:
            for statement in setup:
                self._execute(statement.sql)

        self.step("partitioning.sql (create, copy, analyze)", partition)
        partitioned = self.measure("month, partitioned table", month.sql)
        return PARTITIONED.sub("bookings", month.sql), partitioned

    def performance(self) -> tuple[Timing, Timing]:
        """The `initial:` and `refactored:` queries of performance.sql, timed."""
        found = dict(self.named(PERFORMANCE))
        missing = [name for name in ("initial", "refactored") if name not in found]
        if missing:
            raise BenchError(f"{_relative(PERFORMANCE)}: no `{missing[0]}:` query")
        initial = self.measure("performance.sql initial", found["initial"])
        return initial, self.measure("performance.sql refactored", found["refactored"])

    def _once(self, sql: str) -> tuple[float, list[tuple[Any, ...]]]:
        cursor = self.connection.cursor()
        try:
            started = time.perf_counter()
            cursor.execute(sql)
            rows = cursor.fetchall()
            seconds = time.perf_counter() - started
        finally:
            cursor.close()
        return seconds, [tuple(normalise(value) for value in row) for row in rows]

    def _execute(self, sql: str) -> None:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
        finally:
            cursor.close()

    def _print_plan(self, label: str, sql: str) -> None:
        _, rows = self._once(self.explain_prefix + sql)
        print(f"  -- plan: {label}")
        for row in rows:
            print("     " + " | ".join("NULL" if value is None else str(value) for value in row))


def _paired(
    engine: str, key: str, label: str, slow: Timing, fast: Timing, goal: float | None
) -> Comparison:
    """Two queries that must give the same rows (in any order)."""
    if Counter(slow.rows) != Counter(fast.rows):
        raise BenchError(f"{engine}: {label}: the two queries returned different rows")
    return Comparison(engine, key, label, slow, fast, goal)


def _summary(runs: list[EngineRun], total: float) -> list[str]:
    """Print every comparison and goal; return the goals missed."""
    missed = []
    print("\n== summary: median ms (runs), speedup = slower / faster")
    print(f"{'engine':<9} {'query':<36} {'slower':>11} {'faster':>11} {'speedup':>9}  goal")
    for run in runs:
        for item in run.comparisons:
            verdict = "" if item.goal is None else (
                f">= {item.goal:g}x {'met' if item.met else 'MISSED'}"
            )  # fmt: skip
            print(
                f"{run.engine:<9} {item.key:<36} {_ms(item.slow.seconds):>7} ({item.slow.runs})"
                f" {_ms(item.fast.seconds):>7} ({item.fast.runs}) {item.speedup:>8.1f}x  {verdict}"
            )
            if not item.met:
                missed.append(f"{run.engine}.{item.key}")
    print(f"\ngoals: {'all met' if not missed else 'MISSED: ' + ', '.join(missed)}")
    over = " (over the 10-minute budget)" if total > BUDGET_SECONDS else ""
    print(f"total time: {total:.1f}s{over}")
    return missed


def _result_line(runs: list[EngineRun], total: float, missed: list[str]) -> str:
    pairs = []
    for run in runs:
        pairs.append(f"{run.engine}.load_s={run.load_seconds:.1f}")
        pairs += [f"{run.engine}.{c.key}.speedup={c.speedup:.1f}" for c in run.comparisons]
    pairs += [f"goals_missed={len(missed)}", f"total_s={total:.1f}"]
    return "RESULT " + " ".join(pairs)


def _generate(bookings: int) -> DataSet:
    started = time.perf_counter()
    data = generate(bookings)
    counts = ", ".join(f"{data.count(table):,} {table}" for table in data.lines)
    print(f"generated in {time.perf_counter() - started:.1f}s: {counts}", flush=True)
    return data


def _header(options: argparse.Namespace) -> str:
    today = datetime.date.today().isoformat()
    return (
        f"sql-advanced bench, {today}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        f"; {options.bookings:,} bookings; median of {options.runs} runs after a warm-up"
    )


def _describe(server: Server, connection: Any) -> str:
    cursor = connection.cursor()
    cursor.execute(SETTINGS[server.engine])
    version, memory = cursor.fetchone()
    cursor.close()
    cache = "buffer pool" if server.engine == "mysql" else "shared_buffers"
    size = f"{int(memory)}MB" if server.engine == "mysql" else memory
    return f"{version} at {server.address}, {cache} {size}"


def _url(engine: str) -> str:
    """The engine's URL from its variable (or the default), checked to answer."""
    variable, default = SERVERS[engine]
    url = os.environ.get(variable) or default
    if variable not in os.environ:
        print(f"{variable} is unset: using {default}")
    server = server_for(url)
    if server.engine != engine:
        raise BenchError(f"{variable}={redacted(url)} must be a {engine}:// URL")
    try:
        connect(server, "postgres" if engine == "postgres" else "").close()
    except EngineError as error:
        raise BenchError(f"{error} (set {variable} to a server that answers)") from None
    return url


def _check_files() -> None:
    missing = [
        path for path in (TARGETS, INDEXES, PARTITIONING, PERFORMANCE) if not path.is_file()
    ]
    if missing:
        names = ", ".join(_relative(path) for path in missing)
        raise BenchError(f"missing {names}: the bench times the queries these files hold")


def _statements(path: Path, engine: str) -> list[Statement]:
    return [s for s in split(path.read_text(encoding="utf-8")) if s.runs_on(engine)]


def _ms(seconds: float) -> str:
    """Milliseconds, with two decimals below 10 ms so that small times keep their ratio."""
    milliseconds = seconds * 1000
    return f"{milliseconds:.2f}" if milliseconds < 10 else f"{milliseconds:.1f}"


def _relative(path: Path) -> str:
    return str(path.relative_to(MODULE))


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python bench.py", description=__doc__.split("\n")[0])
    parser.add_argument("--bookings", type=_positive, default=DEFAULT_BOOKINGS, metavar="N")
    parser.add_argument("--runs", type=_positive, default=RUNS, help="timed runs per query")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--smoke", action="store_true", help="a tiny run that judges no goal")
    parser.add_argument(
        "--engines", nargs="+", choices=list(SERVERS), default=list(SERVERS), metavar="ENGINE"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
