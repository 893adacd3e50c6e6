"""Throwaway git repositories for the hook tests, cut off from the user's git setup.

The hook tests copy a hook straight into the repository's hooks folder, as the program's
learners install theirs (`cp hooks/pre-commit .git/hooks/`), so that each hook is graded
on its own file: a broken install.sh fails the install tests only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

HOOKS = Path(__file__).resolve().parent.parent / "git_hooks"


def git_environment(home: Path, **extra: str) -> dict[str, str]:
    """This process's environment with no user or system git configuration, `extra` on
    top. GIT_* variables go too: git sets GIT_DIR, GIT_INDEX_FILE... when the suite itself
    runs from a hook."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("GIT_") and name != "MERGE_LOG"
    }
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", HOME=str(home))
    return {**env, **extra}


def isolate_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run git, and the scripts started after this, in `git_environment`. Repository
    discovery stops at `tmp_path`, so a directory there is not a repository even when the
    temporary directory lies inside one."""
    isolated = git_environment(tmp_path, GIT_CEILING_DIRECTORIES=str(tmp_path))
    for name in set(os.environ) - set(isolated):
        monkeypatch.delenv(name)
    for name, value in isolated.items():
        monkeypatch.setenv(name, value)


def run_git(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """`git ARGS`; with `check`, a failure fails the test, with git's output."""
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    if check and result.returncode != 0:
        pytest.fail(f"git {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


@dataclass(frozen=True)
class GitRepo:
    """A repository at `path` with a local identity, on branch main, nothing committed."""

    path: Path

    @classmethod
    def create(cls, path: Path) -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path)
        repo.git("init", "--quiet", "--initial-branch=main")
        repo.git("config", "user.name", "Hook Tester")
        repo.git("config", "user.email", "hooks@example.com")
        repo.git("config", "commit.gpgsign", "false")
        return repo

    def git(
        self,
        *args: str,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        """`git ARGS` in the repository (see `run_git`), `env` added to this process's."""
        return run_git(*args, cwd=cwd or self.path, env={**os.environ, **(env or {})}, check=check)

    def write(self, name: str, text: str = "some content\n") -> Path:
        """Write the file `name` (a path inside the work tree), creating its directories."""
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def add(self, *names: str) -> None:
        """Write each file (when missing) and stage it."""
        for name in names:
            if not (self.path / name).exists():
                self.write(name)
        self.git("add", "--", *names)

    def commit(self, message: str, *names: str) -> subprocess.CompletedProcess[str]:
        """Stage `names` and commit, hooks and all; the result, whatever it is."""
        if names:
            self.add(*names)
        return self.git("commit", "--quiet", "-m", message, check=False)

    def head(self) -> str:
        """HEAD as "<short hash> <subject>"; "" before the first commit."""
        result = self.git("log", "-1", "--format=%h %s", check=False)
        return result.stdout.strip() if result.returncode == 0 else ""

    def hooks_dir(self) -> Path:
        """The directory git takes hooks from."""
        return self.path / self.git("rev-parse", "--git-path", "hooks").stdout.strip()

    def install_hook(self, name: str) -> None:
        """Install the module's hook `name` by hand: a copy, executable as git wants it."""
        hooks = self.hooks_dir()
        hooks.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HOOKS / name, hooks / name)
        (hooks / name).chmod(0o755)
