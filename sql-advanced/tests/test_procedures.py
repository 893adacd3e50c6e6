"""confirm_booking(booking_id), the stored procedure of schema/mysql.sql and
schema/postgres.sql, behaves the same on MariaDB and PostgreSQL.

A pending booking becomes confirmed when no other confirmed booking of its property holds
one of its nights (the end date is the departure day: a stay may begin the day another
ends). Each refusal raises the engine's error with its reason (no such booking, not
pending, nights taken) and leaves every booking as it was. SQLite has no stored
procedures: the tests run on the two servers only, each skipped, naming its variable,
when its URL is unset.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlrunner.engines import database_errors
from tests.conftest import ENGINE_PARAMS, Db

pytestmark = pytest.mark.task("extras.procedures")

CALL = "CALL confirm_booking(?)"
BOOKINGS = "SELECT * FROM bookings ORDER BY booking_id"


@pytest.fixture(params=ENGINE_PARAMS[1:])
def engine(request: pytest.FixtureRequest) -> str:
    """The two servers only: SQLite has no stored procedures (a SQLite case would only
    ever skip, which --strict counts as a failure)."""
    return str(request.param)


@pytest.fixture
def db(seeded_db: Db) -> Db:
    return seeded_db


def confirmed_stay(db: Db) -> tuple[Any, ...]:
    """The seed's last confirmed stay, the last of its property's too:
    (property_id, user_id, start_date, end_date)."""
    return db.rows(
        "SELECT property_id, user_id, start_date, end_date FROM bookings"
        " WHERE status = 'confirmed' ORDER BY end_date DESC, booking_id"
    )[0]


def add_booking(db: Db, status: str, start: Any, end: Any, stay: tuple[Any, ...]) -> str:
    booking = str(uuid.uuid4())
    db.run(
        "INSERT INTO bookings (booking_id, property_id, user_id, start_date, end_date,"
        " total_price, status) VALUES (?, ?, ?, ?, ?, 100, ?)",
        (booking, stay[0], stay[1], str(start), str(end), status),
    )
    return booking


def status_of(db: Db, booking: str) -> str:
    ((status,),) = db.rows("SELECT status FROM bookings WHERE booking_id = ?", (booking,))
    return str(status)


def test_a_pending_booking_with_free_nights_is_confirmed(db: Db) -> None:
    stay = confirmed_stay(db)
    booking = add_booking(db, "pending", "2030-01-01", "2030-01-05", stay)
    others = [row for row in db.rows(BOOKINGS) if str(row[0]) != booking]
    db.run(CALL, (booking,))
    assert status_of(db, booking) == "confirmed"
    assert [row for row in db.rows(BOOKINGS) if str(row[0]) != booking] == others


def test_a_stay_may_begin_the_day_another_ends(db: Db) -> None:
    stay = confirmed_stay(db)
    booking = add_booking(db, "pending", stay[3], "2030-01-01", stay)
    db.run(CALL, (booking,))
    assert status_of(db, booking) == "confirmed"


REFUSALS = {
    "no such booking": ("unknown", "no such booking"),
    "confirmed already": ("confirmed", "the booking is not pending"),
    "canceled": ("canceled", "the booking is not pending"),
    "nights taken": ("overlapping", "the nights are taken"),
    "nights taken, inside": ("inside", "the nights are taken"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refusal_names_its_reason_and_writes_nothing(db: Db, case: str) -> None:
    kind, reason = REFUSALS[case]
    stay = confirmed_stay(db)
    start, end = stay[2], stay[3]
    booking = {
        "unknown": lambda: str(uuid.uuid4()),
        "confirmed": lambda: add_booking(db, "confirmed", "2030-01-01", "2030-01-05", stay),
        "canceled": lambda: add_booking(db, "canceled", start, end, stay),
        "overlapping": lambda: add_booking(db, "pending", start, "2030-01-01", stay),
        "inside": lambda: add_booking(db, "pending", start, end, stay),
    }[kind]()
    before = db.rows(BOOKINGS)
    with pytest.raises(database_errors(db.engine), match=f"confirm_booking: {reason}"):
        db.run(CALL, (booking,))
    assert db.rows(BOOKINGS) == before
    db.run(CALL, (add_booking(db, "pending", "2031-01-01", "2031-01-02", stay),))  # still usable


def test_a_second_booking_of_the_same_nights_is_refused(db: Db) -> None:
    stay = confirmed_stay(db)
    first = add_booking(db, "pending", "2030-06-01", "2030-06-08", stay)
    second = add_booking(db, "pending", "2030-06-05", "2030-06-10", stay)
    db.run(CALL, (first,))
    with pytest.raises(database_errors(db.engine), match="the nights are taken"):
        db.run(CALL, (second,))
    assert (status_of(db, first), status_of(db, second)) == ("confirmed", "pending")
