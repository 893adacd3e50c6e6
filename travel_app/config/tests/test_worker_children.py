"""A prefork worker's children do not outlive it (config/celery.py: die_with_parent).

Killed with SIGKILL, a worker's main process gets no chance to stop its pool; each child
asked the kernel beforehand (prctl PR_SET_PDEATHSIG) to be killed when its parent dies,
so none goes on with a task that the broker hands to the next worker too.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from config import celery as celery_config
from tests.chaos_support import APP_FOLDER, RealWorker, busy, scratch_queue, until, until_ended

# Part of the nothing-lost work: what the fault tests stand on.
pytestmark = pytest.mark.task("extras.outbox")

PR_GET_PDEATHSIG = 2  # linux/prctl.h


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux (prctl)")
def test_die_with_parent_asks_the_kernel_for_sigkill() -> None:
    """In a process of its own: asking it here would tie this test run to its parent."""
    script = f"""
import ctypes, ctypes.util, signal
from config.celery import die_with_parent
assert die_with_parent()
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
asked = ctypes.c_int()
assert libc.prctl({PR_GET_PDEATHSIG}, ctypes.byref(asked), 0, 0, 0) == 0
print(asked.value)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=APP_FOLDER,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == signal.SIGKILL


def test_without_prctl_it_is_a_noop_logged_once_at_debug(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """As on macOS: no prctl in libc (here: no libc to load at all)."""

    def no_libc(*args: object, **kwargs: object) -> None:
        raise OSError("no such library")

    celery_config._prctl.cache_clear()
    monkeypatch.setattr(celery_config.ctypes, "CDLL", no_libc)
    try:
        with caplog.at_level(logging.DEBUG, logger="config.celery"):
            assert celery_config.die_with_parent() is False
            assert celery_config.die_with_parent() is False
    finally:
        celery_config._prctl.cache_clear()  # the real libc again for whoever comes next
    notes = [r for r in caplog.records if "prctl is not available" in r.getMessage()]
    assert [note.levelno for note in notes] == [logging.DEBUG]


@pytest.mark.services("rabbitmq")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("beat", [False, True], ids=["pool", "pool-and-beat"])
def test_a_worker_killed_with_sigkill_leaves_no_child_running(tmp_path: Path, beat: bool) -> None:
    """Both pool processes busy in a task (as one sending an e-mail is), and with -B the
    beat process, which Celery's pool initializer does not tie to its parent."""
    with scratch_queue() as queue:
        worker = RealWorker(tmp_path, beat=beat, queues=[queue], include=["tests.chaos_support"])
        try:
            worker.start()
            markers = [tmp_path / f"busy-{n}" for n in range(2)]
            for marker in markers:
                busy.apply_async([str(marker)], queue=queue)
            until(lambda: all(m.exists() for m in markers), "both tasks", explain=worker.tail)
            pool = worker.pool_children()
            assert sorted(int(m.read_text()) for m in markers) == pool
            assert len(worker.children()) == (3 if beat else 2)

            orphans = worker.kill()
            until_ended(orphans, f"children {orphans} to die with their parent", worker.tail)
        finally:
            worker.cleanup()
