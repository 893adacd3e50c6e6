"""Waiting for work a Celery worker thread of this process does, by its events rather than
by polling the clock: each task run that ends (task_postrun, retries included) wakes the
waiters, who look again. The timeout is a bound for a worker that never delivers, not a
speed check: nothing here sleeps."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from celery.signals import task_postrun


class WorkerEvents:
    def __init__(self) -> None:
        self.condition = threading.Condition()

    def notify(self, **_: Any) -> None:
        """Something the waiters may be waiting for has happened: they look again."""
        with self.condition:
            self.condition.notify_all()

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        """Until `condition()` holds; it is checked now and after each event. (The lock is
        held from a check to the wait, so an event in between is never missed.)"""
        deadline = time.monotonic() + timeout
        with self.condition:
            while not condition():
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"still waiting for {what} after {timeout} s"
                self.condition.wait(remaining)


events = WorkerEvents()
# Every task's end, in the worker's thread, once the task's writes and e-mails are done.
task_postrun.connect(events.notify, weak=False, dispatch_uid="tests.waiting")
wait_for = events.wait_for
