"""Every module's compose.yaml works with Compose v1 (`docker-compose` 1.29, the one this
machine can install) and v2 (`docker compose`), and publishes nothing beyond 127.0.0.1.

`config` only (no image is built, no container started), on a scratch copy of the file so
that no .env is ever left in the repository: without .env it passes, or fails naming a
required variable and how to set it; with .env copied from .env.example it passes. A
Compose that is not installed is skipped, saying so.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from grader.manifest import module_folders

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_MODULES = [
    folder for folder in module_folders(ROOT) if (folder / "compose.yaml").is_file()
]
# ${NAME:?message}: compose refuses to go on while NAME is unset or empty.
REQUIRED = re.compile(r"\$\{(\w+):\?([^}]*)\}")
COMPOSE_TOOLS = {"v1": ("docker-compose",), "v2": ("docker", "compose")}
# The host's own MariaDB, PostgreSQL, Redis and RabbitMQ listen there.
HOST_SERVICE_PORTS = {"3306", "5432", "6379", "5672"}


def compose_file(folder: Path) -> dict[str, Any]:
    data = yaml.safe_load((folder / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{folder.name}/compose.yaml is not a mapping"
    return data


def published(port: str | int | dict[str, Any]) -> tuple[str, str]:
    """(host address, host port) of a `ports:` entry, short or long form."""
    if isinstance(port, dict):
        return str(port.get("host_ip", "")), str(port.get("published", ""))
    parts = str(port).rsplit("/", 1)[0].split(":")
    if len(parts) < 3:  # "8000" or "8000:8000": every address of the host
        return "", parts[0]
    return ":".join(parts[:-2]), parts[-2]


def test_the_compose_files_are_found() -> None:
    assert len(COMPOSE_MODULES) >= 8


@pytest.mark.parametrize("folder", COMPOSE_MODULES, ids=lambda folder: folder.name)
def test_ports_are_published_on_this_machine_only(folder: Path) -> None:
    for name, service in compose_file(folder)["services"].items():
        for port in service.get("ports") or []:
            address, host_port = published(port)
            assert address == "127.0.0.1", f"{folder.name} {name}: {port} is not on 127.0.0.1"
            assert host_port not in HOST_SERVICE_PORTS, (
                f"{folder.name} {name}: {port} takes a port of the host's own services"
            )


@pytest.mark.parametrize("folder", COMPOSE_MODULES, ids=lambda folder: folder.name)
def test_required_variables_say_how_to_set_them(folder: Path) -> None:
    found = REQUIRED.findall((folder / "compose.yaml").read_text(encoding="utf-8"))
    assert not found or (folder / ".env.example").is_file(), f"{folder.name}: no .env.example"
    for name, message in found:
        assert name in message, f"{folder.name}: the message for {name} does not name it"
        assert ".env.example" in message, f"{folder.name}: {name}'s message skips .env.example"


@functools.cache
def installed(tool: str) -> bool:
    command = COMPOSE_TOOLS[tool]
    if shutil.which(command[0]) is None:
        return False
    version = subprocess.run(
        [*command, "version"], capture_output=True, text=True, timeout=60, check=False
    )
    return version.returncode == 0


def compose_command(tool: str) -> list[str]:
    command = list(COMPOSE_TOOLS[tool])
    if not installed(tool):
        pytest.skip(f"`{' '.join(command)}` is not installed: Compose {tool} not checked")
    return command


def config(command: list[str], project: Path) -> subprocess.CompletedProcess[str]:
    """`config -q` in `project`, with none of this process's variables but those the tool
    needs: a SECRET_KEY exported here would hide a missing one in .env."""
    kept = ("PATH", "HOME", "DOCKER_HOST", "DOCKER_CONFIG")
    env = {key: os.environ[key] for key in kept if key in os.environ}
    return subprocess.run(
        [*command, "config", "-q"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("tool", sorted(COMPOSE_TOOLS))
@pytest.mark.parametrize("folder", COMPOSE_MODULES, ids=lambda folder: folder.name)
def test_compose_accepts_the_file(folder: Path, tool: str, tmp_path: Path) -> None:
    command = compose_command(tool)
    shutil.copy(folder / "compose.yaml", tmp_path / "compose.yaml")
    required = {name for name, _ in REQUIRED.findall((folder / "compose.yaml").read_text())}

    without_env = config(command, tmp_path)
    if required:
        output = without_env.stdout + without_env.stderr
        assert without_env.returncode != 0, f"{folder.name}: started without {sorted(required)}"
        assert any(name in output for name in required), output
        assert "cp .env.example .env" in output, output
    else:
        assert without_env.returncode == 0, without_env.stderr

    example = folder / ".env.example"
    if example.is_file():
        shutil.copy(example, tmp_path / ".env")
        with_env = config(command, tmp_path)
        assert with_env.returncode == 0, with_env.stderr
