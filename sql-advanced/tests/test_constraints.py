"""Every engine refuses the same bad rows, for the same reason, and writes nothing.

Each case is a valid row of one table with one value spoiled. The engine must raise its
driver's own error for the constraint at stake (a CHECK, UNIQUE, FOREIGN KEY or NOT NULL
constraint, an ENUM value, a length, a date), identified by SQLite's message, MariaDB's
error number or PostgreSQL's SQLSTATE class, and the table must keep its row count.
MariaDB refuses bad ENUM values, long strings and impossible dates only in strict mode,
which sqlrunner sets on every connection (see sqlrunner/engines.py).
"""

from __future__ import annotations

import importlib
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Protocol

import pytest

pytestmark = pytest.mark.task("extras.schema")


class Db(Protocol):  # conftest.Db
    engine: str

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]: ...
    def run(self, sql: str, params: tuple[Any, ...] = ()) -> None: ...


HOST = "0b7e3c1a-5d2f-4e8a-9c6b-1f2a3b4c5d6e"
GUEST = "5f1d2c3b-4a59-4e8d-8c7b-6a5f4e3d2c1b"
PROPERTY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
BOOKING = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
REVIEW = "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b"
NOWHERE = "00000000-0000-4000-8000-000000000000"  # a well-formed id that names no row

# The rows every case starts from: a host with a property, a guest with a booking and a
# review of it.
EXISTING: list[tuple[str, dict[str, Any]]] = [
    ("users", {"user_id": HOST, "first_name": "Hana", "last_name": "Ito",
               "email": "hana@example.com", "password_hash": "hash", "role": "host"}),
    ("users", {"user_id": GUEST, "first_name": "Gus", "last_name": "Lee",
               "email": "gus@example.com", "password_hash": "hash", "role": "guest"}),
    ("properties", {"property_id": PROPERTY, "host_id": HOST, "name": "Loft",
                    "description": "Bright", "location": "Lisbon, Portugal",
                    "pricepernight": 80}),
    ("bookings", {"booking_id": BOOKING, "property_id": PROPERTY, "user_id": GUEST,
                  "start_date": "2024-05-01", "end_date": "2024-05-03", "total_price": 160,
                  "status": "confirmed"}),
    ("reviews", {"review_id": REVIEW, "property_id": PROPERTY, "user_id": GUEST, "rating": 5,
                 "comment": "Great"}),
]  # fmt: skip

