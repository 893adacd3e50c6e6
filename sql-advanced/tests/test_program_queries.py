"""The program's query tasks, graded on what their text asks, on our schema and seed.

Each task's file (`database-adv-script/<name>.sql` in a learner's repository) is run as
tests/program.py describes: on our data, whatever the learner's schema and seed, with the
program's entity names read as our tables, on SQLite and MariaDB (the program writes for
MySQL: PostgreSQL would refuse its dialect, and runs our own files in the extras). Its
statements are then recognised by what they do (the joins they use, what they
aggregate), never by their order, their number, their column names or their comments,
and each answer is compared with what our seed holds, computed here with our own SQL:

- joins_queries.sql: an INNER JOIN of bookings and users gives every booking once; a
  LEFT JOIN of properties and reviews keeps the properties without a review; a FULL OUTER
  JOIN of users and bookings (native, or emulated with a UNION where the engine has none)
  keeps the users without a booking.
- subqueries.sql: the properties whose average rating is above 4.0 (a non-correlated
  subquery), the users with more than 3 bookings (a correlated one), on both sides of
  each boundary.
- aggregations_and_window_functions.sql: each user's number of bookings (COUNT, GROUP BY;
  users without a booking listed with 0 or left out), and properties ranked by their
  number of bookings with ROW_NUMBER, RANK or DENSE_RANK (whichever: each is a reading).
- perfomance.sql: a query of bookings with their user, property and payment details (all
  of them, or a slice: the program's own examples filter them), its EXPLAIN, and a
  refactored query beside it.

Exact columns, order and the portfolio's extra questions are the extras.* tasks
(test_joins.py, test_subqueries.py, test_aggregations.py, test_performance_query.py).
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections import Counter

import pytest
from sqlrunner.runner import MODULE, normalise
from tests.conftest import PROGRAM_ENGINES
from tests.program import Ran, run_learner_file, summary
from tests.query_files import Database

QUERIES = MODULE / "queries"
JOINS = pytest.mark.task("queries.joins")
SUBQUERIES = pytest.mark.task("queries.subqueries")
AGGREGATIONS = pytest.mark.task("queries.aggregations")
PERFORMANCE = pytest.mark.task("queries.performance")
pytestmark = pytest.mark.parametrize("engine", PROGRAM_ENGINES, indirect=True)

CANAL_HOUSE = "18cba0f8-a6f7-47d7-8020-d8de34b27f5a"  # rated 5 and 3: exactly 4.0
CHLOE = "cd1a9ee8-b531-479a-9234-a48320221dd1"  # exactly three bookings
GRACE = "d39a53aa-3692-40b2-b1c4-526a888e072f"


def run(db: Database, name: str) -> list[Ran]:
    return run_learner_file(db.connection, db.engine, QUERIES / name)


def scalar(db: Database, sql: str) -> int:
    return int(db.rows(sql)[0][0])


def properties(db: Database) -> dict[str, set[str]]:
    """Each property's id, with the texts that name it in a result: its id or its name."""
    return {str(pid): {str(pid), str(name)} for pid, name in db.rows(
        "SELECT property_id, name FROM properties")}  # fmt: skip


def users(db: Database) -> dict[str, set[str]]:
    """Each user's id, with the texts that name it: id, email, first name, full name."""
    return {
        str(uid): {str(uid), str(email), str(first), f"{first} {last}"}
        for uid, first, last, email in db.rows(
            "SELECT user_id, first_name, last_name, email FROM users"
        )
    }


def named(row: set[str], who: dict[str, set[str]]) -> str | None:
    """The one entity (by id) that the row names; None when it names none or several."""
    found = {key for key, names in who.items() if names & row}
    return found.pop() if len(found) == 1 else None


def candidates(ran: list[Ran], test: object) -> list[Ran]:
    return [outcome for outcome in ran if outcome.is_query and test(outcome)]  # type: ignore[operator]


