"""database_index.sql gives each query of index_targets.sql the index it needs.

On each engine, a database holding the seed plus a few thousand generated rows (enough
that reading a whole table costs more than an index lookup, so the optimizer has a reason
to choose the index) is asked for each targeted query's plan and rows, then
database_index.sql is applied and it is asked again. Plans are read as data: the "key" of
each table access in MariaDB's EXPLAIN FORMAT=JSON and the "Index Name" of each node in
PostgreSQL's EXPLAIN (FORMAT JSON). SQLite is the exception: EXPLAIN QUERY PLAN has no
JSON form, only rows whose detail column reads `... USING [COVERING] INDEX <name> ...`,
so there the index name is taken from that text.
"""

from __future__ import annotations

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

import pytest
from sqlrunner.engines import fresh_database
from sqlrunner.runner import apply, load_seed
from sqlrunner.statements import split

pytestmark = pytest.mark.task("extras.indexes")

QUERIES = Path(__file__).resolve().parents[1] / "queries"
TARGETS = QUERIES / "index_targets.sql"
INDEXES = QUERIES / "database_index.sql"

# Each targeted query (by the name its comment starts with: bench.py uses the same names)
# and the index of database_index.sql that it must use.
INDEX_FOR = {
    "bookings_starting_per_day": "idx_bookings_start_date",
    "payments_by_method_in_week": "idx_payments_payment_date_payment_method_amount",
    "largest_payments_by_method": "idx_payments_payment_method_amount",
    "users_by_last_name": "idx_users_last_name_first_name",
    "oldest_pending_bookings": "idx_bookings_status_created_at",
    "latest_reviews": "idx_reviews_created_at",
}
NAMED = re.compile(r"^(?P<name>[a-z][a-z0-9_]*):")
SQLITE_INDEX = re.compile(r"\bUSING (?:COVERING )?INDEX (?P<name>\w+)")
CREATE_INDEX = re.compile(r"^CREATE\s+INDEX\s+(?P<name>\w+)\s+ON\b", re.IGNORECASE)

URL_VARIABLES = {"mysql": "DATABASE_URL", "postgres": "POSTGRES_URL"}
ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("mysql", id="mysql", marks=pytest.mark.services("mysql")),
    pytest.param("postgres", id="postgres", marks=pytest.mark.services("postgres")),
]


@dataclass(frozen=True)
class Observation:
    """What one query did: the indexes its plan reads, and the rows it returned."""

    indexes: frozenset[str]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Comparison:
    """Every targeted query, observed on one engine before and after database_index.sql."""

    engine: str
    before: dict[str, Observation]
    after: dict[str, Observation]


@pytest.fixture(scope="module", params=ENGINES)
def comparison(request: pytest.FixtureRequest) -> Comparison:
    engine = str(request.param)
    variable = URL_VARIABLES.get(engine)
    with fresh_database(os.environ[variable] if variable else None) as (_, connection):
        load_seed(connection, engine)
        add_rows(connection, engine)
        analyze(connection, engine)
        targets = targeted_queries()
        before = {name: observe(connection, engine, sql) for name, sql in targets.items()}
        apply(connection, engine, INDEXES)
        analyze(connection, engine)
        after = {name: observe(connection, engine, sql) for name, sql in targets.items()}
    return Comparison(engine, before, after)


@pytest.mark.parametrize("name", INDEX_FOR)
def test_query_uses_its_index_once_the_file_is_applied(comparison: Comparison, name: str) -> None:
    assert name in comparison.after, f"index_targets.sql has no query named {name}"
    index = INDEX_FOR[name]
    before, after = comparison.before[name].indexes, comparison.after[name].indexes
    assert index not in before, f"{name} used {index} before database_index.sql created it"
    assert index in after, f"{name} on {comparison.engine} uses {sorted(after)}, not {index}"


@pytest.mark.parametrize("name", INDEX_FOR)
def test_query_returns_the_same_rows_with_its_index(comparison: Comparison, name: str) -> None:
    assert name in comparison.after, f"index_targets.sql has no query named {name}"
    assert comparison.after[name].rows, f"{name} found nothing: its literal values miss"
    assert comparison.after[name].rows == comparison.before[name].rows


