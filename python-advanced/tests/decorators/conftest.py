"""Fixtures of the decorators tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture
def read_email(users_db: Path) -> Callable[[int], str]:
    """The stored email of a user, read through a fresh connection (what others see)."""

    def read(user_id: int) -> str:
        conn = sqlite3.connect(users_db)
        try:
            (email,) = conn.execute("SELECT email FROM users WHERE id = ?", (user_id,)).fetchone()
        finally:
            conn.close()
        return str(email)

    return read


class Shown:
    """What the code showed since the test began: log records (any logger, any level) and
    lines printed to stdout or stderr. "Log the query" is read either way."""

    def __init__(self, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]):
        self._caplog = caplog
        self._capsys = capsys
        self._printed: list[str] = []

    def printed(self) -> list[str]:
        out, err = self._capsys.readouterr()
        self._printed += (out + err).splitlines()
        return list(self._printed)

    def logged(self) -> list[str]:
        return [record.getMessage() for record in self._caplog.records]

    def lines(self) -> list[str]:
        return self.logged() + self.printed()

    def mentioning(self, text: str) -> list[str]:
        return [line for line in self.lines() if text in line]


@pytest.fixture
def shown(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> Shown:
    """The log and the output from here on (a demo run when the file was imported is not)."""
    caplog.set_level(logging.DEBUG)
    capsys.readouterr()
    caplog.clear()
    return Shown(caplog, capsys)


RUNAWAY = 50  # calls or waits: far more than any reading of retry_on_failure's settings


class RunawayRetry(BaseException):
    """Stops a retry loop that would never end (not an Exception, so not retried)."""


@pytest.fixture
def record_sleeps(monkeypatch: pytest.MonkeyPatch) -> Callable[[ModuleType], list[float]]:
    """`record_sleeps(module)`: time.sleep records its delay instead of waiting, also where
    the module bound it with `from time import sleep`; returns the delays asked for."""

    def patch(module: ModuleType) -> list[float]:
        recorded: list[float] = []
        real_sleep = time.sleep

        def record(seconds: float) -> None:
            recorded.append(seconds)
            if len(recorded) > RUNAWAY:
                raise RunawayRetry(f"more than {RUNAWAY} waits: the retries never stop")

        monkeypatch.setattr(time, "sleep", record)
        for name, value in list(vars(module).items()):
            if value is real_sleep:
                monkeypatch.setattr(module, name, record)
        return recorded

    return patch


@pytest.fixture
def make_flaky() -> Callable[[int | None], tuple[Callable[[str], str], list[Exception]]]:
    """`make_flaky(succeed_on)`: a query function failing with a new, numbered error on
    every call before call `succeed_on` (None: every call), and the list of its errors."""

    def make(succeed_on: int | None) -> tuple[Callable[[str], str], list[Exception]]:
        errors: list[Exception] = []

        def query_users(query: str) -> str:
            if len(errors) + 1 == succeed_on:
                return f"rows of {query}"
            if len(errors) >= RUNAWAY:
                raise RunawayRetry(f"called more than {RUNAWAY} times: the retries never stop")
            errors.append(sqlite3.OperationalError(f"database is locked (call {len(errors) + 1})"))
            raise errors[-1]

        return query_users, errors

    return make
