"""Pytest plugin the grader loads with `-p grader_report` in every module it runs.

It streams one JSON object per line to the file named by `--grader-report`, so the
grader can show progress while pytest runs and still knows what finished if pytest
is killed. Events: `collected` (every selected test with its task ids and source),
`collect_error`, `result` (one per test, after teardown) and `finish`.
It stands alone on PYTHONPATH: it imports nothing from the grader or the repository.
"""

from __future__ import annotations

import inspect
import json
from typing import IO, Any

import pytest

MESSAGE_LIMIT = 1000
OUTPUT_LIMIT = 500  # Exercism's limit for a test's `output`


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader")
    group.addoption("--grader-report", metavar="PATH", help="write JSON-lines events here")
    group.addoption(
        "--grader-task",
        action="append",
        default=[],
        metavar="ID",
        help="run only the tests marked with this task id (repeatable)",
    )


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--grader-report")
    if path:
        stream = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - closed at unconfigure
        config.pluginmanager.register(Reporter(stream), "grader-reporter")


def task_ids(item: pytest.Item) -> list[str]:
    """The task ids of the closest `task` marker: a function's marker overrides its module's."""
    marker = item.get_closest_marker("task")
    return [str(arg) for arg in marker.args] if marker else []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("--grader-task"))
    if not wanted:
        return
    keep = [item for item in items if wanted & set(task_ids(item))]
    dropped = [item for item in items if not wanted & set(task_ids(item))]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


class Reporter:
    """Writes the events; folds a test's setup, call and teardown into one `result`."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._pending: dict[str, dict[str, Any]] = {}

    def emit(self, event: dict[str, Any]) -> None:
        self._stream.write(json.dumps(event) + "\n")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        tests = [
            {"nodeid": item.nodeid, "tasks": task_ids(item), "test_code": _source(item)}
            for item in session.items
        ]
        self.emit({"event": "collected", "tests": tests})

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.emit(
                {"event": "collect_error", "nodeid": report.nodeid, "message": _error_text(report)}
            )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        result = self._pending.setdefault(
            report.nodeid,
            {"event": "result", "nodeid": report.nodeid, "outcome": "passed", "duration": 0.0},
        )
        result["duration"] += report.duration
        if result["outcome"] == "passed":
            outcome, message = _phase_outcome(report)
            if outcome != "passed":
                result.update(outcome=outcome, message=message, output=_output(report))
        if report.when == "teardown":
            self.emit(self._pending.pop(report.nodeid))

    def pytest_sessionfinish(self, exitstatus: int) -> None:
        self.emit({"event": "finish", "exitstatus": int(exitstatus)})

    def pytest_unconfigure(self) -> None:
        self._stream.close()


def _phase_outcome(report: pytest.TestReport) -> tuple[str, str]:
    if report.skipped:
        if hasattr(report, "wasxfail"):
            return "skipped", _trim(f"expected to fail: {report.wasxfail}")
        return "skipped", _skip_reason(report)
    if report.failed:
        outcome = "failed" if report.when == "call" else "error"
        return outcome, _error_text(report)
    return "passed", ""


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return _trim(reason.removeprefix("Skipped: "))


def _error_text(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The crash line (e.g. `AssertionError: assert 3 == 4`), else the error lines."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and crash.message:
        return _trim(crash.message)
    lines = report.longreprtext.splitlines()
    errors = [line[1:].strip() for line in lines if line.startswith("E ")]
    return _trim("\n".join(errors) or (lines[-1] if lines else "error"))


def _output(report: pytest.TestReport) -> str:
    return (report.capstdout + report.capstderr)[-OUTPUT_LIMIT:]


def _source(item: pytest.Item) -> str:
    function = getattr(item, "function", None)
    try:
        return inspect.getsource(function) if function else ""
    except (OSError, TypeError):
        return ""


def _trim(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"
