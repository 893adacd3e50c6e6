"""seed.py: the database, the user_data table, and an idempotent CSV load."""

from __future__ import annotations

import csv
import socket
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from generators import db, make_user_data, seed

pytestmark = pytest.mark.task("generators.seed")

UNIT = Path(__file__).resolve().parents[2] / "generators"
SHIPPED_CSV = UNIT / "user_data.csv"


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def prodev_with_table() -> Any:
    """What the program's 0-main.py does before loading the CSV."""
    server = seed.connect_db()
    seed.create_database(server)
    server.close()
    connection = seed.connect_to_prodev()
    seed.create_table(connection)
    return connection


def test_create_database_makes_the_database_connect_to_prodev_opens(backend: Any) -> None:
    with pytest.raises(ConnectionError, match=backend.database):
        seed.connect_to_prodev()  # not created yet: an error naming it, not a new empty one
    server = seed.connect_db()
    seed.create_database(server)
    seed.create_database(server)  # a second time is harmless
    server.close()
    assert backend.database_exists()
    seed.connect_to_prodev().close()


def test_create_table_makes_user_data_keyed_by_user_id(backend: Any) -> None:
    connection = prodev_with_table()
    seed.create_table(connection)  # a second time is harmless
    connection.close()
    assert backend.columns() == {"user_id": True, "name": False, "email": False, "age": False}


def test_insert_data_gives_every_row_a_uuid(backend: Any, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "users.csv",
        'name,email,age\nAda Lovelace,ada@example.com,36\n"Hopper, Grace",grace@example.com,85\n',
    )
    connection = prodev_with_table()
    seed.insert_data(connection, str(path))
    connection.close()
    users = backend.users()
    assert [(u["name"], u["email"], u["age"]) for u in users] == [
        ("Ada Lovelace", "ada@example.com", 36),
        ("Hopper, Grace", "grace@example.com", 85),
    ]
    ids = [user["user_id"] for user in users]
    assert [str(uuid.UUID(user_id)) for user_id in ids] == ids
    assert len(set(ids)) == 2


def test_insert_data_again_inserts_only_new_rows(backend: Any, tmp_path: Path) -> None:
    first = "name,email,age\nAda,ada@example.com,36\nGrace,grace@example.com,85\n"
    path = write_csv(tmp_path / "users.csv", first)
    connection = prodev_with_table()
    seed.insert_data(connection, path)
    before = backend.users()
    seed.insert_data(connection, path)
    assert backend.users() == before  # same rows, same ids
    write_csv(path, first + "Alan,alan@example.com,41\n")
    seed.insert_data(connection, path)
    connection.close()
    after = backend.users()
    assert [user for user in after if user["email"] != "alan@example.com"] == before
    assert len(after) == 3


def test_insert_data_loads_the_shipped_csv(backend: Any) -> None:
    with SHIPPED_CSV.open(newline="", encoding="utf-8") as file:
        expected = sorted((row["email"], int(row["age"])) for row in csv.DictReader(file))
    connection = prodev_with_table()
    seed.insert_data(connection, SHIPPED_CSV)
    seed.insert_data(connection, SHIPPED_CSV)
    connection.close()
    assert sorted((user["email"], user["age"]) for user in backend.users()) == expected


def test_missing_csv_is_an_error_naming_the_path(backend: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    connection = prodev_with_table()
    with pytest.raises(FileNotFoundError, match=r"nowhere\.csv"):
        seed.insert_data(connection, missing)
    connection.close()
    assert backend.users() == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,email,age\nAda,ada@example.com,36\nGrace,grace@example.com,old\n", "line 3.*age"),
        ("name,email,age\nAda,ada@example.com,36\nGrace,grace@example.com,-5\n", "line 3.*age"),
        ("name,email,age\nAda,ada@example.com,36\n,nobody@example.com,20\n", "line 3.*name"),
        ("name,email,age\nAda,not-an-email,36\n", "line 2.*email"),
        ("name,age\nAda,36\n", "missing column.*email"),
    ],
)
def test_malformed_csv_names_the_problem_and_writes_nothing(
    backend: Any, tmp_path: Path, text: str, message: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", text)
    connection = prodev_with_table()
    with pytest.raises(ValueError, match=message):
        seed.insert_data(connection, path)
    connection.close()
    assert backend.users() == []  # the good first row was not written either


def test_shipped_csv_has_name_email_age_and_1000_unique_users() -> None:
    with SHIPPED_CSV.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    assert reader.fieldnames == ["name", "email", "age"]
    assert len(rows) >= 1000
    assert len({row["email"] for row in rows}) == len(rows)
    ages = [int(row["age"]) for row in rows]
    assert min(ages) <= 25 < max(ages)  # batch_processing's filter has work to do


def test_make_user_data_reproduces_the_shipped_csv(tmp_path: Path) -> None:
    with SHIPPED_CSV.open(encoding="utf-8") as file:
        rows = sum(1 for _ in file) - 1
    make_user_data.write_user_data(tmp_path / "again.csv", rows)
    assert (tmp_path / "again.csv").read_bytes() == SHIPPED_CSV.read_bytes()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.services("mysql")
def test_unreachable_mysql_is_an_error_naming_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    port = closed_port()
    monkeypatch.setenv("DATABASE_URL", f"mysql://root@127.0.0.1:{port}/python_advanced")
    with pytest.raises(ConnectionError, match=f"127.0.0.1:{port}"):
        seed.connect_db()


def test_missing_sqlite_folder_is_an_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for variable in ("DATABASE_URL", "MYSQL_HOST"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PRODEV_SQLITE_DIR", str(tmp_path / "gone"))
    with pytest.raises(ConnectionError, match="gone"):
        seed.connect_db()


def test_sqlite_works_without_mysqlclient(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "MySQLdb", None)  # as if mysqlclient were not installed
    for variable in ("DATABASE_URL", "MYSQL_HOST", "PRODEV_DATABASE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PRODEV_SQLITE_DIR", str(tmp_path))
    prodev_with_table().close()
    assert (tmp_path / "ALX_prodev.sqlite3").is_file()
    monkeypatch.setenv("DATABASE_URL", "mysql://root@127.0.0.1:3306/python_advanced")
    with pytest.raises(ImportError, match="mysqlclient"):
        seed.connect_db()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, None),
        ({"DATABASE_URL": "sqlite:///x.db"}, None),
        (
            {"DATABASE_URL": "mysql://app:p%40ss@db.internal:3307/python_advanced"},
            db.MySQLSettings("db.internal", 3307, "app", "p@ss"),
        ),
        ({"DATABASE_URL": "mysql://127.0.0.1/x"}, db.MySQLSettings("127.0.0.1", 3306, "root", "")),
        (
            {"MYSQL_HOST": "db", "MYSQL_USER": "app", "MYSQL_PASSWORD": "secret"},
            db.MySQLSettings("db", 3306, "app", "secret"),
        ),
    ],
)
def test_backend_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: Any
) -> None:
    for variable in ("DATABASE_URL", "MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert db.mysql_settings() == expected


@pytest.mark.parametrize("name", ["ALX_prodev; DROP DATABASE mysql", "../../etc/x", "x" * 65])
def test_database_name_must_be_an_identifier(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("PRODEV_DATABASE", name)
    with pytest.raises(ValueError, match="PRODEV_DATABASE"):
        seed.connect_to_prodev()
