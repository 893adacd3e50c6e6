"""queries/performance.sql on the seed: the initial and the refactored query return the
same, expected rows on every engine, and each has a plan (EXPLAIN) on each engine."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from tests.query_files import (
    Database,
    Outcome,
    answers,
    assert_matches_expected,
    flat_sql,
    is_explain,
    run_queries,
    with_comment_prefix,
)

pytestmark = pytest.mark.task("extras.performance")

STEM = "performance"
EXPLAIN_PREFIXES = {
    "mysql": "EXPLAIN FORMAT=JSON",
    "postgres": "EXPLAIN (FORMAT JSON)",
    "sqlite": "EXPLAIN QUERY PLAN",
}
OUTPUT_TABLES = {"bookings", "users", "properties", "payments"}
ALFAMA_LOFT = "40321af8-cc38-490d-91b7-c67d11a389c2"  # reviewed three times
HUGO = "ffd6747e-2b7a-4049-86b5-7441f7e9997e"  # a guest who never booked


def test_both_queries_return_their_expected_rows(seeded_db: Database) -> None:
    assert_matches_expected(seeded_db, STEM)


def test_initial_and_refactored_return_the_same_rows(seeded_db: Database) -> None:
    initial, refactored = _initial_and_refactored(seeded_db)
    assert initial.result is not None
    assert refactored.result is not None
    assert initial.result.columns == refactored.result.columns
    assert initial.rows == refactored.rows
    assert initial.rows, "the seed has confirmed bookings in the queries' slice"


def test_an_unpaid_booking_comes_once_from_both_queries(seeded_db: Database) -> None:
    booking_id = str(uuid.uuid4())
    seeded_db.run(
        "INSERT INTO bookings (booking_id, property_id, user_id, start_date, end_date,"
        " total_price, status, created_at)"
        " VALUES (?, ?, ?, '2025-03-28', '2025-03-31', 285.00, 'confirmed',"
        " '2025-03-20 10:00:00')",
        (booking_id, ALFAMA_LOFT, HUGO),
    )
    initial, refactored = _initial_and_refactored(seeded_db)
    assert initial.rows == refactored.rows
    new_rows = [row for row in refactored.rows if booking_id in row]
    assert len(new_rows) == 1
    columns = list(refactored.result.columns) if refactored.result else []
    assert new_rows[0][columns.index("payment_id")] is None


def test_each_query_has_its_plan_on_each_engine(seeded_db: Database) -> None:
    outcomes = run_queries(seeded_db, STEM)
    initial, refactored = _initial_and_refactored(seeded_db, outcomes)
    prefix = EXPLAIN_PREFIXES[seeded_db.engine]
    plans = [o for o in outcomes if is_explain(o.statement) and o.result is not None]
    explained = [flat_sql(o.statement.sql).removeprefix(prefix).strip() for o in plans]
    assert sorted(explained) == sorted(
        flat_sql(query.statement.sql) for query in (initial, refactored)
    ), f"one `{prefix} ...` of each query, for {seeded_db.engine}"
    for outcome in plans:
        assert _plan_reads(seeded_db.engine, outcome), f"line {outcome.statement.line}: no plan"


def test_refactored_plan_reads_only_the_tables_of_its_output(seeded_db: Database) -> None:
    outcomes = run_queries(seeded_db, STEM)
    refactored = flat_sql(with_comment_prefix(answers(outcomes), "refactored:").statement.sql)
    plans = [
        o
        for o in outcomes
        if is_explain(o.statement)
        and o.result is not None
        and refactored in flat_sql(o.statement.sql)
    ]
    assert len(plans) == 1, f"one plan of the refactored query on {seeded_db.engine}"
    reads = _plan_reads(seeded_db.engine, plans[0])
    assert len(reads) == len(OUTPUT_TABLES), f"one access per table of the output: {reads}"
    if seeded_db.engine == "postgres":  # the only plan that names tables, not aliases
        assert set(reads) == OUTPUT_TABLES


def _initial_and_refactored(
    db: Database, outcomes: list[Outcome] | None = None
) -> tuple[Outcome, Outcome]:
    found = answers(outcomes if outcomes is not None else run_queries(db, STEM))
    return with_comment_prefix(found, "initial:"), with_comment_prefix(found, "refactored:")


def _plan_reads(engine: str, outcome: Outcome) -> list[str]:
    """What each table access of a plan names: the table on PostgreSQL, the alias on
    MariaDB/MySQL (`table_name`) and SQLite (its SCAN and SEARCH steps)."""
    assert outcome.result is not None
    assert outcome.result.rows
    if engine == "sqlite":
        details = [str(row[-1]) for row in outcome.result.rows]
        return [d.split()[1] for d in details if d.startswith(("SCAN", "SEARCH"))]
    document = outcome.result.rows[0][0]
    plan = json.loads(document) if isinstance(document, str | bytes) else document
    return _values_of(plan, "table_name" if engine == "mysql" else "Relation Name")


def _values_of(node: Any, key: str) -> list[str]:
    """Every value of `key` anywhere in a parsed JSON document."""
    if isinstance(node, dict):
        own = [str(node[key])] if key in node else []
        return own + [v for child in node.values() for v in _values_of(child, key)]
    if isinstance(node, list):
        return [v for child in node for v in _values_of(child, key)]
    return []