def kind(outcome: Ran) -> str:
    """full, left or inner: the join a query is written with."""
    code = outcome.code
    if re.search(r"\bFULL\s+(OUTER\s+)?JOIN\b", code) or (
        "UNION" in code and re.search(r"\b(LEFT|RIGHT)\s+(OUTER\s+)?JOIN\b", code)
    ):
        return "full"
    if re.search(r"\bLEFT\s+(OUTER\s+)?JOIN\b", code):
        return "left"
    if re.search(r"\bJOIN\b", code) and not re.search(r"\b(RIGHT|CROSS)\s+", code):
        return "inner"
    return ""


# --- joins_queries.sql ----------------------------------------------------------------------


@JOINS
def test_inner_join_gives_every_booking_with_its_user(program_db: Database) -> None:
    ran = run(program_db, "joins_queries.sql")
    inner = candidates(ran, lambda o: kind(o) == "inner" and o.names("bookings", "users"))
    assert inner, f"no INNER JOIN of bookings and users:\n{summary(ran)}"
    bookings = scalar(program_db, "SELECT COUNT(*) FROM bookings")
    assert any(o.ok and len(o.rows) == bookings for o in inner), (
        f"no INNER JOIN gave the {bookings} bookings, one row each:\n{summary(inner)}"
    )


@JOINS
def test_left_join_keeps_the_properties_without_reviews(program_db: Database) -> None:
    ran = run(program_db, "joins_queries.sql")
    left = candidates(ran, lambda o: kind(o) == "left" and o.names("properties", "reviews"))
    assert left, f"no LEFT JOIN of properties and reviews:\n{summary(ran)}"
    expected = scalar(program_db, "SELECT COUNT(*) FROM reviews") + scalar(
        program_db,
        "SELECT COUNT(*) FROM properties AS p WHERE NOT EXISTS"
        " (SELECT 1 FROM reviews AS r WHERE r.property_id = p.property_id)",
    )
    everyone = properties(program_db)
    for outcome in left:
        shown = {named(row, everyone) for row in outcome.texts()}
        if outcome.ok and len(outcome.rows) == expected and set(everyone) <= shown:
            return
    raise AssertionError(
        f"no LEFT JOIN gave every review and every property without reviews ({expected}"
        f" rows, each of the {len(everyone)} properties named):\n{summary(left)}"
    )


@JOINS
def test_full_outer_join_keeps_users_without_bookings(program_db: Database) -> None:
    ran = run(program_db, "joins_queries.sql")
    full = candidates(ran, lambda o: kind(o) == "full" and o.names("bookings", "users"))
    assert full, (
        f"no FULL OUTER JOIN (nor its UNION emulation) of users and bookings:\n{summary(ran)}"
    )
    expected = scalar(program_db, "SELECT COUNT(*) FROM bookings") + scalar(
        program_db,
        "SELECT COUNT(*) FROM users AS u WHERE NOT EXISTS"
        " (SELECT 1 FROM bookings AS b WHERE b.user_id = u.user_id)",
    )
    answered = [o for o in full if o.ok]
    native = all(re.search(r"\bFULL\s+(OUTER\s+)?JOIN\b", o.code) for o in full)
    if not answered and native and program_db.engine == "mysql":
        pytest.skip("MariaDB has no FULL OUTER JOIN: a native one is graded on SQLite")
    assert answered, f"no FULL OUTER JOIN ran on {program_db.engine}:\n{summary(full)}"
    wrong = [o for o in answered if len(o.rows) != expected]
    assert not wrong, (
        f"every booking once and every user without a booking once make {expected} rows:"
        f"\n{summary(wrong)}"
    )


# --- subqueries.sql -------------------------------------------------------------------------


def rated_above_four(db: Database) -> set[str]:
    rows = db.rows("SELECT property_id FROM reviews GROUP BY property_id HAVING AVG(rating) > 4.0")
    return {str(pid) for (pid,) in rows}


