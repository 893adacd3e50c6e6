"""Running a query file of queries/ on a seeded database and checking it against its
expected results (tests/expected/<file stem>.json).

An expected file lists, in order, every statement of the query file that is not an
EXPLAIN (plans differ per engine): its question, its columns and its rows in the form of
`Result.normalised()`, plus `engines` when the statement is written for some engines only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlrunner.runner import MODULE, Result, Value, run_file
from sqlrunner.statements import ENGINES, Statement

QUERIES = MODULE / "queries"
EXPECTED = Path(__file__).resolve().parent / "expected"


class Database(Protocol):
    """What the tests' `seeded_db` fixture (conftest.Db) offers."""

    engine: str
    connection: Any

    def rows(self, sql: str, params: tuple[Any, ...] = ...) -> list[tuple[Any, ...]]: ...

    def run(self, sql: str, params: tuple[Any, ...] = ...) -> None: ...


@dataclass(frozen=True)
class Outcome:
    """One statement of a query file and its result (None: skipped on this engine)."""

    statement: Statement
    result: Result | None

    @property
    def rows(self) -> list[list[Value]]:
        assert self.result is not None, f"line {self.statement.line} gave no rows"
        return self.result.normalised()


def run_queries(db: Database, stem: str) -> list[Outcome]:
    """Every statement of queries/<stem>.sql, run on `db` when written for its engine."""
    outcomes = []
    for outcome in run_file(db.connection, db.engine, QUERIES / f"{stem}.sql"):
        if isinstance(outcome, Result):
            outcomes.append(Outcome(outcome.statement, outcome))
        else:
            outcomes.append(Outcome(outcome, None))
    return outcomes


def is_explain(statement: Statement) -> bool:
    return statement.sql.split(maxsplit=1)[0].upper() == "EXPLAIN"


def answers(outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes of the statements that answer a question (all but the EXPLAINs)."""
    return [outcome for outcome in outcomes if not is_explain(outcome.statement)]


def expected_statements(stem: str) -> list[dict[str, Any]]:
    data = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
    statements: list[dict[str, Any]] = data["statements"]
    return statements


def assert_matches_expected(db: Database, stem: str) -> list[Outcome]:
    """Every non-EXPLAIN statement of queries/<stem>.sql gives exactly its expected
    columns and rows on `db` (or is skipped there, as its expected entry says)."""
    found = answers(run_queries(db, stem))
    expected = expected_statements(stem)
    assert len(found) == len(expected), (
        f"queries/{stem}.sql has {len(found)} queries besides EXPLAINs; "
        f"{len(expected)} expected ({[entry['question'].split(chr(10))[0] for entry in expected]})"
    )
    for outcome, entry in zip(found, expected, strict=True):
        question = entry["question"].splitlines()[0]
        where = f"queries/{stem}.sql:{outcome.statement.line} ({question})"
        engines = tuple(entry.get("engines", ENGINES))
        assert outcome.statement.engines == engines, f"{where}: written for the wrong engines"
        if db.engine not in engines:
            assert outcome.result is None, f"{where}: ran on {db.engine}"
            continue
        assert outcome.result is not None, f"{where}: returned no rows on {db.engine}"
        assert list(outcome.result.columns) == entry["columns"], f"{where}: columns"
        assert outcome.rows == entry["rows"], f"{where}: rows on {db.engine}"
    return found


def with_comment_prefix(outcomes: list[Outcome], prefix: str) -> Outcome:
    """The one statement whose question starts with `prefix` (e.g. `initial:`)."""
    matching = [o for o in outcomes if o.statement.comment.lower().startswith(prefix.lower())]
    assert len(matching) == 1, f"expected one statement commented {prefix!r}, got {len(matching)}"
    return matching[0]


def flat_sql(sql: str) -> str:
    """SQL without its comments and with single spaces, to compare two statements."""
    lines = (line.split("--", 1)[0] for line in sql.splitlines())
    return " ".join(" ".join(lines).split())
