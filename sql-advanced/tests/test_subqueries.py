"""queries/subqueries.sql on the seed: exact rows on every engine, and answers that follow
the data across each question's boundary (a 4.0 average, exactly three bookings)."""

from __future__ import annotations

import uuid

import pytest
from tests.query_files import Database, answers, assert_matches_expected, run_queries

pytestmark = pytest.mark.task("extras.subqueries")

STEM = "subqueries"
CANAL_HOUSE = "18cba0f8-a6f7-47d7-8020-d8de34b27f5a"  # rated 5 and 3: exactly 4.0
CHLOE = "cd1a9ee8-b531-479a-9234-a48320221dd1"  # exactly three bookings
GRACE = "d39a53aa-3692-40b2-b1c4-526a888e072f"


def test_each_subquery_returns_its_expected_rows(seeded_db: Database) -> None:
    assert_matches_expected(seeded_db, STEM)


def test_a_property_just_above_four_joins_the_answer(seeded_db: Database) -> None:
    before = _first_column(seeded_db, 0)
    seeded_db.run(
        "INSERT INTO reviews (review_id, property_id, user_id, rating, comment, created_at)"
        " VALUES (?, ?, ?, 5, 'Back again, still lovely.', '2025-04-02 10:00:00')",
        (str(uuid.uuid4()), CANAL_HOUSE, GRACE),
    )
    assert "Canal House" not in before
    assert _first_column(seeded_db, 0) == sorted([*before, "Canal House"])


def test_a_user_reaching_four_bookings_joins_the_answer(seeded_db: Database) -> None:
    before = _first_column(seeded_db, 1)
    seeded_db.run(
        "INSERT INTO bookings (booking_id, property_id, user_id, start_date, end_date,"
        " total_price, status, created_at)"
        " VALUES (?, ?, ?, '2025-10-03', '2025-10-05', 360.00, 'confirmed',"
        " '2025-09-01 10:00:00')",
        (str(uuid.uuid4()), CANAL_HOUSE, CHLOE),
    )
    assert "Chloe" not in before
    assert _first_column(seeded_db, 1) == sorted([*before, "Chloe"])


def _first_column(db: Database, query: int) -> list[str]:
    """The first column of the `query`-th question's rows, run now."""
    found = answers(run_queries(db, STEM))
    assert len(found) == 2, f"queries/{STEM}.sql should ask two questions, asks {len(found)}"
    return [str(row[0]) for row in found[query].rows]
