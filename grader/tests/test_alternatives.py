"""Other people's correct and wrong code, graded with `--against`: the proof that the
tests check the program's contract and not our implementation's choices.

`alternatives/<module>/<set>/` is a partial learner repository in the program's layout
(files at their `curriculum` paths) beside an `expect.toml` naming, for each task it
covers, the state grading must give and, for a wrong one, words its message must hold:

    [[task]]
    id = "decorators.transactional"
    state = "failed"
    reason = "rollback"        # case-insensitive, in the task's message
    why = "commits but never rolls back"
    with_services = { state = "failed", reason = "..." }   # optional, see below

Each set is graded with only its tasks selected: on the embedded defaults, or, when every
service variable is set (as in CI), on those services, where a task's `with_services`
verdict replaces its own (code that needs MariaDB skips embedded and runs there).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.cli import REPOSITORY
from grader.manifest import discover
from grader.tests.support import grade

ALTERNATIVES = Path(__file__).parent / "alternatives"
SERVICE_VARIABLES = ("DATABASE_URL", "POSTGRES_URL", "REDIS_URL", "CELERY_BROKER_URL")
ON_SERVICES = all(os.environ.get(variable) for variable in SERVICE_VARIABLES)
STATES = {"passed", "failed", "error", "skipped"}


@dataclass(frozen=True)
class Expected:
    task: str
    state: str
    reason: str
    why: str


def expectations(folder: Path, *, on_services: bool = False) -> list[Expected]:
    """The set's verdicts; `on_services`: a task's `with_services` one where it has one."""
    document = tomllib.loads((folder / "expect.toml").read_text(encoding="utf-8"))
    expected = []
    for entry in document["task"]:
        verdict = entry.get("with_services", entry) if on_services else entry
        expected.append(
            Expected(
                entry["id"], verdict["state"], verdict.get("reason", ""), entry.get("why", "")
            )
        )
    return expected


SETS = sorted(path.parent for path in ALTERNATIVES.glob("*/*/expect.toml"))


def test_the_sets_cover_every_module_and_are_well_formed() -> None:
    modules = {module.name: module for module in discover(REPOSITORY)}
    assert {folder.parent.name for folder in SETS} == set(modules)
    for folder, on_services in ((folder, on) for folder in SETS for on in (False, True)):
        module = modules[folder.parent.name]
        for expected in expectations(folder, on_services=on_services):
            task = module.task(expected.task)
            where = f"{folder.relative_to(ALTERNATIVES)}: {expected.task}"
            assert task is not None, f"{where}: no such task"
            assert expected.state in STATES, f"{where}: unknown state {expected.state!r}"
            assert expected.why, f"{where}: say why in `why`"
            assert expected.state == "passed" or expected.reason, f"{where}: name the reason"
            assert (folder / task.curriculum).is_file(), f"{where}: {task.curriculum} missing"
    states = [expected.state for folder in SETS for expected in expectations(folder)]
    assert states.count("passed") >= 25, "at least 25 correct alternatives"
    assert len(states) - states.count("passed") >= 15, "and wrong ones beside them"


@pytest.mark.parametrize(
    "folder", SETS, ids=[str(folder.relative_to(ALTERNATIVES)) for folder in SETS]
)
def test_each_alternative_gets_its_verdict(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not ON_SERVICES:  # none, rather than some: the verdicts are for one or the other
        for variable in SERVICE_VARIABLES:
            monkeypatch.delenv(variable, raising=False)
    expected = expectations(folder, on_services=ON_SERVICES)
    json_path = tmp_path / "results.json"
    task_args = [arg for entry in expected for arg in ("--task", entry.task)]
    module = folder.parent.name
    grade(
        capsys, REPOSITORY, module, "--against", str(folder), *task_args, "--json", str(json_path)
    )
    tasks = json.loads(json_path.read_text())["tasks"]

    wrong = []
    for entry in expected:
        got = tasks[f"{module}/{entry.task}"]
        message = got["message"] or ""
        if got["state"] != entry.state or entry.reason.lower() not in message.lower():
            wrong.append(
                f"{entry.task} ({entry.why}): expected {entry.state}"
                + (f" with {entry.reason!r}" if entry.reason else "")
                + f", got {got['state']}: {message}"
            )
    assert not wrong, "\n".join(wrong)
