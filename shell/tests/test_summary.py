"""api/summary.sh: pokemon_report.csv and the averages from pokemon_data/*.json.

The folder is filled from the fake API's data (what batch.sh saves), so the expected
report is known exactly. Errors (no folder, no file, a bad file) write nothing and leave
an earlier report as it was.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from fakepokeapi import FakePokeApi
from tests.conftest import Run, assert_help, assert_tool_required, assert_usage_error, listing

pytestmark = pytest.mark.task("api.summary")

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


def test_a_missing_folder_is_an_error(run: Run, tmp_path: Path) -> None:
    (tmp_path / REPORT).write_text(OLD_REPORT, encoding="utf-8")
    assert_nothing_written(run(SCRIPT), tmp_path, "pokemon_data")
    assert listing(tmp_path) == [REPORT]


def test_an_empty_folder_is_an_error(run: Run, tmp_path: Path) -> None:
    (tmp_path / REPORT).write_text(OLD_REPORT, encoding="utf-8")
    (tmp_path / "pokemon_data").mkdir()
    (tmp_path / "pokemon_data" / ".bulbasaur.json.123.tmp").write_text("{", encoding="utf-8")
    assert_nothing_written(run(SCRIPT), tmp_path, "pokemon_data")
    assert listing(tmp_path) == ["pokemon_data", REPORT]


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


def test_jq_is_required(
    run: Run, api: FakePokeApi, tmp_path: Path, path_without: Callable[[str], str]
) -> None:
    fill(tmp_path / "pokemon_data", api, "pikachu")
    assert_tool_required(run(SCRIPT, env={"PATH": path_without("jq")}), "summary.sh", "jq")
    assert not (tmp_path / REPORT).exists()


@pytest.mark.parametrize("args", [["-x"], ["--csv"], ["a", "b"]])
def test_bad_usage_exits_2(run: Run, tmp_path: Path, args: list[str]) -> None:
    assert_usage_error(run(SCRIPT, *args), "summary.sh")
    assert listing(tmp_path) == []


@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    assert_help(run(SCRIPT, option), "summary.sh")
