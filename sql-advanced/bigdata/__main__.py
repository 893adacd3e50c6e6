"""`python -m bigdata [--url URL] [--bookings N] [--seed S] [--keep NAME]`.

Generates the data set, applies the schema to a database and bulk-loads the rows, printing
how long each step took and the row count of each table read back from the database.
The URL comes from --url or DATABASE_URL; neither means SQLite. Without --keep the
database is a fresh one, dropped at the end (a timing run); with --keep NAME it is created
as NAME (a file path for SQLite) and left for you to query; NAME must not exist yet.
Exit status: 0 loaded, 1 the load failed, 2 bad input (a size, a URL, a name, a server).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlrunner.engines import (
    URL_HELP,
    EngineError,
    Server,
    connect,
    fresh_database,
    quote_name,
    server_for,
)
from sqlrunner.runner import SCHEMA, StatementError, apply

from bigdata.load import load
from bigdata.rows import DEFAULT_BOOKINGS, SEED, TABLES, Sizes, generate
from bigdata.steps import LoadError

DATABASE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    url = options.url if options.url is not None else os.environ.get("DATABASE_URL")
    try:
        server = server_for(url)
        if options.keep is not None:
            _check_name(server, options.keep)
        started = time.perf_counter()
        data = generate(options.bookings, seed=options.seed)
        print(f"generated {options.bookings:,} bookings in {time.perf_counter() - started:.1f}s")
        with _database(url, server, options.keep) as connection:
            apply(connection, server.engine, SCHEMA[server.engine])
            seconds = load(connection, server.engine, data)
            print("load: " + "  ".join(f"{step} {s:.1f}s" for step, s in seconds.items()))
            for table, count in table_counts(connection).items():
                print(f"{table:<11} {count:>10,} rows")
    except (EngineError, ValueError) as error:
        print(f"bigdata: {error}", file=sys.stderr)
        return 2
    except (LoadError, StatementError) as error:
        print(f"bigdata: {error}", file=sys.stderr)
        return 1
    if options.keep:
        print(f"kept {server.engine} database {options.keep}")
    return 0


def table_counts(connection: Any) -> dict[str, int]:
    """Each table's row count, read back from the database."""
    cursor = connection.cursor()
    counts = {}
    for table in TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        counts[table] = int(cursor.fetchone()[0])
    cursor.close()
    return counts


@contextlib.contextmanager
def _database(url: str | None, server: Server, keep: str | None) -> Iterator[Any]:
    if keep is None:
        with fresh_database(url) as (_, connection):
            yield connection
        return
    if server.engine != "sqlite":
        _create_database(server, keep)
    connection = connect(server, keep)
    try:
        yield connection
    finally:
        connection.close()


def _check_name(server: Server, name: str) -> None:
    """Refuse, before any work, a SQLite file that exists or a name that needs quoting."""
    if server.engine == "sqlite":
        if Path(name).exists():
            raise ValueError(f"--keep {name}: the file exists already")
    elif not DATABASE_NAME.match(name):
        raise ValueError(f"--keep {name!r}: use letters, digits and _ (a plain identifier)")


def _create_database(server: Server, name: str) -> None:
    """CREATE DATABASE `name` (the server refuses one that exists)."""
    admin = connect(server, "postgres" if server.engine == "postgres" else "")
    try:
        cursor = admin.cursor()
        cursor.execute(f"CREATE DATABASE {quote_name(server.engine, name)}")
    except Exception as error:  # each driver has its own error classes
        raise ValueError(f"--keep {name}: cannot create the database: {error}") from None
    finally:
        admin.close()


def positive_count(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    try:
        Sizes(number)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bigdata",
        description="Generate the large booking data set and bulk-load it into a database.",
    )
    parser.add_argument("--url", help=URL_HELP)
    parser.add_argument(
        "--bookings",
        type=positive_count,
        default=DEFAULT_BOOKINGS,
        metavar="N",
        help=f"bookings to generate (default {DEFAULT_BOOKINGS:,}); the other tables scale",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument(
        "--keep",
        metavar="NAME",
        help="load into a new database NAME and keep it (default: a fresh one, dropped)",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
