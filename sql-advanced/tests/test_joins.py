"""queries/joins_queries.sql on the seed: exact rows on every engine, and the native FULL
OUTER JOIN equal to its UNION emulation."""

from __future__ import annotations

import pytest
from tests.query_files import Database, Outcome, answers, assert_matches_expected, run_queries

pytestmark = pytest.mark.task("extras.joins")

STEM = "joins_queries"


def test_each_join_returns_its_expected_rows(seeded_db: Database) -> None:
    assert_matches_expected(seeded_db, STEM)


def test_full_outer_join_emulation_gives_the_native_rows(seeded_db: Database) -> None:
    found = answers(run_queries(seeded_db, STEM))
    native = _only(found, "FULL OUTER JOIN")
    emulated = _only(found, "UNION")
    assert set(native.statement.engines) == {"sqlite", "postgres"}
    assert set(emulated.statement.engines) == {"sqlite", "mysql", "postgres"}
    assert emulated.result is not None
    if native.result is None:  # MariaDB/MySQL: no FULL OUTER JOIN, only the emulation runs
        assert seeded_db.engine == "mysql"
        return
    assert native.result.columns == emulated.result.columns
    assert native.rows == emulated.rows


def test_full_outer_join_keeps_users_without_bookings(seeded_db: Database) -> None:
    emulated = _only(answers(run_queries(seeded_db, STEM)), "UNION")
    never_booked = {
        row[0]
        for row in seeded_db.rows(
            "SELECT u.first_name FROM users AS u"
            " WHERE NOT EXISTS (SELECT 1 FROM bookings AS b WHERE b.user_id = u.user_id)"
        )
    }
    columns = list(emulated.result.columns) if emulated.result else []
    unmatched = {row[0] for row in emulated.rows if row[columns.index("booking_id")] is None}
    assert never_booked
    assert unmatched == never_booked
    assert len(emulated.rows) == _count(seeded_db, "bookings") + len(never_booked)


def _only(outcomes: list[Outcome], keyword: str) -> Outcome:
    matching = [o for o in outcomes if keyword in " ".join(o.statement.sql.upper().split())]
    assert len(matching) == 1, f"expected one query with {keyword}, found {len(matching)}"
    return matching[0]


def _count(db: Database, table: str) -> int:
    return int(db.rows(f"SELECT COUNT(*) FROM {table}")[0][0])
