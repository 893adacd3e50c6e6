"""What batch.sh and parallel.sh must both do before fetching anything: refuse to start
without jq, and stop when pokemon_data/ cannot be created."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fakepokeapi import FakePokeApi
from tests.conftest import Run, assert_tool_required, listing

SCRIPTS = [
    pytest.param("api/batch.sh", marks=pytest.mark.task("extras.batch"), id="batch"),
    pytest.param("api/parallel.sh", marks=pytest.mark.task("extras.parallel"), id="parallel"),
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_folder_that_cannot_be_created_is_an_error(
    run: Run, api: FakePokeApi, api_env: dict[str, str], tmp_path: Path, script: str
) -> None:
    (tmp_path / "pokemon_data").write_text("a file, not a folder", encoding="utf-8")
    result = run(script, env=api_env)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{Path(script).name}: ")
    assert "pokemon_data" in result.stderr
    assert api.requests() == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_jq_is_required(
    run: Run,
    api: FakePokeApi,
    api_env: dict[str, str],
    path_without: Callable[[str], str],
    tmp_path: Path,
    script: str,
) -> None:
    result = run(script, env={**api_env, "PATH": path_without("jq")})
    assert_tool_required(result, Path(script).name, "jq")
    assert api.requests() == []
    assert listing(tmp_path) == []
