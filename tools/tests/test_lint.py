"""tools/lint.py: which files each step checks, and whole runs on a small git repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools import lint

LINT = Path(__file__).resolve().parents[1] / "lint.py"


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- classification -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("scripts/build.sh", "echo no shebang needed for the suffix\n", True),
        ("lib/common.bash", "", True),
        (".ci/run", "#!/usr/bin/env bash\nset -eu\n", True),
        (".githooks/pre-commit", "#!/bin/sh -e\n", True),
        ("bin/deploy", "#! /bin/bash\n", True),
        ("bin/strict", "#!/usr/bin/env -S bash -eu\n", True),
        ("bin/dash-script", "#!/bin/dash\n", True),
        ("bin/tool", "#!/usr/bin/env python3\nprint('hi')\n", False),
        ("bin/zsh-script", "#!/bin/zsh\n", False),
        ("manage.py", "#!/usr/bin/env python\n", False),
        ("docs/run.md", "#!/bin/bash\n", False),
        ("LICENSE", "MIT License\n", False),
        ("Makefile", "all:\n\techo hi\n", False),
        ("empty", "", False),
    ],
)
def test_is_shell_script(tmp_path: Path, name: str, text: str, expected: bool) -> None:
    assert lint.is_shell_script(write(tmp_path, name, text)) is expected


def test_binary_file_without_suffix_is_not_shell(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    assert lint.is_shell_script(path) is False


@pytest.mark.parametrize(
    ("line", "interpreter"),
    [
        ("#!/bin/bash", "bash"),
        ("#!/usr/bin/env sh", "sh"),
        ("#!/usr/bin/env -S bash -e", "bash"),
        ("#!/usr/bin/env LC_ALL=C ksh", "ksh"),
        ("#!", ""),
        ("echo hi", ""),
    ],
)
def test_shebang_interpreter(line: str, interpreter: str) -> None:
    assert lint.shebang_interpreter(line) == interpreter


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dockerfile", True),
        ("travel_app/Dockerfile", True),
        ("Dockerfile.dev", True),
        ("deploy/web.Dockerfile", True),
        ("Dockerfile.dockerignore", False),
        ("docs/Dockerfile.md", False),
        ("dockerfile_notes.txt", False),
        ("Dockerfiles", False),
    ],
)
def test_is_dockerfile(name: str, expected: bool) -> None:
    assert lint.is_dockerfile(Path(name)) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("compose.yaml", True),
        ("messaging_app/compose.yml", True),
        ("docker-compose.yml", True),
        ("docker-compose.yaml", True),
        ("compose.override.yaml", True),
        ("composer.yaml", False),
        ("my-compose.yaml", False),
        ("compose.json", False),
    ],
)
def test_is_compose_file(name: str, expected: bool) -> None:
    assert lint.is_compose_file(Path(name)) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".github/workflows/ci.yml", True),
        (".github/workflows/docs.yaml", True),
        (".github/dependabot.yml", False),
        (".github/workflows/README.md", False),
        ("workflows/ci.yml", False),
    ],
)
def test_is_workflow(name: str, expected: bool) -> None:
    assert lint.is_workflow(Path(name)) is expected


DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("k8s/deployment.yaml", DEPLOYMENT, True),
        ("k8s/all.yml", "# two documents\n---\n" + DEPLOYMENT + "---\n" + DEPLOYMENT, True),
        ("k8s/deployment.json", DEPLOYMENT, False),
        ("values.yaml", "image:\n  apiVersion: v1\n  kind: Pod\n", False),
        ("k8s/partial.yaml", "kind: Deployment\n", False),
        ("mkdocs.yml", DEPLOYMENT, False),
        ("compose.yaml", DEPLOYMENT, False),
        (".github/workflows/ci.yml", DEPLOYMENT, False),
    ],
)
def test_is_kubernetes_manifest(tmp_path: Path, name: str, text: str, expected: bool) -> None:
    assert lint.is_kubernetes_manifest(write(tmp_path, name, text)) is expected


def test_find_tool_prefers_the_interpreters_bin_then_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venv_bin, path_bin = tmp_path / "venv", tmp_path / "path"
    for folder in (venv_bin, path_bin):
        for name in ("both", "only-" + folder.name):
            tool = write(folder, name, "#!/bin/sh\n")
            tool.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(venv_bin / "python"))
    monkeypatch.setenv("PATH", str(path_bin))
    assert lint.find_tool("both") == str(venv_bin / "both")
    assert lint.find_tool("only-path") == str(path_bin / "only-path")
    assert lint.find_tool("only-venv") == str(venv_bin / "only-venv")
    assert lint.find_tool("missing") is None


# --- whole runs on a temporary git repository ---------------------------------------

GOOD_SH = '#!/bin/sh\necho "$1"\n'
BAD_SH = "#!/bin/sh\necho $1\n"  # unquoted: SC2086
GOOD_COMPOSE = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '8000:80'\n"
BAD_COMPOSE = "services:\n  web:\n    image: nginx:1.27\n    ports: 80\n"
GOOD_PY = 'print("hello")\n'
GOOD_WORKFLOW = (
    "name: t\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - run: echo hi\n"
)
BAD_WORKFLOW = "name: t\non: push\njobs:\n  a:\n    steps: 3\n"
GOOD_DOCKERFILE = (
    "FROM python:3.11-slim\nRUN useradd --uid 10001 --create-home app\nUSER 10001\n"
    'CMD ["python", "-V"]\n'
)
BAD_DOCKERFILE = "FROM python\nRUN cd /tmp && echo hi\n"  # DL3006 untagged, DL3003 cd
GOOD_K8S = DEPLOYMENT.replace("Deployment", "ConfigMap").replace("apps/v1", "v1")
BAD_K8S = DEPLOYMENT.replace("Deployment", "ConfigMap").replace("apps/v1", "v1") + "bogus: 1\n"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def make_repo(root: Path, files: dict[str, str]) -> Path:
    git(root, "init", "-q")
    for name, text in files.items():
        write(root, name, text)
    return root


def run_lint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(LINT), *args], cwd=root, capture_output=True, text=True, check=False
    )


def test_bad_shell_script_fails_and_good_one_passes(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"good.sh": GOOD_SH, "bad.sh": BAD_SH, "README.md": "# t\n"})
    result = run_lint(root)
    assert result.returncode == 1, result.stdout
    assert "SC2086" in result.stdout
    assert "bad.sh" in result.stdout
    assert "good.sh" not in result.stdout
    assert "lint: shellcheck: FAILED" in result.stdout
    assert result.stdout.splitlines()[-1] == "lint: FAILED 1 of 7 steps: shellcheck"

    write(root, "bad.sh", GOOD_SH)
    result = run_lint(root)
    assert result.returncode == 0, result.stdout
    assert "lint: shellcheck: ok (2 files)" in result.stdout
    assert "lint: ruff-check: no files" in result.stdout
    assert "lint: compose: no files" in result.stdout
    assert result.stdout.splitlines()[-1] == "lint: ok (1 steps passed, 6 had no files)"


def test_every_step_runs_and_reports_each_failure(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "app/main.py": "import os\nx=1\n",  # F401 unused import; not formatted
            ".ci/run": "#!/usr/bin/env bash\nrm -rf $DIR/*\n",
            "app/Dockerfile": BAD_DOCKERFILE,
            "app/compose.yaml": BAD_COMPOSE,
            ".github/workflows/ci.yml": BAD_WORKFLOW,
            "k8s/config.yaml": BAD_K8S,
        },
    )
    git(root, "add", "app/main.py", ".ci/run")  # tracked and untracked files alike
    result = run_lint(root)
    out = result.stdout
    assert result.returncode == 1, out
    for step in lint.STEPS:
        assert f"lint: {step.name}: FAILED" in out
    assert "F401" in out
    assert ".ci/run" in out
    assert "DL3006" in out
    assert "app/compose.yaml" in out
    assert "bogus" in out
    assert out.splitlines()[-1].startswith("lint: FAILED 7 of 7 steps: ruff-check, ruff-format")


def test_all_good_files_pass(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "app/main.py": GOOD_PY,
            ".ci/run": '#!/usr/bin/env bash\nset -euo pipefail\necho "${1:-}"\n',
            "app/Dockerfile": GOOD_DOCKERFILE,
            "app/compose.yaml": GOOD_COMPOSE,
            ".github/workflows/ci.yml": GOOD_WORKFLOW,
            "k8s/config.yaml": GOOD_K8S,
            "mkdocs.yml": "site_name: t\n",
        },
    )
    result = run_lint(root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "lint: ruff-check: ok (1 files)",
        "lint: ruff-format: ok (1 files)",
        "lint: shellcheck: ok (1 files)",
        "lint: hadolint: ok (1 files)",
        "lint: compose: ok (1 files)",
        "lint: workflows: ok (1 files)",
        "lint: kubernetes: ok (1 files)",
        "lint: ok (7 steps passed, 0 had no files)",
    ]


def test_ignored_and_deleted_files_are_not_linted(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {".gitignore": "build/\n", "build/bad.sh": BAD_SH, "gone.sh": BAD_SH, "ok.sh": GOOD_SH},
    )
    git(root, "add", "gone.sh")
    (root / "gone.sh").unlink()  # still in the index, no longer on disk
    result = run_lint(root)
    assert result.returncode == 0, result.stdout
    assert "lint: shellcheck: ok (1 files)" in result.stdout


def test_list_shows_each_steps_files_and_runs_nothing(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {"bad.sh": BAD_SH, ".ci/run": "#!/bin/bash\n", "compose.yml": BAD_COMPOSE, "x.md": ""},
    )
    result = run_lint(root, "--list")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    start = lines.index("shellcheck (2 files)")
    assert lines[start + 1 : start + 3] == ["  .ci/run", "  bad.sh"]
    assert "compose (1 files)" in lines
    assert "  compose.yml" in lines
    assert "ruff-check (0 files)" in lines
    assert "FAILED" not in result.stdout


def test_missing_tool_fails_its_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(lint, "find_tool", lambda name: None)
    step = next(step for step in lint.STEPS if step.name == "hadolint")
    assert lint.run_step(step, [Path("Dockerfile")], tmp_path) is False
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("hadolint not found")
    assert lines[-1] == "lint: hadolint: FAILED"
