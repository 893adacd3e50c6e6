"""partitioning.sql: bookings partitioned by RANGE on start_date, on MariaDB and PostgreSQL.

On a seeded database with extra bookings spread over 2021-2026, the file creates
bookings_partitioned and copies bookings into it. The tests check that the copy holds the
same rows; that the table is partitioned by range on start_date, with start_date in its
primary key; that the plan of the file's one-month query reads only the partitions
holding that month (MariaDB: the table's "partitions" in EXPLAIN FORMAT=JSON; PostgreSQL:
the relations scanned in EXPLAIN (FORMAT JSON)); and that a date outside every month goes
to a catch-all partition. SQLite has no partitioning: there the file must skip everything.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlrunner.engines import fresh_database
from sqlrunner.runner import Result, load_seed, run_file
from sqlrunner.statements import split

pytestmark = pytest.mark.task("extras.partitioning")

PARTITIONING = Path(__file__).resolve().parents[1] / "queries" / "partitioning.sql"
TABLE = "bookings_partitioned"
MONTH_QUERY = "bookings_in_month"
MONTH = ("2025-03-01", "2025-04-01")  # the month the file's last query asks for
COLUMNS = "booking_id, property_id, user_id, start_date, end_date, total_price, status"
EXTRA_BOOKINGS, FIRST_DAY, DAYS = 1200, datetime.date(2021, 1, 1), 6 * 365

URL_VARIABLES = {"mysql": "DATABASE_URL", "postgres": "POSTGRES_URL"}
SERVERS = [
    pytest.param("mysql", id="mysql", marks=pytest.mark.services("mysql")),
    pytest.param("postgres", id="postgres", marks=pytest.mark.services("postgres")),
]


@dataclass(frozen=True)
class Partitioned:
    """A seeded database (plus extra bookings) after partitioning.sql."""

    engine: str
    connection: Any
    results: list[Result]  # what the file's statements returned, in order

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, params or None)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
        finally:
            cursor.close()


@pytest.fixture(scope="module", params=SERVERS)
def partitioned(request: pytest.FixtureRequest) -> Iterator[Partitioned]:
    engine = str(request.param)
    with fresh_database(os.environ[URL_VARIABLES[engine]]) as (_, connection):
        load_seed(connection, engine)
        add_bookings(connection)
        outcomes = run_file(connection, engine, PARTITIONING)
        results = [outcome for outcome in outcomes if isinstance(outcome, Result)]
        yield Partitioned(engine, connection, results)


def test_copy_holds_the_same_rows_as_bookings(partitioned: Partitioned) -> None:
    select = f"SELECT {COLUMNS}, created_at FROM {{}} ORDER BY booking_id"
    bookings = partitioned.rows(select.format("bookings"))
    assert len(bookings) > EXTRA_BOOKINGS
    assert partitioned.rows(select.format(TABLE)) == bookings


def test_table_is_partitioned_by_range_on_start_date(partitioned: Partitioned) -> None:
    if partitioned.engine == "mysql":
        methods = partitioned.rows(
            "SELECT DISTINCT partition_method, partition_expression"
            " FROM information_schema.partitions"
            " WHERE table_schema = DATABASE() AND table_name = %s",
            (TABLE,),
        )
        assert [(method, expression.strip("`")) for method, expression in methods] in (
            [("RANGE COLUMNS", "start_date")],
            [("RANGE", "start_date")],
        )
    else:
        ((key,),) = partitioned.rows(f"SELECT pg_get_partkeydef('{TABLE}'::regclass)")
        assert key == "RANGE (start_date)"
    holding = {partition for partition, _, _ in rows_by_partition(partitioned)}
    assert len(holding) >= 6, "bookings of six years spread over several partitions"


def test_primary_key_includes_start_date(partitioned: Partitioned) -> None:
    if partitioned.engine == "mysql":
        columns = partitioned.rows(
            "SELECT column_name FROM information_schema.statistics WHERE table_schema ="
            " DATABASE() AND table_name = %s AND index_name = 'PRIMARY'",
            (TABLE,),
        )
    else:
        columns = partitioned.rows(
            "SELECT attribute.attname FROM pg_index AS key JOIN pg_attribute AS attribute"
            " ON attribute.attrelid = key.indrelid AND attribute.attnum = ANY (key.indkey)"
            f" WHERE key.indrelid = '{TABLE}'::regclass AND key.indisprimary"
        )
    assert {column for (column,) in columns} == {"booking_id", "start_date"}


def test_month_query_gives_the_answer_it_gives_on_bookings(partitioned: Partitioned) -> None:
    result = month_query(partitioned)
    on_bookings = re.sub(rf"\b{TABLE}\b", "bookings", result.statement.sql)
    assert result.rows, "the month query finds nothing"
    assert list(result.rows) == partitioned.rows(on_bookings)


def test_month_query_reads_only_the_months_partitions(partitioned: Partitioned) -> None:
    partitions = rows_by_partition(partitioned)
    start, end = (datetime.date.fromisoformat(day) for day in MONTH)
    in_month = {name for name, _, day in partitions if start <= day < end}
    read = partitions_read(partitioned, month_query(partitioned).statement.sql)
    assert read == in_month, f"the plan reads {sorted(read)}"
    assert len(read) < len({name for name, _, _ in partitions})


@pytest.mark.parametrize(
    ("day", "bound"), [("2019-06-14", "MINVALUE"), ("2031-06-13", "MAXVALUE")]
)
def test_a_date_outside_every_month_goes_to_a_catch_all(
    partitioned: Partitioned, day: str, bound: str
) -> None:
    booking_id = "00000000-0000-4000-8000-000000000001"
    with rolled_back(partitioned):
        insert_booking(partitioned, booking_id, day, property_id=any_property(partitioned))
        placed = rows_by_partition(partitioned)
        (partition,) = [name for name, row, _ in placed if row == booking_id]
        others = [row for name, row, _ in placed if name == partition]
        assert others == [booking_id], f"{partition} is a month's partition, not a catch-all"
        assert bound in partition_bounds(partitioned)[partition]


def test_foreign_keys_of_the_partitioned_table(partitioned: Partitioned) -> None:
    """PostgreSQL keeps the foreign keys; a partitioned InnoDB table can have none."""
    unknown_property = "00000000-0000-4000-8000-0000000000ff"
    booking_id = "00000000-0000-4000-8000-000000000002"
    with rolled_back(partitioned):
        if partitioned.engine == "postgres":
            with pytest.raises(psycopg.errors.ForeignKeyViolation):
                insert_booking(partitioned, booking_id, "2025-03-10", unknown_property)
        else:
            insert_booking(partitioned, booking_id, "2025-03-10", unknown_property)
            assert partitioned.rows(f"SELECT 1 FROM {TABLE} WHERE booking_id = %s", (booking_id,))


def test_file_is_for_mariadb_and_postgres_only() -> None:
    """SQLite has no partitioning: the runner must skip every statement there."""
    statements = split(PARTITIONING.read_text(encoding="utf-8"))
    assert statements, "partitioning.sql is empty"
    assert not [s.line for s in statements if s.runs_on("sqlite")]
    for engine in ("mysql", "postgres"):
        creates = [
            s
            for s in statements
            if s.runs_on(engine) and re.match(rf"CREATE\s+TABLE\s+{TABLE}\b", s.sql, re.I)
        ]
        assert creates, f"no CREATE TABLE {TABLE} for {engine}"
        assert "PARTITION BY RANGE" in " ".join(creates[0].sql.upper().split())


def month_query(partitioned: Partitioned) -> Result:
    """The file's last statement: the one-month query on the partitioned table."""
    assert partitioned.results, "partitioning.sql returned no rows at all"
    result = partitioned.results[-1]
    assert result.statement.comment.startswith(f"{MONTH_QUERY}:"), "the last query is unnamed"
    return result