def busy_users(db: Database) -> set[str]:
    rows = db.rows("SELECT user_id FROM bookings GROUP BY user_id HAVING COUNT(*) > 3")
    return {str(uid) for (uid,) in rows}


def answers_with(ran: list[Ran], test: object, who: dict[str, set[str]]) -> list[set[str | None]]:
    """For each query the test picks, the entities its rows name (None: a row naming none)."""
    return [{named(row, who) for row in o.texts()} for o in candidates(ran, test) if o.ok]


def average_query(outcome: Ran) -> bool:
    return "AVG" in outcome.code and "RATING" in outcome.code


def count_query(outcome: Ran) -> bool:
    return "COUNT" in outcome.code and outcome.names("bookings") and "AVG" not in outcome.code


def assert_answers(ran: list[Ran], test: object, who: dict[str, set[str]], expected: set[str],
                   question: str) -> None:  # fmt: skip
    found = answers_with(ran, test, who)
    assert found, f"no query answers {question}:\n{summary(ran)}"
    assert expected in found, (
        f"{question}: expected {len(expected)} rows naming {sorted(expected)};"
        f" the queries gave {found}\n{summary(ran)}"
    )


@SUBQUERIES
def test_properties_rated_above_four(program_db: Database) -> None:
    ran = run(program_db, "subqueries.sql")
    expected = rated_above_four(program_db)
    assert_answers(ran, average_query, properties(program_db), expected,
                   "which properties have an average rating above 4.0")  # fmt: skip


@SUBQUERIES
def test_a_property_just_above_four_joins_the_answer(program_db: Database) -> None:
    program_db.run(
        "INSERT INTO reviews (review_id, property_id, user_id, rating, comment, created_at)"
        " VALUES (?, ?, ?, 5, 'Back again, still lovely.', '2025-04-02 10:00:00')",
        (str(uuid.uuid4()), CANAL_HOUSE, GRACE),
    )
    expected = rated_above_four(program_db)
    assert CANAL_HOUSE in expected
    ran = run(program_db, "subqueries.sql")
    assert_answers(ran, average_query, properties(program_db), expected,
                   "which properties have an average rating above 4.0")  # fmt: skip


@SUBQUERIES
def test_users_with_more_than_three_bookings(program_db: Database) -> None:
    ran = run(program_db, "subqueries.sql")
    assert_answers(ran, count_query, users(program_db), busy_users(program_db),
                   "which users have made more than 3 bookings")  # fmt: skip


@SUBQUERIES
def test_a_user_reaching_four_bookings_joins_the_answer(program_db: Database) -> None:
    program_db.run(
        "INSERT INTO bookings (booking_id, property_id, user_id, start_date, end_date,"
        " total_price, status, created_at)"
        " VALUES (?, ?, ?, '2025-10-03', '2025-10-05', 360.00, 'confirmed',"
        " '2025-09-01 10:00:00')",
        (str(uuid.uuid4()), CANAL_HOUSE, CHLOE),
    )
    expected = busy_users(program_db)
    assert CHLOE in expected
    ran = run(program_db, "subqueries.sql")
    assert_answers(ran, count_query, users(program_db), expected,
                   "which users have made more than 3 bookings")  # fmt: skip


# --- aggregations_and_window_functions.sql --------------------------------------------------