# A new, valid row for each table; a case replaces some of its values.
VALID: dict[str, dict[str, Any]] = {
    "users": {"user_id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d", "first_name": "Nia",
              "last_name": "Moss", "email": "nia@example.com", "password_hash": "hash",
              "phone_number": None, "role": "guest"},
    "properties": {"property_id": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", "host_id": HOST,
                   "name": "Cabin", "description": "Quiet", "location": "Bergen, Norway",
                   "pricepernight": 120},
    "bookings": {"booking_id": "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a", "property_id": PROPERTY,
                 "user_id": GUEST, "start_date": "2024-06-01", "end_date": "2024-06-04",
                 "total_price": 240, "status": "pending"},
    "payments": {"payment_id": "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a", "booking_id": BOOKING,
                 "amount": 160, "payment_method": "credit_card"},
    "reviews": {"review_id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", "property_id": PROPERTY,
                "user_id": GUEST, "rating": 4, "comment": "Nice"},
    "messages": {"message_id": "8f9e0d1c-2b3a-4c5d-9e6f-7a8b9c0d1e2f", "sender_id": GUEST,
                 "recipient_id": HOST, "message_body": "Is it free in June?"},
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    table: str
    reason: str  # check, unique, foreign_key, not_null, enum, too_long or bad_date
    changes: dict[str, Any] = field(default_factory=dict)


BAD_ROWS = {
    "rating of 6": Case("reviews", "check", {"rating": 6}),
    "rating of 0": Case("reviews", "check", {"rating": 0}),
    "end date before the start date": Case("bookings", "check", {"end_date": "2024-05-28"}),
    "end date equal to the start date": Case("bookings", "check", {"end_date": "2024-06-01"}),
    "impossible date": Case("bookings", "bad_date", {"start_date": "2024-02-30"}),
    "negative total price": Case("bookings", "check", {"total_price": -1}),
    "duplicate email": Case("users", "unique", {"email": "gus@example.com"}),
    "duplicate user id": Case("users", "unique", {"user_id": GUEST}),
    "email without @": Case("users", "check", {"email": "nia.example.com"}),
    "first name of 101 characters": Case("users", "too_long", {"first_name": "N" * 101}),
    "unknown role": Case("users", "enum", {"role": "owner"}),
    "NULL email": Case("users", "not_null", {"email": None}),
    "NULL role": Case("users", "not_null", {"role": None}),
    "property of an unknown host": Case("properties", "foreign_key", {"host_id": NOWHERE}),
    "price per night of 0": Case("properties", "check", {"pricepernight": 0}),
    "negative price per night": Case("properties", "check", {"pricepernight": -80}),
    "NULL property name": Case("properties", "not_null", {"name": None}),
    "booking of a property that does not exist": Case(
        "bookings", "foreign_key", {"property_id": NOWHERE}
    ),
    "booking by a user who does not exist": Case("bookings", "foreign_key", {"user_id": NOWHERE}),
    "unknown booking status": Case("bookings", "enum", {"status": "refunded"}),
    "NULL start date": Case("bookings", "not_null", {"start_date": None}),
    "payment of a booking that does not exist": Case(
        "payments", "foreign_key", {"booking_id": NOWHERE}
    ),
    "unknown payment method": Case("payments", "enum", {"payment_method": "bitcoin"}),
    "payment of 0": Case("payments", "check", {"amount": 0}),
    "review of a property that does not exist": Case(
        "reviews", "foreign_key", {"property_id": NOWHERE}
    ),
    "NULL review comment": Case("reviews", "not_null", {"comment": None}),
    "message to oneself": Case("messages", "check", {"recipient_id": GUEST}),
    "message to a user who does not exist": Case(
        "messages", "foreign_key", {"recipient_id": NOWHERE}
    ),
    "NULL message body": Case("messages", "not_null", {"message_body": None}),
}

# Changes to existing rows: (table, SET clause, WHERE column, its value, reason).
BAD_UPDATES = {
    "rating raised to 6": ("reviews", "rating = 6", "review_id", REVIEW, "check"),
    "end date moved before the start": (
        "bookings", "end_date = '2024-04-30'", "booking_id", BOOKING, "check"),
    "email taken from another user": (
        "users", "email = 'hana@example.com'", "user_id", GUEST, "unique"),
    "status set to an unknown value": (
        "bookings", "status = 'lost'", "booking_id", BOOKING, "enum"),
    "host changed to nobody": ("properties", f"host_id = '{NOWHERE}'", "property_id", PROPERTY,
                               "foreign_key"),
}  # fmt: skip

# Deleting a row that others still reference (foreign keys are RESTRICT / NO ACTION).
BAD_DELETES = {
    "a user with bookings": ("users", "user_id", GUEST),
    "a host with properties": ("users", "user_id", HOST),
    "a property with bookings": ("properties", "property_id", PROPERTY),
    "a booking that is referenced": ("bookings", "booking_id", BOOKING),
}

# How each engine says why: SQLite's message, MariaDB's error number, PostgreSQL's class.
SQLITE_MESSAGES = {
    "check": "CHECK constraint failed",
    "enum": "CHECK constraint failed",  # CHECK (status IN (...))
    "too_long": "CHECK constraint failed",  # CHECK (length(first_name) <= 100)
    "bad_date": "CHECK constraint failed",  # CHECK (start_date = date(start_date))
    "unique": "UNIQUE constraint failed",
    "foreign_key": "FOREIGN KEY constraint failed",
    "not_null": "NOT NULL constraint failed",
}
MYSQL_CODES = {
    "check": {4025, 3819},  # ER_CONSTRAINT_FAILED (MariaDB), ER_CHECK_CONSTRAINT_VIOLATED
    "enum": {1265},  # WARN_DATA_TRUNCATED, an error in strict mode
    "too_long": {1406},  # ER_DATA_TOO_LONG
    "bad_date": {1292},  # ER_TRUNCATED_WRONG_VALUE
    "unique": {1062},  # ER_DUP_ENTRY
    "foreign_key": {1452},  # ER_NO_REFERENCED_ROW_2
    "not_null": {1048},  # ER_BAD_NULL_ERROR
}
MYSQL_ROW_IS_REFERENCED = 1451
POSTGRES_ERRORS = {
    "check": "CheckViolation",
    "enum": "InvalidTextRepresentation",
    "too_long": "StringDataRightTruncation",
    "bad_date": "DatetimeFieldOverflow",
    "unique": "UniqueViolation",
    "foreign_key": "ForeignKeyViolation",
    "not_null": "NotNullViolation",
}


def driver_error(engine: str) -> type[Exception]:
    """The driver's DB-API Error: what every refusal must be (never a bare Exception)."""
    if engine == "sqlite":
        return sqlite3.Error
    error: type[Exception] = importlib.import_module(
        {"mysql": "MySQLdb", "postgres": "psycopg"}[engine]
    ).Error
    return error


def assert_refused_for(engine: str, error: BaseException, reason: str) -> None:
    if engine == "sqlite":
        assert isinstance(error, sqlite3.IntegrityError)
        assert str(error).startswith(SQLITE_MESSAGES[reason]), error
    elif engine == "mysql":
        import MySQLdb  # type: ignore[import-untyped]

        refused = (MySQLdb.IntegrityError, MySQLdb.OperationalError, MySQLdb.DataError)
        assert isinstance(error, refused)
        assert error.args[0] in MYSQL_CODES[reason], error
    else:
        import psycopg

        assert isinstance(error, getattr(psycopg.errors, POSTGRES_ERRORS[reason])), error


@pytest.fixture
def db(empty_db: Db) -> Db:
    for table, row in EXISTING:
        insert(empty_db, table, row)
    return empty_db


def insert(db: Db, table: str, row: dict[str, Any]) -> None:
    marks = ", ".join("?" * len(row))
    db.run(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values()))