def rows_by_partition(partitioned: Partitioned) -> list[tuple[str, str, datetime.date]]:
    """(partition, booking_id, start_date) for every row of the partitioned table."""
    if partitioned.engine == "postgres":
        rows = partitioned.rows(
            f"SELECT tableoid::regclass::text, booking_id, start_date FROM {TABLE}"
        )
        return [(name, str(booking_id), day) for name, booking_id, day in rows]
    found = []
    for name in partition_bounds(partitioned):
        rows = partitioned.rows(f"SELECT booking_id, start_date FROM {TABLE} PARTITION ({name})")
        found += [(name, str(booking_id), day) for booking_id, day in rows]
    return found


def partition_bounds(partitioned: Partitioned) -> dict[str, str]:
    """Each partition's bounds as the engine prints them: MariaDB's `VALUES LESS THAN`
    value ('2021-02-01', MAXVALUE; the first partition also takes every lower value),
    PostgreSQL's `FOR VALUES FROM (...) TO (...)` (MINVALUE, MAXVALUE) or DEFAULT."""
    if partitioned.engine == "postgres":
        rows = partitioned.rows(
            "SELECT child.relname, pg_get_expr(child.relpartbound, child.oid)"
            " FROM pg_inherits JOIN pg_class AS child ON child.oid = inhrelid"
            f" WHERE inhparent = '{TABLE}'::regclass"
        )
        return dict(rows)
    rows = partitioned.rows(
        "SELECT partition_name, partition_description FROM information_schema.partitions"
        " WHERE table_schema = DATABASE() AND table_name = %s ORDER BY partition_ordinal_position",
        (TABLE,),
    )
    bounds = dict(rows)
    first = rows[0][0]
    bounds[first] = f"MINVALUE TO {bounds[first]}"  # RANGE: the first partition has no floor
    return bounds


