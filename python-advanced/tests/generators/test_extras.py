"""generators.extras: what the portfolio adds to the program's generators tasks.

The program never asks for any of this: errors that name the problem (a missing or
malformed CSV, an unreachable server, a database not created yet, a batch or page size
below one, an empty table), a CSV load that adds exactly the new rows of a file loaded
before, the backend chosen from the environment (SQLite by default), and the shipped,
reproducible user_data.csv. All of it is this module's own code, run on SQLite here
and on MariaDB too when DATABASE_URL is set.
"""

from __future__ import annotations

import csv
import runpy
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.task("generators.extras")

UNIT = Path(__file__).resolve().parents[2] / "generators"
SHIPPED_CSV = UNIT / "user_data.csv"


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def seed(load: Callable[[str], ModuleType]) -> ModuleType:
    return load("generators.seed")


def test_connect_to_prodev_names_a_database_not_created_yet(
    backend: Any, seed: ModuleType
) -> None:
    with pytest.raises(ConnectionError, match=backend.database):
        seed.connect_to_prodev()  # not an empty new one


def test_insert_data_adds_exactly_the_new_rows_of_a_file(
    backend: Any, seed: ModuleType, tmp_path: Path, prodev_with_table: Callable[[ModuleType], Any]
) -> None:
    first = "name,email,age\nAda,ada@example.com,36\nGrace,grace@example.com,85\n"
    path = write_csv(tmp_path / "users.csv", first)
    connection = prodev_with_table(seed)
    seed.insert_data(connection, path)
    before = backend.users()
    write_csv(path, first + "Alan,alan@example.com,41\n")
    seed.insert_data(connection, path)
    connection.close()
    after = backend.users()
    assert [user for user in after if user["email"] != "alan@example.com"] == before
    assert len(after) == 3


def test_missing_csv_is_an_error_naming_the_path(
    backend: Any, seed: ModuleType, tmp_path: Path, prodev_with_table: Callable[[ModuleType], Any]
) -> None:
    missing = tmp_path / "nowhere.csv"
    connection = prodev_with_table(seed)
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
    backend: Any,
    seed: ModuleType,
    tmp_path: Path,
    text: str,
    message: str,
    prodev_with_table: Callable[[ModuleType], Any],
) -> None:
    path = write_csv(tmp_path / "bad.csv", text)
    connection = prodev_with_table(seed)
    with pytest.raises(ValueError, match=message):
        seed.insert_data(connection, path)
    connection.close()
    assert backend.users() == []  # the good first row was not written either


@pytest.mark.parametrize("batch_size", [0, -1])
def test_a_batch_size_below_one_is_refused(
    users_table: Any, load: Callable[[str], ModuleType], batch_size: int
) -> None:
    module = load("generators.batch_processing")
    users_table.add_users([30, 40])
    with pytest.raises(ValueError, match="batch_size"):
        list(module.stream_users_in_batches(batch_size))
    with pytest.raises(ValueError, match="batch_size"):
        module.batch_processing(batch_size)


@pytest.mark.parametrize("page_size", [0, -2])
def test_a_page_size_below_one_is_refused(
    users_table: Any, load: Callable[[str], ModuleType], page_size: int
) -> None:
    module = load("generators.lazy_paginate")
    users_table.add_users([30, 40])
    with pytest.raises(ValueError, match="page_size"):
        module.paginate_users(page_size, 0)
    with pytest.raises(ValueError, match="page_size"):
        list(module.lazy_paginate(page_size))


def test_a_negative_offset_is_refused(users_table: Any, load: Callable[[str], ModuleType]) -> None:
    with pytest.raises(ValueError, match="offset"):
        load("generators.lazy_paginate").paginate_users(2, -1)


def test_an_empty_table_has_no_average(users_table: Any) -> None:
    with pytest.raises(SystemExit, match="user_data"):
        runpy.run_path(str(UNIT / "stream_ages.py"), run_name="__main__")


def test_shipped_csv_has_name_email_age_and_1000_unique_users() -> None:
    with SHIPPED_CSV.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    assert reader.fieldnames == ["name", "email", "age"]
    assert len(rows) >= 1000
    assert len({row["email"] for row in rows}) == len(rows)
    ages = [int(row["age"]) for row in rows]
    assert min(ages) <= 25 < max(ages)  # batch_processing's filter has work to do


def test_make_user_data_reproduces_the_shipped_csv(
    tmp_path: Path, load: Callable[[str], ModuleType]
) -> None:
    with SHIPPED_CSV.open(encoding="utf-8") as file:
        rows = sum(1 for _ in file) - 1
    load("generators.make_user_data").write_user_data(tmp_path / "again.csv", rows)
    assert (tmp_path / "again.csv").read_bytes() == SHIPPED_CSV.read_bytes()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.services("mysql")
def test_unreachable_mysql_is_an_error_naming_the_host(
    monkeypatch: pytest.MonkeyPatch, seed: ModuleType
) -> None:
    port = closed_port()
    monkeypatch.setenv("DATABASE_URL", f"mysql://root@127.0.0.1:{port}/python_advanced")
    with pytest.raises(ConnectionError, match=f"127.0.0.1:{port}"):
        seed.connect_db()


def test_missing_sqlite_folder_is_an_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed: ModuleType
) -> None:
    for variable in ("DATABASE_URL", "MYSQL_HOST"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PRODEV_SQLITE_DIR", str(tmp_path / "gone"))
    with pytest.raises(ConnectionError, match="gone"):
        seed.connect_db()


def test_sqlite_works_without_mysqlclient(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    seed: ModuleType,
    prodev_with_table: Callable[[ModuleType], Any],
) -> None:
    monkeypatch.setitem(sys.modules, "MySQLdb", None)  # as if mysqlclient were not installed
    for variable in ("DATABASE_URL", "MYSQL_HOST", "PRODEV_DATABASE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PRODEV_SQLITE_DIR", str(tmp_path))
    prodev_with_table(seed).close()
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
            ("db.internal", 3307, "app", "p@ss"),
        ),
        ({"DATABASE_URL": "mysql://127.0.0.1/x"}, ("127.0.0.1", 3306, "root", "")),
        (
            {"MYSQL_HOST": "db", "MYSQL_USER": "app", "MYSQL_PASSWORD": "secret"},
            ("db", 3306, "app", "secret"),
        ),
    ],
)
def test_backend_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    load: Callable[[str], ModuleType],
    environment: dict[str, str],
    expected: tuple[Any, ...] | None,
) -> None:
    db = load("generators.db")
    for variable in ("DATABASE_URL", "MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert db.mysql_settings() == (None if expected is None else db.MySQLSettings(*expected))


@pytest.mark.parametrize("name", ["ALX_prodev; DROP DATABASE mysql", "../../etc/x", "x" * 65])
def test_database_name_must_be_an_identifier(
    monkeypatch: pytest.MonkeyPatch, seed: ModuleType, name: str
) -> None:
    monkeypatch.setenv("PRODEV_DATABASE", name)
    with pytest.raises(ValueError, match="PRODEV_DATABASE"):
        seed.connect_to_prodev()
