"""api/parallel.sh: batch.sh's fetches as a pool of background jobs, stopped cleanly.

The program's task (batchProcessing-0x04), graded as `api.parallel`: fetch the five
Pokémon as background processes, at the same time, and wait for them all before the
script ends. Concurrency is counted at the fake API, never timed: its gate holds each
request until two are in flight together, so overlapping requests pass at once on any
machine, however busy, and one request after another waits the gate's 10 seconds once.
Waiting is seen from outside: when the script's own process has ended, no process of its
session may be left and every file must be there.

The portfolio's own reading, `extras.parallel`: names on the command line, at most -j N
jobs at a time (4 by default), batch.sh's retries and messages, and a clean stop. Stopping
is checked from outside: the script runs in a session of its own, gets SIGINT or SIGTERM
(or hits a write error) while requests to /slow are pending, and afterwards no process of
that session, and none naming the test folder or the server's port, may be left, nor any
temp file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from fakepokeapi import FakePokeApi
from tests.conftest import (
    DEFAULT_NAMES,
    MODULE,
    Run,
    assert_help,
    assert_usage_error,
    error_log,
    listing,
)

PROGRAM = pytest.mark.task("api.parallel")
EXTRAS = pytest.mark.task("extras.parallel")

SCRIPT = "api/parallel.sh"
WAIT_SECONDS = 10  # the most any wait below may take; /slow answers after 30 s


def assert_progress(stdout: str, saved: list[str], failed: Sequence[str] = ()) -> None:
    """Each Pokémon's lines, in any order between Pokémon, each one's in order."""
    lines = stdout.splitlines()
    expected = [f"Fetching data for {name}..." for name in [*saved, *failed]]
    expected += [f"Saved data to pokemon_data/{name}.json ✅" for name in saved]
    assert sorted(lines) == sorted(expected), stdout
    for name in saved:
        started = lines.index(f"Fetching data for {name}...")
        assert lines.index(f"Saved data to pokemon_data/{name}.json ✅") > started


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def leftover_processes(session: int, markers: tuple[str, ...]) -> list[str]:
    """Live processes (zombies aside) in `session`, or whose command line has a marker."""
    found = []
    for process in Path("/proc").iterdir():
        try:
            stat = (process / "stat").read_text()
            command = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):  # not a process, or gone meanwhile
            continue
        state, _parent, _group, process_session = stat.rsplit(")", 1)[1].split()[:4]
        if state != "Z" and (
            int(process_session) == session or any(m in command for m in markers)
        ):
            found.append(f"{process.name}: {command}")
    return found


def assert_nothing_left(script: subprocess.Popen[str], api: FakePokeApi, folder: Path) -> None:
    markers = (str(folder), f":{api.port}/")
    deadline = time.monotonic() + WAIT_SECONDS
    while (left := leftover_processes(script.pid, markers)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert left == []


def start(folder: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """The script in a session of its own, as the grader and a terminal would run it, with
    SIGINT handled as in a terminal even when the tests run in the background (`cmd &`
    starts commands with SIGINT ignored, and bash can trap no signal ignored on entry)."""
    return subprocess.Popen(
        [str(MODULE / SCRIPT), *args],
        cwd=folder,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=default_interrupt,
    )


def default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# --- The program's task ------------------------------------------------------------------


def assert_all_saved(folder: Path, api: FakePokeApi, names: Sequence[str]) -> None:
    """Each Pokémon's JSON in a file <name>.json, in whichever folder the script chose."""
    for name in names:
        found = sorted(folder.rglob(f"{name}.json"))
        assert found, f"no {name}.json under the script's folder"
        assert json.loads(found[0].read_text(encoding="utf-8")) == api.pokemon(name), found[0]


