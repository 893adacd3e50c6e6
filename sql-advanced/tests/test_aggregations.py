"""queries/aggregations_and_window_functions.sql on the seed: exact rows on every engine,
and answers that agree with plain counts and sums taken by the test itself."""

from __future__ import annotations

import pytest
from sqlrunner.runner import Value, normalise
from tests.query_files import Database, Outcome, answers, assert_matches_expected, run_queries

pytestmark = pytest.mark.task("extras.aggregations")

STEM = "aggregations_and_window_functions"


def test_each_query_returns_its_expected_rows(seeded_db: Database) -> None:
    assert_matches_expected(seeded_db, STEM)


def test_bookings_per_user_lists_every_user_with_their_count(seeded_db: Database) -> None:
    per_user = _column_by_name(_question(seeded_db, 0), "first_name", "total_bookings")
    counted = {
        first_name: _booking_count(seeded_db, "user_id", user_id)
        for user_id, first_name in seeded_db.rows("SELECT user_id, first_name FROM users")
    }
    assert per_user == counted
    assert 0 in per_user.values()


def test_row_number_and_rank_differ_exactly_on_ties(seeded_db: Database) -> None:
    ranking = _integer_columns(
        _question(seeded_db, 1), "total_bookings", "booking_row_number", "booking_rank"
    )
    counts = [count for count, _, _ in ranking]
    assert [row_number for _, row_number, _ in ranking] == list(range(1, len(ranking) + 1))
    for count, _, rank in ranking:
        assert rank == 1 + sum(other > count for other in counts)
    assert any(rank != row_number for _, row_number, rank in ranking), "the seed has ties"


def test_running_revenue_ends_at_each_property_total(seeded_db: Database) -> None:
    running = _column_by_name(_question(seeded_db, 2), "name", "running_revenue")
    totals = {
        name: normalise(total)
        for name, total in seeded_db.rows(
            "SELECT p.name, SUM(b.total_price) FROM properties AS p"
            " JOIN bookings AS b ON b.property_id = p.property_id"
            " WHERE b.status = 'confirmed' GROUP BY p.property_id, p.name"
        )
    }
    assert running == totals  # the last row of each property holds its total


def _question(db: Database, index: int) -> Outcome:
    found = answers(run_queries(db, STEM))
    assert len(found) == 3, f"queries/{STEM}.sql should ask three questions, asks {len(found)}"
    return found[index]


def _integer_columns(outcome: Outcome, *names: str) -> list[tuple[int, ...]]:
    columns = list(outcome.result.columns) if outcome.result else []
    return [tuple(int(row[columns.index(name)] or 0) for name in names) for row in outcome.rows]


def _column_by_name(outcome: Outcome, key: str, value: str) -> dict[Value, Value]:
    """{key column: value column} over the rows; a later row wins for a repeated key."""
    columns = list(outcome.result.columns) if outcome.result else []
    return {row[columns.index(key)]: row[columns.index(value)] for row in outcome.rows}


def _booking_count(db: Database, column: str, value: str) -> int:
    return int(db.rows(f"SELECT COUNT(*) FROM bookings WHERE {column} = ?", (value,))[0][0])
