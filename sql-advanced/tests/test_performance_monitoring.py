"""reports/performance_monitoring.md, checked by running its own commands.

The report profiles five frequent queries on the million-booking data set, finds
`month_report` the most expensive, and adds a covering index for it. What a test can
reproduce without that data set is reproduced here, on each engine, on the seed plus the
few thousand rows of tests/test_indexes.py with queries/database_index.sql applied:

- the report's frequent queries (its ```sql block, each named by its comment) all run;
  `month_report` answers what a count of the bookings in Python answers, and it is the
  month query the bench times (partitioning.sql's last query, asked of `bookings`);
- before the change, the month report reads `idx_bookings_start_date` and then the table;
  after the report's own CREATE INDEX it reads that index only (MariaDB's
  `"using_index": true`, PostgreSQL's Index Only Scan, SQLite's COVERING INDEX), with the
  same rows;
- the numbers: the gain table's before and after times are the bench run the README
  quotes (its `covering_index` rows and RESULT line, the same digits), the gain is before
  divided by after (within 1%: the times are rounded), and the bench makes the same change.
The times themselves are the machine's (CONTRIBUTING: no test depends on wall-clock speed).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import bench
import pytest
from sqlrunner.engines import fresh_database
from sqlrunner.runner import MODULE, apply, load_seed
from sqlrunner.statements import split
from tests.test_indexes import INDEXES, add_rows, fetch, values_under

pytestmark = pytest.mark.task("extras.monitoring")

REPORT = MODULE / "reports" / "performance_monitoring.md"
README = MODULE / "README.md"
PARTITIONING = MODULE / "queries" / "partitioning.sql"
FREQUENT = ("guest_bookings", "property_rating", "month_report")
SQL_BLOCK = re.compile(r"```sql\n(?P<body>.*?)```", re.DOTALL)
NAMED = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)\b")
CREATE_INDEX = re.compile(
    r"CREATE\s+INDEX\s+(?P<name>\w+)\s+ON\s+(?P<table>\w+)\s*\((?P<columns>[^)]*)\)",
    re.IGNORECASE,
)
GAIN_ROW = re.compile(
    r"^\|\s*(?P<label>[^|]*?)\s*\|\s*\**(?P<mysql>[\d.]+)\s*(?:ms|x)\**\s*"
    r"\|\s*\**(?P<postgres>[\d.]+)\s*(?:ms|x)\**\s*\|\s*$",
    re.MULTILINE,
)
BENCH_ROW = (
    r"^{engine}\s+covering_index\s+(?P<before>[\d.]+) \(\d+\)\s+(?P<after>[\d.]+) \(\d+\)"
    r"\s+(?P<gain>[\d.]+)x"
)
STARTING_INDEX = "idx_bookings_start_date"
URL_VARIABLES = {"mysql": "DATABASE_URL", "postgres": "POSTGRES_URL"}
ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("mysql", id="mysql", marks=pytest.mark.services("mysql")),
    pytest.param("postgres", id="postgres", marks=pytest.mark.services("postgres")),
]


def report() -> str:
    return REPORT.read_text(encoding="utf-8", errors="replace")


def frequent_queries(text: str) -> dict[str, str]:
    """The named statements of the report's ```sql blocks (`-- name: what it is for`)."""
    queries = {}
    for block in SQL_BLOCK.finditer(text):
        for statement in split(block.group("body")):
            match = NAMED.match(statement.comment)
            if match and statement.sql.lstrip().upper().startswith("SELECT"):
                queries.setdefault(match.group("name"), statement.sql)
    return queries


@dataclass(frozen=True)
class Index:
    name: str
    table: str
    columns: tuple[str, ...]


def indexes_in(text: str) -> list[Index]:
    return [
        Index(
            m.group("name"),
            m.group("table"),
            tuple(c.strip() for c in m.group("columns").split(",")),
        )
        for m in CREATE_INDEX.finditer(text)
    ]


def the_change(text: str) -> Index:
    """The report's CREATE INDEX: the one of its ```sql blocks."""
    found = [index for block in SQL_BLOCK.finditer(text) for index in indexes_in(block.group())]
    assert len(found) == 1, f"{REPORT.name} must make one change (one CREATE INDEX): {found}"
    return found[0]


