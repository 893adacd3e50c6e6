"""Each module's main job, done through its running stack from outside the containers,
and what must still be there after `down` and `up` (the data on named volumes).

One file per module, named after it (`travel_app.py`, `python_advanced.py`), holding
`SMOKE`; `smoke_for` finds it. Helpers several modules use are here.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from tools.containers.stack import Stack, StackError, http, run

Config = dict[str, Any]  # the compose file as Compose reads it


@contextmanager
def nothing_to_prepare(stack: Stack, config: Config) -> Iterator[None]:
    yield


@dataclass(frozen=True)
class Smoke:
    """`run`: the main job, on the stack just up. `persisted`: what `run` left, checked
    after `down` and `up`. `prepare`: around the whole stack's life, what the stack needs
    from outside (a fake server on the host, say); it may change `config` (a service's
    environment) before the stack starts."""

    run: Callable[[Stack], None]
    persisted: Callable[[Stack], None]
    prepare: Callable[[Stack, Config], AbstractContextManager[None]] = nothing_to_prepare


def smoke_for(module: str) -> Smoke | None:
    """The module's smoke test, or None if it has none yet."""
    try:
        found = importlib.import_module(f"{__name__}.{module.replace('-', '_')}")
    except ModuleNotFoundError:
        return None
    return found.SMOKE


def ended_cleanly(stack: Stack, service: str) -> None:
    """A default service that runs the module's tests: it ends, with status 0."""
    container = stack.containers()[service]
    status = run(["docker", "wait", container], timeout=1800).strip()
    if status != "0":
        raise StackError(f"the {service} service exited {status}:\n{stack.logs(service)[-3000:]}")


def mariadb_query(stack: Stack, service: str, sql: str) -> str:
    """One query through the database container's own client, as root."""
    command = 'exec mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" --batch --skip-column-names -e "$0"'
    return stack.compose("exec", "-T", service, "sh", "-c", command, sql).strip()


def web_json(
    stack: Stack,
    path: str,
    payload: object | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """One request to the web service's port 8000 and its JSON answer, with the status.
    A payload makes it a JSON POST. The Host is the published port's, as a user's client
    on the machine sends it."""
    sent = {"Host": "localhost:8000", **(headers or {})}
    data = None
    if payload is not None:
        data = json.dumps(payload).encode()
        sent["Content-Type"] = "application/json"
    status, body = http(stack.url("web", 8000, path), data, sent)
    try:
        return status, json.loads(body)
    except ValueError:
        raise StackError(f"{path} answered {status} with no JSON: {body[:300]!r}") from None
