"""Grading a learner's SQL on the program's contract, as the program's own files are written.

The program's query files (joins, subqueries, aggregations, the performance query, the
indexes, the partitioning) are run on OUR schema and seed, whatever the learner's schema
and seed (those are graded by their own tasks), so that every question has a known answer.
Under `grade --against`, GRADER_REFERENCE names the untouched module: the schema and seed
are read from there, since the learner's schema.sql and seed.sql replace ours in the copy.

A learner writes for the program's entities, `User`, `Property`, `Booking`, `Payment`,
`Review` and `Message`, often as MySQL files that start with `USE airbnb;`. So before a
file runs: `USE` statements are dropped (a fresh database is already in use), and a table
name the database lacks is read as the entity it names (`User`, `users`, `Bookings`...) and
replaced by that entity's table here. Then each statement runs on its own, and its rows or
its error are kept: a learner's file written for MySQL may hold a statement another engine
refuses (a `FULL OUTER JOIN` on MariaDB), and the contract checks what ran.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlrunner.engines import database_errors
from sqlrunner.runner import MODULE, apply, execute, normalise, read_sql
from sqlrunner.statements import Statement, split

REFERENCE = Path(os.environ.get("GRADER_REFERENCE") or MODULE)

# The program's entities and the tables that hold them here.
ENTITIES = {
    "user": "users",
    "property": "properties",
    "booking": "bookings",
    "payment": "payments",
    "review": "reviews",
    "message": "messages",
}

# A string, a comment or an identifier (bare, `quoted` or "quoted"): what adapt() walks.
TOKEN = re.compile(
    r"'(?:[^'\\]|\\.|'')*'|--[^\n]*|/\*.*?\*/|`(?P<backtick>\w+)`|\"(?P<quoted>\w+)\""
    r"|(?P<bare>\b[A-Za-z_]\w*\b)",
    re.DOTALL,
)
CODE_ONLY = re.compile(r"'(?:[^'\\]|\\.|'')*'|--[^\n]*|/\*.*?\*/", re.DOTALL)


def reference_schema(engine: str) -> Path:
    return REFERENCE / "schema" / f"{engine}.sql"


REFERENCE_SEED = REFERENCE / "seed" / "seed.sql"


def load_reference(connection: Any, engine: str) -> None:
    """Our schema for `engine` and our seed: the data every question has an answer in."""
    apply(connection, engine, reference_schema(engine))
    apply(connection, engine, REFERENCE_SEED)


# Statements a learner's file opens with, for a database of its own: here the fresh
# database is already the one in use.
OWN_DATABASE = re.compile(
    r"^\s*(?:USE\s+[`\"\w.]+|(?:CREATE|DROP)\s+(?:DATABASE|SCHEMA)\b.*)\s*$",
    re.IGNORECASE | re.DOTALL,
)


def learner_statements(text: str, tables: Iterable[str] | None = None) -> list[Statement]:
    """The statements of a learner's file, but those that choose or make a database; with
    `tables`, the program's entity names read as those tables (see adapt)."""
    if tables is not None:
        text = adapt(text, tables)
    return [statement for statement in split(text) if not OWN_DATABASE.match(statement.sql)]


def load_learner_schema(connection: Any, engine: str, path: Path) -> None:
    """A learner's schema or seed file, run as `apply` runs ours (stopping at the first
    error, which names the line), without the statements that choose a database."""
    _apply(connection, engine, learner_statements(read_sql(path)), path)


def load_learner_seed(connection: Any, engine: str, path: Path) -> None:
    """A learner's seed on the database's schema: entity names read as its tables."""
    statements = learner_statements(read_sql(path), table_names(connection, engine))
    _apply(connection, engine, statements, path)


def _apply(connection: Any, engine: str, statements: list[Statement], path: Path) -> None:
    for statement in statements:
        if statement.runs_on(engine):
            execute(connection, engine, statement, path)


def entity_of(name: str) -> str | None:
    """The program's entity a table name stands for: `User`, `users`, `Properties`..."""
    word = re.sub(r"[^a-z]", "", name.lower())
    for candidate in (word, word.removesuffix("s"), word.removesuffix("ies") + "y"):
        if candidate in ENTITIES:
            return candidate
    return None


def table_names(connection: Any, engine: str) -> set[str]:
    """The tables (and views) of the current database, as the engine spells them."""
    query = {
        "sqlite": "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')",
        "mysql": "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = DATABASE()",
        "postgres": "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema()",
    }[engine]
    cursor = connection.cursor()
    try:
        cursor.execute(query)
        return {str(row[0]) for row in cursor.fetchall()}
    finally:
        cursor.close()


