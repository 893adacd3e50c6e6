"""`python -m sqlrunner [--url URL] [--no-seed] FILE...`: run .sql files on a fresh database.

The database is new for every run and gone after it: the schema for the URL's engine,
then the seed (unless --no-seed), then each FILE, printing every statement's question and
result table. The URL comes from --url or DATABASE_URL; neither means SQLite.
Exit status: 0 done, 1 a statement failed, 2 bad input (a URL, a file, a missing driver).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlrunner.engines import URL_HELP, EngineError, fresh_database, redacted
from sqlrunner.runner import SCHEMA, StatementError, apply, format_table, load_seed, run_file
from sqlrunner.statements import SqlFileError, Statement


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    url = options.url if options.url is not None else os.environ.get("DATABASE_URL")
    missing = [str(path) for path in options.files if not path.is_file()]
    if missing:
        print(f"sqlrunner: no such file: {missing[0]}", file=sys.stderr)
        return 2
    try:
        with fresh_database(url) as (server, connection):
            print(f"-- engine: {server.engine}{f' ({redacted(url)})' if url else ''}")
            if options.no_seed:
                apply(connection, server.engine, SCHEMA[server.engine])
            else:
                load_seed(connection, server.engine)
            for path in options.files:
                _print_file(connection, server.engine, path)
    except (EngineError, SqlFileError) as error:
        print(f"sqlrunner: {error}", file=sys.stderr)
        return 2
    except StatementError as error:
        print(f"sqlrunner: {error}", file=sys.stderr)
        return 1
    return 0


def _print_file(connection: object, engine: str, path: Path) -> None:
    print(f"\n== {path}")
    for outcome in run_file(connection, engine, path):
        statement = outcome if isinstance(outcome, Statement) else outcome.statement
        print()
        if statement.comment:
            print("\n".join(f"-- {line}" for line in statement.comment.splitlines()))
        if not statement.runs_on(engine):
            print(f"(skipped on {engine}: written for {', '.join(statement.engines)})")
        elif isinstance(outcome, Statement):
            print(f"(done: {statement.sql.split()[0].upper()} ...)")
        else:
            print(format_table(outcome.columns, outcome.rows))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sqlrunner",
        description="Run .sql files on a fresh database: the schema, the seed, then each file.",
    )
    parser.add_argument("--url", help=URL_HELP)
    parser.add_argument("--no-seed", action="store_true", help="apply the schema only")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help=".sql files to run")
    return parser


if __name__ == "__main__":
    sys.exit(main())
