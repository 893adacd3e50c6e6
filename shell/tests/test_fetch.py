"""api/fetch.sh: one Pokémon into data.json, or a clear failure that changes nothing.

The program's task (apiAutomation-0x00), graded as `api.fetch`: a request for Pikachu to
https://pokeapi.co/api/v2/pokemon/pikachu, the response saved in data.json, and errors
logged to errors.txt. What else a failure must do here (exit 1, say why on stderr, one
timestamped line in errors.txt, data.json exactly as it was, no temp file beside it),
and the script's options, are the portfolio's additions: `extras.fetch`.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from fakepokeapi import NOT_FOUND_FAILURE, SERVER_ERROR_FAILURE, FakePokeApi
from fakepokeapi.server import pokemon_key
from tests.conftest import (
    Run,
    assert_help,
    assert_tool_required,
    assert_usage_error,
    error_log,
    listing,
)

PROGRAM = pytest.mark.task("api.fetch")
EXTRAS = pytest.mark.task("extras.fetch")

SCRIPT = "api/fetch.sh"
OLD = '{"name": "kept", "note": "an earlier fetch"}\n'


def saved(folder: Path) -> object:
    return json.loads((folder / "data.json").read_text(encoding="utf-8"))


# --- The program's task ------------------------------------------------------------------


@PROGRAM
def test_saves_pikachu_in_data_json(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, env=api_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "data.json").is_file(), "no data.json"
    assert saved(tmp_path) == api.pokemon("pikachu")
    asked = {pokemon_key(request.path) for request in api.requests()}
    assert asked == {"pikachu"}, f"requests: {[request.path for request in api.requests()]}"


@PROGRAM
@pytest.mark.parametrize("failure", ["HTTP 404", "HTTP 500", "no server"])
def test_a_failed_request_is_logged_in_errors_txt(
    run: Run,
    api: FakePokeApi,
    api_env: dict[str, str],
    unreachable_origin: str,
    tmp_path: Path,
    failure: str,
) -> None:
    env = dict(api_env)
    if failure == "no server":
        env["FAKE_POKEAPI_ORIGIN"] = unreachable_origin
    else:
        how = NOT_FOUND_FAILURE if failure == "HTTP 404" else SERVER_ERROR_FAILURE
        api.fail_next("pikachu", 100, how)
    result = run(SCRIPT, env=env)
    errors = tmp_path / "errors.txt"
    assert errors.is_file(), f"no errors.txt after a request that failed ({failure})"
    assert errors.read_text(encoding="utf-8", errors="replace").strip(), (
        f"errors.txt is empty after a request that failed ({failure})"
        + result.stdout
        + result.stderr
    )


# --- The portfolio's additions ------------------------------------------------------------


@EXTRAS
def test_fetches_pikachu_by_default(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, env=api_env)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert saved(tmp_path) == api.pokemon("pikachu")
    assert [request.path for request in api.requests()] == ["/api/v2/pokemon/pikachu"]
    assert listing(tmp_path) == ["data.json"]


@EXTRAS
def test_fetches_the_named_pokemon_lower_cased(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "data.json").write_text(OLD, encoding="utf-8")
    result = run(SCRIPT, "BulbaSaur", env=api_env)
    assert result.returncode == 0, result.stderr
    assert saved(tmp_path) == api.pokemon("bulbasaur")
    assert api.count("bulbasaur") == 1
    assert listing(tmp_path) == ["data.json"]


def assert_failed_cleanly(
    result: subprocess.CompletedProcess[str], folder: Path, name: str, reason: str
) -> None:
    """Exit 1, the reason on stderr and in errors.txt, data.json as it was, no temp file."""
    assert result.returncode == 1
    assert result.stderr.startswith("fetch.sh: "), result.stderr
    assert reason in result.stderr, result.stderr
    assert result.stdout == ""
    assert error_log(folder) == [(name, reason)]
    assert (folder / "data.json").read_text(encoding="utf-8") == OLD
    assert listing(folder) == ["data.json", "errors.txt"]


@EXTRAS
@pytest.mark.parametrize(
    ("name", "env", "reason"),
    [
        ("missingno", {}, "HTTP 404"),
        ("error", {}, "HTTP 500"),
        ("malformed", {}, "malformed JSON"),
        ("slow", {"POKEAPI_TIMEOUT": "1"}, "timed out after 1s"),
    ],
)
def test_a_failure_is_logged_and_leaves_data_json_untouched(
    run: Run, api_env: dict[str, str], tmp_path: Path, name: str, env: dict[str, str], reason: str
) -> None:
    (tmp_path / "data.json").write_text(OLD, encoding="utf-8")
    result = run(SCRIPT, name, env={**api_env, **env})
    assert_failed_cleanly(result, tmp_path, name, reason)


@EXTRAS
def test_an_unreachable_server_is_a_logged_failure(
    run: Run, api_env: dict[str, str], unreachable_origin: str, tmp_path: Path
) -> None:
    (tmp_path / "data.json").write_text(OLD, encoding="utf-8")
    result = run(SCRIPT, env={**api_env, "FAKE_POKEAPI_ORIGIN": unreachable_origin})
    assert_failed_cleanly(result, tmp_path, "pikachu", "cannot connect")


@EXTRAS
def test_no_data_json_is_created_by_a_failure(
    run: Run, api_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(SCRIPT, "missingno", env=api_env)
    assert result.returncode == 1
    assert listing(tmp_path) == ["errors.txt"]


@EXTRAS
def test_errors_txt_is_appended_to(run: Run, api_env: dict[str, str], tmp_path: Path) -> None:
    for name in ("missingno", "error", "pikachu"):
        run(SCRIPT, name, env=api_env)
    assert error_log(tmp_path) == [("missingno", "HTTP 404"), ("error", "HTTP 500")]


@EXTRAS
def test_one_request_only_a_server_error_then_a_success(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path
) -> None:
    api.fail_next("charmander", 1)
    first = run(SCRIPT, "charmander", env=api_env)
    assert first.returncode == 1
    assert api.count("charmander") == 1  # fetch.sh does not retry: batch.sh does
    assert not (tmp_path / "data.json").exists()
    second = run(SCRIPT, "charmander", env=api_env)
    assert second.returncode == 0, second.stderr
    assert saved(tmp_path) == api.pokemon("charmander")
    assert api.count("charmander") == 2
    assert error_log(tmp_path) == [("charmander", "HTTP 500")]


@EXTRAS
@pytest.mark.parametrize("tool", ["jq", "curl"])
def test_a_missing_tool_is_named(
    run: Run,
    api: FakePokeApi,
    api_env: dict[str, str],
    path_without: Callable[[str], str],
    tmp_path: Path,
    tool: str,
) -> None:
    result = run(SCRIPT, env={**api_env, "PATH": path_without(tool)})
    assert_tool_required(result, "fetch.sh", tool)
    assert api.requests() == []
    assert listing(tmp_path) == []


@EXTRAS
@pytest.mark.parametrize(
    "args",
    [
        ["pika chu"],
        ["../type/13"],
        ["pikachu?x=1"],
        ["pikachu#"],
        [""],
        ["-x"],
        ["--nope"],
        ["pikachu", "bulbasaur"],
    ],
)
def test_bad_usage_exits_2_before_any_request(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    assert_usage_error(run(SCRIPT, *args, env=api_env), "fetch.sh")
    assert api.requests() == []
    assert listing(tmp_path) == []


@EXTRAS
@pytest.mark.parametrize("timeout", ["0", "soon", "-1"])
def test_a_bad_timeout_is_a_usage_error(
    run: Run, api: FakePokeApi, api_env: dict[str, str], timeout: str
) -> None:
    assert_usage_error(run(SCRIPT, env={**api_env, "POKEAPI_TIMEOUT": timeout}), "fetch.sh")
    assert api.requests() == []


@EXTRAS
@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, api_env: dict[str, str], tmp_path: Path, option: str) -> None:
    result = run(SCRIPT, option, env=api_env)
    assert_help(result, "fetch.sh")
    assert "POKEAPI_TIMEOUT" in result.stdout
    assert listing(tmp_path) == []


@EXTRAS
def test_pokeapi_base_url_chooses_the_server(
    run: Run, api: FakePokeApi, api_env: dict[str, str], unreachable_origin: str, tmp_path: Path
) -> None:
    env = {**api_env, "FAKE_POKEAPI_ORIGIN": unreachable_origin, "POKEAPI_BASE_URL": api.url}
    result = run(SCRIPT, "rattata", env=env)
    assert result.returncode == 0, result.stderr
    assert saved(tmp_path) == api.pokemon("rattata")
