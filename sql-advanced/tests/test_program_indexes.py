"""The program's index task (database-adv-script/database_index.sql), graded on its text:
CREATE INDEX commands for high-usage columns of the User, Booking and Property tables.

The file runs on our schema and seed (tests/program.py): every CREATE INDEX must make an
index on real columns (an index of that name already made by the schema is no fault), at
least one on users, bookings or properties, and on SQLite, where the plan of a lookup is
plain, each new index serves a lookup by its first column. That each query of
queries/index_targets.sql uses its index is `extras.indexes` (test_indexes.py).
"""

from __future__ import annotations

import re

import pytest
from sqlrunner.runner import MODULE
from tests.conftest import PROGRAM_ENGINES
from tests.program import Ran, run_learner_file, summary
from tests.query_files import Database

pytestmark = pytest.mark.task("indexes.create")

INDEXES = MODULE / "queries" / "database_index.sql"
CREATE_INDEX = re.compile(
    r"^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[`\"]?(?P<name>\w+)[`\"]?\s+ON\s+"
    r"[`\"]?(?P<table>\w+)[`\"]?",
)
ALREADY = re.compile(r"already exists|duplicate key name", re.IGNORECASE)


def creates(ran: list[Ran]) -> list[tuple[Ran, re.Match[str]]]:
    return [(o, m) for o in ran if (m := CREATE_INDEX.match(o.code))]


@pytest.mark.parametrize("engine", PROGRAM_ENGINES, indirect=True)
def test_creates_indexes_on_users_bookings_or_properties(program_db: Database) -> None:
    ran = run_learner_file(program_db.connection, program_db.engine, INDEXES)
    made = creates(ran)
    assert made, f"no CREATE INDEX:\n{summary(ran)}"
    refused = [o for o, _ in made if o.error and not ALREADY.search(o.error)]
    assert not refused, f"CREATE INDEX refused on our schema:\n{summary(refused)}"
    tables = {m["table"].lower() for _, m in made}
    assert tables & {"users", "bookings", "properties"}, (
        f"no index on users, bookings or properties: {sorted(tables)}"
    )


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # a plain plan, not sizes
def test_each_new_index_serves_a_lookup_by_its_first_column(program_db: Database) -> None:
    before = indexes(program_db)
    run_learner_file(program_db.connection, program_db.engine, INDEXES)
    new = {name: where for name, where in indexes(program_db).items() if name not in before}
    assert new, "the file made no new index"
    for name, (table, column) in new.items():
        value = program_db.rows(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL LIMIT 1")
        if not value:
            continue  # nothing to look up (an empty table)
        plan = program_db.rows(
            f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = ?", (value[0][0],)
        )
        details = " ".join(str(row[-1]) for row in plan)
        assert "INDEX" in details, (
            f"a lookup by {table}.{column} uses no index ({name}): {details}"
        )


def indexes(db: Database) -> dict[str, tuple[str, str]]:
    """SQLite's indexes made by CREATE INDEX: name -> (table, first column)."""
    found = {}
    for name, table in db.rows(
        "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
    ):
        columns = db.rows(f"PRAGMA index_info({name})")
        if columns and columns[0][2]:
            found[str(name)] = (str(table), str(columns[0][2]))
    return found
