"""api/extract.sh: one sentence from data.json (jq reads, awk converts, sed capitalises).

The expected sentences come from the real sizes the fake API serves: weight in
hectograms to whole kilograms, half up (85 hg -> 9kg); height in decimetres to metres
with one decimal. A missing, malformed or incomplete file is a clear error, exit 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fakepokeapi import FakePokeApi
from tests.conftest import MODULE, Run, assert_help, assert_tool_required, assert_usage_error

pytestmark = pytest.mark.task("api.extract")

SCRIPT = "api/extract.sh"


def write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("pikachu", "Pikachu is of type Electric, weighs 6kg, and is 0.4m tall."),
        ("bulbasaur", "Bulbasaur is of type Grass/Poison, weighs 7kg, and is 0.7m tall."),
        ("charmander", "Charmander is of type Fire, weighs 9kg, and is 0.6m tall."),
        ("charizard", "Charizard is of type Fire/Flying, weighs 91kg, and is 1.7m tall."),
        ("venusaur", "Venusaur is of type Grass/Poison, weighs 100kg, and is 2.0m tall."),
        ("pidgey", "Pidgey is of type Normal/Flying, weighs 2kg, and is 0.3m tall."),
        ("caterpie", "Caterpie is of type Bug, weighs 3kg, and is 0.3m tall."),
    ],
)
def test_describes_the_pokemon_in_data_json(
    run: Run, api: FakePokeApi, tmp_path: Path, name: str, sentence: str
) -> None:
    write(tmp_path / "data.json", api.pokemon(name))
    result = run(SCRIPT)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == sentence + "\n"


def test_reads_the_file_given_and_types_in_slot_order(
    run: Run, api: FakePokeApi, tmp_path: Path
) -> None:
    data = api.pokemon("butterfree")
    data["types"].reverse()  # flying (slot 2) first in the file: the slots give the order
    write(tmp_path / "butterfree.json", data)
    result = run(SCRIPT, "butterfree.json")
    assert result.stdout == "Butterfree is of type Bug/Flying, weighs 32kg, and is 1.1m tall.\n"


def test_the_values_go_through_formatted_weight_and_formatted_height() -> None:
    source = (MODULE / SCRIPT).read_text(encoding="utf-8")
    assert "formatted_weight=" in source
    assert "$formatted_weight" in source.replace("{", "")
    assert "formatted_height=" in source
    assert "$formatted_height" in source.replace("{", "")


def test_a_missing_file_is_named(run: Run, tmp_path: Path) -> None:
    result = run(SCRIPT)
    assert result.returncode == 1
    assert result.stderr.startswith("extract.sh: data.json: "), result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "content",
    ['{"name": "pikachu", "height": 4, "weight": ', "", "not json at all", "[1, 2]", "{}{}"],
)
def test_a_file_that_is_not_one_json_object_is_an_error(
    run: Run, tmp_path: Path, content: str
) -> None:
    (tmp_path / "data.json").write_text(content, encoding="utf-8")
    result = run(SCRIPT)
    assert result.returncode == 1
    assert result.stderr.startswith("extract.sh: data.json: "), result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", None), ("height", "4"), ("weight", None), ("types", []), ("types", [{"slot": 1}])],
)
def test_a_missing_or_invalid_field_is_named(
    run: Run, api: FakePokeApi, tmp_path: Path, field: str, value: object
) -> None:
    data = api.pokemon("pikachu")
    data[field] = value
    write(tmp_path / "data.json", data)
    result = run(SCRIPT)
    assert result.returncode == 1
    assert result.stderr.startswith("extract.sh: data.json: ")
    assert field in result.stderr
    assert result.stdout == ""


def test_jq_is_required(
    run: Run, api: FakePokeApi, tmp_path: Path, path_without: Callable[[str], str]
) -> None:
    write(tmp_path / "data.json", api.pokemon("pikachu"))
    assert_tool_required(run(SCRIPT, env={"PATH": path_without("jq")}), "extract.sh", "jq")


@pytest.mark.parametrize("args", [["-x"], ["--all"], ["a.json", "b.json"]])
def test_bad_usage_exits_2(run: Run, args: list[str]) -> None:
    assert_usage_error(run(SCRIPT, *args), "extract.sh")


@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    assert_help(run(SCRIPT, option), "extract.sh")
