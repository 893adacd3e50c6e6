"""Fixtures shared by the units that work on the SQLite `users` database.

`solution` imports the test file's `SOLUTION` module; `users_db` is a fresh database found
both ways a solution may look for it: through `USERS_DB` (ours) and as `users.db` in the
working directory (the program's hard-coded name), so the same tests grade a peer's files.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from users_database import SAMPLE_USERS, USERS_DB_VARIABLE, create_users_db


@pytest.fixture(scope="session")
def import_solution(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], ModuleType]:
    """`import_solution("decorators.log_queries")`: a solution module, imported in a test.

    A solution that fails on import (the grader's starter, a peer's broken file) then
    fails each of its tests instead of stopping collection, and a program-style file that
    runs its demo on import does so on a scratch database, never on a test's.
    """

    def load(name: str) -> ModuleType:
        if name in sys.modules:
            return sys.modules[name]
        scratch = tmp_path_factory.mktemp("import")
        create_users_db(scratch / "users.db")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(USERS_DB_VARIABLE, str(scratch / "users.db"))
            patch.chdir(scratch)
            return importlib.import_module(name)

    return load


@pytest.fixture(scope="module")
def solution(
    request: pytest.FixtureRequest, import_solution: Callable[[str], ModuleType]
) -> ModuleType:
    """The test file's `SOLUTION` module (see import_solution)."""
    return import_solution(request.module.SOLUTION)


@pytest.fixture
def users_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh `users` database with the sample rows, used by every connection the test opens."""
    path = tmp_path / "users.db"
    create_users_db(path, SAMPLE_USERS)
    monkeypatch.setenv(USERS_DB_VARIABLE, str(path))
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture
def sample_users() -> list[tuple[int, str, str, int]]:
    return list(SAMPLE_USERS)
