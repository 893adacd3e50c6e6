"""Create the ALX_prodev database and its user_data table, and load user_data.csv.

    cd python-advanced && python -m generators.seed

The CSV has only `name,email,age`; each row's `user_id` is a UUID derived from its email
(uuid5), so loading the same file again finds every row already there and adds nothing.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generators import db

CSV_PATH = Path(__file__).resolve().parent / "user_data.csv"
CSV_COLUMNS = ("name", "email", "age")

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS user_data (
    user_id CHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL,
    age INTEGER NOT NULL
)
"""
INSERT_USER = "INSERT INTO user_data (user_id, name, email, age) VALUES (?, ?, ?, ?)"
# A row whose user_id is already there is skipped: that is what makes insert_data idempotent.
ON_DUPLICATE = {
    "sqlite": " ON CONFLICT (user_id) DO NOTHING",
    "mysql": " ON DUPLICATE KEY UPDATE user_id = user_id",
}


def connect_db() -> Any:
    """Connect to the database server (for SQLite: its folder), with no database chosen."""
    return db.connect()


def create_database(connection: Any) -> None:
    """Create the ALX_prodev database (PRODEV_DATABASE) unless it exists."""
    name = db.database_name()
    cursor = connection.cursor()
    try:
        if db.dialect(connection) == "sqlite":
            # Attaching a file creates it: SQLite's CREATE DATABASE.
            cursor.execute("ATTACH DATABASE ? AS prodev", (str(db.sqlite_path(name)),))
            cursor.execute("DETACH DATABASE prodev")
        else:
            cursor.execute(f"CREATE DATABASE IF NOT EXISTS `{name}`")  # name checked by db
    finally:
        cursor.close()


def connect_to_prodev() -> Any:
    """Connect to the ALX_prodev database; its cursors return rows as dicts."""
    return db.connect(db.database_name())


def create_table(connection: Any) -> None:
    """Create user_data (user_id UUID primary key, hence indexed) unless it exists."""
    cursor = connection.cursor()
    try:
        cursor.execute(CREATE_TABLE)
    finally:
        cursor.close()
    connection.commit()


def insert_data(connection: Any, csv_path: str | Path) -> None:
    """Insert the CSV's users that are not in user_data yet, all or nothing.

    Raises FileNotFoundError naming the path, and ValueError naming the line and column
    of a malformed row; either way nothing is inserted.
    """
    rows = list(read_users(csv_path))  # validate the whole file before writing any row
    query = db.sql(connection, INSERT_USER) + ON_DUPLICATE[db.dialect(connection)]
    cursor = connection.cursor()
    try:
        cursor.executemany(query, rows)
        connection.commit()
    except Exception:
        connection.rollback()
        raise
    finally:
        cursor.close()


def read_users(csv_path: str | Path) -> Iterator[tuple[str, str, str, int]]:
    """Yield `(user_id, name, email, age)` for each CSV row, checking every field."""
    path = Path(csv_path)
    if not path.is_file():
        raise FileNotFoundError(f"no CSV file at {path}")
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        for row in reader:
            yield user_row(path, reader.line_num, row)


def user_row(path: Path, line: int, row: dict[str, str]) -> tuple[str, str, str, int]:
    """One checked `(user_id, name, email, age)`; the id is the same for the same email."""
    name, email, age = (row.get(column) or "" for column in CSV_COLUMNS)
    if not name.strip():
        raise ValueError(f"{path}, line {line}: name is empty")
    if "@" not in email:
        raise ValueError(f"{path}, line {line}: email must contain @, got {email!r}")
    if not age.strip().isdigit():
        raise ValueError(f"{path}, line {line}: age must be a whole number, got {age!r}")
    user_id = uuid.uuid5(uuid.NAMESPACE_URL, f"mailto:{email}")
    return str(user_id), name, email, int(age)


def main() -> None:
    """Seed the configured database from the shipped CSV and print what it holds."""
    server = connect_db()
    create_database(server)
    server.close()
    connection = connect_to_prodev()
    try:
        create_table(connection)
        insert_data(connection, CSV_PATH)
        cursor = connection.cursor()
        cursor.execute("SELECT COUNT(*) AS users FROM user_data")
        print(f"{db.database_name()}.user_data: {cursor.fetchone()['users']} users")
        cursor.close()
    finally:
        connection.close()


if __name__ == "__main__":
    main()
