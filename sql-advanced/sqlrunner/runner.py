"""Running .sql files on a database: the schema for its engine, the seed, query files.

Each statement's result is a `Result` (column names and rows). `normalised()` turns the
engines' value types into one form (Decimal and float to 2 decimals, dates and UUIDs to
text) so that results can be compared across engines and with the expected data files.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlrunner.engines import database_errors
from sqlrunner.statements import ENGINES, SqlFileError, Statement, split

MODULE = Path(__file__).resolve().parents[1]
SCHEMA = {engine: MODULE / "schema" / f"{engine}.sql" for engine in ENGINES}
SEED = MODULE / "seed" / "seed.sql"

Value = str | int | float | None


class StatementError(RuntimeError):
    """A statement the engine refused: the message names the file, line and engine."""


@dataclass(frozen=True)
class Result:
    statement: Statement
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def normalised(self) -> list[list[Value]]:
        return [[normalise(value) for value in row] for row in self.rows]


def normalise(value: Any) -> Value:
    """One representation per value, whichever engine returned it."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, decimal.Decimal | float):
        rounded = round(float(value), 2)  # MySQL's SUM of integers is a Decimal too
        return int(rounded) if rounded.is_integer() else rounded
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return _text(bytes(value))
    return value  # type: ignore[no-any-return]


def _text(value: bytes) -> str:
    """Bytes as the text they hold (MySQL returns some text as bytes), else as hex."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return "0x" + value.hex()


def run_file(connection: Any, engine: str, path: Path) -> Iterator[Result | Statement]:
    """Run every statement of `path` meant for `engine`; yield each Result (or the
    Statement, when it returns no rows, or is skipped on this engine: see `runs_on`)."""
    yield from run_text(connection, engine, read_sql(path), path)


def read_sql(path: Path) -> str:
    """The text of a .sql file; SqlFileError (naming it) when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SqlFileError(f"{_relative(path)}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise SqlFileError(f"{_relative(path)}: cannot read: {error.strerror}") from None


def run_text(connection: Any, engine: str, text: str, path: Path) -> Iterator[Result | Statement]:
    """Like run_file, for `text` read from `path`; the file is split before anything runs."""
    try:
        statements = split(text)
    except SqlFileError as error:
        raise SqlFileError(f"{_relative(path)}: {error}") from None
    for statement in statements:
        if not statement.runs_on(engine):
            yield statement
            continue
        result = execute(connection, engine, statement, path)
        yield result if result is not None else statement


def execute(connection: Any, engine: str, statement: Statement, path: Path) -> Result | None:
    """One statement; its rows when it returns any columns."""
    cursor = connection.cursor()
    try:
        cursor.execute(statement.sql)
        if cursor.description is None:
            return None
        columns = tuple(column[0] for column in cursor.description)
        return Result(statement, columns, tuple(tuple(row) for row in cursor.fetchall()))
    except database_errors(engine) as error:  # a bug in the runner still shows its traceback
        where = f"{_relative(path)}:{statement.line}"
        raise StatementError(f"{where}: {engine} refused the statement: {error}") from error
    finally:
        cursor.close()


def apply(connection: Any, engine: str, path: Path) -> None:
    """Run a whole file (schema, seed, indexes) for its effects, stopping at the first error."""
    for _ in run_file(connection, engine, path):
        pass


def load_seed(connection: Any, engine: str) -> None:
    """The schema for `engine`, then the seed, in one go."""
    apply(connection, engine, SCHEMA[engine])
    apply(connection, engine, SEED)


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An aligned text table, as a database shell prints one."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    count = f"({len(rows)} row{'' if len(rows) == 1 else 's'})"
    return "\n".join([rule, line(columns), rule, *map(line, cells), rule, count])


def _cell(value: Any) -> str:
    normal = normalise(value)
    return "NULL" if normal is None else str(normal)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(MODULE))
    except ValueError:
        return str(path)