def count(db: Db, table: str) -> int:
    return int(db.rows(f"SELECT COUNT(*) FROM {table}")[0][0])


def table_rows(db: Db, table: str) -> list[tuple[Any, ...]]:
    return sorted(db.rows(f"SELECT * FROM {table}"), key=str)


@pytest.mark.parametrize("table", sorted(VALID))
def test_the_valid_rows_are_accepted(db: Db, table: str) -> None:
    """The control: each case's row is refused for its one spoiled value, not another."""
    before = count(db, table)
    insert(db, table, VALID[table])
    assert count(db, table) == before + 1


@pytest.mark.parametrize("case", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_refused_and_nothing_is_written(db: Db, case: Case) -> None:
    before = table_rows(db, case.table)
    with pytest.raises(driver_error(db.engine)) as refusal:
        insert(db, case.table, VALID[case.table] | case.changes)
    assert_refused_for(db.engine, refusal.value, case.reason)
    assert table_rows(db, case.table) == before


@pytest.mark.parametrize(
    ("table", "assignment", "key", "value", "reason"), BAD_UPDATES.values(), ids=BAD_UPDATES.keys()
)
def test_a_bad_update_is_refused_and_the_row_unchanged(
    db: Db, table: str, assignment: str, key: str, value: str, reason: str
) -> None:
    before = table_rows(db, table)
    with pytest.raises(driver_error(db.engine)) as refusal:
        db.run(f"UPDATE {table} SET {assignment} WHERE {key} = ?", (value,))
    assert_refused_for(db.engine, refusal.value, reason)
    assert table_rows(db, table) == before


@pytest.mark.parametrize(("table", "key", "value"), BAD_DELETES.values(), ids=BAD_DELETES.keys())
def test_a_referenced_row_cannot_be_deleted(db: Db, table: str, key: str, value: str) -> None:
    if table == "bookings":  # nothing references the booking yet: pay for it
        insert(db, "payments", VALID["payments"])
    before = table_rows(db, table)
    with pytest.raises(driver_error(db.engine)) as refusal:
        db.run(f"DELETE FROM {table} WHERE {key} = ?", (value,))
    error = refusal.value
    if db.engine == "mysql":
        assert error.args[0] == MYSQL_ROW_IS_REFERENCED, error
    else:
        assert_refused_for(db.engine, error, "foreign_key")
    assert table_rows(db, table) == before
