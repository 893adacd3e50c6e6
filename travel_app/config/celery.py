"""The Celery application: settings from Django's (the CELERY_ ones), tasks from each app.

celery -A config worker -l info      # the worker (compose.yaml's `worker` service)
celery -A config beat -l info        # the scheduler: CELERY_BEAT_SCHEDULE in settings.py

Without CELERY_BROKER_URL the broker is `memory://`, a queue inside this process: only a
worker in the same process can read it. `start_worker_thread()` runs one there (the tests
and the demo use it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import os
import signal
import socket
import threading
from types import TracebackType
from typing import Any

import billiard.process
from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.signals import beat_embedded_init, worker_process_init
from celery.worker import WorkController
from celery.worker import state as worker_state

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
logger = logging.getLogger(__name__)


app = Celery("travel_app", task_cls=DjangoTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# --- worker children die with their parent ------------------------------------------------

PR_SET_PDEATHSIG = 1  # linux/prctl.h


@functools.cache
def _prctl() -> Any:
    """libc's prctl, or None where there is none (not Linux): looked up, and the lack of
    it logged, once per process."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl
    except (OSError, AttributeError):
        logger.debug("prctl is not available here: worker children may outlive their parent")
        return None


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies: a worker's main
    process killed with SIGKILL cannot stop its children, and a child left running goes
    on with a task the broker hands out again (an e-mail sent twice), or, for -B's beat,
    keeps queueing the schedule beside the next worker's. True if asked.

    Celery's prefork pool asks the same for its processes (5.3 and later); beat's
    process it does not, so both are asked here, whatever the version."""
    prctl = _prctl()
    if prctl is None:
        return False
    if prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        error = ctypes.get_errno()
        logger.warning("prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(error))
        return False
    # billiard knows the parent that forked this process: if it died before the request,
    # no signal will come for it (this process was handed to another), so go now.
    forked_by = getattr(billiard.process.current_process(), "_parent_pid", None)
    if forked_by is not None and forked_by != os.getppid():
        os._exit(1)
    return True


@worker_process_init.connect(weak=False, dispatch_uid="config.celery.pool_child")
def _pool_child_dies_with_parent(**_: Any) -> None:
    die_with_parent()


@beat_embedded_init.connect(weak=False, dispatch_uid="config.celery.beat_child")
def _beat_child_dies_with_parent(**_: Any) -> None:
    # Sent only in the process `-B` starts for beat (a thread's beat does not send it): a
    # schedule orphaned with the worker would go on queueing tasks.
    die_with_parent()


@app.task(name="config.wake", ignore_result=True, acks_late=False)
def wake() -> None:
    """Nothing: a message that ends an embedded worker's wait on memory:// (see stop)."""


class _Controller(WorkController):
    """A WorkController that says when it consumes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.consuming = threading.Event()
        super().__init__(*args, **kwargs)

    def on_consumer_ready(self, consumer: Any) -> None:
        self.consuming.set()


class EmbeddedWorker:
    """A worker (one task at a time) and, with beat=True, the beat scheduler, in daemon
    threads of this process, on the configured broker: memory:// or RabbitMQ alike.

    with EmbeddedWorker():      # or start_worker_thread() ... .stop()
        ...                     # tasks queued now are run by the thread

    The solo pool runs tasks in the worker's thread, so task time limits (a prefork
    worker's signals) do not apply here: `celery -A config worker` enforces them.
    """

    def __init__(self, *, beat: bool = False, hostname: str | None = None) -> None:
        name = hostname or f"embedded-{os.getpid()}-{id(self):x}@{socket.gethostname()}"
        self.controller = _Controller(
            app=app,
            hostname=name,
            pool="solo",
            concurrency=1,
            # On RabbitMQ, a solo worker allowed one unacknowledged message notices the
            # next only at its loop's next timer, up to 10 s later; four flow at once.
            prefetch_multiplier=4,
            # One process: no other worker to sync with or to tell that this one lives.
            without_heartbeat=True,
            without_mingle=True,
            without_gossip=True,
        )
        self.thread = threading.Thread(target=self.controller.start, name=name, daemon=True)
        self.beat: Any = None
        if beat:
            from celery.beat import EmbeddedService

            # In memory (no celerybeat-schedule file), looking every second.
            self.beat = EmbeddedService(app, thread=True, scheduler_cls="celery.beat:Scheduler")

    def start(self, timeout: float = 30) -> EmbeddedWorker:
        """Returns once the worker consumes the queue."""
        worker_state.should_terminate = None
        self.thread.start()
        if not self.controller.consuming.wait(timeout):
            raise RuntimeError(f"the Celery worker did not start within {timeout} s")
        if self.beat is not None:
            self.beat.start()
        return self

    def stop(self, timeout: float = 30) -> None:
        """After the task under way, if any: messages it had not taken stay queued."""
        if self.beat is not None:
            self.beat.stop()
        worker_state.should_terminate = 0  # the worker's loop checks it between waits
        hub = self.controller.hub
        if hub is not None:
            # RabbitMQ: the loop sleeps on the socket until its next timer (seconds
            # away): something to do wakes it now, to see that it must stop.
            hub.call_soon(lambda: None)
        else:
            # memory://: the loop waits up to 2 s for a message, then waits once more
            # after it has seen that it must stop. A message ends each wait at once (the
            # one left over is run by the next worker: it does nothing).
            wake.delay()
            wake.delay()
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise RuntimeError(f"the Celery worker did not stop within {timeout} s")
        worker_state.should_terminate = None

    def __enter__(self) -> EmbeddedWorker:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_worker_thread(*, beat: bool = False) -> EmbeddedWorker:
    """A worker (and beat) running in this process until `.stop()`."""
    return EmbeddedWorker(beat=beat).start()
