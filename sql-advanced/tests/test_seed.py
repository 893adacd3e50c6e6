"""seed/seed.sql: loads on every engine, and holds the cases the query files need, checked
with this test's own SQL (not the query files): see the comment at the top of the seed."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter

import pytest
from sqlrunner.runner import normalise
from tests.query_files import Database

pytestmark = pytest.mark.task("extras.seed")

ROW_COUNTS = {
    "users": 12,
    "properties": 8,
    "bookings": 24,
    "payments": 23,
    "reviews": 12,
    "messages": 8,
}
MINIMUM_ROLES = {"guest": 6, "host": 2, "admin": 1}
IDS = {
    "users": ["user_id"],
    "properties": ["property_id", "host_id"],
    "bookings": ["booking_id", "property_id", "user_id"],
    "payments": ["payment_id", "booking_id"],
    "reviews": ["review_id", "property_id", "user_id"],
    "messages": ["message_id", "sender_id", "recipient_id"],
}


def test_seed_loads_with_its_row_counts(seeded_db: Database) -> None:
    counts = {table: _scalar(seeded_db, f"SELECT COUNT(*) FROM {table}") for table in ROW_COUNTS}
    assert counts == ROW_COUNTS


@pytest.mark.parametrize("table", sorted(IDS))
def test_every_id_is_a_version_4_uuid(seeded_db: Database, table: str) -> None:
    values = [
        str(v)
        for row in seeded_db.rows(f"SELECT {', '.join(IDS[table])} FROM {table}")
        for v in row
    ]
    assert values
    for value in values:
        assert uuid.UUID(value).version == 4, value
        assert str(uuid.UUID(value)) == value, f"{value}: lower-case, hyphenated"


def test_roles_and_statuses_are_all_represented(seeded_db: Database) -> None:
    roles = Counter(str(r) for (r,) in seeded_db.rows("SELECT role FROM users"))
    statuses = Counter(str(s) for (s,) in seeded_db.rows("SELECT status FROM bookings"))
    for role, minimum in MINIMUM_ROLES.items():
        assert roles[role] >= minimum, role
    assert statuses["canceled"] >= 1
    assert statuses["pending"] >= 1


def test_a_property_has_no_review_although_it_was_booked(seeded_db: Database) -> None:
    unreviewed = _names(
        seeded_db,
        "SELECT p.name FROM properties AS p WHERE NOT EXISTS"
        " (SELECT 1 FROM reviews AS r WHERE r.property_id = p.property_id)",
    )
    booked = _names(
        seeded_db,
        "SELECT p.name FROM properties AS p WHERE EXISTS"
        " (SELECT 1 FROM bookings AS b WHERE b.property_id = p.property_id)",
    )
    assert unreviewed & booked, "a booked property without reviews"
    assert unreviewed - booked, "a property never booked nor reviewed"


def test_a_guest_has_no_booking(seeded_db: Database) -> None:
    idle_guests = _names(
        seeded_db,
        "SELECT u.first_name FROM users AS u WHERE u.role = 'guest' AND NOT EXISTS"
        " (SELECT 1 FROM bookings AS b WHERE b.user_id = u.user_id)",
    )
    assert idle_guests


def test_only_confirmed_bookings_are_paid_in_full(seeded_db: Database) -> None:
    paid = {
        str(booking_id): normalise(total)
        for booking_id, total in seeded_db.rows(
            "SELECT booking_id, SUM(amount) FROM payments GROUP BY booking_id"
        )
    }
    bookings = seeded_db.rows("SELECT booking_id, status, total_price FROM bookings")
    for booking_id, status, total_price in bookings:
        expected = normalise(total_price) if str(status) == "confirmed" else None
        assert paid.get(str(booking_id)) == expected, (booking_id, status)
    assert len(paid) < len(bookings), "a booking without payment"
    instalments = _scalar(seeded_db, "SELECT COUNT(*) FROM payments") - len(paid)
    assert instalments >= 1, "a booking paid in several payments"


def test_users_on_both_sides_of_more_than_three_bookings(seeded_db: Database) -> None:
    per_user = Counter(str(u) for (u,) in seeded_db.rows("SELECT user_id FROM bookings"))
    assert sum(count > 3 for count in per_user.values()) >= 2
    assert 3 in per_user.values(), "a user with exactly three bookings (the boundary)"


def test_booking_counts_per_property_tie(seeded_db: Database) -> None:
    per_property = [
        int(count)
        for (count,) in seeded_db.rows(
            "SELECT COUNT(b.booking_id) FROM properties AS p"
            " LEFT JOIN bookings AS b ON b.property_id = p.property_id GROUP BY p.property_id"
        )
    ]
    ties = [count for count, times in Counter(per_property).items() if times > 1]
    assert ties, "equal booking counts, so that ROW_NUMBER and RANK differ"
    assert 0 in per_property, "a property never booked"


def test_average_ratings_on_both_sides_of_four(seeded_db: Database) -> None:
    averages = [
        normalise(average)
        for (average,) in seeded_db.rows("SELECT AVG(rating) FROM reviews GROUP BY property_id")
    ]
    assert sum(float(average or 0) > 4.0 for average in averages) >= 2
    assert 4 in averages, "a property averaging exactly 4.0 (the boundary)"


def test_bookings_are_priced_by_the_night_in_2024_and_2025(seeded_db: Database) -> None:
    rows = seeded_db.rows(
        "SELECT b.start_date, b.end_date, b.total_price, p.pricepernight"
        " FROM bookings AS b JOIN properties AS p ON p.property_id = b.property_id"
    )
    assert len(rows) == ROW_COUNTS["bookings"]
    for start, end, total_price, price_per_night in rows:
        nights = (_date(end) - _date(start)).days
        assert normalise(total_price) == normalise(nights * float(price_per_night))
        assert _date(start).year in (2024, 2025)


def test_reviews_come_from_guests_after_their_stay(seeded_db: Database) -> None:
    unsupported = seeded_db.rows(
        "SELECT r.review_id FROM reviews AS r WHERE NOT EXISTS (SELECT 1 FROM bookings AS b"
        " WHERE b.user_id = r.user_id AND b.property_id = r.property_id"
        " AND b.status = 'confirmed' AND b.end_date <= r.created_at)"
    )
    assert _scalar(seeded_db, "SELECT COUNT(*) FROM reviews") > 0
    assert unsupported == []


def _scalar(db: Database, sql: str) -> int:
    return int(db.rows(sql)[0][0])


def _names(db: Database, sql: str) -> set[str]:
    return {str(name) for (name,) in db.rows(sql)}


def _date(value: object) -> datetime.date:
    return datetime.date.fromisoformat(str(normalise(value)))