@PROGRAM
def test_fetches_the_five_at_the_same_time(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    api.gate(2)
    result = run(SCRIPT, env=api_env)
    assert result.returncode == 0, result.stdout + result.stderr
    overlapped = not api.gate_broken and api.max_in_flight >= 2
    assert overlapped, "the requests never overlapped: they ran one after another"
    assert_all_saved(tmp_path, api, DEFAULT_NAMES)


@PROGRAM
def test_waits_for_every_job_before_it_ends(
    api: FakePokeApi,
    api_env: dict[str, str],
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    api.gate(2)
    output = tmp_path_factory.mktemp("output") / "output.txt"
    with output.open("w") as sink:  # not a pipe: its end would wait for the jobs
        script = subprocess.Popen(
            [str(MODULE / SCRIPT)],
            cwd=tmp_path,
            env={**os.environ, **api_env},
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=sink,
            start_new_session=True,
        )
        script.wait(timeout=60)
    left = leftover_processes(script.pid, ())
    assert left == [], f"the script ended while its jobs still ran: {left}"
    assert_all_saved(tmp_path, api, DEFAULT_NAMES)


# --- The portfolio's additions ------------------------------------------------------------


@EXTRAS
def test_fetches_the_five_default_pokemon(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, env=api_env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert_progress(result.stdout, DEFAULT_NAMES)
    assert sorted(request.path for request in api.requests()) == sorted(
        f"/api/v2/pokemon/{name}" for name in DEFAULT_NAMES
    )
    assert listing(tmp_path / "pokemon_data") == sorted(f"{name}.json" for name in DEFAULT_NAMES)
    assert listing(tmp_path) == ["pokemon_data"]


@EXTRAS
@pytest.mark.parametrize(
    ("args", "names", "most"),
    [
        (["-j", "1"], ["pikachu", "rattata", "pidgey"], 1),
        (["-j", "3"], ["pikachu", "rattata", "pidgey", "weedle", "kakuna", "beedrill"], 3),
        ([], DEFAULT_NAMES, 4),
    ],
    ids=["-j 1", "-j 3", "default 4"],
)
def test_runs_at_most_n_jobs_at_a_time(
    run: Run,
    api: FakePokeApi,
    api_env: dict[str, str],
    tmp_path: Path,
    args: list[str],
    names: list[str],
    most: int,
) -> None:
    api.gate(most)  # each request waits for the pool to be full: no timing involved
    result = run(SCRIPT, *args, *names, env=api_env)
    assert result.returncode == 0, result.stderr
    assert not api.gate_broken, f"fewer than {most} requests were ever in flight together"
    assert api.max_in_flight == most
    assert listing(tmp_path / "pokemon_data") == sorted(f"{name}.json" for name in names)


@EXTRAS
def test_a_server_error_is_retried_until_it_succeeds(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    api.fail_next("charmander", 2)
    result = run(SCRIPT, "-j", "2", "bulbasaur", "charmander", "pikachu", env=api_env)
    assert result.returncode == 0, result.stderr
    assert_progress(result.stdout, ["bulbasaur", "charmander", "pikachu"])
    assert result.stderr == (
        "Retrying charmander (attempt 2/3)...\nRetrying charmander (attempt 3/3)...\n"
    )
    assert api.count("charmander") == 3
    assert error_log(tmp_path) == []


@EXTRAS
def test_failures_are_reported_and_logged_and_the_others_saved(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    reasons = {"error": "HTTP 500", "missingno": "HTTP 404", "malformed": "malformed JSON"}
    result = run(SCRIPT, "bulbasaur", *reasons, "pikachu", env=api_env)
    assert result.returncode == 1
    assert_progress(result.stdout, ["bulbasaur", "pikachu"], list(reasons))
    errors = result.stderr.splitlines()
    for name, reason in reasons.items():
        assert f"Failed to fetch {name}: {reason}" in errors
        assert (f"Retrying {name} (attempt 3/3)..." in errors) == (name != "missingno")
    assert errors[-1].startswith("parallel.sh: ")
    assert [api.count(name) for name in reasons] == [3, 1, 3]
    assert sorted(error_log(tmp_path)) == sorted(reasons.items())
    assert listing(tmp_path / "pokemon_data") == ["bulbasaur.json", "pikachu.json"]


@EXTRAS
def test_a_timeout_is_retried_then_logged(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, "slow", env={**api_env, "POKEAPI_TIMEOUT": "0.5"})
    assert result.returncode == 1
    assert "Failed to fetch slow: timed out after 0.5s" in result.stderr.splitlines()
    assert api.count("slow") == 3
    assert error_log(tmp_path) == [("slow", "timed out after 0.5s")]
    assert listing(tmp_path / "pokemon_data") == []


@EXTRAS
def test_an_unreachable_server_is_retried_then_logged(
    run: Run, api_env: dict[str, str], unreachable_origin: str, tmp_path: Path
) -> None:
    result = run(
        SCRIPT, "pikachu", "rattata", env={**api_env, "FAKE_POKEAPI_ORIGIN": unreachable_origin}
    )
    assert result.returncode == 1
    assert sorted(error_log(tmp_path)) == [
        ("pikachu", "cannot connect"),
        ("rattata", "cannot connect"),
    ]
    assert listing(tmp_path / "pokemon_data") == []


@EXTRAS
@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_every_job_and_leaves_nothing_behind(
    api: FakePokeApi, api_env: dict[str, str], tmp_path: Path, stop: signal.Signals, status: int
) -> None:
    with start(tmp_path, api_env, "-j", "3", "slow", "slow", "slow", "bulbasaur") as script:
        wait_until(lambda: api.count("slow") == 3)
        assert listing(tmp_path / "pokemon_data") != []  # the three downloads' temp files
        script.send_signal(stop)
        stdout, _ = script.communicate(timeout=WAIT_SECONDS)
    assert script.returncode == status
    assert stdout == "Fetching data for slow...\n" * 3
    assert api.count("bulbasaur") == 0  # never started: the pool was full
    assert_nothing_left(script, api, tmp_path)
    assert listing(tmp_path / "pokemon_data") == []


@EXTRAS
@pytest.mark.parametrize(
    ("blocked", "name"),
    [("pokemon_data/bulbasaur.json", "bulbasaur"), ("errors.txt", "missingno")],
    ids=["pokemon_data", "errors.txt"],
)
def test_a_write_error_stops_the_other_jobs_at_once(
    api: FakePokeApi, api_env: dict[str, str], tmp_path: Path, blocked: str, name: str
) -> None:
    (tmp_path / blocked).mkdir(parents=True)  # a folder where a file must be written
    with start(tmp_path, api_env, "-j", "2", "slow", name) as script:
        _, stderr = script.communicate(timeout=WAIT_SECONDS)  # not the 30 s of /slow
    assert script.returncode == 1
    assert f"parallel.sh: cannot write {blocked}" in stderr.splitlines()
    assert_nothing_left(script, api, tmp_path)
    assert [path for path in listing(tmp_path / "pokemon_data") if path != "bulbasaur.json"] == []


@EXTRAS
@pytest.mark.parametrize(
    "args",
    [["-j", "0"], ["-j", "-1"], ["-j", "many"], ["-j", "1.5"], ["-j"], ["-x"], ["bad/name"]],
)
def test_bad_usage_exits_2_before_any_request(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    assert_usage_error(run(SCRIPT, *args, env=api_env), "parallel.sh")
    assert api.requests() == []
    assert listing(tmp_path) == []


@EXTRAS
@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, api_env: dict[str, str], option: str) -> None:
    result = run(SCRIPT, option, env=api_env)
    assert_help(result, "parallel.sh")
    assert "-j N" in result.stdout
