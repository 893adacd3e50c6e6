"""tasks.toml: what loads, and what is refused with an error naming the file and the task."""

from pathlib import Path

import pytest

from grader.manifest import ManifestError, discover, load, module_folders
from grader.tests.support import FIXTURES, grade, write_module

GOOD_TASK = """
[[task]]
id = "unit.exercise"
title = "An exercise"
points = 2
files = ["code.py"]
"""


def manifest_module(root: Path, toml: str) -> Path:
    return write_module(root, "demo", {"tasks.toml": toml, "code.py": "X = 1\n"})


def test_loads_every_field() -> None:
    module = load(FIXTURES / "calculator")
    assert (module.name, module.title, module.points) == ("calculator", "Calculator", 5)
    add = module.task("arith.add")
    assert add is not None
    assert add.files == ("calc.py",)
    assert add.curriculum == "calculator-0x00/0-add.py"
    assert add.hint.startswith("Return the sum")
    assert module.task("arith.nope") is None


def test_discover_finds_only_folders_with_a_manifest(tmp_path: Path) -> None:
    manifest_module(tmp_path, '[module]\ntitle = "Demo"\n' + GOOD_TASK)
    write_module(tmp_path, "a-first", {"tasks.toml": '[module]\ntitle = "A"\n'})
    (tmp_path / "docs").mkdir()
    assert [module.name for module in discover(tmp_path)] == ["a-first", "demo"]


def test_a_module_is_a_visible_top_level_folder_with_a_manifest_file(tmp_path: Path) -> None:
    for folder in ("shell", ".hidden", "docs/nested"):
        write_module(tmp_path, folder, {"tasks.toml": "[module]\n"})
    (tmp_path / "odd" / "tasks.toml").mkdir(parents=True)
    assert module_folders(tmp_path) == [tmp_path / "shell"]


def test_services_are_read(tmp_path: Path) -> None:
    folder = manifest_module(
        tmp_path, '[module]\ntitle = "Demo"\n' + GOOD_TASK + 'services = ["mysql", "redis"]\n'
    )
    assert load(folder).tasks[0].services == ("mysql", "redis")


@pytest.mark.parametrize(
    ("toml", "error"),
    [
        ("[module\n", "not valid TOML"),
        (GOOD_TASK, "missing [module] table"),
        ('[module]\nsummary = "no title"\n', "[module]: missing key 'title'"),
        ('[module]\ntitle = "Demo"\nauthor = "x"\n', "[module]: unknown key 'author'"),
        ('[module]\ntitle = "Demo"\n[extra]\n', "unknown key 'extra'"),
        ('[module]\ntitle = "Demo"\n' + GOOD_TASK + 'colour = "red"\n', "unknown key 'colour'"),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace('title = "An exercise"\n', ""),
            "task 'unit.exercise': missing key 'title'",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace("points = 2\n", ""),
            "task 'unit.exercise': missing key 'points'",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace('files = ["code.py"]\n', ""),
            "task 'unit.exercise': missing key 'files'",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace('id = "unit.exercise"\n', ""),
            "task 'number 1': missing key 'id'",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK + GOOD_TASK,
            "duplicate task id 'unit.exercise'",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace("code.py", "missing.py"),
            "task 'unit.exercise': file 'missing.py' does not exist",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace("code.py", "../outside.py"),
            "file '../outside.py' is outside the module",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace('files = ["code.py"]', "files = []"),
            "files must be a non-empty list",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace("unit.exercise", "Exercise One"),
            "id must look like 'unit.exercise'",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace("points = 2", "points = 0"),
            "points must be a positive whole number",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace("points = 2", "points = true"),
            "points must be a positive whole number",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK.replace("points = 2", 'points = "2"'),
            "'points' must be a whole number",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK + 'services = ["oracle"]\n',
            "unknown service 'oracle'",
        ),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK + 'starter = "blank"\n',
            "starter must be one of stub, comments",
        ),
        ('task = "not a table"\n[module]\ntitle = "Demo"\n', "'task' must be a list"),
        (
            '[module]\ntitle = "Demo"\n' + GOOD_TASK + "curriculum_also = [1]\n",
            "curriculum_also must be paths beside a curriculum",
        ),
    ],
)
def test_malformed_manifest_is_refused(tmp_path: Path, toml: str, error: str) -> None:
    folder = manifest_module(tmp_path, toml)
    with pytest.raises(ManifestError) as raised:
        load(folder)
    assert str(raised.value).startswith("demo/tasks.toml")
    assert error in str(raised.value)


def test_cli_reports_a_malformed_manifest_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest_module(tmp_path, '[module]\ntitle = "Demo"\n' + GOOD_TASK + GOOD_TASK)
    status, out, err = grade(capsys, tmp_path)
    assert status == 2
    assert out == ""
    assert err == "grader: demo/tasks.toml: duplicate task id 'unit.exercise'\n"
