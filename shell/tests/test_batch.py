"""api/batch.sh: several Pokémon one after another, with retries and a log of failures.

The program's task (batchProcessing-0x02, with the retries of its error-handling task),
graded as `api.batch`: fetch Bulbasaur, Ivysaur, Venusaur, Charmander and Charmeleon in a
loop into pokemon_data/<name>.json, printing the sample's lines, with a delay between
requests; retry a failed request (up to 3 times) and go on to the next Pokémon after the
last try. The pauses are read from the sleep test double's log, not timed. A failed
request is a server error or a connection closed without an answer: retrying either one
is a reading of the task, and both are accepted.

The portfolio's own reading, `extras.batch`: Pokémon named on the command line, -d, a
back-off that doubles, a 404 never retried, a report of each failure and errors.txt,
exit statuses. Retries show in the fake API's request log: a server error is tried 3
times in all, a 404 once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fakepokeapi import DROP, SERVER_ERROR_FAILURE, FakePokeApi
from tests.conftest import (
    DEFAULT_NAMES,
    Run,
    ShimLog,
    assert_help,
    assert_usage_error,
    error_log,
    listing,
)

PROGRAM = pytest.mark.task("api.batch")
EXTRAS = pytest.mark.task("extras.batch")

SCRIPT = "api/batch.sh"
POKEMON_URL = re.compile(r"/api/v2/pokemon/(?P<name>[A-Za-z0-9-]+)")


def progress(*names: str) -> str:
    return "".join(
        f"Fetching data for {name}...\nSaved data to pokemon_data/{name}.json ✅\n"
        for name in names
    )


def saved(folder: Path, name: str) -> object:
    return json.loads((folder / "pokemon_data" / f"{name}.json").read_text(encoding="utf-8"))


def retries(name: str) -> str:
    return f"Retrying {name} (attempt 2/3)...\nRetrying {name} (attempt 3/3)...\n"


def assert_saved(folder: Path, api: FakePokeApi, *names: str) -> None:
    for name in names:
        path = folder / "pokemon_data" / f"{name}.json"
        assert path.is_file(), f"no pokemon_data/{name}.json"
        assert saved(folder, name) == api.pokemon(name), f"pokemon_data/{name}.json"


def requests_and_pauses(log: ShimLog) -> list[str]:
    """The Pokémon requested and the pauses, in order: ["bulbasaur", "sleep", ...]."""
    events = []
    for command, args in log.calls():
        if command == "sleep":
            events.append("sleep")
        elif match := POKEMON_URL.search(args):
            events.append(match["name"].lower())
    return events


# --- The program's task ------------------------------------------------------------------


@PROGRAM
def test_fetches_the_five_into_pokemon_data_as_the_sample_shows(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, env=api_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_saved(tmp_path, api, *DEFAULT_NAMES)
    lines = [line.strip() for line in result.stdout.splitlines()]
    for name in DEFAULT_NAMES:
        fetching = f"Fetching data for {name}..."
        saved_line = f"Saved data to pokemon_data/{name}.json ✅"
        assert fetching in lines, f"no line {fetching!r}: {result.stdout!r}"
        assert saved_line in lines, f"no line {saved_line!r}: {result.stdout!r}"
        assert lines.index(fetching) < lines.index(saved_line)


@PROGRAM
def test_pauses_between_two_requests(
    run: Run, api: FakePokeApi, api_env: dict[str, str], shim_log: ShimLog
) -> None:
    run(SCRIPT, env=api_env)
    events = requests_and_pauses(shim_log)
    asked = [event for event in events if event != "sleep"]
    assert asked, "no request reached the API"
    paused = []
    last, pause = None, False
    for event in events:
        if event == "sleep":
            pause = True
        else:
            if last is not None and event != last:
                paused.append(pause)
            last, pause = event, False
    assert paused, f"no two Pokémon were requested: {events}"
    assert all(paused), f"a request came right after another, no sleep: {events}"
    assert all(seconds > 0 for seconds in shim_log.sleeps()), shim_log.sleeps()


@PROGRAM
def test_a_failed_request_is_retried(
    run: Run,
    api: FakePokeApi,
    api_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Charmander fails twice, then answers: with the server's 500s, and in a second run
    with connections closed without an answer. Retrying either kind is a reading."""
    seen = {}
    for how in (SERVER_ERROR_FAILURE, DROP):
        api.reset()
        api.fail_next("charmander", 2, how)
        folder = tmp_path_factory.mktemp(f"retry-{how}")
        run(SCRIPT, env=api_env, cwd=folder)
        assert_saved(folder, api, "bulbasaur", "ivysaur", "venusaur", "charmeleon")
        path = folder / "pokemon_data" / "charmander.json"
        ok = path.is_file() and saved(folder, "charmander") == api.pokemon("charmander")
        seen[how] = (api.count("charmander"), ok)
    retried = [how for how, (count, ok) in seen.items() if count == 3 and ok]
    assert retried, (
        "charmander, failing twice then answering, was never saved after retries"
        f" (requests, saved) for a 500 then for a dropped connection: {list(seen.values())}"
    )