def partitions_read(partitioned: Partitioned, sql: str) -> set[str]:
    """The partitions of the table that the engine's plan for `sql` reads."""
    if partitioned.engine == "mysql":
        ((document,),) = partitioned.rows(f"EXPLAIN FORMAT=JSON {sql}")
        tables = values_under(json.loads(document), "table")
        return {name for table in tables if table.get("table_name") == TABLE
                for name in table.get("partitions", [])}  # fmt: skip
    ((document,),) = partitioned.rows(f"EXPLAIN (FORMAT JSON) {sql}")
    plan = json.loads(document) if isinstance(document, str) else document
    return {str(node["Relation Name"]) for node in values_under(plan, "Plan", "Plans")
            if "Relation Name" in node}  # fmt: skip


def values_under(node: Any, *keys: str) -> Iterator[dict[str, Any]]:
    """Every JSON object stored under one of `keys`, at any depth (plans nest)."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name in keys and isinstance(value, dict):
                yield value
            if name in keys and isinstance(value, list):
                yield from (item for item in value if isinstance(item, dict))
            yield from values_under(value, *keys)
    elif isinstance(node, list):
        for item in node:
            yield from values_under(item, *keys)


@contextlib.contextmanager
def rolled_back(partitioned: Partitioned) -> Iterator[None]:
    """A transaction undone at the end, so that the module's database stays as loaded."""
    partitioned.rows("BEGIN")
    try:
        yield
    finally:
        partitioned.rows("ROLLBACK")


def any_property(partitioned: Partitioned) -> str:
    ((property_id,),) = partitioned.rows(
        "SELECT property_id FROM properties ORDER BY property_id LIMIT 1"
    )
    return str(property_id)


def insert_booking(partitioned: Partitioned, booking_id: str, day: str, property_id: str) -> None:
    ((user_id,),) = partitioned.rows("SELECT user_id FROM users ORDER BY user_id LIMIT 1")
    start = datetime.date.fromisoformat(day)
    partitioned.rows(
        f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (booking_id, property_id, str(user_id), day,
         (start + datetime.timedelta(days=2)).isoformat(), "200.00", "confirmed"),
    )  # fmt: skip


def add_bookings(connection: Any) -> None:
    """Bookings of the seed's properties and users over 2021-2026, a few per week."""
    cursor = connection.cursor()
    try:
        cursor.execute("SELECT property_id FROM properties ORDER BY property_id")
        properties = [str(row[0]) for row in cursor.fetchall()]
        cursor.execute("SELECT user_id FROM users ORDER BY user_id")
        users = [str(row[0]) for row in cursor.fetchall()]
        rng = random.Random(20210101)
        rows = []
        for _ in range(EXTRA_BOOKINGS):
            start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
            end = start + datetime.timedelta(days=rng.randrange(1, 8))
            rows += [
                str(uuid.UUID(int=rng.getrandbits(128), version=4)), rng.choice(properties),
                rng.choice(users), start.isoformat(), end.isoformat(), rng.randrange(50, 900),
                rng.choice(("confirmed", "pending", "canceled")),
            ]  # fmt: skip
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * EXTRA_BOOKINGS)
        cursor.execute(f"INSERT INTO bookings ({COLUMNS}) VALUES {values}", rows)
    finally:
        cursor.close()