@dataclass(frozen=True)
class Plan:
    indexes: frozenset[str]
    index_only: bool  # the rows came from an index alone, no table lookup


@dataclass(frozen=True)
class Run:
    engine: str
    ran: dict[str, list[tuple[Any, ...]]]
    counted: list[tuple[str, int, Decimal]]
    before: Plan
    after: Plan
    rows_before: list[tuple[Any, ...]]
    rows_after: list[tuple[Any, ...]]


@pytest.fixture(scope="module", params=ENGINES)
def run(request: pytest.FixtureRequest) -> Run:
    engine = str(request.param)
    text = report()
    queries = frequent_queries(text)
    month = queries.get("month_report")
    assert month, f"{REPORT.name} has no query named month_report in a ```sql block"
    change = the_change(text)
    variable = URL_VARIABLES.get(engine)
    with fresh_database(os.environ[variable] if variable else None) as (_, connection):
        load_seed(connection, engine)
        add_rows(connection, engine)
        apply(connection, engine, INDEXES)
        analyze(connection, engine)
        ran = {name: fetch(connection, sql) for name, sql in queries.items()}
        bookings = fetch(connection, "SELECT start_date, status, total_price FROM bookings")
        before = plan(connection, engine, month)
        rows_before = fetch(connection, month)
        columns = ", ".join(change.columns)
        fetch(connection, f"CREATE INDEX {change.name} ON {change.table} ({columns})")
        analyze(connection, engine)
        after = plan(connection, engine, month)
        rows_after = fetch(connection, month)
    return Run(engine, ran, march_2025(bookings), before, after, rows_before, rows_after)


def analyze(connection: Any, engine: str) -> None:
    """Fresh statistics; on PostgreSQL also the visibility map an index-only scan needs."""
    statement = {
        "sqlite": "ANALYZE",
        "mysql": "ANALYZE TABLE users, properties, bookings, payments, reviews",
        "postgres": "VACUUM ANALYZE",
    }[engine]
    fetch(connection, statement)


def plan(connection: Any, engine: str, sql: str) -> Plan:
    if engine == "mysql":
        ((document,),) = fetch(connection, f"EXPLAIN FORMAT=JSON {sql}")
        tables = list(tables_under(json.loads(document)))
        return Plan(
            frozenset(str(t["key"]) for t in tables if "key" in t),
            bool(tables) and all(t.get("using_index") is True for t in tables),
        )
    if engine == "postgres":
        ((document,),) = fetch(connection, f"EXPLAIN (FORMAT JSON) {sql}")
        tree = json.loads(document) if isinstance(document, str) else document
        scans = [node for node in values_under(tree, "Node Type") if "Scan" in node]
        return Plan(
            frozenset(values_under(tree, "Index Name")),
            bool(scans) and all(node == "Index Only Scan" for node in scans),
        )
    details = [str(row[-1]) for row in fetch(connection, f"EXPLAIN QUERY PLAN {sql}")]
    scans = [d for d in details if re.match(r"(?:SCAN|SEARCH)\b", d)]
    names = re.compile(r"\bUSING (?:COVERING )?INDEX (\w+)")
    return Plan(
        frozenset(m.group(1) for d in scans for m in names.finditer(d)),
        bool(scans) and all("USING COVERING INDEX" in d for d in scans),
    )