@PROGRAM
@pytest.mark.parametrize("how", [SERVER_ERROR_FAILURE, DROP], ids=["HTTP 500", "dropped"])
def test_after_the_last_retry_the_batch_goes_on(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path, how: str
) -> None:
    api.fail_next("ivysaur", 1000, how)
    result = run(SCRIPT, env=api_env)
    assert 1 <= api.count("ivysaur") <= 4, (
        f"ivysaur asked {api.count('ivysaur')} times: a try and up to 3 retries"
    )
    assert_saved(tmp_path, api, "bulbasaur", "venusaur", "charmander", "charmeleon")
    assert "ivysaur" in result.stdout + result.stderr, "the failure is not reported"


# --- The portfolio's additions ------------------------------------------------------------


@EXTRAS
def test_fetches_the_five_default_pokemon_in_order(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, env=api_env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == progress(*DEFAULT_NAMES)
    assert [request.path.rsplit("/", 1)[1] for request in api.requests()] == DEFAULT_NAMES
    assert listing(tmp_path / "pokemon_data") == sorted(f"{name}.json" for name in DEFAULT_NAMES)
    assert all(saved(tmp_path, name) == api.pokemon(name) for name in DEFAULT_NAMES)
    assert listing(tmp_path) == ["pokemon_data"]


@EXTRAS
def test_fetches_the_names_given_lower_cased_replacing_old_files(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "pokemon_data").mkdir()
    (tmp_path / "pokemon_data" / "pikachu.json").write_text("{}", encoding="utf-8")
    result = run(SCRIPT, "Pikachu", "RATTATA", env=api_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == progress("pikachu", "rattata")
    assert listing(tmp_path / "pokemon_data") == ["pikachu.json", "rattata.json"]
    assert saved(tmp_path, "pikachu") == api.pokemon("pikachu")


@EXTRAS
def test_a_server_error_is_retried_until_it_succeeds(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    api.fail_next("charmander", 2)
    result = run(SCRIPT, "bulbasaur", "charmander", env=api_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == progress("bulbasaur", "charmander")
    assert result.stderr == retries("charmander")
    assert (api.count("bulbasaur"), api.count("charmander")) == (1, 3)
    assert saved(tmp_path, "charmander") == api.pokemon("charmander")
    assert error_log(tmp_path) == []


@EXTRAS
def test_failures_are_reported_and_logged_and_the_batch_goes_on(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, "bulbasaur", "error", "missingno", "malformed", "pikachu", env=api_env)
    assert result.returncode == 1
    assert result.stdout == (
        progress("bulbasaur")
        + "Fetching data for error...\n"
        + "Fetching data for missingno...\n"
        + "Fetching data for malformed...\n"
        + progress("pikachu")
    )
    *lines, summary = result.stderr.splitlines(keepends=True)
    assert "".join(lines) == (
        retries("error")
        + "Failed to fetch error: HTTP 500\n"
        + "Failed to fetch missingno: HTTP 404\n"  # a 404 is not retried
        + retries("malformed")
        + "Failed to fetch malformed: malformed JSON\n"
    )
    assert summary.startswith("batch.sh: "), summary
    assert [api.count(name) for name in ("error", "missingno", "malformed")] == [3, 1, 3]
    assert error_log(tmp_path) == [
        ("error", "HTTP 500"),
        ("missingno", "HTTP 404"),
        ("malformed", "malformed JSON"),
    ]
    assert listing(tmp_path / "pokemon_data") == ["bulbasaur.json", "pikachu.json"]


@EXTRAS
def test_a_timeout_is_retried_then_logged(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, "slow", env={**api_env, "POKEAPI_TIMEOUT": "0.5"})
    assert result.returncode == 1
    assert result.stderr.startswith(
        retries("slow") + "Failed to fetch slow: timed out after 0.5s\n"
    )
    assert api.count("slow") == 3
    assert error_log(tmp_path) == [("slow", "timed out after 0.5s")]
    assert listing(tmp_path / "pokemon_data") == []


@EXTRAS
def test_an_unreachable_server_is_retried_then_logged(
    run: Run, api_env: dict[str, str], unreachable_origin: str, tmp_path: Path
) -> None:
    result = run(SCRIPT, "pikachu", env={**api_env, "FAKE_POKEAPI_ORIGIN": unreachable_origin})
    assert result.returncode == 1
    assert result.stderr.startswith(
        retries("pikachu") + "Failed to fetch pikachu: cannot connect\n"
    )
    assert error_log(tmp_path) == [("pikachu", "cannot connect")]


@EXTRAS
def test_the_back_off_doubles(
    run: Run, api: FakePokeApi, api_env: dict[str, str], shim_log: ShimLog
) -> None:
    run(SCRIPT, "error", env={**api_env, "RETRY_DELAY": "0.2"})
    assert requests_and_pauses(shim_log) == ["error", "sleep", "error", "sleep", "error"]
    assert shim_log.sleeps() == [0.2, 0.4]


@EXTRAS
@pytest.mark.parametrize(
    ("args", "batch_delay"), [(["-d", "0.3"], "0"), ([], "0.3")], ids=["-d", "BATCH_DELAY"]
)
def test_pauses_between_two_pokemon(
    run: Run,
    api: FakePokeApi,
    api_env: dict[str, str],
    shim_log: ShimLog,
    args: list[str],
    batch_delay: str,
) -> None:
    result = run(SCRIPT, *args, "pikachu", "rattata", env={**api_env, "BATCH_DELAY": batch_delay})
    assert result.returncode == 0, result.stderr
    assert requests_and_pauses(shim_log) == ["pikachu", "sleep", "rattata"]
    assert shim_log.sleeps() == [0.3]


@EXTRAS
def test_a_file_that_cannot_be_written_stops_the_batch(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "pokemon_data" / "ivysaur.json").mkdir(parents=True)
    result = run(SCRIPT, "bulbasaur", "ivysaur", "venusaur", env=api_env)
    assert result.returncode == 1
    assert result.stderr.startswith("batch.sh: ")
    assert "ivysaur.json" in result.stderr
    assert api.count("venusaur") == 0
    assert listing(tmp_path / "pokemon_data") == ["bulbasaur.json", "ivysaur.json"]


@EXTRAS
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["-d", "soon"], {}),
        (["-d", "-1"], {}),
        (["-d"], {}),
        (["-x"], {}),
        (["pikachu", "bad name"], {}),
        ([], {"BATCH_DELAY": "soon"}),
        ([], {"RETRY_DELAY": "-1"}),
    ],
)
def test_bad_usage_exits_2_before_any_request(
    run: Run,
    api: FakePokeApi,
    api_env: dict[str, str],
    tmp_path: Path,
    args: list[str],
    env: dict[str, str],
) -> None:
    assert_usage_error(run(SCRIPT, *args, env={**api_env, **env}), "batch.sh")
    assert api.requests() == []
    assert listing(tmp_path) == []


@EXTRAS
@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, api_env: dict[str, str], option: str) -> None:
    result = run(SCRIPT, option, env=api_env)
    assert_help(result, "batch.sh")
    assert "BATCH_DELAY" in result.stdout
    assert "RETRY_DELAY" in result.stdout
