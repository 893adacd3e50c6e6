"""The Celery application: settings from Django's (the CELERY_ ones), tasks from each app.

celery -A config worker -l info      # the worker (compose.yaml's `worker` service)
celery -A config beat -l info        # the scheduler: CELERY_BEAT_SCHEDULE in settings.py

Without CELERY_BROKER_URL the broker is `memory://`, a queue inside this process: only a
worker in the same process can read it. `start_worker_thread()` runs one there (the tests
and the demo use it).
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
from types import TracebackType
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.worker import WorkController
from celery.worker import state as worker_state

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
logger = logging.getLogger(__name__)


class Task(DjangoTask):
    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:
        """Queue the task once the transaction commits; nothing if it rolls back."""
        from django.db import transaction

        transaction.on_commit(functools.partial(self.delay_or_log, *args, **kwargs))

    def delay_or_log(self, *args: Any, **kwargs: Any) -> None:
        """delay(), after a commit: the booking (or payment) exists by then, so a broker
        that cannot take the message is logged, with the traceback, rather than turning a
        request that succeeded into a 500."""
        try:
            self.delay(*args, **kwargs)
        except Exception:
            logger.exception("%s%r was not queued: the broker did not take it", self.name, args)


app = Celery("travel_app", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