def adapt(sql: str, tables: Iterable[str]) -> str:
    """`sql` with each table name the database lacks read as the program's entity it
    names, and written as that entity's table here; the case of a name that exists in
    another case is put right too (MariaDB's names are case-sensitive)."""
    present = {name.lower(): name for name in tables}

    def replace(match: re.Match[str]) -> str:
        name = match.group("backtick") or match.group("quoted") or match.group("bare")
        if name is None or _is_call(sql, match):
            return match.group()
        if name in present.values():
            return match.group()
        if name.lower() in present:
            return present[name.lower()]
        entity = entity_of(name)
        if entity is not None and ENTITIES[entity] in present:
            return present[ENTITIES[entity]]
        return match.group()

    return TOKEN.sub(replace, sql)


# Words after which a name followed by "(" is a table and its column list, not a call.
BEFORE_TABLE = re.compile(r"\b(?:INTO|TABLE|REFERENCES|ON|JOIN|FROM|UPDATE)\s*$", re.IGNORECASE)


def _is_call(sql: str, match: re.Match[str]) -> bool:
    """A function call such as USER() or COUNT(...), not `INSERT INTO User(...)`."""
    if sql[match.end() : match.end() + 1] != "(":
        return False
    return not BEFORE_TABLE.search(sql[max(0, match.start() - 40) : match.start()])


@dataclass(frozen=True)
class Ran:
    """One statement of a learner's file, and what it gave on one engine."""

    statement: Statement
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    error: str = ""
    skipped: bool = False  # written for other engines (`-- engines:`)

    @property
    def ok(self) -> bool:
        return not self.error and not self.skipped

    @property
    def code(self) -> str:
        """The statement's SQL without comments and strings, upper-case, one-spaced."""
        return " ".join(CODE_ONLY.sub(" ", self.statement.sql).upper().split())

    @property
    def is_explain(self) -> bool:
        return self.code.startswith(("EXPLAIN", "ANALYZE", "DESCRIBE"))

    @property
    def is_query(self) -> bool:
        return self.code.startswith(("SELECT", "WITH", "(")) and not self.is_explain

    def names(self, *tables: str) -> bool:
        """Whether the statement reads each of these tables (our names)."""
        return all(re.search(rf"\b{table.upper()}\b", self.code) for table in tables)

    def texts(self) -> list[set[str]]:
        """Each row's values as text, normalised (money to two decimals, ids as text)."""
        return [{str(normalise(value)) for value in row if value is not None} for row in self.rows]

    def describe(self) -> str:
        first = self.statement.sql.split("\n", 1)[0][:80]
        outcome = self.error or ("skipped" if self.skipped else f"{len(self.rows)} rows")
        return f"line {self.statement.line} ({first}...): {outcome}"


def run_learner_file(connection: Any, engine: str, path: Path) -> list[Ran]:
    """Every statement of `path`, adapted (see adapt) and run on its own."""
    statements = learner_statements(read_sql(path), table_names(connection, engine))
    if engine == "sqlite":
        mysql_functions(connection)
    return [_run(connection, engine, statement) for statement in statements]


def _run(connection: Any, engine: str, statement: Statement) -> Ran:
    if not statement.runs_on(engine):
        return Ran(statement, skipped=True)
    cursor = connection.cursor()
    try:
        cursor.execute(statement.sql)
        if cursor.description is None:
            return Ran(statement)
        columns = tuple(str(column[0]) for column in cursor.description)
        return Ran(statement, columns, tuple(tuple(row) for row in cursor.fetchall()))
    except database_errors(engine) as error:
        return Ran(statement, error=f"{engine} refused it: {error}".replace("\n", " "))
    finally:
        cursor.close()


def mysql_functions(connection: Any) -> None:
    """MySQL's CONCAT on SQLite (3.44 has its own; older ones have only ||)."""
    if isinstance(connection, sqlite3.Connection):

        def concat(*parts: Any) -> str | None:
            if any(part is None for part in parts):
                return None
            return "".join(str(part) for part in parts)

        connection.create_function("CONCAT", -1, concat, deterministic=True)


def summary(ran: list[Ran]) -> str:
    """Every statement's outcome, one per line, for a failure message."""
    return "\n".join(f"  {outcome.describe()}" for outcome in ran)
