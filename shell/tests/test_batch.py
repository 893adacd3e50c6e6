"""api/batch.sh: several Pokémon one after another, with retries and a log of failures.

Retries show in the fake API's request log: a server error is tried 3 times in all, with
a back-off that doubles; a 404 once. A Pokémon that still fails is reported and logged,
and the batch goes on; a folder that cannot be written stops it at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakepokeapi import FakePokeApi
from tests.conftest import (
    DEFAULT_NAMES,
    Run,
    assert_help,
    assert_usage_error,
    error_log,
    listing,
)

pytestmark = pytest.mark.task("api.batch")

SCRIPT = "api/batch.sh"


def progress(*names: str) -> str:
    return "".join(
        f"Fetching data for {name}...\nSaved data to pokemon_data/{name}.json ✅\n"
        for name in names
    )


def saved(folder: Path, name: str) -> object:
    return json.loads((folder / "pokemon_data" / f"{name}.json").read_text(encoding="utf-8"))


def retries(name: str) -> str:
    return f"Retrying {name} (attempt 2/3)...\nRetrying {name} (attempt 3/3)...\n"


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


def test_an_unreachable_server_is_retried_then_logged(
    run: Run, api_env: dict[str, str], unreachable_url: str, tmp_path: Path
) -> None:
    result = run(SCRIPT, "pikachu", env={**api_env, "POKEAPI_BASE_URL": unreachable_url})
    assert result.returncode == 1
    assert result.stderr.startswith(
        retries("pikachu") + "Failed to fetch pikachu: cannot connect\n"
    )
    assert error_log(tmp_path) == [("pikachu", "cannot connect")]


def test_the_back_off_doubles(run: Run, api: FakePokeApi, api_env: dict[str, str]) -> None:
    run(SCRIPT, "error", env={**api_env, "RETRY_DELAY": "0.2"})
    first, second, third = api.request_times("error")
    assert second - first >= 0.2
    assert third - second >= 0.4


@pytest.mark.parametrize(
    ("args", "batch_delay"), [(["-d", "0.3"], "0"), ([], "0.3")], ids=["-d", "BATCH_DELAY"]
)
def test_pauses_between_two_pokemon(
    run: Run, api: FakePokeApi, api_env: dict[str, str], args: list[str], batch_delay: str
) -> None:
    result = run(SCRIPT, *args, "pikachu", "rattata", env={**api_env, "BATCH_DELAY": batch_delay})
    assert result.returncode == 0, result.stderr
    [pikachu], [rattata] = api.request_times("pikachu"), api.request_times("rattata")
    assert rattata - pikachu >= 0.3


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


@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, api_env: dict[str, str], option: str) -> None:
    result = run(SCRIPT, option, env=api_env)
    assert_help(result, "batch.sh")
    assert "BATCH_DELAY" in result.stdout
    assert "RETRY_DELAY" in result.stdout
