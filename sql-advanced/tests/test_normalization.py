"""normalization.md's claims checked against the schema itself, on every engine.

The document's table of functional dependencies (`| Table | Key | Determines |`, one row
per determinant) is read as data and compared with the engine's catalog after loading
schema/: every table has a primary key (1NF, 2NF), no column holds a list (no SET, JSON
or array type), and every column of every table is listed exactly once, as (part of) the
primary key or as determined by a key the schema enforces, the primary key or a UNIQUE
one. A row whose determinant is any other column set is a dependency on a non-key
(transitive, or partial): 3NF forbids it, and the schema does not enforce it, so the test
names it. A table or a column the document forgets is named too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlrunner.engines import fresh_database
from sqlrunner.runner import MODULE, apply
from tests.catalog import Table, describe
from tests.conftest import Db
from tests.program import reference_schema

pytestmark = pytest.mark.task("extras.normalization")

DOCUMENT = MODULE / "normalization.md"
HEADER = re.compile(r"^\|\s*table\s*\|\s*key\s*\|\s*determines\s*\|\s*$", re.IGNORECASE)
SEPARATOR = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
REMARK = re.compile(r"\([^)]*\)")
# Column types that hold several values in one cell.
LIST_TYPES = re.compile(r"^(?:set\(|json|jsonb|array|\w+\[\])", re.IGNORECASE)


@dataclass(frozen=True)
class Dependency:
    table: str
    key: tuple[str, ...]
    determines: tuple[str, ...]
    line: int


def columns_of(cell: str) -> tuple[str, ...]:
    names = REMARK.sub(" ", cell).replace("`", "").split(",")
    return tuple(name.strip().lower() for name in names if name.strip())


def dependencies(text: str) -> list[Dependency]:
    """The rows of the document's `| Table | Key | Determines |` table."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if HEADER.match(line.strip()) and SEPARATOR.match(lines[index + 1].strip()):
            rows = []
            for number, row in enumerate(lines[index + 2 :], start=index + 3):
                if not row.strip().startswith("|"):
                    break
                cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
                if len(cells) != 3:
                    raise AssertionError(f"line {number}: a row needs 3 cells: {row!r}")
                table, key, determines = cells
                rows.append(
                    Dependency(table.strip("`").lower(), columns_of(key), columns_of(determines),
                               number)
                )  # fmt: skip
            return rows
    return []


def problems(found: list[Dependency], tables: dict[str, Table]) -> list[str]:
    """What the document gets wrong about `tables`, one sentence each; [] when nothing."""
    if not found:
        return ["no `| Table | Key | Determines |` table of functional dependencies"]
    wrong = [
        f"line {row.line}: {row.table} is not a table of the schema"
        for row in found
        if row.table not in tables
    ]
    for name, table in tables.items():
        rows = [row for row in found if row.table == name]
        if not rows:
            wrong.append(f"table {name} is missing")
            continue
        primary = tuple(table.primary_key)
        keys = {frozenset(primary)} | {frozenset(unique) for unique in table.unique}
        if not any(frozenset(row.key) == frozenset(primary) for row in rows):
            wrong.append(f"{name}: no row keyed by its primary key ({', '.join(primary)})")
        for row in rows:
            if frozenset(row.key) not in keys:
                wrong.append(
                    f"line {row.line}: {name}: ({', '.join(row.key)}) is neither its primary"
                    " key nor UNIQUE: a dependency on a non-key the schema does not enforce"
                )
        listed = list(primary) + [column for row in rows for column in row.determines]
        catalog = [column.name.lower() for column in table.columns]
        for column in catalog:
            count = listed.count(column)
            if count != 1:
                wrong.append(f"{name}.{column} is listed {count} times, not once")
        wrong += [
            f"{name}.{column} is not a column of the table"
            for column in sorted(set(listed) - set(catalog))
        ]
    return wrong


def document() -> str:
    return DOCUMENT.read_text(encoding="utf-8", errors="replace")


def test_every_table_has_a_primary_key(empty_db: Any) -> None:
    tables = describe(empty_db)
    assert tables, "the schema made no table"
    keyless = sorted(name for name, table in tables.items() if not table.primary_key)
    assert not keyless, f"tables without a primary key (not 1NF): {keyless}"


def test_no_column_holds_a_list(empty_db: Any) -> None:
    lists = [
        f"{name}.{column.name} ({column.kind})"
        for name, table in describe(empty_db).items()
        for column in table.columns
        if LIST_TYPES.match(column.kind)
    ]
    if empty_db.engine == "mysql":  # MariaDB's JSON is LONGTEXT with a json_valid() CHECK
        lists += [
            f"{table}.{check}"
            for table, check, clause in empty_db.rows(
                "SELECT table_name, constraint_name, check_clause"
                " FROM information_schema.check_constraints"
                " WHERE constraint_schema = DATABASE()"
            )
            if "json_valid" in clause.lower()
        ]
    assert not lists, f"columns that hold several values (not 1NF): {lists}"


def test_every_column_depends_on_a_key(empty_db: Any) -> None:
    found = problems(dependencies(document()), describe(empty_db))
    assert not found, f"{DOCUMENT.name} disagrees with the catalog:\n" + "\n".join(found)


MUTATIONS = {
    "a table forgotten": (r"^\| messages \|.*\n", "", "table messages is missing"),
    "a column forgotten": (r"(\| bookings \| booking_id \|.*), status", r"\1",
                           "bookings.status is listed 0 times"),
    "a column listed twice": (r"(\| payments \| payment_id \| booking_id)", r"\1, booking_id",
                              "payments.booking_id is listed 2 times"),
    "a transitive dependency": (
        r"(\| properties \| property_id \|.*), pricepernight(.*)\n",
        r"\1\2\n| properties | location | pricepernight |\n",
        "(location) is neither its primary key nor UNIQUE",
    ),
}  # fmt: skip


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_a_wrong_document_is_caught(mutation: str) -> None:
    """Our own schema's catalog (SQLite), and the document with one mistake made in it."""
    with fresh_database(None) as (_, connection):
        apply(connection, "sqlite", reference_schema("sqlite"))
        tables = describe(Db("sqlite", connection))
    text = document()
    assert not problems(dependencies(text), tables), "the document itself must be right"
    pattern, replacement, expected = MUTATIONS[mutation]
    wrong, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{mutation}: the document has no row to change"
    found = problems(dependencies(wrong), tables)
    assert any(expected in problem for problem in found), f"{mutation}: not caught: {found}"
