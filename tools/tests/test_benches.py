"""Every module's bench.py still runs: `python bench.py --smoke` (the same scenario, tiny
and short) exits 0, and its last line has the RESULT keys its docstring names.

The numbers mean nothing here (`make bench` measures speed, no test does): what fails is
a bench that no longer runs, or a RESULT line that drifted from the one documented.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from grader.manifest import module_folders
from grader.runner import module_environment

ROOT = Path(__file__).resolve().parents[2]
BENCHES = [folder for folder in module_folders(ROOT) if (folder / "bench.py").is_file()]
SERVICE_VARIABLES = ("DATABASE_URL", "POSTGRES_URL", "REDIS_URL", "CELERY_BROKER_URL")
# The benches that need servers (they have no embedded default): what they read.
NEEDS = {"sql-advanced": ("DATABASE_URL", "POSTGRES_URL")}
# Against a hang, not a speed limit: a smoke run takes seconds.
TIMEOUT_S = 180
DOCUMENTED = re.compile(r"`RESULT ([^`]*)`")


def documented_keys(bench: Path) -> list[str]:
    """The keys of the `RESULT key=... key=...` line the module docstring names."""
    docstring = ast.get_docstring(ast.parse(bench.read_text(encoding="utf-8"))) or ""
    match = DOCUMENTED.search(docstring)
    assert match, f"{bench}: the docstring names no `RESULT key=... key=...` line"
    return keys(match.group(1))


def keys(pairs: str) -> list[str]:
    return [pair.split("=", 1)[0] for pair in pairs.split()]


def smoke_environment(module: str) -> dict[str, str]:
    """The embedded defaults: no service variable but those the bench needs."""
    needed = NEEDS.get(module, ())
    missing = [name for name in needed if not os.environ.get(name)]
    if missing:
        pytest.skip(f"{module}/bench.py needs {' and '.join(missing)} (a server to measure)")
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in SERVICE_VARIABLES or key in needed
    }
    return module_environment(module, base)  # `{module}` in a URL, as the grader does


def test_the_benches_are_found() -> None:
    assert {"messaging_app", "sql-advanced"} <= {folder.name for folder in BENCHES}


@pytest.mark.parametrize("folder", BENCHES, ids=lambda folder: folder.name)
def test_a_smoke_run_prints_the_documented_result_line(folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "bench.py", "--smoke"],
        cwd=folder,
        env=smoke_environment(folder.name),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    output = f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
    assert done.returncode == 0, (
        f"{folder.name}: bench.py --smoke exited {done.returncode}\n{output}"
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert last.startswith("RESULT "), f"{folder.name}: the last line is not RESULT\n{output}"
    assert keys(last.removeprefix("RESULT ")) == documented_keys(folder / "bench.py")
