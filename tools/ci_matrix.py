"""Print, as a JSON list, the modules CI must test (the `module` job's matrix).

    python -m tools.ci_matrix --all              every module
    python -m tools.ci_matrix --base origin/main the modules changed since the merge base

Run it from the repository root: it imports the grader, which decides what a module is
(grader.manifest.module_folders). No manifest is loaded, so a module whose tasks.toml
is broken is still tested, and its grade says what is wrong. With --base, a change to a
shared file (the grader, the tools, the Makefile, the pinned requirements, the root
pyproject.toml, the CI workflow or .ci/) selects every module; a change inside a module
selects that module; anything else (docs, README, other workflows) selects none: `[]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from grader.manifest import module_folders

SHARED_DIRS = ("grader/", "tools/", ".ci/")
SHARED_FILES = frozenset(
    {
        "Makefile",
        "constraints.txt",
        "requirements-dev.txt",
        "requirements-mysql.txt",
        "pyproject.toml",
        ".github/workflows/ci.yml",
    }
)


def is_shared(path: str) -> bool:
    """Whether a change to this path can affect how every module is graded."""
    return path in SHARED_FILES or path.startswith(SHARED_DIRS)


def modules_to_test(changed: Iterable[str], modules: Sequence[str]) -> list[str]:
    """The modules (sorted) that the changed paths, relative to the root, call for."""
    changed = list(changed)
    if any(is_shared(path) for path in changed):
        return sorted(modules)
    tops = {path.split("/", 1)[0] for path in changed if "/" in path}
    return sorted(module for module in modules if module in tops)


def git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"ci_matrix: git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def changed_since(base: str, root: Path) -> list[str]:
    """Paths changed between the merge base of REF and HEAD (renames as delete + add)."""
    out = git("diff", "--name-only", "--no-renames", "-z", f"{base}...HEAD", cwd=root)
    return [path for path in out.split("\0") if path]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    choice = parser.add_mutually_exclusive_group(required=True)
    choice.add_argument("--all", action="store_true", help="every module")
    choice.add_argument("--base", metavar="REF", help="only modules changed since REF")
    args = parser.parse_args(argv)
    root = Path(git("rev-parse", "--show-toplevel").strip())
    modules = [folder.name for folder in module_folders(root)]
    if args.base is not None:
        modules = modules_to_test(changed_since(args.base, root), modules)
    print(json.dumps(modules))
    return 0


if __name__ == "__main__":
    sys.exit(main())