def whole(value: object) -> int | None:
    """A value as a whole number (3, 3.0, Decimal('3'), '3'), or None."""
    value = normalise(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def per_entity(outcome: Ran, who: dict[str, set[str]]) -> dict[str, tuple[int | None, ...]]:
    """Each row's values as whole numbers (None where not one), by the entity it names."""
    table = {}
    for row, texts in zip(outcome.rows, outcome.texts(), strict=True):
        entity = named(texts, who)
        if entity is not None:
            table[entity] = tuple(whole(value) for value in row)
    return table


@AGGREGATIONS
def test_bookings_per_user_with_count_and_group_by(program_db: Database) -> None:
    ran = run(program_db, "aggregations_and_window_functions.sql")
    grouped = candidates(
        ran, lambda o: "COUNT" in o.code and "GROUP BY" in o.code and "OVER" not in o.code
    )
    assert grouped, f"no query with COUNT and GROUP BY:\n{summary(ran)}"
    counts = Counter(str(uid) for (uid,) in program_db.rows("SELECT user_id FROM bookings"))
    everyone = users(program_db)
    for outcome in (o for o in grouped if o.ok):
        table = per_entity(outcome, everyone)
        right = all(counts[user] in numbers for user, numbers in table.items())
        if right and set(counts) <= set(table) and len(table) == len(outcome.rows):
            return
    raise AssertionError(
        f"no query gave each user with their number of bookings ({dict(counts)} by user id;"
        f" a user without a booking shown with 0, or not at all):\n{summary(grouped)}"
    )


def is_ranking(values: list[int], counts: list[int]) -> bool:
    """Whether `values` rank the rows by `counts`, most first: as ROW_NUMBER (1..n, any
    order among ties), RANK (1 + how many have more) or DENSE_RANK does."""
    n = len(values)
    order = sorted(range(n), key=lambda i: values[i])
    row_number = sorted(values) == list(range(1, n + 1)) and all(
        counts[a] >= counts[b] for a, b in itertools.pairwise(order)
    )
    distinct = sorted(set(counts), reverse=True)
    rank = all(values[i] == 1 + sum(c > counts[i] for c in counts) for i in range(n))
    dense = all(values[i] == 1 + distinct.index(counts[i]) for i in range(n))
    return row_number or rank or dense


@AGGREGATIONS
def test_properties_ranked_by_their_bookings(program_db: Database) -> None:
    ran = run(program_db, "aggregations_and_window_functions.sql")
    ranked = candidates(
        ran, lambda o: re.search(r"\b(ROW_NUMBER|RANK|DENSE_RANK)\s*\(\s*\)\s*OVER\b", o.code)
    )
    assert ranked, f"no query with ROW_NUMBER(), RANK() or DENSE_RANK() OVER:\n{summary(ran)}"
    counts = Counter(str(pid) for (pid,) in program_db.rows("SELECT property_id FROM bookings"))
    everyone = properties(program_db)
    for outcome in (o for o in ranked if o.ok):
        table = per_entity(outcome, everyone)
        if not set(counts) <= set(table) or len(table) != len(outcome.rows):
            continue  # not every booked property, once each
        shown = sorted(table)
        booked = [counts[p] for p in shown]
        if not all(counts[p] in table[p] for p in shown):
            continue
        for column in range(len(outcome.columns)):
            values = [table[p][column] for p in shown]
            if None in values or values == booked:
                continue
            if is_ranking(values, booked):  # type: ignore[arg-type]
                return
    raise AssertionError(
        "no query ranked the properties by their number of bookings, most first"
        f" ({dict(counts)} by property id):\n{summary(ranked)}"
    )


# --- perfomance.sql --------------------------------------------------------------------------


@PERFORMANCE
def test_every_booking_with_its_user_property_and_payment(program_db: Database) -> None:
    ran = run(program_db, "performance.sql")
    wide = candidates(ran, lambda o: o.names("bookings", "users", "properties", "payments"))
    assert wide, f"no query of bookings with users, properties and payments:\n{summary(ran)}"
    assert any(o.ok and o.rows for o in wide), (
        f"no such query returned a booking with its details:\n{summary(wide)}"
    )


@PERFORMANCE
def test_the_query_is_explained_and_refactored(program_db: Database) -> None:
    ran = run(program_db, "performance.sql")
    assert any(o.is_explain for o in ran), f"no EXPLAIN (or ANALYZE) of the query:\n{summary(ran)}"
    queries = candidates(ran, lambda o: o.names("bookings"))
    assert len(queries) >= 2, f"an initial query and its refactored version:\n{summary(ran)}"
    assert all(o.ok or o.skipped for o in queries), (
        f"a query failed on {program_db.engine}:\n{summary(queries)}"
    )
