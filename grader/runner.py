"""Running one module's pytest in its own folder and process, with the grader's plugin."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

PLUGIN_DIR = Path(__file__).parent / "plugin"
POLL_SECONDS = 0.05
LOG_TAIL_LINES = 15
# After pytest reports the session finished, how long its process may take to exit before
# it is ended (a thread or child process the code under test left running keeps it alive).
EXIT_GRACE_SECONDS = 5.0

Progress = Callable[[int, int], None]  # (tests finished, tests collected)


@dataclass
class TestResult:
    nodeid: str
    tasks: list[str]
    test_code: str = ""
    outcome: str | None = None  # passed, failed, error, skipped; None: never finished
    duration: float = 0.0
    message: str = ""
    output: str = ""


@dataclass(frozen=True)
class CollectError:
    nodeid: str
    message: str
    tasks: list[str]  # the task ids the file that failed to collect names in its markers


@dataclass
class PytestRun:
    tests: dict[str, TestResult] = field(default_factory=dict)
    collect_errors: list[CollectError] = field(default_factory=list)
    exitstatus: int | None = None  # pytest's own, from the `finish` event
    returncode: int | None = None
    timed_out: bool = False
    lingered: bool = False  # finished, but its process had to be ended after the grace
    running: str | None = None  # the test started last and not yet reported
    touched: dict[str, set[str]] = field(default_factory=dict)  # watched file -> contexts
    log: str = ""  # the tail of pytest's terminal output
    seconds: float = 0.0

    @property
    def finished(self) -> int:
        return sum(test.outcome is not None for test in self.tests.values())

    def exercised(self, test: TestResult, path: str) -> bool:
        """Whether the watched file was used by this test, its collectors or the session."""
        return any(_within(test.nodeid, context) for context in self.touched.get(path, ()))

    def apply(self, event: dict) -> None:
        kind = event.get("event")
        if kind == "collected":
            for test in event["tests"]:
                self.tests[test["nodeid"]] = TestResult(
                    test["nodeid"], test["tasks"], test.get("test_code", "")
                )
        elif kind == "collect_error":
            error = CollectError(event["nodeid"], event["message"], event.get("tasks", []))
            self.collect_errors.append(error)
        elif kind == "start":
            self.running = event["nodeid"]
        elif kind == "touched":
            self.touched.setdefault(event["file"], set()).add(event["context"])
        elif kind == "result":
            self.running = None
            test = self.tests.setdefault(event["nodeid"], TestResult(event["nodeid"], []))
            test.outcome = event["outcome"]
            test.duration = event["duration"]
            test.message = event.get("message", "")
            test.output = event.get("output", "")
        elif kind == "finish":
            self.exitstatus = event["exitstatus"]


def module_environment(name: str, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for one module's run.

    A `{module}` in any value becomes the module's name (dashes to underscores), so one
    `DATABASE_URL=mysql://.../{module}` gives every module a database of its own.
    The plugin folder alone goes on PYTHONPATH: module tests cannot import the repository.
    """
    environment = dict(os.environ if base is None else base)
    slug = name.replace("-", "_")
    environment = {key: value.replace("{module}", slug) for key, value in environment.items()}
    paths = [str(PLUGIN_DIR), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    return environment


def run_pytest(
    folder: Path,
    *,
    environment: Mapping[str, str],
    task_ids: Iterable[str] = (),
    watch: Iterable[Path] = (),
    timeout: float = 600,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
    message_limit: int | None = None,
) -> PytestRun:
    """Run pytest in `folder`, streaming its events into a PytestRun.

    `watch`: files whose use the plugin reports (see grader_report.Watcher).
    `message_limit`: characters of a failure's message kept (the plugin's default if None).
    `clock` measures the timeout and the exit grace (tests give their own).
    """
    run = PytestRun()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="grader-") as scratch:
        events_path = Path(scratch) / "events.jsonl"
        log_path = Path(scratch) / "pytest.log"
        events_path.touch()
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "grader_report",
            f"--grader-report={events_path}",
            "-p",
            "no:cacheprovider",
            "--continue-on-collection-errors",
            "-q",
            # pytest's whole assertion diff, not cut to the terminal's width
            "-o",
            "verbosity_assertions=2",
            *(f"--grader-task={task_id}" for task_id in task_ids),
            *(f"--grader-watch={path}" for path in watch),
            *([f"--grader-message-limit={message_limit}"] if message_limit else []),
        ]
        with log_path.open("wb") as log, events_path.open(encoding="utf-8") as events:
            process = subprocess.Popen(
                command,
                cwd=folder,
                env=dict(environment),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so a timeout can stop the tests' own children too
            )
            try:
                _follow(process, _LineReader(events), run, timeout, progress, clock)
            finally:
                _stop(process)
        run.log = _tail(log_path)
    run.seconds = time.monotonic() - started
    return run


def _follow(
    process: subprocess.Popen[bytes],
    reader: _LineReader,
    run: PytestRun,
    timeout: float,
    progress: Progress | None,
    clock: Callable[[], float],
) -> None:
    """Apply events as pytest writes them until it exits, the time is up, or it reported
    the session finished and did not exit within the grace."""
    deadline = clock() + timeout
    while True:
        run.returncode = process.poll()
        _apply(reader, run)
        if progress:
            progress(run.finished, len(run.tests))
        if run.returncode is not None:
            return
        now = clock()
        if run.exitstatus is not None:
            deadline = min(deadline, now + EXIT_GRACE_SECONDS)
            run.lingered = now >= deadline
            if run.lingered:
                return
        elif now > deadline:
            run.timed_out = True
            _apply(reader, run)  # what was written up to the deadline, such as the test running
            return
        time.sleep(POLL_SECONDS)


def _apply(reader: _LineReader, run: PytestRun) -> None:
    for event in reader.read():
        run.apply(event)


class _LineReader:
    """Complete JSON lines from a file another process is still appending to."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._partial = ""

    def read(self) -> list[dict]:
        chunk = self._stream.read()
        *lines, self._partial = (self._partial + chunk).split("\n")
        return [json.loads(line) for line in lines if line.strip()]


def _within(nodeid: str, context: str) -> bool:
    """Whether `context` (a node id, or "" for the session) is the test or an ancestor."""
    return not context or nodeid == context or nodeid.startswith((f"{context}/", f"{context}::"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _tail(path: Path) -> str:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(lines[-LOG_TAIL_LINES:])
