"""seed.py: the database, the user_data table, and loading the CSV without duplicates.

The program's 0-main.py: connect_db(), create_database(connection), connect_to_prodev(),
create_table(connection), insert_data(connection, "user_data.csv").
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.task("generators.seed")

UNIT = Path(__file__).resolve().parents[2] / "generators"
UNDER_TEST = UNIT / "seed.py"
SHIPPED_CSV = UNIT / "user_data.csv"


@pytest.fixture
def seed(backend: Any, load: Callable[[str], ModuleType]) -> ModuleType:
    return load("generators.seed")


def write_csv(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_create_database_makes_the_database_connect_to_prodev_opens(
    backend: Any, seed: ModuleType
) -> None:
    server = seed.connect_db()
    seed.create_database(server)
    seed.create_database(server)  # a second time is harmless
    server.close()
    assert backend.database_exists()
    seed.connect_to_prodev().close()


def test_create_table_makes_user_data_keyed_by_user_id(
    backend: Any, seed: ModuleType, prodev_with_table: Callable[[ModuleType], Any]
) -> None:
    connection = prodev_with_table(seed)
    seed.create_table(connection)  # a second time is harmless
    connection.close()
    assert backend.columns() == {"user_id": True, "name": False, "email": False, "age": False}


def test_insert_data_gives_every_row_a_uuid(
    backend: Any, seed: ModuleType, tmp_path: Path, prodev_with_table: Callable[[ModuleType], Any]
) -> None:
    path = write_csv(
        tmp_path / "users.csv",
        'name,email,age\nAda Lovelace,ada@example.com,36\n"Hopper, Grace",grace@example.com,85\n',
    )
    connection = prodev_with_table(seed)
    seed.insert_data(connection, path)
    connection.close()
    users = backend.users()
    assert [(u["name"], u["email"], u["age"]) for u in users] == [
        ("Ada Lovelace", "ada@example.com", 36),
        ("Hopper, Grace", "grace@example.com", 85),
    ]
    ids = [user["user_id"] for user in users]
    assert [str(uuid.UUID(user_id)) for user_id in ids] == ids
    assert len(set(ids)) == 2


def test_loading_the_same_file_again_inserts_nothing(
    backend: Any, seed: ModuleType, tmp_path: Path, prodev_with_table: Callable[[ModuleType], Any]
) -> None:
    text = "name,email,age\nAda,ada@example.com,36\nGrace,grace@example.com,85\n"
    path = write_csv(tmp_path / "users.csv", text)
    connection = prodev_with_table(seed)
    seed.insert_data(connection, path)
    before = backend.users()
    seed.insert_data(connection, path)
    connection.close()
    assert backend.users() == before  # same rows, same ids


def test_insert_data_loads_the_shipped_csv(
    backend: Any, seed: ModuleType, prodev_with_table: Callable[[ModuleType], Any]
) -> None:
    with SHIPPED_CSV.open(newline="", encoding="utf-8") as file:
        expected = sorted((row["email"], int(row["age"])) for row in csv.DictReader(file))
    connection = prodev_with_table(seed)
    seed.insert_data(connection, str(SHIPPED_CSV))
    seed.insert_data(connection, str(SHIPPED_CSV))
    connection.close()
    assert sorted((user["email"], user["age"]) for user in backend.users()) == expected
