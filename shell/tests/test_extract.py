"""api/extract.sh: one sentence from data.json (jq reads, awk converts, sed capitalises).

The program's task (data_extraction_automation-0x01), graded as `api.extract`: with jq,
awk and sed, read data.json and print `Pikachu is of type Electric, weighs 6kg, and is
0.4m tall.` Its sample fixes Pikachu's sentence; for other Pokémon every reading of it
passes: a weight in kilograms as a decimal (6.9kg), rounded (7kg) or cut (6kg); the first
type or all of them (Grass/Poison, "Grass, Poison", "Grass and Poison").

The portfolio's own reading, `extras.extract`: weight rounded half up (85 hg -> 9kg),
every type joined with "/" in slot order, a file argument, and a missing, malformed or
incomplete file a clear error, exit 1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fakepokeapi import FakePokeApi
from tests.conftest import MODULE, Run, assert_help, assert_tool_required, assert_usage_error

PROGRAM = pytest.mark.task("api.extract")
EXTRAS = pytest.mark.task("extras.extract")

SCRIPT = "api/extract.sh"


def write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


# --- The program's task ------------------------------------------------------------------

PIKACHU = "Pikachu is of type Electric, weighs 6kg, and is 0.4m tall."
SENTENCE = re.compile(
    r"(?P<name>\S+) is of type (?P<types>.+), weighs (?P<kg>\d+(?:\.\d+)?)kg,"
    r" and is (?P<m>\d+(?:\.\d+)?)m tall\."
)
TYPE_SEPARATORS = ("/", ", ", " and ", " & ", ",", " / ")


def sentences(stdout: str) -> list[re.Match[str]]:
    return [m for line in stdout.splitlines() if (m := SENTENCE.fullmatch(line.strip()))]


@PROGRAM
def test_pikachu_as_the_program_shows_it(run: Run, api: FakePokeApi, tmp_path: Path) -> None:
    write(tmp_path / "data.json", api.pokemon("pikachu"))
    result = run("api/extract.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert PIKACHU in [line.strip() for line in result.stdout.splitlines()], result.stdout


@PROGRAM
@pytest.mark.parametrize("name", ["bulbasaur", "charmander", "charizard", "venusaur", "caterpie"])
def test_reads_whichever_pokemon_data_json_holds(
    run: Run, api: FakePokeApi, tmp_path: Path, name: str
) -> None:
    data = api.pokemon(name)
    write(tmp_path / "data.json", data)
    result = run("api/extract.sh")
    found = sentences(result.stdout)
    assert len(found) == 1, f"one sentence as the program shows it, got: {result.stdout!r}"
    sentence = found[0]
    types = [entry["type"]["name"].capitalize() for entry in data["types"]]
    readings = {types[0]} | {separator.join(types) for separator in TYPE_SEPARATORS}
    kilograms = data["weight"] / 10
    assert sentence["name"] == name.capitalize()
    assert sentence["types"] in readings, f"types {sentence['types']!r}, not one of {readings}"
    assert float(sentence["kg"]) in {kilograms, int(kilograms), int(kilograms + 0.5)}, (
        f"{sentence['kg']}kg for {data['weight']} hectograms"
    )
    assert abs(float(sentence["m"]) - data["height"] / 10) < 1e-9, (
        f"{sentence['m']}m for {data['height']} decimetres"
    )


@PROGRAM
def test_uses_jq_awk_and_sed() -> None:
    code = [line.split("#", 1)[0] for line in (MODULE / "api/extract.sh").read_text().splitlines()]
    words = set(re.findall(r"[\w.-]+", "\n".join(code)))
    assert {"jq", "awk", "sed"} <= words, f"missing: {sorted({'jq', 'awk', 'sed'} - words)}"


# --- The portfolio's additions ------------------------------------------------------------


@EXTRAS
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


@EXTRAS
def test_reads_the_file_given_and_types_in_slot_order(
    run: Run, api: FakePokeApi, tmp_path: Path
) -> None:
    data = api.pokemon("butterfree")
    data["types"].reverse()  # flying (slot 2) first in the file: the slots give the order
    write(tmp_path / "butterfree.json", data)
    result = run(SCRIPT, "butterfree.json")
    assert result.stdout == "Butterfree is of type Bug/Flying, weighs 32kg, and is 1.1m tall.\n"


@EXTRAS
def test_the_values_go_through_formatted_weight_and_formatted_height() -> None:
    source = (MODULE / SCRIPT).read_text(encoding="utf-8")
    assert "formatted_weight=" in source
    assert "$formatted_weight" in source.replace("{", "")
    assert "formatted_height=" in source
    assert "$formatted_height" in source.replace("{", "")


@EXTRAS
def test_a_missing_file_is_named(run: Run, tmp_path: Path) -> None:
    result = run(SCRIPT)
    assert result.returncode == 1
    assert result.stderr.startswith("extract.sh: data.json: "), result.stderr
    assert result.stdout == ""


@EXTRAS
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


@EXTRAS
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


@EXTRAS
def test_jq_is_required(
    run: Run, api: FakePokeApi, tmp_path: Path, path_without: Callable[[str], str]
) -> None:
    write(tmp_path / "data.json", api.pokemon("pikachu"))
    assert_tool_required(run(SCRIPT, env={"PATH": path_without("jq")}), "extract.sh", "jq")


@EXTRAS
@pytest.mark.parametrize("args", [["-x"], ["--all"], ["a.json", "b.json"]])
def test_bad_usage_exits_2(run: Run, args: list[str]) -> None:
    assert_usage_error(run(SCRIPT, *args), "extract.sh")


@EXTRAS
@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    assert_help(run(SCRIPT, option), "extract.sh")
