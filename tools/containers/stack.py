"""One module's compose stack, driven through the Docker CLI: up, the health of each
container as the engine reports it, a service's address, down.

Compose v1 (`docker-compose` 1.29, what this machine can install) and v2 (`docker
compose`) take the same arguments here; the first one found is used. The project name is
the run's own, so a stack never meets a user's stack of the same module.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HEALTHY_TIMEOUT_S = 300.0


class StackError(Exception):
    """A step of the stack failed; the message says which and why."""


def compose_command() -> list[str]:
    """`docker-compose` (v1) if installed, else the `docker compose` plugin (v2)."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return ["docker", "compose"]


def run(command: Sequence[str], *, cwd: Path | None = None, timeout: float = 1800) -> str:
    """Run a command, return its output; a failure is a StackError quoting its end."""
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip()[-3000:]
        raise StackError(f"{' '.join(command)} exited {done.returncode}:\n{tail}")
    return done.stdout


@dataclass
class Stack:
    folder: Path  # the module
    project: str
    files: list[Path]  # compose.yaml, then the run's override
    env_file: Path
    profiles: list[str] = field(default_factory=list)

    def compose(self, *arguments: str, timeout: float = 1800) -> str:
        command = [*compose_command(), "--project-name", self.project]
        # The module's folder, whichever file is read: its relative paths stay its own.
        command += ["--project-directory", str(self.folder), "--env-file", str(self.env_file)]
        for path in self.files:
            command += ["--file", str(path)]
        for profile in self.profiles:
            command += ["--profile", profile]
        return run([*command, *arguments], cwd=self.folder, timeout=timeout)

    def write(self, config: dict[str, object]) -> None:
        """The compose file the stack runs: the last of `files`."""
        self.files[-1].write_text(yaml.safe_dump(config), encoding="utf-8")

    def containers(self) -> dict[str, str]:
        """service -> container id, for the containers of the project that exist."""
        output = run(
            [
                "docker",
                "ps",
                "--all",
                "--filter",
                f"label=com.docker.compose.project={self.project}",
                "--format",
                '{{.ID}} {{.Label "com.docker.compose.service"}}',
            ]
        )
        found = {}
        for line in output.splitlines():
            container, _, service = line.partition(" ")
            found[service] = container
        return found

    def state(self, service: str) -> dict[str, object]:
        container = self.containers()[service]
        [details] = json.loads(run(["docker", "inspect", container]))
        return dict(details["State"])

    def health(self, service: str) -> str:
        """ "healthy", "unhealthy", "starting", or "none" (no health check)."""
        state = self.state(service)
        health = state.get("Health")
        return str(health["Status"]) if isinstance(health, dict) else "none"

    def address(self, service: str) -> str:
        """The container's address on the project's network: reachable from the host
        on Linux, so nothing needs publishing on a host port."""
        container = self.containers()[service]
        [details] = json.loads(run(["docker", "inspect", container]))
        networks = details["NetworkSettings"]["Networks"]
        return str(next(iter(networks.values()))["IPAddress"])

    def url(self, service: str, port: int, path: str) -> str:
        return f"http://{self.address(service)}:{port}{path}"

    def wait_until(self, wanted: dict[str, str], timeout: float = HEALTHY_TIMEOUT_S) -> float:
        """Block until each service's health is what `wanted` says, woken by the
        engine's events (no polling); seconds waited. A deadline guards against a
        container that never gets there, and its state is then the error."""
        started = time.monotonic()
        with _events(self.project, since=time.time() - 1) as events:
            while not all(self.health(name) == state for name, state in wanted.items()):
                left = timeout - (time.monotonic() - started)
                try:
                    events.get(timeout=max(left, 0))
                except queue.Empty:
                    states = {name: self.health(name) for name in wanted}
                    message = f"{self.project}: not as wanted in {timeout:.0f} s: {states}"
                    raise StackError(message) from None
        return time.monotonic() - started

    def logs(self, service: str) -> str:
        return self.compose("logs", "--no-color", service)


@contextmanager
def _events(project: str, since: float) -> Iterator[queue.Queue[str]]:
    """The engine's events about the project's containers, a line each, as they come;
    from `since` on, so none is lost while the stream starts."""
    process = subprocess.Popen(
        [
            "docker",
            "events",
            "--since",
            f"{since:.3f}",
            "--filter",
            f"label=com.docker.compose.project={project}",
            "--format",
            "{{.Status}}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.strip())

    threading.Thread(target=read, daemon=True).start()
    try:
        yield lines
    finally:
        process.terminate()
        process.wait()


def http(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """One request: the status and the body, whatever the status."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()
