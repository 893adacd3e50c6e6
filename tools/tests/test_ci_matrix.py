"""tools/ci_matrix.py: which modules CI tests for a set of changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import ci_matrix

REPOSITORY = Path(__file__).resolve().parents[2]


MODULES = ["caching_listings", "python-advanced", "shell", "travel_app"]


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ([], []),
        (["docs/index.md", "mkdocs.yml", "README.md", "CONTRIBUTING.md"], []),
        ([".github/workflows/docs.yml", ".github/workflows/lint.yml"], []),
        (["shell/README.md"], ["shell"]),
        (["travel_app/bookings/services.py", "shell/0x01/script.sh"], ["shell", "travel_app"]),
        (["python-advanced/tasks.toml", "docs/python-advanced.md"], ["python-advanced"]),
        (["grader/runner.py"], MODULES),
        (["tools/lint.py"], MODULES),
        (["Makefile"], MODULES),
        (["constraints.txt"], MODULES),
        (["requirements-dev.txt"], MODULES),
        (["requirements-mysql.txt"], MODULES),
        (["pyproject.toml"], MODULES),
        ([".github/workflows/ci.yml"], MODULES),
        ([".ci/run"], MODULES),
        (["shell/pyproject.toml"], ["shell"]),  # a module's own pyproject is not shared
        (["graderx/file.py", "toolsy.txt"], []),  # prefixes match whole folder names
        (["old_module/tasks.toml"], []),  # no longer a module at HEAD
        (["shell"], []),  # a top-level file named like a module is not in it
    ],
)
def test_modules_to_test(changed: list[str], expected: list[str]) -> None:
    assert ci_matrix.modules_to_test(changed, MODULES) == expected


def test_modules_to_test_is_sorted_and_unique() -> None:
    changed = ["travel_app/a.py", "shell/b.sh", "travel_app/c.py", "shell/d.sh"]
    assert ci_matrix.modules_to_test(iter(changed), ["travel_app", "shell"]) == [
        "shell",
        "travel_app",
    ]


# --- on a temporary git repository --------------------------------------------------


def git(root: Path, *args: str) -> str:
    identity = [
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "-c",
        "commit.gpgsign=false",
    ]
    result = subprocess.run(
        ["git", *identity, *args], cwd=root, check=True, capture_output=True, text=True
    )
    return result.stdout


def commit(root: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "add", "--all")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m tools.ci_matrix` in `root`, importing this checkout's tools and grader."""
    return subprocess.run(
        [sys.executable, "-m", "tools.ci_matrix", *args],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        capture_output=True,
        text=True,
    )


def modules(root: Path, *args: str) -> list[str]:
    result = run(root, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: three modules (one with a dash), a folder without tasks.toml, docs, grader."""
    git(tmp_path, "init", "-q", "--initial-branch", "main")
    commit(
        tmp_path,
        {
            "shell/tasks.toml": "[module]\n",
            "python-advanced/tasks.toml": "[module]\n",
            "travel_app/tasks.toml": "[module]\n",
            "travel_app/app.py": "x = 1\n",
            "notes/tasks.md": "not a module\n",
            ".hidden/tasks.toml": "[module]\n",
            "docs/index.md": "# hub\n",
            "grader/__main__.py": "",
            "Makefile": "all:\n",
        },
        "base",
    )
    git(tmp_path, "checkout", "-q", "-b", "feature")
    return tmp_path


def test_all_lists_every_module(repo: Path) -> None:
    assert modules(repo, "--all") == ["python-advanced", "shell", "travel_app"]


def test_all_from_a_subfolder_still_uses_the_repository_root(repo: Path) -> None:
    assert modules(repo / "travel_app", "--all") == ["python-advanced", "shell", "travel_app"]


def test_no_change_selects_nothing(repo: Path) -> None:
    result = run(repo, "--base", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"  # the workflow compares this output with '[]'


def test_docs_only_change_selects_nothing(repo: Path) -> None:
    commit(repo, {"docs/index.md": "# hub, edited\n", "README.md": "# p\n"}, "docs")
    assert modules(repo, "--base", "main") == []


def test_module_changes_select_those_modules(repo: Path) -> None:
    commit(repo, {"travel_app/app.py": "x = 2\n"}, "one")
    commit(repo, {"shell/run.sh": "#!/bin/sh\n"}, "two")
    assert modules(repo, "--base", "main") == ["shell", "travel_app"]


def test_shared_change_selects_every_module(repo: Path) -> None:
    commit(repo, {"travel_app/app.py": "x = 3\n"}, "module")
    commit(repo, {"grader/__main__.py": "print()\n"}, "grader")
    assert modules(repo, "--base", "main") == ["python-advanced", "shell", "travel_app"]


def test_deleted_module_file_selects_the_module(repo: Path) -> None:
    (repo / "travel_app/app.py").unlink()
    commit(repo, {}, "delete")
    assert modules(repo, "--base", "main") == ["travel_app"]


def test_file_moved_out_of_a_module_selects_it(repo: Path) -> None:
    git(repo, "mv", "travel_app/app.py", "docs/app.py")
    commit(repo, {}, "move")
    assert modules(repo, "--base", "main") == ["travel_app"]


def test_changes_on_the_base_branch_after_forking_are_not_counted(repo: Path) -> None:
    commit(repo, {"shell/a.sh": "#!/bin/sh\n"}, "feature work")
    git(repo, "checkout", "-q", "main")
    commit(repo, {"grader/__main__.py": "changed on main\n", "travel_app/b.py": ""}, "main")
    git(repo, "checkout", "-q", "feature")
    assert modules(repo, "--base", "main") == ["shell"]


def test_unknown_base_fails_with_a_message(repo: Path) -> None:
    result = run(repo, "--base", "origin/nope")
    assert result.returncode != 0
    assert "origin/nope" in result.stderr
    assert result.stdout == ""


def test_all_and_base_are_exclusive_and_one_is_required(repo: Path) -> None:
    assert run(repo).returncode == 2
    assert run(repo, "--all", "--base", "main").returncode == 2
