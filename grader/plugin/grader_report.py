"""Pytest plugin the grader loads with `-p grader_report` in every module it runs.

It streams one JSON object per line to the file named by `--grader-report`, so the
grader can show progress while pytest runs and still knows what finished if pytest
is killed. Events: `collected` (every selected test with its task ids and source),
`collect_error` (with the task ids its file names), `start` (a test begins), `result`
(one per test, after teardown), `touched` (a file under grading was used, see
`Watcher`) and `finish` (after the session's own teardown).
It stands alone on PYTHONPATH: it imports nothing from the grader or the repository.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest

MESSAGE_LIMIT = 1500  # enough for pytest's full assertion diff of a typical failure
OUTPUT_LIMIT = 500  # Exercism's limit for a test's `output`
TASK_MARKER = re.compile(r"mark\.task\(([^)]*)\)")
STRING = re.compile(r"""["']([a-z0-9_.]+)["']""")
BARE_EXCEPTION = re.compile(r"^[\w.]+:?\s*$")
message_limit = MESSAGE_LIMIT  # --grader-message-limit: practice shows a whole diff
SESSION = ""  # the context of everything outside a collector, fixture or test


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
    group.addoption(
        "--grader-watch",
        action="append",
        default=[],
        metavar="PATH",
        help="report which tests open or run this file (repeatable)",
    )
    group.addoption(
        "--grader-message-limit",
        type=int,
        default=MESSAGE_LIMIT,
        metavar="N",
        help=f"characters of a failure's message kept (default {MESSAGE_LIMIT})",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Start reporting before the first conftest and before pytest-django sets Django up:
    that imports every app's models, signals and managers, files the Watcher must see."""
    global message_limit
    options = early_config.known_args_namespace
    message_limit = options.grader_message_limit
    path = options.grader_report
    if path:
        stream = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - closed at unconfigure
        reporter = Reporter(stream)
        early_config.pluginmanager.register(reporter, "grader-reporter")
        if options.grader_watch:
            watcher = Watcher(reporter, options.grader_watch)
            early_config.pluginmanager.register(watcher, "grader-watcher")


def task_ids(item: pytest.Item) -> list[str]:
    """The task ids of the closest `task` marker: a function's marker overrides its module's."""
    marker = item.get_closest_marker("task")
    return [str(arg) for arg in marker.args] if marker else []


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With --grader-task, a test file whose task markers all name other tasks is not even
    imported: a one-task run (practice check, --verify) then skips the other files' imports
    and module-level set-up. A file with no marker, or with an id computed at run time,
    is collected as usual."""
    wanted = set(config.getoption("--grader-task"))
    if (
        not wanted
        or collection_path.suffix != ".py"
        or not collection_path.name.startswith("test_")
    ):
        return None
    try:
        source = collection_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    named = [STRING.fullmatch(arguments.strip()) for arguments in TASK_MARKER.findall(source)]
    if not named or not all(named):
        return None
    return not wanted.intersection(match[1] for match in named if match)


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
                {
                    "event": "collect_error",
                    "nodeid": report.nodeid,
                    "message": _error_text(report),
                    "tasks": tasks_named_in(Path(report.fspath)),
                }
            )

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self.emit({"event": "start", "nodeid": nodeid})

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

    @pytest.hookimpl(trylast=True)  # after the session fixtures' teardown
    def pytest_sessionfinish(self, exitstatus: int) -> None:
        self.emit({"event": "finish", "exitstatus": int(exitstatus)})

    def pytest_unconfigure(self) -> None:
        self._stream.close()


class Watcher:
    """Reports in which context each watched file is used, so the grader can tell which
    tests exercised a file under grading (`--against`).

    A file is used when the pytest process opens it (reading, copying, importing) or
    starts a process whose arguments name it. The context is the test being run, the
    collector being collected (a test file's imports) or the scope node of the fixture
    being set up (a module-scoped fixture serves the whole module); outside of those, the
    session. A test exercised a file used in its own context or an ancestor's. A Python
    file is imported once per process whoever asks first, so it counts for the session.
    """

    def __init__(self, reporter: Reporter, paths: list[str]) -> None:
        self._reporter = reporter
        self._watched = {os.path.realpath(path): path for path in paths}
        self._contexts = [SESSION]
        self._seen: set[tuple[str, str]] = set()
        self._busy = False
        sys.addaudithook(self._audit)

    def _audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event not in ("open", "subprocess.Popen", "os.system") or self._busy:
            return
        self._busy = True
        try:
            for path in self._named(event, args):
                context = SESSION if path.endswith(".py") else self._contexts[-1]
                if (context, path) not in self._seen:
                    self._seen.add((context, path))
                    self._reporter.emit({"event": "touched", "context": context, "file": path})
        finally:
            self._busy = False

    def _named(self, event: str, args: tuple[Any, ...]) -> set[str]:
        if event in ("open", "os.system"):  # (path, ...) or (command,)
            candidates, cwd = [args[0]], os.getcwd()
        else:  # subprocess.Popen: (executable, args, cwd, env)
            executable, arguments, cwd = args[0], args[1], args[2] or os.getcwd()
            if isinstance(arguments, (str, bytes, os.PathLike)):
                arguments = [arguments]
            candidates = [executable, *(arguments or [])]
        return {self._watched[real] for real in self._resolve(candidates, os.fsdecode(cwd))}

    def _resolve(self, candidates: list[Any], cwd: str) -> Iterator[str]:
        for candidate in candidates:
            if not isinstance(candidate, (str, bytes, os.PathLike)):
                continue  # a file descriptor
            for word in os.fsdecode(candidate).split():
                real = os.path.realpath(os.path.join(cwd, word.strip("'\"")))
                if real in self._watched:
                    yield real

    @contextmanager
    def _within(self, nodeid: str) -> Iterator[None]:
        self._contexts.append(nodeid)
        try:
            yield
        finally:
            self._contexts.pop()

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Any:
        with self._within(collector.nodeid):
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Any:
        with self._within(item.nodeid):
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef: Any, request: pytest.FixtureRequest) -> Any:
        with self._within(request.node.nodeid if fixturedef.scope != "session" else SESSION):
            return (yield)


def tasks_named_in(path: Path) -> list[str]:
    """The task ids a test file (or every test file under a folder) names in its markers,
    read from the source, for a file that could not even be imported."""
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    found: dict[str, None] = {}
    for file in files:
        try:
            source = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for arguments in TASK_MARKER.findall(source):
            found.update(dict.fromkeys(STRING.findall(arguments)))
    return list(found)


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
    """The exception with pytest's whole assertion explanation (the diff), and where it
    was raised when the exception says nothing more than its type."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is None or not crash.message:
        lines = report.longreprtext.splitlines()
        errors = [line[1:].strip() for line in lines if line.startswith("E ")]
        return _trim("\n".join(errors) or (lines[-1] if lines else "error"))
    message = crash.message
    if BARE_EXCEPTION.match(message):  # e.g. `AssertionError` from a helper pytest did not rewrite
        source = [line[1:].strip() for line in report.longreprtext.splitlines() if line[:1] == ">"]
        where = f"{Path(crash.path).name}:{crash.lineno}"
        message = f"{message.rstrip(': ')} at {where}" + (f": {source[-1]}" if source else "")
    return _trim(message)


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
    return text if len(text) <= message_limit else text[: message_limit - 1] + "…"
