"""Lint every file of the repository with the tool made for it (`make lint`).

The files are the ones git knows about, tracked or new, minus the ignored ones
(`git ls-files --cached --others --exclude-standard`). Each step runs only when it has
files, every step runs even after one fails, and the exit status is 1 when any failed.

    python tools/lint.py          run every step
    python tools/lint.py --list   show which files each step would check

Tools are taken from the running interpreter's bin directory (the .venv) first, then PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

SHELL_SUFFIXES = {".sh", ".bash"}
SHELL_NAMES = {"sh", "bash", "dash", "ksh"}
PYTHON_SUFFIXES = {".py", ".pyi"}
YAML_SUFFIXES = {".yml", ".yaml"}
COMPOSE_NAME = re.compile(r"(docker-)?compose(\.[\w-]+)?\.ya?ml")
NOT_DOCKERFILE_SUFFIXES = {".dockerignore", ".md", ".txt"}
NOT_KUBERNETES_NAMES = {"mkdocs.yml", "mkdocs.yaml"}
TOP_LEVEL_API_VERSION = re.compile(r"^apiVersion:", re.MULTILINE)
TOP_LEVEL_KIND = re.compile(r"^kind:", re.MULTILINE)
# Learners' code as learners write it, right and wrong on purpose: the grader's test data.
NOT_LINTED = ("grader/tests/alternatives/",)


def first_line(path: Path) -> str:
    """The first line of a file, decoded leniently ('' when unreadable)."""
    try:
        with path.open("rb") as handle:
            return handle.readline(512).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""


def shebang_interpreter(line: str) -> str:
    """The program a `#!` line runs: `#!/usr/bin/env -S bash -e` gives 'bash'."""
    if not line.startswith("#!"):
        return ""
    words = line[2:].split()
    if words and Path(words[0]).name == "env":
        words = [word for word in words[1:] if not word.startswith("-") and "=" not in word]
    return Path(words[0]).name if words else ""


def is_shell_script(path: Path) -> bool:
    """A `.sh`/`.bash` file, or an extensionless file with an sh/bash/dash/ksh shebang."""
    if path.suffix in SHELL_SUFFIXES:
        return True
    if path.suffix:
        return False
    return shebang_interpreter(first_line(path)) in SHELL_NAMES


def is_python(path: Path) -> bool:
    return path.suffix in PYTHON_SUFFIXES


def is_dockerfile(path: Path) -> bool:
    """`Dockerfile`, `Dockerfile.<variant>` or `<name>.Dockerfile`."""
    name = path.name
    if name == "Dockerfile" or name.endswith(".Dockerfile"):
        return True
    return name.startswith("Dockerfile.") and path.suffix not in NOT_DOCKERFILE_SUFFIXES


def is_compose_file(path: Path) -> bool:
    """compose.yaml, compose.yml, docker-compose.y(a)ml and their `.override` variants."""
    return COMPOSE_NAME.fullmatch(path.name) is not None


def is_workflow(path: Path) -> bool:
    """A GitHub Actions workflow: a YAML file directly in `.github/workflows/`."""
    return path.suffix in YAML_SUFFIXES and path.parts[-3:-1] == (".github", "workflows")


def is_kubernetes_manifest(path: Path) -> bool:
    """A YAML file with top-level `apiVersion:` and `kind:` keys (any document of it)."""
    if path.suffix not in YAML_SUFFIXES or path.name in NOT_KUBERNETES_NAMES:
        return False
    if is_workflow(path) or is_compose_file(path):
        return False
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(TOP_LEVEL_API_VERSION.search(text) and TOP_LEVEL_KIND.search(text))


@dataclass(frozen=True)
class Step:
    name: str
    tool: str
    args: tuple[str, ...]
    wants: Callable[[Path], bool]


STEPS: tuple[Step, ...] = (
    Step("ruff-check", "ruff", ("check", "--force-exclude"), is_python),
    Step("ruff-format", "ruff", ("format", "--check", "--force-exclude"), is_python),
    Step(
        "shellcheck",
        "shellcheck",
        ("--external-sources", "--source-path=SCRIPTDIR"),
        is_shell_script,
    ),
    Step("hadolint", "hadolint", ("--no-color",), is_dockerfile),
    Step(
        "compose",
        "check-jsonschema",
        ("--color", "never", "--builtin-schema", "vendor.compose-spec"),
        is_compose_file,
    ),
    Step(
        "workflows",
        "check-jsonschema",
        ("--color", "never", "--builtin-schema", "vendor.github-workflows"),
        is_workflow,
    ),
    Step("kubernetes", "kubernetes-validate", ("--strict",), is_kubernetes_manifest),
)


def repo_root() -> Path:
    """The top of the git work tree holding the current directory."""
    out = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
    )
    return Path(out.stdout.strip())


def repo_files(root: Path) -> list[Path]:
    """Tracked and new files, ignored ones left out, relative to root, sorted."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        check=True,
    )
    names = {name for name in out.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    return sorted(
        Path(name) for name in names if (root / name).is_file() and not name.startswith(NOT_LINTED)
    )


def find_tool(name: str) -> str | None:
    """The tool next to the running interpreter (the venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def select(files: Sequence[Path], root: Path) -> dict[str, list[Path]]:
    """The files each step checks, by step name."""
    return {step.name: [f for f in files if step.wants(root / f)] for step in STEPS}


def run_step(step: Step, files: Sequence[Path], root: Path) -> bool:
    """Run one step, print its outcome line (and the tool's output when it fails)."""
    if not files:
        print(f"lint: {step.name}: no files")
        return True
    tool = find_tool(step.tool)
    if tool is None:
        print(f"{step.tool} not found next to {sys.executable} or on PATH (make setup)")
        print(f"lint: {step.name}: FAILED")
        return False
    command = [tool, *step.args, *map(str, files)]
    result = subprocess.run(
        command,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    if result.returncode == 0:
        print(f"lint: {step.name}: ok ({len(files)} files)")
        return True
    print(result.stdout.rstrip())
    print(f"lint: {step.name}: FAILED")
    return False


def print_listing(selected: dict[str, list[Path]]) -> None:
    for name, files in selected.items():
        print(f"{name} ({len(files)} files)")
        for path in files:
            print(f"  {path}")


def summary(failed: Sequence[str], empty: Sequence[str]) -> str:
    if failed:
        return f"lint: FAILED {len(failed)} of {len(STEPS)} steps: {', '.join(failed)}"
    ran = len(STEPS) - len(empty)
    return f"lint: ok ({ran} steps passed, {len(empty)} had no files)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="show each step's files, run none")
    args = parser.parse_args(argv)
    root = repo_root()
    selected = select(repo_files(root), root)
    if args.list:
        print_listing(selected)
        return 0
    failed = [s.name for s in STEPS if not run_step(s, selected[s.name], root)]
    empty = [name for name, files in selected.items() if not files]
    print(summary(failed, empty))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
