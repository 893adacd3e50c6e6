"""Our own code in the program's layout, graded with `--against`: every task the program
has a file for passes, as it does in place, whatever the peer's files import by their
program names and whatever tests need our untouched code (the mutation tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.cli import REPOSITORY
from grader.layout import program_layout
from grader.manifest import load
from grader.tests.support import grade

SERVICE_VARIABLES = ("DATABASE_URL", "POSTGRES_URL", "REDIS_URL", "CELERY_BROKER_URL")


@pytest.mark.parametrize("name", ["python-advanced", "sql-advanced", "shell"])
def test_our_code_in_the_program_layout_passes(
    name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in SERVICE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    module = load(REPOSITORY / name)
    clone = program_layout(module, tmp_path / "clone")
    json_path = tmp_path / "results.json"
    status, out, _ = grade(
        capsys, REPOSITORY, name, "--against", str(clone), "--json", str(json_path)
    )
    tasks = json.loads(json_path.read_text())["tasks"]
    states = {key: task["state"] for key, task in tasks.items()}
    assert status == 0, out
    assert set(states.values()) <= {"passed", "skipped", "not applicable"}, out
    skipped = [task["message"] for task in tasks.values() if task["state"] == "skipped"]
    assert all(message.startswith("needs ") for message in skipped), out