def tables_under(node: Any) -> Iterator[dict[str, Any]]:
    """Every `table` object of a MariaDB JSON plan: one per table access."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == "table" and isinstance(value, dict):
                yield value
            yield from tables_under(value)
    elif isinstance(node, list):
        for item in node:
            yield from tables_under(item)


def march_2025(bookings: list[tuple[Any, ...]]) -> list[tuple[str, int, Decimal]]:
    """The month report, counted in Python: (status, bookings, total) by status."""
    count: Counter[str] = Counter()
    total: dict[str, Decimal] = {}
    for start, status, price in bookings:
        if "2025-03-01" <= str(start)[:10] < "2025-04-01":
            count[status] += 1
            total[status] = total.get(status, Decimal(0)) + Decimal(str(price))
    return [(status, count[status], total[status]) for status in sorted(count)]


def cents(rows: list[tuple[Any, ...]]) -> list[tuple[str, int, Decimal]]:
    return [(str(s), int(n), Decimal(str(t)).quantize(Decimal("0.01"))) for s, n, t in rows]


def test_the_frequent_queries_run(run: Run) -> None:
    missing = [name for name in FREQUENT if name not in run.ran]
    assert not missing, f"{REPORT.name}'s ```sql block lacks {missing}"
    assert len(run.ran) >= 5, f"five frequent queries are profiled, found {sorted(run.ran)}"


def test_month_report_answers_as_counted(run: Run) -> None:
    assert run.counted, "the data holds no booking of March 2025"
    # ORDER BY status follows the ENUM's order on MariaDB and PostgreSQL, the text's on SQLite
    assert sorted(cents(run.rows_before)) == cents(run.counted)


def test_month_report_is_the_query_the_bench_times() -> None:
    """The bench times partitioning.sql's last query on the plain table (bench.py, step 2)."""
    month = next(
        s.sql for s in split(PARTITIONING.read_text(encoding="utf-8"))
        if s.comment.startswith("bookings_in_month")
    )  # fmt: skip
    plain = re.sub(r"\bbookings_partitioned\b", "bookings", month)
    mine = frequent_queries(report()).get("month_report", "")
    assert " ".join(mine.split()) == " ".join(plain.split())


def test_before_the_change_the_month_report_reads_the_table(run: Run) -> None:
    assert STARTING_INDEX in run.before.indexes, f"{run.engine}: {run.before}"
    assert not run.before.index_only, f"{run.engine}: already index-only: {run.before}"


def test_after_the_change_the_month_report_reads_its_index_only(run: Run) -> None:
    change = the_change(report())
    assert change.table == "bookings"
    assert change.name in run.after.indexes, f"{run.engine}: {run.after}"
    assert run.after.index_only, f"{run.engine}: still reads the table: {run.after}"
    assert run.rows_after == run.rows_before


def test_the_bench_makes_the_same_change() -> None:
    assert indexes_in(bench.COVERING_INDEX) == [the_change(report())]


def gains() -> dict[str, dict[str, float]]:
    """The report's table of the measured gain: before, after and gain per engine."""
    rows: dict[str, dict[str, float]] = {}
    for row in GAIN_ROW.finditer(report()):
        label = row.group("label").lower()
        kind = next((k for k in ("before", "after", "gain") if k in label), None)
        if kind:
            rows[kind] = {e: float(row.group(e)) for e in ("mysql", "postgres")}
    assert set(rows) == {"before", "after", "gain"}, f"{REPORT.name}: no gain table: {rows}"
    return rows


@pytest.mark.parametrize("engine", ["mysql", "postgres"])
def test_the_gain_is_before_divided_by_after(engine: str) -> None:
    table = gains()
    computed = table["before"][engine] / table["after"][engine]
    assert computed == pytest.approx(table["gain"][engine], rel=0.01)


@pytest.mark.parametrize("engine", ["mysql", "postgres"])
def test_the_times_are_the_quoted_bench_run(engine: str) -> None:
    """The README quotes the bench run the reports come from: the same digits."""
    readme = README.read_text(encoding="utf-8")
    row = re.search(BENCH_ROW.format(engine=engine), readme, re.MULTILINE)
    assert row, f"README.md quotes no {engine} covering_index row of the bench"
    table = gains()
    for kind in ("before", "after", "gain"):
        assert float(row.group(kind)) == table[kind][engine], f"{engine} {kind}"
    result = re.search(rf"\b{engine}\.covering_index\.speedup=(?P<gain>[\d.]+)", readme)
    assert result, f"README.md's RESULT line has no {engine}.covering_index.speedup"
    assert float(result.group("gain")) == table["gain"][engine]
    assert f"{engine}.covering_index.speedup={result.group('gain')}" in report()