def test_each_index_names_the_query_it_serves() -> None:
    created = {
        match.group("name"): statement.comment
        for statement in split(INDEXES.read_text(encoding="utf-8"))
        if (match := CREATE_INDEX.match(statement.sql))
    }
    assert set(created) == set(INDEX_FOR.values()), "one CREATE INDEX per targeted query"
    for name, index in INDEX_FOR.items():
        assert created[index].startswith(f"{name}:"), f"{index}'s comment must name {name}"


def test_each_query_has_an_answer_on_the_seed(seeded_db: Any) -> None:
    """The literal values are chosen to exist in the seed (and in the large data set)."""
    targets = targeted_queries()
    assert set(targets) >= set(INDEX_FOR), "index_targets.sql lacks a targeted query"
    for name in INDEX_FOR:
        assert seeded_db.rows(targets[name]), f"{name} finds nothing in the seed"


def targeted_queries() -> dict[str, str]:
    """The named queries of index_targets.sql: the first comment line is `name: question`."""
    queries = {}
    for statement in split(TARGETS.read_text(encoding="utf-8")):
        if match := NAMED.match(statement.comment):
            queries[match.group("name")] = statement.sql
    return queries


def observe(connection: Any, engine: str, sql: str) -> Observation:
    return Observation(indexes_used(connection, engine, sql), fetch(connection, sql))


def indexes_used(connection: Any, engine: str, sql: str) -> frozenset[str]:
    """The names of the indexes the engine's plan for `sql` reads."""
    if engine == "mysql":
        ((document,),) = fetch(connection, f"EXPLAIN FORMAT=JSON {sql}")
        return frozenset(values_under(json.loads(document), "key"))
    if engine == "postgres":
        ((document,),) = fetch(connection, f"EXPLAIN (FORMAT JSON) {sql}")
        plan = json.loads(document) if isinstance(document, str) else document
        return frozenset(values_under(plan, "Index Name"))
    details = [str(row[-1]) for row in fetch(connection, f"EXPLAIN QUERY PLAN {sql}")]
    return frozenset(m.group("name") for text in details for m in SQLITE_INDEX.finditer(text))


