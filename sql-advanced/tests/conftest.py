"""Fresh databases on every engine: SQLite always, MariaDB and PostgreSQL when configured.

`engine` is parametrized over the three engines; the MariaDB and PostgreSQL cases carry
`services("mysql")` / `services("postgres")` and skip (naming the variable) when
DATABASE_URL / POSTGRES_URL is unset. `empty_db` is a new database with the schema only,
`seeded_db` one with the schema and seed/seed.sql (the files the schema and seed tasks
grade), `program_db` one with our untouched schema and seed, on which a learner's query
files run (see tests/program.py). Each is created for the test and dropped after it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlrunner.engines import fresh_database
from sqlrunner.runner import SCHEMA, apply, load_seed
from tests.program import load_reference

URL_VARIABLES = {"sqlite": None, "mysql": "DATABASE_URL", "postgres": "POSTGRES_URL"}
ENGINE_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("mysql", id="mysql", marks=pytest.mark.services("mysql")),
    pytest.param("postgres", id="postgres", marks=pytest.mark.services("postgres")),
]
# The engines a learner's query file is graded on: the program writes for MySQL, so
# MariaDB, and SQLite, the embedded default; PostgreSQL would refuse MySQL's dialect.
PROGRAM_ENGINES = ENGINE_PARAMS[:2]


@dataclass
class Db:
    engine: str
    connection: Any

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one query, with `?` placeholders written as the engine wants them."""
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.placeholders(sql), params)
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self.placeholders(sql), params)
        finally:
            cursor.close()

    def placeholders(self, sql: str) -> str:
        return sql if self.engine == "sqlite" else sql.replace("?", "%s")


def url_for(engine: str) -> str | None:
    variable = URL_VARIABLES[engine]
    return os.environ[variable] if variable else None


@pytest.fixture(params=ENGINE_PARAMS)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_db(engine: str) -> Iterator[Db]:
    """A fresh database on `engine` holding the schema only."""
    with fresh_database(url_for(engine)) as (_, connection):
        apply(connection, engine, SCHEMA[engine])
        yield Db(engine, connection)


@pytest.fixture
def seeded_db(engine: str) -> Iterator[Db]:
    """A fresh database on `engine` holding the schema and the seed."""
    with fresh_database(url_for(engine)) as (_, connection):
        load_seed(connection, engine)
        yield Db(engine, connection)


@pytest.fixture
def program_db(engine: str) -> Iterator[Db]:
    """A fresh database on `engine` holding our own schema and seed, whatever files the
    schema and seed tasks are grading (tests/program.py)."""
    with fresh_database(url_for(engine)) as (_, connection):
        load_reference(connection, engine)
        yield Db(engine, connection)
