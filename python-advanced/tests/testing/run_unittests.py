"""Run one unittest module of the testing unit in several copies of the unit's folder.

    python run_unittests.py TEST_MODULE FOLDER [FOLDER ...]

For each FOLDER (a copy of testing/, maybe with one mutant applied) it imports
TEST_MODULE (`test_utils` or `test_client`) with FOLDER first on sys.path, runs it, and
prints one JSON line: {"folder", "ran", "failures", "errors", "passed", "output"}.

Speed: the libraries the tests use are imported once, then every folder runs in a child
forked from this process, all at the same time, so each run starts from a clean
interpreter without paying for a new one. Where there is no fork (Windows) each folder
gets a fresh interpreter instead. No run can reach the network: connecting raises.

Started by test_mutants.py as a subprocess; it is not a test file and imports nothing
from the module.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import traceback
import unittest
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULT_FILE = "unittest-result.json"
TIMEOUT_SECONDS = 60.0
OUTPUT_LIMIT = 4000
# Imported once before forking: what every run of the unit's tests would import anyway.
PRELOAD = ("requests", "parameterized", "unittest.mock")

# Neither this script's folder nor the current one may shadow the copy's modules.
sys.path[:] = [p for p in sys.path if p and Path(p).resolve() != HERE]


def refuse_network() -> None:
    """Make every connection attempt fail at once, so no test can reach a real server."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("network access is disabled while the unittest files are graded")

    socket.getaddrinfo = refuse
    socket.create_connection = refuse
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]


def run_one(test_module: str, folder: str) -> dict[str, Any]:
    """Run `test_module` from `folder` in this process and describe the outcome."""
    sys.path.insert(0, folder)
    os.chdir(folder)
    refuse_network()
    stream = io.StringIO()
    try:
        suite = unittest.defaultTestLoader.loadTestsFromName(test_module)
        result = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
        ran, failures, errors = result.testsRun, len(result.failures), len(result.errors)
        passed = result.wasSuccessful() and ran > 0
    except BaseException:  # an import that fails outright (not an ImportError) kills nothing
        stream.write(traceback.format_exc())
        ran, failures, errors, passed = 0, 0, 1, False
    output = stream.getvalue()
    return {
        "folder": folder,
        "ran": ran,
        "failures": failures,
        "errors": errors,
        "passed": passed,
        "output": output[-OUTPUT_LIMIT:],
    }


def write_result(test_module: str, folder: str) -> None:
    """The child's whole job: run, then leave the outcome in the folder for the parent."""
    outcome = run_one(test_module, folder)
    (Path(folder) / RESULT_FILE).write_text(json.dumps(outcome), encoding="utf-8")


def read_result(folder: str, why_missing: str) -> dict[str, Any]:
    """The outcome a child left in `folder`; a run that left none counts as failed."""
    path = Path(folder) / RESULT_FILE
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {
        "folder": folder,
        "ran": 0,
        "failures": 0,
        "errors": 1,
        "passed": False,
        "output": why_missing,
    }


def run_forked(test_module: str, folders: list[str]) -> list[dict[str, Any]]:
    """One forked child per folder, all in parallel, each with a clean copy of this state."""
    for name in PRELOAD:
        with contextlib.suppress(ImportError):  # a child reports a missing library itself
            importlib.import_module(name)
    sys.stdout.flush()
    children = {}
    for folder in folders:
        pid = os.fork()
        if pid == 0:  # the child: run, write the result, and leave without cleanup
            code = 0
            try:
                with open(os.devnull, "w") as devnull:  # tests' prints are not our output
                    sys.stdout = sys.stderr = devnull
                    write_result(test_module, folder)
            except BaseException:
                code = 1
            os._exit(code)
        children[pid] = folder
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while children and time.monotonic() < deadline:
        pid, _status = os.waitpid(-1, os.WNOHANG)
        if pid:
            children.pop(pid, None)
        else:
            time.sleep(0.01)
    for pid in children:  # still running at the deadline: a hang, which kills the mutant
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return [read_result(folder, f"timed out after {TIMEOUT_SECONDS:.0f} s") for folder in folders]


def run_spawned(test_module: str, folders: list[str]) -> list[dict[str, Any]]:
    """Without fork: a fresh interpreter per folder, all in parallel."""
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, "--one", test_module, folder],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for folder in folders
    ]
    for process in processes:
        try:
            process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return [read_result(folder, "the run did not finish") for folder in folders]


def main(argv: list[str]) -> int:
    """Run every folder and print one JSON outcome per line, in the folders' order."""
    if len(argv) >= 3 and argv[0] == "--one":
        write_result(argv[1], argv[2])
        return 0
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    test_module, folders = argv[0], argv[1:]
    run = run_forked if hasattr(os, "fork") else run_spawned
    for outcome in run(test_module, folders):
        print(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