def values_under(node: Any, key: str) -> Iterator[str]:
    """Every text value stored under `key` anywhere in a JSON document (plans nest)."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key and isinstance(value, str):
                yield value
            else:
                yield from values_under(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from values_under(item, key)


def fetch(connection: Any, sql: str) -> list[tuple[Any, ...]]:
    cursor = connection.cursor()
    try:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    finally:
        cursor.close()


def analyze(connection: Any, engine: str) -> None:
    """Fresh statistics, so that the optimizer knows how many rows each table holds."""
    statement = {
        "sqlite": "ANALYZE",
        "mysql": "ANALYZE TABLE users, properties, bookings, payments, reviews",
        "postgres": "ANALYZE",
    }[engine]
    fetch(connection, statement)


# Generated rows: deterministic, spread like the large data set's (dates over 2021-2025,
# a fixed list of cities and names), a few thousand per table: enough that reading a whole
# table costs the optimizers more than each index here (with a few hundred rows, PostgreSQL
# reads a whole table rather than use an index).
USERS, PROPERTIES, BOOKINGS, PAYMENTS, REVIEWS = 2000, 2000, 4000, 2500, 2500
FIRST_DAY, DAYS = datetime.date(2021, 1, 1), 5 * 365
CITIES = (
    "Lisbon, Portugal", "Porto, Portugal", "Nairobi, Kenya", "Lagos, Nigeria",
    "Accra, Ghana", "Kigali, Rwanda", "Cairo, Egypt", "Cape Town, South Africa",
    "Dakar, Senegal", "London, United Kingdom", "Dubai, United Arab Emirates",
    "Barcelona, Spain", "Amsterdam, Netherlands", "Bergen, Norway", "Marrakesh, Morocco",
)  # fmt: skip
FIRST_NAMES = ("Amina", "Kwame", "Zainab", "Chidi", "Grace", "David", "Sarah", "Omar", "Nia")
LAST_NAMES = (
    "Okafor", "Mensah", "Mwangi", "Abebe", "Diallo", "Nkosi", "Hassan", "Otieno", "Banda",
    "Kamara", "Osei", "Moyo", "Ibrahim", "Eze", "Sow", "Silva", "Martin", "Costa", "Berg",
)  # fmt: skip


def add_rows(connection: Any, engine: str) -> None:
    rng = random.Random(20250301)
    users = [_user(rng, index) for index in range(USERS)]
    properties = [_property(rng, index, users) for index in range(PROPERTIES)]
    bookings = [_booking(rng, properties, users) for _ in range(BOOKINGS)]
    confirmed = [row for row in bookings if row[6] == "confirmed"]
    payments = [_payment(rng, booking) for booking in rng.sample(confirmed, PAYMENTS)]
    reviews = [_review(rng, booking) for booking in rng.sample(confirmed, REVIEWS)]
    fetch(connection, "BEGIN")  # one transaction: the connections are in autocommit mode
    for table, rows in (
        ("users", users),
        ("properties", properties),
        ("bookings", bookings),
        ("payments", payments),
        ("reviews", reviews),
    ):
        _insert(connection, engine, table, rows)
    fetch(connection, "COMMIT")


def _insert(connection: Any, engine: str, table: str, rows: list[tuple[Any, ...]]) -> None:
    """Multi-row INSERTs of 500 rows each: far fewer round trips than one row at a time."""
    mark = "?" if engine == "sqlite" else "%s"
    row_marks = f"({', '.join([mark] * len(rows[0]))})"
    cursor = connection.cursor()
    try:
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            values = ", ".join([row_marks] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} VALUES {values}", [v for row in batch for v in row]
            )
    finally:
        cursor.close()


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _day(offset: int) -> str:
    return (FIRST_DAY + datetime.timedelta(days=offset)).isoformat()


def _stamp(day: str, rng: random.Random) -> str:
    return f"{day} {rng.randrange(8, 22):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"


def _user(rng: random.Random, index: int) -> tuple[Any, ...]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{first.lower()}.{last.lower()}.{index}@example.org"
    role = "host" if index % 10 == 0 else "guest"
    joined = _stamp(_day(rng.randrange(DAYS)), rng)
    return (_uuid(rng), first, last, email, "not-a-real-hash", None, role, joined)


def _property(rng: random.Random, index: int, users: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    host = users[10 * rng.randrange(USERS // 10)][0]  # every tenth user is a host
    city = CITIES[index % len(CITIES)]
    price = rng.randrange(20, 500)
    listed = _stamp(_day(rng.randrange(DAYS)), rng)
    return (_uuid(rng), host, f"Place {index}", "A place to stay.", city, price, listed, listed)


def _booking(
    rng: random.Random, properties: list[tuple[Any, ...]], users: list[tuple[Any, ...]]
) -> tuple[Any, ...]:
    place, guest = rng.choice(properties), rng.choice(users)
    start, nights = rng.randrange(DAYS), rng.randrange(1, 8)
    status = rng.choices(("confirmed", "pending", "canceled"), weights=(78, 12, 10))[0]
    made = _stamp(_day(start - rng.randrange(1, 90)), rng)
    return (
        _uuid(rng), place[0], guest[0], _day(start), _day(start + nights),
        nights * place[5], status, made,
    )  # fmt: skip


def _payment(rng: random.Random, booking: tuple[Any, ...]) -> tuple[Any, ...]:
    method = rng.choice(("credit_card", "paypal", "stripe"))
    return (_uuid(rng), booking[0], booking[5], booking[7], method)


def _review(rng: random.Random, booking: tuple[Any, ...]) -> tuple[Any, ...]:
    written = _stamp(booking[4], rng)
    return (_uuid(rng), booking[1], booking[2], rng.randrange(1, 6), "A stay.", written)
