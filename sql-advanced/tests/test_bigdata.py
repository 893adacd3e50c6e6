"""The large data set: deterministic, the right sizes, valid rows, and a bulk load that
gives every engine the same rows with every key and foreign key in place."""

from __future__ import annotations

import datetime
import sqlite3
import uuid
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from bigdata import COLUMNS, TABLES, DataSet, Sizes, generate, load
from bigdata.__main__ import main
from bigdata.rows import CITIES, FIRST_DAY, LAST_DAY, NULL

if TYPE_CHECKING:
    from tests.conftest import Db

pytestmark = pytest.mark.task("schema.large_dataset")

BOOKINGS = 3000
# (child table, column, parent table, parent key): every foreign key of the schema.
FOREIGN_KEYS = [
    ("properties", "host_id", "users", "user_id"),
    ("bookings", "property_id", "properties", "property_id"),
    ("bookings", "user_id", "users", "user_id"),
    ("payments", "booking_id", "bookings", "booking_id"),
    ("reviews", "property_id", "properties", "property_id"),
    ("reviews", "user_id", "users", "user_id"),
    ("messages", "sender_id", "users", "user_id"),
    ("messages", "recipient_id", "users", "user_id"),
]


@pytest.fixture(scope="module")
def data() -> DataSet:
    return generate(BOOKINGS)


def records(data: DataSet, table: str) -> list[dict[str, Any]]:
    return [dict(zip(COLUMNS[table], row, strict=True)) for row in data.rows(table)]


def by_key(data: DataSet, table: str) -> dict[str, dict[str, Any]]:
    return {row[COLUMNS[table][0]]: row for row in records(data, table)}


# --- the generator ---------------------------------------------------------------------


def test_two_runs_give_the_same_lines(data: DataSet) -> None:
    assert generate(BOOKINGS).lines == data.lines


def test_the_seed_changes_the_rows(data: DataSet) -> None:
    other = generate(BOOKINGS, seed=7)
    assert other.count("bookings") == data.count("bookings")
    assert not set(other.lines["bookings"]) & set(data.lines["bookings"])


def test_chunks_in_parallel_processes_give_the_same_lines() -> None:
    alone = generate(2500, chunk=1000, workers=1)
    assert generate(2500, chunk=1000, workers=2).lines == alone.lines
    assert alone.count("bookings") == 2500


