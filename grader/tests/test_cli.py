"""The command line's own logic: choosing jobs, parsing numbers, writing the result files.
Nothing here runs a module's tests (test_grading.py grades the fixture modules end to end)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from grader import cli
from grader.manifest import Module
from grader.requirements import required_packages
from grader.scoring import PASSED
from grader.tests.support import FIXTURES, grade, module, module_result, task, write_module
from grader.usage import UsageError

ADD, DIVIDE = task("arith.add"), task("arith.divide")
SHARED = task("deploy.docker")
CALC = module("calc", ADD, DIVIDE, SHARED)
SHOP = module("shop", SHARED)


def chosen(names: list[str], task_ids: list[str]) -> list[tuple[str, list[str], bool]]:
    jobs = cli.select([CALC, SHOP], names, task_ids)
    return [(job.module.name, [t.id for t in job.tasks], job.only_named) for job in jobs]


def test_select_every_module_or_those_named_once() -> None:
    assert chosen([], []) == [
        ("calc", ["arith.add", "arith.divide", "deploy.docker"], False),
        ("shop", ["deploy.docker"], False),
    ]
    assert chosen(["shop/", "shop"], []) == [("shop", ["deploy.docker"], False)]


def test_select_named_tasks_in_their_modules() -> None:
    assert chosen([], ["arith.divide"]) == [("calc", ["arith.divide"], True)]
    # an id two modules share is taken from the module named
    assert chosen(["shop"], ["deploy.docker"]) == [("shop", ["deploy.docker"], True)]


@pytest.mark.parametrize(
    ("names", "task_ids", "error"),
    [
        (["nowhere"], [], "unknown module 'nowhere' (modules: calc, shop)"),
        ([], ["arith.nope"], "unknown task 'arith.nope'"),
        (["shop"], ["arith.add"], "task 'arith.add' belongs to module 'calc'"),
    ],
)
def test_select_refuses_what_does_not_exist(
    names: list[str], task_ids: list[str], error: str
) -> None:
    with pytest.raises(UsageError, match=re.escape(error)):
        cli.select([CALC, SHOP], names, task_ids)


def test_numbers_must_be_positive() -> None:
    args = cli.build_parser().parse_args(["--jobs", "3", "--timeout", "2.5"])
    assert (args.jobs, args.timeout) == (3, 2.5)
    with pytest.raises(UsageError, match="--timeout: must be above zero: '-1'"):
        cli.build_parser().parse_args(["--timeout", "-1"])


def test_list_prints_only_the_tasks_named(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = grade(capsys, FIXTURES, "--list", "--task", "arith.divide")
    assert status == 0
    assert out.splitlines() == [
        "calculator: Calculator (2 tasks, 5 points)",
        "  arith.divide  [3 pts]  Divide, refusing zero",
        "      program file: calculator-0x00/1-divide.py",
    ]


def test_list_of_no_module_prints_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert grade(capsys, tmp_path, "--list") == (0, "", "")


def test_a_module_needing_an_uninstalled_package_is_refused(tmp_path: Path) -> None:
    folder = write_module(tmp_path, "needy", {"requirements.txt": "surely-not-installed-pkg\n"})
    job = cli.Job(Module("needy", folder, "Needy", "", (ADD,)), (ADD,))
    with pytest.raises(UsageError, match="module 'needy' needs surely-not-installed-pkg"):
        cli.check_installed([job])


def test_a_package_in_an_included_requirements_file_is_required_too(tmp_path: Path) -> None:
    files = {
        "requirements.txt": "-r requirements-runtime.txt\npytest\n",
        "requirements-runtime.txt": "--requirement=base.txt\nsurely-not-installed-pkg==1\n",
        "base.txt": "-r requirements.txt\nalso-not-installed-pkg\n",
    }
    folder = write_module(tmp_path, "layered", files)
    assert required_packages(folder) == [
        "also-not-installed-pkg",
        "surely-not-installed-pkg",
        "pytest",
    ]


def test_write_reports_writes_each_file_asked_for_and_the_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    paths = {kind: tmp_path / f"results.{kind}" for kind in ("json", "xml", "md")}
    args = cli.build_parser().parse_args(
        ["--json", str(paths["json"]), "--junit", str(paths["xml"]),
         "--markdown", str(paths["md"]), "--strict"]
    )  # fmt: skip
    cli.write_reports(args, [module_result("calc", (ADD, PASSED, ""))])
    assert json.loads(paths["json"].read_text())["strict"] is True
    assert paths["xml"].read_text().startswith("<?xml")
    page = paths["md"].read_text()
    assert page.startswith("# Scoreboard")
    assert summary.read_text() == page + "\n"


def test_write_reports_writes_nothing_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cli.write_reports(cli.build_parser().parse_args([]), [])
    assert list(tmp_path.iterdir()) == []
