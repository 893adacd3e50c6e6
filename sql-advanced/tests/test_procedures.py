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

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlrunner.engines import connect, database_errors, server_for
from tests.conftest import ENGINE_PARAMS, Db, url_for

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


# A session's id, and how many of the listed sessions are running a statement, per engine.
SESSION_ID = {"mysql": "SELECT CONNECTION_ID()", "postgres": "SELECT pg_backend_pid()"}
RUNNING = {
    "mysql": "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
    " WHERE COMMAND = 'Query' AND ID IN ({ids})",
    "postgres": "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND pid IN ({ids})",
}
CURRENT_DATABASE = {"mysql": "SELECT DATABASE()", "postgres": "SELECT current_database()"}


@pytest.fixture
def session(db: Db) -> Iterator[Any]:
    """Open another session on the test's database; each is closed after the test."""
    ((name,),) = db.rows(CURRENT_DATABASE[db.engine])
    opened: list[Any] = []

    def open_session() -> Db:
        opened.append(connect(server_for(url_for(db.engine)), name))
        return Db(db.engine, opened[-1])

    yield open_session
    for connection in opened:
        connection.close()


def confirm_in_thread(db: Db, booking: str, outcomes: dict[str, str]) -> threading.Thread:
    """CALL confirm_booking in a thread of its own; its outcome lands in `outcomes`."""

    def confirm() -> None:
        try:
            db.run(CALL, (booking,))
            outcomes[booking] = "confirmed"
        except database_errors(db.engine) as error:
            outcomes[booking] = str(error)

    thread = threading.Thread(target=confirm)
    thread.start()
    return thread


def wait_until_called(db: Db, session_ids: list[Any], threads: list[threading.Thread]) -> None:
    """Until each session is inside its CALL (queued behind the holder's lock, or running)
    or done. No lock-wait view serves here: MariaDB shows no transaction for a session
    that waits in the optimizer's primary-key read."""
    query = RUNNING[db.engine].format(ids=", ".join(str(int(i)) for i in session_ids))
    deadline = time.monotonic() + 60
    while db.rows(query)[0][0] + sum(not t.is_alive() for t in threads) < len(threads):
        assert time.monotonic() < deadline, "the confirmations never started"


def test_two_sessions_confirming_the_same_nights_at_once_confirm_one(db: Db, session: Any) -> None:
    """A third session holds the property's row lock while two sessions confirm
    overlapping bookings; both must queue on it, and once it is released exactly one is
    confirmed and the other refused. A procedure that checks the nights without the lock
    can confirm both, when the two calls overlap."""
    stay = confirmed_stay(db)
    first = add_booking(db, "pending", "2030-03-01", "2030-03-08", stay)
    second = add_booking(db, "pending", "2030-03-05", "2030-03-10", stay)
    holder, one, other = session(), session(), session()
    ids = [one.rows(SESSION_ID[db.engine])[0][0], other.rows(SESSION_ID[db.engine])[0][0]]
    holder.run("START TRANSACTION" if db.engine == "mysql" else "BEGIN")
    holder.rows("SELECT property_id FROM properties WHERE property_id = ? FOR UPDATE", (stay[0],))
    outcomes: dict[str, str] = {}
    threads = [confirm_in_thread(one, first, outcomes), confirm_in_thread(other, second, outcomes)]
    try:
        wait_until_called(db, ids, threads)
    finally:
        holder.run("COMMIT")
        for thread in threads:
            thread.join(timeout=60)
    refusals = [outcome for outcome in outcomes.values() if outcome != "confirmed"]
    assert len(outcomes) == 2, outcomes
    assert len(refusals) == 1, outcomes
    assert "confirm_booking: the nights are taken" in refusals[0]
    assert sorted([status_of(db, first), status_of(db, second)]) == ["confirmed", "pending"]
