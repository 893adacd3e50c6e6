"""Run the module's scripts as a user would: as subprocesses, in a temporary directory."""

from __future__ import annotations

import os
import re
import socket
import subprocess
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from fakepokeapi import FakePokeApi

MODULE = Path(__file__).resolve().parent.parent
# What batch.sh and parallel.sh fetch when given no names (the program's list).
DEFAULT_NAMES = ["bulbasaur", "ivysaur", "venusaur", "charmander", "charmeleon"]

Run = Callable[..., subprocess.CompletedProcess[str]]


def run_script(
    script: str,
    *args: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `script` (a path inside the module, e.g. "api/fetch.sh") with `args` in `cwd`;
    `env` is added to (and may override) this process's environment."""
    return subprocess.run(
        [str(MODULE / script), *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """`run("api/fetch.sh", "pikachu", env={...})`: the script run in the test's tmp_path."""

    def run_in_tmp(script: str, *args: str, **options: object) -> subprocess.CompletedProcess[str]:
        options.setdefault("cwd", tmp_path)
        return run_script(script, *args, **options)  # type: ignore[arg-type]

    return run_in_tmp


# --- The api/ scripts: the fake PokeAPI, and the checks every api/ test file shares ------

# A line of errors.txt: a UTC timestamp, two spaces, "<name>: <reason>".
ERROR_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  (?P<name>[^:]+): (?P<reason>.+)")


@pytest.fixture(scope="session")
def pokeapi_server() -> Iterator[FakePokeApi]:
    """One fake PokeAPI for the whole run; tests use it through `api`."""
    with FakePokeApi() as server:
        yield server


@pytest.fixture
def api(pokeapi_server: FakePokeApi) -> FakePokeApi:
    """The fake PokeAPI, fresh for this test: empty request log, no failures, no latency."""
    pokeapi_server.reset()
    return pokeapi_server


@pytest.fixture
def api_env(api: FakePokeApi) -> dict[str, str]:
    """The environment that points a script at the fake API, with no real-second waits."""
    return {
        "POKEAPI_BASE_URL": api.url,
        "POKEAPI_TIMEOUT": "10",
        "BATCH_DELAY": "0",
        "RETRY_DELAY": "0.05",
    }


@pytest.fixture
def unreachable_url() -> str:
    """A base URL on a port just bound and closed again, so nothing listens there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v2"


@pytest.fixture(scope="session")
def path_without(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """`path_without("jq")`: a PATH of links to every command on this PATH except jq."""
    made: dict[str, str] = {}

    def make(tool: str) -> str:
        if tool not in made:
            folder = tmp_path_factory.mktemp(f"path-without-{tool}")
            for directory in os.environ.get("PATH", "").split(os.pathsep):
                for command in Path(directory or ".").glob("*"):
                    link = folder / command.name
                    usable = command.is_file() and os.access(command, os.X_OK)
                    if command.name != tool and usable and not link.exists():
                        link.symlink_to(command.absolute())
            made[tool] = str(folder)
        return made[tool]

    return make


def listing(folder: Path) -> list[str]:
    """The names in `folder`, hidden ones included, sorted; [] when it does not exist.
    Comparing it with the expected files catches any temp file left behind."""
    return sorted(os.listdir(folder)) if folder.is_dir() else []


def error_log(folder: Path) -> list[tuple[str, str]]:
    """(name, reason) for each line of errors.txt in `folder`, checking the line format."""
    path = folder / "errors.txt"
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ERROR_LINE.fullmatch(line)
        assert match, f"errors.txt line not as '<UTC timestamp>  <name>: <reason>': {line!r}"
        entries.append((match["name"], match["reason"]))
    return entries


def assert_help(result: subprocess.CompletedProcess[str], script: str) -> None:
    """-h/--help: the usage on stdout, nothing on stderr, exit 0."""
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith(f"Usage: {script}"), result.stdout


def assert_usage_error(result: subprocess.CompletedProcess[str], script: str) -> None:
    """Bad usage: a one-line error naming the script, then the usage, on stderr; exit 2."""
    assert (result.returncode, result.stdout) == (2, ""), result.stdout + result.stderr
    error, *usage = [*result.stderr.splitlines(), ""]
    assert error.startswith(f"{script}: "), result.stderr
    assert usage[0].startswith(f"Usage: {script}"), result.stderr


def assert_tool_required(result: subprocess.CompletedProcess[str], script: str, tool: str) -> None:
    """A missing tool is named before anything is done: exit 1, the one message."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == f"{script}: {tool} is required but not found in PATH\n"
    assert result.stdout == ""
