"""Flower, compose's `flower` service: what compose.yaml declares (the same image beside
the worker, a password required, its port on 127.0.0.1 only, a health check on its API),
and, on RabbitMQ, that service's command and health check run for real: Flower's API
lists a real worker and a task it finished.

The in-process broker (memory://, the embedded default) lives inside one process: a
Flower process could never see a worker's events there, so the live test needs
CELERY_BROKER_URL=amqp://... and skips without it, saying so.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from config.celery import app as celery_app
from django.conf import LazySettings
from tests.chaos_support import APP_FOLDER, RealWorker, scratch_queue
from tests.deploy_support import (
    Unset,
    env_example,
    environment,
    healthcheck_test,
    resolved,
    service,
)

pytestmark = pytest.mark.task("extras.flower")

POLL_SECONDS = 0.2  # Flower has no call that waits for a change: its API is asked again
DEADLINE_SECONDS = 60  # a bound for what never comes, not a speed check


# --- compose.yaml ---------------------------------------------------------------------


def test_flower_runs_beside_the_worker_from_the_same_image() -> None:
    flower, worker = service("flower"), service("worker")
    assert flower["build"] == worker["build"]
    assert flower["command"][:4] == ["celery", "-A", "config", "flower"]
    assert flower["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
    env = environment(resolved("flower", env_example()))
    assert (
        env["CELERY_BROKER_URL"]
        == environment(resolved("worker", env_example()))["CELERY_BROKER_URL"]
    )
    # Only what loading the Celery app needs: no database password, no Chapa key.
    assert not {"DATABASE_URL", "CHAPA_SECRET_KEY", "EMAIL_HOST_PASSWORD"} & set(env)


def test_flower_is_published_on_this_machine_only_and_refuses_to_start_unprotected() -> None:
    flower = service("flower")
    port = environment(resolved("flower", env_example()))["FLOWER_PORT"]
    assert [str(published) for published in flower["ports"]] == [f"127.0.0.1:{port}:{port}"]
    without = {key: value for key, value in env_example().items() if key != "FLOWER_BASIC_AUTH"}
    with pytest.raises(Unset, match="FLOWER_BASIC_AUTH"):
        resolved("flower", without)
    assert ":" in env_example()["FLOWER_BASIC_AUTH"]  # user:password


def test_flowers_health_check_asks_its_api() -> None:
    check = healthcheck_test("flower")
    assert check[:2] == ["CMD", "python"]
    assert "/api/workers" in check[-1]


# --- the service, run ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Flower:
    """compose's flower command and health check, run here on a free port."""

    def __init__(self, tmp_path: Path, broker_url: str) -> None:
        self.port = free_port()
        self.credentials = f"flower:{secrets.token_urlsafe(12)}"
        self.log = tmp_path / "flower.log"
        self.env = {
            **os.environ,
            "CELERY_BROKER_URL": broker_url,
            "FLOWER_PORT": str(self.port),
            "FLOWER_ADDRESS": "127.0.0.1",
            "FLOWER_BASIC_AUTH": self.credentials,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Flower:
        command = service("flower")["command"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", *command],
                cwd=APP_FOLDER,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(30)

    def get(self, path: str, credentials: str | None = None) -> tuple[int, Any]:
        """GET a path of Flower's: (status, JSON); 0 while nothing listens yet."""
        user = (self.credentials if credentials is None else credentials).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Authorization": f"Basic {base64.b64encode(user).decode()}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, None
        except (ConnectionError, urllib.error.URLError):
            assert self.process is not None
            assert self.process.poll() is None, f"Flower exited:\n{self.tail()}"
            return 0, None

    def until(self, found: Callable[[], Any], what: str) -> Any:
        """Asks again until `found()` returns something, or fails with Flower's log."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        stop = threading.Event()
        while (result := found()) is None:
            assert time.monotonic() < deadline, f"Flower never showed {what}:\n{self.tail()}"
            stop.wait(POLL_SECONDS)
        return result

    def health_check(self) -> subprocess.CompletedProcess[str]:
        """compose's health check command, with this process's Python."""
        _, _, *arguments = healthcheck_test("flower")
        return subprocess.run(
            [sys.executable, *arguments], env=self.env, capture_output=True, text=True, timeout=30
        )

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])


@pytest.fixture
def flower(tmp_path: Path, settings: LazySettings) -> Iterator[Flower]:
    running = Flower(tmp_path, settings.CELERY_BROKER_URL).start()
    try:
        yield running
    finally:
        running.stop()


def worker_alive(flower: Flower, name: str) -> Callable[[], bool | None]:
    """Whether Flower's events show worker `name` alive (its heartbeats arrive)."""

    def check() -> bool | None:
        status, workers = flower.get("/api/workers?refresh=1&status=1")
        return True if status == 200 and workers.get(name) else None

    return check


def task_done(flower: Flower, task_id: str) -> Callable[[], dict[str, Any] | None]:
    """Flower's record of the task, once it says SUCCESS."""

    def check() -> dict[str, Any] | None:
        status, info = flower.get(f"/api/task/info/{task_id}")
        return info if status == 200 and info.get("state") == "SUCCESS" else None

    return check


@pytest.mark.services("rabbitmq")
def test_flowers_api_lists_the_worker_and_a_finished_task(
    tmp_path: Path, db: None, flower: Flower
) -> None:
    with scratch_queue() as queue, RealWorker(tmp_path, queues=[queue], events=True) as worker:
        # Seen alive through its events (-E, as compose starts it): from then on Flower's
        # event receiver is listening, and hears of the worker's tasks.
        flower.until(worker_alive(flower, worker.hostname), f"{worker.hostname} alive")
        task = celery_app.send_task("celery.accumulate", args=(3, 4), queue=queue)
        worker.wait_for_log(f"[{task.id}] succeeded")
        info = flower.until(task_done(flower, task.id), f"task {task.id} SUCCESS")
        assert (info["name"], info["worker"], info["result"]) == (
            "celery.accumulate",
            worker.hostname,
            "(3, 4)",
        )
        status, tasks = flower.get("/api/tasks")
        assert (status, tasks[task.id]["state"]) == (200, "SUCCESS")
        status, workers = flower.get("/api/workers?refresh=1")  # asked through the broker
        assert status == 200
        assert workers[worker.hostname]["stats"]["total"] == {"celery.accumulate": 1}
        assert flower.health_check().returncode == 0


@pytest.mark.services("rabbitmq")
def test_flower_refuses_a_wrong_password_and_its_health_check_fails(flower: Flower) -> None:
    flower.until(lambda: flower.get("/api/workers")[0] or None, "its API answering")
    assert flower.get("/api/workers", credentials="flower:guess")[0] == 401
    assert flower.get("/api/tasks", credentials="")[0] == 401
    flower.env["FLOWER_BASIC_AUTH"] = "flower:guess"
    assert flower.health_check().returncode != 0
