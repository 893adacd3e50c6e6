"""Watch mode: re-grade on change, stop on Ctrl-C."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

from grader.grading import snapshot, watch
from grader.tests.support import FIXTURES, interrupt_when

REPOSITORY = Path(__file__).resolve().parents[2]


def test_snapshot_skips_generated_files(tmp_path: Path) -> None:
    (tmp_path / "code.py").write_text("x = 1\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "code.pyc").write_bytes(b"\0")
    (tmp_path / "requests.log").write_text("GET /\n")
    assert list(snapshot(tmp_path)) == [str(tmp_path / "code.py")]


def test_a_change_runs_again_and_the_runs_own_writes_do_not(tmp_path: Path) -> None:
    code = tmp_path / "code.py"
    code.write_text("x = 1\n")
    runs = [threading.Event(), threading.Event(), threading.Event()]
    ran = 0
    quiet_polls = threading.Semaphore(0)

    def on_change() -> None:
        nonlocal ran
        runs[ran].set()
        ran += 1
        (tmp_path / "written_by_the_run.txt").write_text(str(ran))

    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(tmp_path, on_change),
                               kwargs={"interval": 0.01, "stop": stop,
                                       "on_poll": quiet_polls.release})  # fmt: skip
    watcher.start()
    try:
        assert runs[0].wait(30)
        for _ in range(10):  # ten looks after the run: its own file must not trigger another
            assert quiet_polls.acquire(timeout=30)
        assert not runs[1].is_set()
        code.write_text("x = 2  # changed\n")
        assert runs[1].wait(30)
    finally:
        stop.set()
        watcher.join(30)
    assert not watcher.is_alive()
    assert not runs[2].is_set()


def test_ctrl_c_stops_watching_cleanly(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "calculator", tmp_path / "calculator")
    command = [sys.executable, "-m", "grader", "--root", str(tmp_path), "--watch", "calculator"]
    lines, rest, status = interrupt_when(
        command, REPOSITORY, "watch: waiting for changes in calculator/"
    )
    assert status == 0
    assert "grade: 2 passed, 0 failed, 0 skipped\n" in lines
    assert "watch: stopped" in rest
