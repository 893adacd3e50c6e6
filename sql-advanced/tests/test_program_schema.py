"""The program's schema task (database-script-0x01/schema.sql), graded on its
specification: a table for each entity, with its attributes, its id as primary key, the
foreign keys between them, and constraints that refuse bad rows.

The tables may be named as the specification names the entities (`User`, `Property`) or
as ours are (`users`, `properties`); attribute names are the specification's. The program's
file is written for MySQL: it replaces schema/mysql.sql and is graded on MariaDB, so with
no DATABASE_URL it is not graded here (the MariaDB cases skip, saying so; the SQLite and
PostgreSQL cases grade our own dialect files). Types, lengths, index names and every
constraint of ours, exactly, are `extras.schema` (test_schema.py, test_constraints.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlrunner.engines import database_errors, fresh_database
from sqlrunner.runner import SCHEMA
from tests.catalog import Table, describe
from tests.conftest import Db, url_for
from tests.program import entity_of, load_learner_schema

TABLES = pytest.mark.task("schema.tables")
CONSTRAINTS = pytest.mark.task("schema.constraints")

# The specification's attributes of each entity.
ATTRIBUTES = {
    "user": ["user_id", "first_name", "last_name", "email", "password_hash", "phone_number",
             "role", "created_at"],
    "property": ["property_id", "host_id", "name", "description", "location",
                 "pricepernight", "created_at", "updated_at"],
    "booking": ["booking_id", "property_id", "user_id", "start_date", "end_date",
                "total_price", "status", "created_at"],
    "payment": ["payment_id", "booking_id", "amount", "payment_date", "payment_method"],
    "review": ["review_id", "property_id", "user_id", "rating", "comment", "created_at"],
    "message": ["message_id", "sender_id", "recipient_id", "message_body", "sent_at"],
}  # fmt: skip
# Each reference: (entity, attribute) -> the entity it names, by its id.
REFERENCES = {
    ("property", "host_id"): "user",
    ("booking", "property_id"): "property",
    ("booking", "user_id"): "user",
    ("payment", "booking_id"): "booking",
    ("review", "property_id"): "property",
    ("review", "user_id"): "user",
    ("message", "sender_id"): "user",
    ("message", "recipient_id"): "user",
}
# The specification's indexes beyond the primary keys: email in User, property_id in
# Booking, booking_id in Payment (the other two it names are primary keys).
INDEXED = [("user", "email"), ("booking", "property_id"), ("payment", "booking_id")]


@pytest.fixture
def learner_db(engine: str) -> Iterator[Db]:
    """A fresh database holding schema/<engine>.sql, as a learner's file is run: its
    `CREATE DATABASE` and `USE` left out, for the database is a fresh one already."""
    with fresh_database(url_for(engine)) as (_, connection):
        load_learner_schema(connection, engine, SCHEMA[engine])
        yield Db(engine, connection)


def entity_tables(db: Db) -> dict[str, str]:
    """The table of each entity, by the name the schema gave it."""
    found: dict[str, list[str]] = {}
    for name in describe(db):
        entity = entity_of(name)
        if entity is not None:
            found.setdefault(entity, []).append(name)
    missing = sorted(set(ATTRIBUTES) - set(found))
    assert not missing, f"no table for {missing} (tables: {sorted(describe(db))})"
    several = {entity: names for entity, names in found.items() if len(names) > 1}
    assert not several, f"several tables for one entity: {several}"
    return {entity: names[0] for entity, names in found.items()}


def lower(table: Table) -> list[str]:
    return [column.name.lower() for column in table.columns]


@TABLES
def test_a_table_for_each_entity_with_its_attributes(learner_db: Db) -> None:
    tables = describe(learner_db)
    for entity, name in entity_tables(learner_db).items():
        missing = [a for a in ATTRIBUTES[entity] if a not in lower(tables[name])]
        assert not missing, f"{name} lacks {missing}"


@TABLES
def test_each_entity_is_keyed_by_its_id(learner_db: Db) -> None:
    tables = describe(learner_db)
    for entity, name in entity_tables(learner_db).items():
        key = [column.lower() for column in tables[name].primary_key]
        assert key == [f"{entity}_id"], f"{name}'s primary key is {key}, not {entity}_id"


@TABLES
def test_a_foreign_key_for_each_reference(learner_db: Db) -> None:
    tables = describe(learner_db)
    names = entity_tables(learner_db)
    for (entity, column), target in REFERENCES.items():
        keys = {
            (c.lower(), t.lower(), r.lower()) for c, t, r in tables[names[entity]].foreign_keys
        }
        expected = (column, names[target].lower(), f"{target}_id")
        assert expected in keys, f"{names[entity]}.{column} has no foreign key to {names[target]}"


@TABLES
def test_email_is_unique_and_the_specifications_columns_indexed(learner_db: Db) -> None:
    tables = describe(learner_db)
    names = entity_tables(learner_db)
    users = tables[names["user"]]
    assert ("email",) in {tuple(c.lower() for c in key) for key in users.unique}, (
        f"{names['user']}.email is not UNIQUE"
    )
    for entity, column in INDEXED:
        table = tables[names[entity]]
        leading = {columns[0].lower() for _, columns in table.indexes}
        leading |= {key[0].lower() for key in table.unique}
        leading |= (
            {c.lower() for c, _, _ in table.foreign_keys}
            if learner_db.engine == "mysql"
            else set()
        )
        assert column in leading, f"no index on {names[entity]}.{column}"


# --- constraints ------------------------------------------------------------------------

HOST, GUEST = "0b7e3c1a-5d2f-4e8a-9c6b-1f2a3b4c5d6e", "5f1d2c3b-4a59-4e8d-8c7b-6a5f4e3d2c1b"
PROPERTY, BOOKING = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
NOWHERE = "00000000-0000-4000-8000-000000000000"  # a well-formed id that names no row
WHEN = "2024-05-01 10:00:00"


def user(user_id: str, email: str, role: str) -> dict[str, Any]:
    return {"user_id": user_id, "first_name": "Ada", "last_name": "Obi", "email": email,
            "password_hash": "hash", "phone_number": "+1 555 0100", "role": role,
            "created_at": WHEN}  # fmt: skip


# A valid row of each entity, parents first.
VALID: list[tuple[str, dict[str, Any]]] = [
    ("user", user(HOST, "host@example.com", "host")),
    ("user", user(GUEST, "guest@example.com", "guest")),
    ("property", {"property_id": PROPERTY, "host_id": HOST, "name": "Loft",
                  "description": "Bright", "location": "Lisbon", "pricepernight": 80,
                  "created_at": WHEN, "updated_at": WHEN}),
    ("booking", {"booking_id": BOOKING, "property_id": PROPERTY, "user_id": GUEST,
                 "start_date": "2024-06-01", "end_date": "2024-06-03", "total_price": 160,
                 "status": "confirmed", "created_at": WHEN}),
    ("payment", {"payment_id": "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a", "booking_id": BOOKING,
                 "amount": 160, "payment_date": WHEN, "payment_method": "credit_card"}),
    ("review", {"review_id": "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b", "property_id": PROPERTY,
                "user_id": GUEST, "rating": 5, "comment": "Great", "created_at": WHEN}),
    ("message", {"message_id": "8f9e0d1c-2b3a-4c5d-9e6f-7a8b9c0d1e2f", "sender_id": GUEST,
                 "recipient_id": HOST, "message_body": "Hello", "sent_at": WHEN}),
]  # fmt: skip
NEW_ROW = {
    entity: {**row, f"{entity}_id": str(uuid.UUID(int=index + 1, version=4))}
    for index, (entity, row) in enumerate(VALID)
}
NEW_ROW["user"]["email"] = "new@example.com"

# What the specification makes each engine refuse: (entity, changes, why).
BAD_ROWS = [
    ("review", {"rating": 6}, "a rating above 5"),
    ("review", {"rating": 0}, "a rating below 1"),
    ("booking", {"status": "done"}, "a status not in (pending, confirmed, canceled)"),
    ("user", {"role": "superuser"}, "a role not in (guest, host, admin)"),
    ("payment", {"payment_method": "cash"}, "a method not in (credit_card, paypal, stripe)"),
    ("user", {"email": "guest@example.com"}, "an email already taken"),
    ("booking", {"user_id": NOWHERE}, "a booking by a user who does not exist"),
    ("review", {"property_id": NOWHERE}, "a review of a property that does not exist"),
    ("user", {"email": None}, "a user without an email"),
    ("property", {"name": None}, "a property without a name"),
]


def insert(db: Db, table: str, row: dict[str, Any]) -> None:
    columns = ", ".join(row)
    db.run(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})",
           tuple(row.values()))  # fmt: skip


@pytest.fixture
def filled(learner_db: Db) -> tuple[Db, dict[str, str]]:
    names = entity_tables(learner_db)
    for entity, row in VALID:
        try:
            insert(learner_db, names[entity], row)
        except database_errors(learner_db.engine) as error:
            pytest.fail(f"a valid {entity} was refused by {names[entity]}: {error}")
    return learner_db, names


@CONSTRAINTS
@pytest.mark.parametrize(
    ("entity", "changes", "why"), BAD_ROWS, ids=[why for _, _, why in BAD_ROWS]
)
def test_a_bad_row_is_refused(
    filled: tuple[Db, dict[str, str]], entity: str, changes: dict[str, Any], why: str
) -> None:
    db, names = filled
    table = names[entity]
    before = db.rows(f"SELECT COUNT(*) FROM {table}")[0][0]
    try:
        insert(db, table, {**NEW_ROW[entity], **changes})
    except database_errors(db.engine):
        pass
    else:
        pytest.fail(f"{table} accepted {why}")
    assert db.rows(f"SELECT COUNT(*) FROM {table}")[0][0] == before


@CONSTRAINTS
def test_valid_rows_of_every_entity_are_accepted(filled: tuple[Db, dict[str, str]]) -> None:
    db, names = filled
    for name in names.values():
        assert db.rows(f"SELECT COUNT(*) FROM {name}")[0][0] >= 1, name