@pytest.mark.parametrize("bookings", [1, 49, BOOKINGS])
def test_sizes_are_honoured(bookings: int) -> None:
    data = generate(bookings)
    sizes = Sizes(bookings)
    roles = Counter(row["role"] for row in records(data, "users"))
    confirmed = sum(row["status"] == "confirmed" for row in records(data, "bookings"))
    assert data.count("bookings") == bookings
    assert data.count("users") == sizes.users == max(20, bookings // 10)
    assert roles == {
        "admin": sizes.admins,
        "host": sizes.hosts,
        "guest": sizes.users - sizes.admins - sizes.hosts,
    }
    assert data.count("properties") == sizes.properties == max(5, bookings // 50)
    assert data.count("payments") == int(confirmed * 0.9)
    assert data.count("reviews") == min(confirmed, int(bookings * 0.3))
    assert data.count("messages") == max(1, bookings // 20)


def test_the_full_size_is_a_million_bookings_over_a_hundred_thousand_users() -> None:
    sizes = Sizes(1_000_000)
    assert (sizes.users, sizes.properties, sizes.hosts, sizes.admins) == (
        100_000, 20_000, 5_000, 50,
    )  # fmt: skip


def test_shares_of_statuses_payments_and_reviews_are_realistic(data: DataSet) -> None:
    statuses = Counter(row["status"] for row in records(data, "bookings"))
    assert 0.74 < statuses["confirmed"] / BOOKINGS < 0.82
    assert statuses["pending"] > 0
    assert statuses["canceled"] > 0
    assert 0.65 < data.count("payments") / BOOKINGS < 0.75
    assert data.count("reviews") == BOOKINGS * 3 // 10


@pytest.mark.parametrize("bookings", [0, -5])
def test_a_size_below_one_is_refused(bookings: int) -> None:
    with pytest.raises(ValueError, match=rf"bookings must be a positive number, got {bookings}"):
        generate(bookings)


def test_a_size_that_is_not_a_whole_number_is_refused() -> None:
    with pytest.raises(TypeError, match="bookings must be an int"):
        generate(12.5)  # type: ignore[arg-type]


def test_a_chunk_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="chunk must be a positive number"):
        generate(10, chunk=0)


# --- every row satisfies the schema ------------------------------------------------------


def test_lines_are_loadable_text(data: DataSet) -> None:
    for table in TABLES:
        for line in data.lines[table]:
            values = line.split("\t")
            assert len(values) == len(COLUMNS[table])
            assert not any("\\" in value and value != NULL for value in values), line
            assert "\n" not in line
        assert data.lines[table] == sorted(data.lines[table])  # primary-key order


def test_keys_are_unique_version_4_uuids(data: DataSet) -> None:
    for table in TABLES:
        keys = [row[0] for row in data.rows(table)]
        assert len(set(keys)) == len(keys)
        for key in keys:
            assert str(uuid.UUID(key)) == key
            assert uuid.UUID(key).version == 4


def test_users(data: DataSet) -> None:
    users = records(data, "users")
    emails = [user["email"] for user in users]
    assert len(set(emails)) == len(emails)
    for user in users:
        local, at, domain = user["email"].partition("@")
        assert local
        assert domain
        assert at == "@"
        assert user["role"] in {"guest", "host", "admin"}
        assert 0 < len(user["first_name"]) <= 100
        assert 0 < len(user["last_name"]) <= 100
        assert user["password_hash"]
        _timestamp(user["created_at"])
    assert any(user["phone_number"] is None for user in users)
    assert any(user["phone_number"] is not None for user in users)


def test_properties_belong_to_hosts_in_the_fixed_cities(data: DataSet) -> None:
    users = by_key(data, "users")
    properties = records(data, "properties")
    for place in properties:
        assert users[place["host_id"]]["role"] == "host"
        assert place["location"] in CITIES
        assert Decimal(place["pricepernight"]) > 0
        assert _timestamp(place["updated_at"]) >= _timestamp(place["created_at"])
    assert {place["location"] for place in properties} == set(CITIES)
    cities = {location.partition(",")[0] for location in CITIES}
    assert {"Nairobi", "Lagos", "Accra", "Kigali", "Cairo", "Cape Town", "Addis Ababa"} <= cities
    assert "Lisbon, Portugal" in CITIES  # queries/index_targets.sql asks for it


def test_bookings_fit_the_period_and_cost_nights_times_price(data: DataSet) -> None:
    places = by_key(data, "properties")
    users = by_key(data, "users")
    for booking in records(data, "bookings"):
        start, end = _date(booking["start_date"]), _date(booking["end_date"])
        assert FIRST_DAY <= start < end <= LAST_DAY
        nights = (end - start).days
        price = Decimal(places[booking["property_id"]]["pricepernight"])
        assert Decimal(booking["total_price"]) == nights * price
        assert booking["status"] in {"pending", "confirmed", "canceled"}
        assert users[booking["user_id"]]["role"] == "guest"
        assert _timestamp(booking["created_at"]).date() < start


def test_bookings_cover_every_year_and_month(data: DataSet) -> None:
    months = {booking["start_date"][:7] for booking in records(data, "bookings")}
    assert len(months) == 60  # 2021-01 .. 2025-12


def test_payments_pay_confirmed_bookings_in_full_once(data: DataSet) -> None:
    bookings = by_key(data, "bookings")
    payments = records(data, "payments")
    paid = [payment["booking_id"] for payment in payments]
    assert len(set(paid)) == len(paid)
    for payment in payments:
        booking = bookings[payment["booking_id"]]
        assert booking["status"] == "confirmed"
        assert Decimal(payment["amount"]) == Decimal(booking["total_price"]) > 0
        assert payment["payment_method"] in {"credit_card", "paypal", "stripe"}
        assert _timestamp(payment["payment_date"]) > _timestamp(booking["created_at"])


def test_reviews_come_from_guests_who_stayed(data: DataSet) -> None:
    stays = {
        (booking["property_id"], booking["user_id"])
        for booking in records(data, "bookings")
        if booking["status"] == "confirmed"
    }
    reviews = records(data, "reviews")
    for review in reviews:
        assert (review["property_id"], review["user_id"]) in stays
        assert 1 <= int(review["rating"]) <= 5
        assert review["comment"]
    assert {int(review["rating"]) for review in reviews} == {1, 2, 3, 4, 5}


def test_messages_go_between_two_different_users(data: DataSet) -> None:
    users = by_key(data, "users")
    for message in records(data, "messages"):
        assert message["sender_id"] != message["recipient_id"]
        roles = {users[message["sender_id"]]["role"], users[message["recipient_id"]]["role"]}
        assert roles == {"guest", "host"}
        assert message["message_body"]


def test_every_foreign_key_points_at_a_row(data: DataSet) -> None:
    for child, column, parent, _ in FOREIGN_KEYS:
        parents = by_key(data, parent)
        assert all(row[column] in parents for row in records(data, child)), (child, column)


# --- loading into each engine -------------------------------------------------------------


def test_a_load_gives_every_row_and_no_orphan(empty_db: Any, data: DataSet) -> None:
    catalog = _keys_and_indexes(empty_db)
    seconds = load(empty_db.connection, empty_db.engine, data)
    assert set(TABLES) <= set(seconds)
    for table in TABLES:
        assert empty_db.rows(f"SELECT COUNT(*) FROM {table}") == [(data.count(table),)]
    for child, column, parent, key in FOREIGN_KEYS:
        orphans = empty_db.rows(
            f"SELECT COUNT(*) FROM {child} AS c LEFT JOIN {parent} AS p ON p.{key} = c.{column}"
            f" WHERE p.{key} IS NULL"
        )
        assert orphans == [(0,)], (child, column)
    if empty_db.engine == "sqlite":
        assert empty_db.rows("PRAGMA foreign_key_check") == []
    assert _keys_and_indexes(empty_db) == catalog  # what the loader dropped is back


def test_a_load_keeps_the_values(empty_db: Any, data: DataSet) -> None:
    load(empty_db.connection, empty_db.engine, data)
    wanted = data.rows("bookings")[len(data.lines["bookings"]) // 2]
    got = empty_db.rows(
        "SELECT booking_id, property_id, user_id, start_date, end_date, total_price, status"
        " FROM bookings WHERE booking_id = ?",
        (wanted[0],),
    )
    assert [tuple(_text(value) for value in row) for row in got] == [wanted[:7]]
    nulls = empty_db.rows("SELECT COUNT(*) FROM users WHERE phone_number IS NULL")
    assert nulls == [(sum(row[5] is None for row in data.rows("users")),)]


def test_foreign_keys_are_enforced_after_a_load(empty_db: Any, data: DataSet) -> None:
    load(empty_db.connection, empty_db.engine, data)
    guest = data.rows("bookings")[0][2]
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        empty_db.run(
            "INSERT INTO bookings (booking_id, property_id, user_id, start_date, end_date,"
            " total_price, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), str(uuid.uuid4()), guest, "2024-01-01", "2024-01-02", 10,
             "pending"),
        )  # fmt: skip


def test_an_unknown_engine_is_refused(data: DataSet) -> None:
    with pytest.raises(ValueError, match="unknown engine 'oracle'"):
        load(None, "oracle", data)


# --- the command ----------------------------------------------------------------------------


def test_the_command_loads_and_keeps_a_sqlite_file(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.sqlite3"
    assert main(["--url", "sqlite://", "--bookings", "500", "--keep", str(path)]) == 0
    assert "bookings" in capsys.readouterr().out
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT COUNT(*) FROM bookings").fetchone() == (500,)
    connection.close()
    assert main(["--url", "sqlite://", "--bookings", "10", "--keep", str(path)]) == 2
    assert "exists already" in capsys.readouterr().err


@pytest.mark.parametrize("size", ["0", "-3", "many"])
def test_the_command_refuses_a_bad_size(size: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--url", "sqlite://", "--bookings", size])
    assert exit_info.value.code == 2
    assert "--bookings" in capsys.readouterr().err


def test_the_command_refuses_an_unknown_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--url", "oracle://db/x", "--bookings", "10"]) == 2
    assert "unsupported database URL scheme 'oracle'" in capsys.readouterr().err


def _keys_and_indexes(db: Db) -> list[tuple[Any, ...]]:
    """Every key, foreign key and index of the database, from the engine's catalog."""
    queries = {
        "sqlite": "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE type IN ('index', 'table') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        "mysql": "SELECT table_name, constraint_name, constraint_type"
        " FROM information_schema.table_constraints WHERE table_schema = DATABASE()"
        " UNION ALL SELECT table_name, index_name, GROUP_CONCAT(column_name ORDER BY"
        " seq_in_index) FROM information_schema.statistics WHERE table_schema = DATABASE()"
        " GROUP BY table_name, index_name ORDER BY 1, 2, 3",
        "postgres": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
        " UNION ALL SELECT tablename, indexname, indexdef FROM pg_indexes"
        " WHERE schemaname = current_schema() ORDER BY 1, 2, 3",
    }
    found = db.rows(queries[db.engine])
    assert len(found) > len(TABLES)  # the catalog query sees the schema
    return found


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _timestamp(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def _text(value: Any) -> str:
    """A value read back from any engine, as the generator wrote it."""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, datetime.date | uuid.UUID):
        return str(value)
    return str(value)
