"""api/summary.sh: pokemon_report.csv and the averages from pokemon_data/*.json.

The folder is filled from the fake API's data (what batch.sh saves), so the expected
report is known exactly.

The program's task (summaryData-0x03), graded as `api.summary`: read the JSON files of
pokemon_data/ with jq, write pokemon_report.csv (`Name,Height (m),Weight (kg)`, one row
per Pokémon, its name capitalised as the sample shows, metres and kilograms), and give
the average height and weight computed with awk, two decimals, as in the sample:
`Average Height: 1.08 m`. Numbers are compared as numbers (19 or 19.0), rows in any
order, and the averages may be printed or written at the end of the report.

The portfolio's own reading, `extras.summary`: the report sorted by name and printed
exactly as the sample, a folder argument, and errors (no folder, no file, a bad file)
that write nothing and leave an earlier report as it was.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from fakepokeapi import FakePokeApi
from tests.conftest import Run, assert_help, assert_tool_required, assert_usage_error, listing

PROGRAM = pytest.mark.task("api.summary")
EXTRAS = pytest.mark.task("extras.summary")

SCRIPT = "api/summary.sh"
REPORT = "pokemon_report.csv"
OLD_REPORT = "Name,Height (m),Weight (kg)\nKept,1.0,1.0\n"
FIVE_CSV = """\
Name,Height (m),Weight (kg)
Bulbasaur,0.7,6.9
Charmander,0.6,8.5
Charmeleon,1.1,19.0
Ivysaur,1.0,13.0
Venusaur,2.0,100.0
"""
FIVE_AVERAGES = "Average Height: 1.08 m\nAverage Weight: 29.48 kg\n"


def fill(folder: Path, api: FakePokeApi, *names: str) -> None:
    """Save each Pokémon as batch.sh would, in the order given (not the report's)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.json").write_text(json.dumps(api.pokemon(name)), encoding="utf-8")


# --- The program's task ------------------------------------------------------------------

HEADER = "Name,Height (m),Weight (kg)"
AVERAGE = re.compile(r"Average (?P<what>Height|Weight):\s*(?P<value>\d+(?:\.\d+)?)\s*(?:m|kg)\b")


def report_rows(folder: Path) -> list[tuple[str, float, float]]:
    """The data rows of pokemon_report.csv, after checking its header."""
    path = folder / REPORT
    assert path.is_file(), f"no {REPORT}"
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[:1] == [HEADER], f"{REPORT} starts {lines[:1]}, not {HEADER!r}"
    rows = []
    for line in lines[1:]:
        fields = line.split(",")
        numbers = fields[1:]
        if len(fields) == 3 and all(re.fullmatch(r"\d+(?:\.\d+)?", n) for n in numbers):
            rows.append((fields[0], float(fields[1]), float(fields[2])))
    return rows


def averages(*texts: str) -> dict[str, float]:
    """Average Height and Average Weight, wherever they were given."""
    found = {}
    for text in texts:
        for match in AVERAGE.finditer(text):
            found.setdefault(match["what"], float(match["value"]))
    return found


def expected_rows(api: FakePokeApi, *names: str) -> list[tuple[str, float, float]]:
    return sorted(
        (name.capitalize(), api.pokemon(name)["height"] / 10, api.pokemon(name)["weight"] / 10)
        for name in names
    )


@PROGRAM
@pytest.mark.parametrize(
    ("names", "height", "weight"),
    [
        (["bulbasaur", "ivysaur", "venusaur", "charmander", "charmeleon"], "1.08", "29.48"),
        (["pikachu", "charizard", "pidgey"], "0.80", "32.77"),
    ],
    ids=["the sample's five", "three others"],
)
def test_writes_the_csv_report_and_gives_the_averages(
    run: Run, api: FakePokeApi, tmp_path: Path, names: list[str], height: str, weight: str
) -> None:
    fill(tmp_path / "pokemon_data", api, *names)
    result = run(SCRIPT)
    assert result.returncode == 0, result.stdout + result.stderr
    rows, expected = sorted(report_rows(tmp_path)), expected_rows(api, *names)
    assert rows == expected, f"{REPORT}'s rows {rows} are not the Pokémon's {expected}"
    report = (tmp_path / REPORT).read_text(encoding="utf-8")
    found = averages(result.stdout, report)
    assert set(found) == {"Height", "Weight"}, f"no average line: {result.stdout!r}"
    assert f"{found['Height']:.2f}" == height, f"Average Height: {found['Height']}"
    assert f"{found['Weight']:.2f}" == weight, f"Average Weight: {found['Weight']}"


# --- The portfolio's additions ------------------------------------------------------------


@EXTRAS
def test_writes_and_prints_the_report_sorted_by_name(
    run: Run, api: FakePokeApi, tmp_path: Path
) -> None:
    fill(tmp_path / "pokemon_data", api, "venusaur", "charmeleon", "bulbasaur", "ivysaur")
    fill(tmp_path / "pokemon_data", api, "charmander")
    result = run(SCRIPT)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == FIVE_CSV + "\n" + FIVE_AVERAGES
    assert (tmp_path / REPORT).read_text(encoding="utf-8") == FIVE_CSV
    assert listing(tmp_path) == ["pokemon_data", REPORT]


@EXTRAS
def test_reads_the_folder_given_and_replaces_an_old_report(
    run: Run, api: FakePokeApi, tmp_path: Path
) -> None:
    (tmp_path / REPORT).write_text(OLD_REPORT, encoding="utf-8")
    fill(tmp_path / "saved", api, "pikachu", "charizard", "pidgey")
    (tmp_path / "saved" / "notes.txt").write_text("not a Pokémon", encoding="utf-8")
    result = run(SCRIPT, "saved")
    csv = "Name,Height (m),Weight (kg)\nCharizard,1.7,90.5\nPidgey,0.3,1.8\nPikachu,0.4,6.0\n"
    assert result.returncode == 0, result.stderr
    assert result.stdout == csv + "\nAverage Height: 0.80 m\nAverage Weight: 32.77 kg\n"
    assert (tmp_path / REPORT).read_text(encoding="utf-8") == csv
    assert listing(tmp_path) == [REPORT, "saved"]


@EXTRAS
def test_one_pokemon(run: Run, api: FakePokeApi, tmp_path: Path) -> None:
    fill(tmp_path / "pokemon_data", api, "metapod")
    result = run(SCRIPT)
    assert result.stdout.splitlines() == [
        "Name,Height (m),Weight (kg)",
        "Metapod,0.7,9.9",
        "",
        "Average Height: 0.70 m",
        "Average Weight: 9.90 kg",
    ]


def assert_nothing_written(
    result: subprocess.CompletedProcess[str], folder: Path, *mentions: str
) -> None:
    """Exit 1, a message naming what is wrong, no output, the old report untouched."""
    assert (result.returncode, result.stdout) == (1, ""), result.stdout + result.stderr
    assert result.stderr.startswith("summary.sh: "), result.stderr
    assert all(mention in result.stderr for mention in mentions), result.stderr
    assert (folder / REPORT).read_text(encoding="utf-8") == OLD_REPORT


@EXTRAS
def test_a_missing_folder_is_an_error(run: Run, tmp_path: Path) -> None:
    (tmp_path / REPORT).write_text(OLD_REPORT, encoding="utf-8")
    assert_nothing_written(run(SCRIPT), tmp_path, "pokemon_data")
    assert listing(tmp_path) == [REPORT]


@EXTRAS
def test_an_empty_folder_is_an_error(run: Run, tmp_path: Path) -> None:
    (tmp_path / REPORT).write_text(OLD_REPORT, encoding="utf-8")
    (tmp_path / "pokemon_data").mkdir()
    (tmp_path / "pokemon_data" / ".bulbasaur.json.123.tmp").write_text("{", encoding="utf-8")
    assert_nothing_written(run(SCRIPT), tmp_path, "pokemon_data")
    assert listing(tmp_path) == ["pokemon_data", REPORT]


@EXTRAS
@pytest.mark.parametrize(
    "content",
    ['{"name": "zubat", "height": 8, "weight": ', "", '{"name": "zubat", "height": 8}'],
    ids=["malformed", "empty", "no weight"],
)
def test_a_bad_file_is_named_and_nothing_is_written(
    run: Run, api: FakePokeApi, tmp_path: Path, content: str
) -> None:
    (tmp_path / REPORT).write_text(OLD_REPORT, encoding="utf-8")
    fill(tmp_path / "pokemon_data", api, "bulbasaur", "pikachu")
    (tmp_path / "pokemon_data" / "zubat.json").write_text(content, encoding="utf-8")
    assert_nothing_written(run(SCRIPT), tmp_path, "zubat.json")
    assert listing(tmp_path) == ["pokemon_data", REPORT]


@EXTRAS
def test_jq_is_required(
    run: Run, api: FakePokeApi, tmp_path: Path, path_without: Callable[[str], str]
) -> None:
    fill(tmp_path / "pokemon_data", api, "pikachu")
    assert_tool_required(run(SCRIPT, env={"PATH": path_without("jq")}), "summary.sh", "jq")
    assert not (tmp_path / REPORT).exists()


@EXTRAS
@pytest.mark.parametrize("args", [["-x"], ["--csv"], ["a", "b"]])
def test_bad_usage_exits_2(run: Run, tmp_path: Path, args: list[str]) -> None:
    assert_usage_error(run(SCRIPT, *args), "summary.sh")
    assert listing(tmp_path) == []


@EXTRAS
@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    assert_help(run(SCRIPT, option), "summary.sh")
