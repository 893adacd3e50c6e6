"""Run the module's scripts as a user would: as subprocesses, in a temporary directory."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
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

# Test doubles put first on the scripts' PATH. curl and wget send https://pokeapi.co to
# the fake API (FAKE_POKEAPI_ORIGIN) and run the real command: a script that names the
# real address, as the program's scripts do, is graded in seconds against known data.
# sleep notes what it was asked for and returns at once: the pauses and back-offs are
# checked from that log, never timed. Both write to SHIM_LOG, one line per call, so the
# log also says which request came between which pauses.
POKEAPI_PATTERN = "http://pokeapi.co/* | https://pokeapi.co/* | http://www.pokeapi.co/* | https://www.pokeapi.co/*"
URL_SHIM = """#!{bash}
# {name}, for the tests: PokeAPI's URLs go to the fake API at FAKE_POKEAPI_ORIGIN.
args=()
for arg in "$@"; do
  case $arg in
    {pattern}) arg="${{FAKE_POKEAPI_ORIGIN:?}}/${{arg#*://*/}}" ;;
  esac
  args+=("$arg")
done
if [[ -n ${{SHIM_LOG:-}} ]]; then printf '{name} %s\\n' "${{args[*]}}" >>"$SHIM_LOG"; fi
exec {real} "${{args[@]}}"
"""
SLEEP_SHIM = """#!{bash}
# sleep, for the tests: notes how long it was asked to sleep, then returns at once.
for arg in "$@"; do
  [[ $arg =~ ^[0-9]*[.]?[0-9]+[smhd]?$ ]] || exec {real} "$@"  # sleep's own error
done
if [[ -n ${{SHIM_LOG:-}} ]]; then printf 'sleep %s\\n' "$*" >>"$SHIM_LOG"; fi
(($#)) || exec {real}
exec {real} 0.005
"""
# Whatever escapes the curl double (a client of its own) meets a proxy nobody runs, so a
# test never reaches the real PokeAPI; the fake one on 127.0.0.1 is reached directly.
NO_NETWORK = {
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "no_proxy": "127.0.0.1,localhost",
    "NO_PROXY": "127.0.0.1,localhost",
}


@pytest.fixture(scope="session")
def shims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of test doubles (curl, wget, sleep) that the api/ scripts find first."""
    folder = tmp_path_factory.mktemp("shims")
    bash = shutil.which("bash") or "/bin/bash"
    for name in ("curl", "wget"):
        real = shutil.which(name)
        if real is not None:
            text = URL_SHIM.format(bash=bash, name=name, real=real, pattern=POKEAPI_PATTERN)
            _executable(folder / name, text)
    real_sleep = shutil.which("sleep") or "/bin/sleep"
    _executable(folder / "sleep", SLEEP_SHIM.format(bash=bash, real=real_sleep))
    return folder


def _executable(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


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


def origin(api: FakePokeApi) -> str:
    """What replaces https://pokeapi.co: the fake API's scheme, host and port."""
    return api.url.removesuffix("/api/v2")


@dataclass(frozen=True)
class ShimLog:
    """What the test doubles were asked, in order: ("curl", "URL ..."), ("sleep", "1")."""

    path: Path

    def calls(self) -> list[tuple[str, str]]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [(line.partition(" ")[0], line.partition(" ")[2]) for line in lines]

    def sleeps(self) -> list[float]:
        """The seconds each sleep was asked for (suffixes s, m, h, d understood)."""
        return [seconds(args) for command, args in self.calls() if command == "sleep"]


def seconds(args: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    total = 0.0
    for arg in args.split():
        unit = units.get(arg[-1], 1)
        total += float(arg.rstrip("smhd")) * unit
    return total


@pytest.fixture
def shim_log(tmp_path_factory: pytest.TempPathFactory) -> ShimLog:
    """This test's log of test-double calls (outside tmp_path, which the tests list)."""
    return ShimLog(tmp_path_factory.mktemp("shim-log") / "calls.log")


@pytest.fixture
def api_env(api: FakePokeApi, shims: Path, shim_log: ShimLog) -> dict[str, str]:
    """The environment of an api/ script under test: the test doubles first on PATH,
    PokeAPI's address sent to the fake API, and no way out to the real network."""
    return {
        "PATH": os.pathsep.join([str(shims), os.environ.get("PATH", "")]),
        "FAKE_POKEAPI_ORIGIN": origin(api),
        "SHIM_LOG": str(shim_log.path),
        **NO_NETWORK,
    }


@pytest.fixture
def unreachable_origin() -> str:
    """An origin on a port just bound and closed again, so nothing listens there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def path_without(tmp_path_factory: pytest.TempPathFactory, shims: Path) -> Callable[[str], str]:
    """`path_without("jq")`: a PATH of links to every command on the api/ scripts' PATH
    (the test doubles first) except jq."""
    made: dict[str, str] = {}

    def make(tool: str) -> str:
        if tool not in made:
            folder = tmp_path_factory.mktemp(f"path-without-{tool}")
            directories = [str(shims), *os.environ.get("PATH", "").split(os.pathsep)]
            for directory in directories:
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
