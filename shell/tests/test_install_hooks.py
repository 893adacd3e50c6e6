"""git_hooks/install.sh: link the hooks into a repository, and take them out again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import Run, assert_help, assert_usage_error
from tests.gitrepo import HOOKS, GitRepo, isolate_git

pytestmark = pytest.mark.task("git.install")

NAMES = ("pre-commit", "post-merge")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    isolate_git(monkeypatch, tmp_path)
    return GitRepo.create(tmp_path / "repo")


def install(run: Run, *args: str, **options: object) -> str:
    """Run install.sh, which must succeed; its output."""
    result = run("git_hooks/install.sh", *args, **options)
    assert result.returncode == 0, result.stderr
    return str(result.stdout)


def assert_linked(hooks: Path) -> None:
    """Both hooks are symbolic links to the absolute paths of the module's hooks."""
    for name in NAMES:
        link = hooks / name
        assert link.is_symlink(), f"{link} is not a symbolic link"
        target = Path(os.readlink(link))
        assert target.is_absolute(), target
        assert target.samefile(HOOKS / name)
        assert os.access(link, os.X_OK), "git would not run it"


def snapshot(folder: Path) -> dict[str, str]:
    """What each entry of `folder` is: a link's target or a file's content."""
    return {
        entry.name: f"-> {os.readlink(entry)}" if entry.is_symlink() else entry.read_text()
        for entry in sorted(folder.iterdir())
        if not entry.name.endswith(".sample")
    }


def test_install_links_both_hooks(repo: GitRepo, run: Run) -> None:
    output = install(run, str(repo.path))

    assert_linked(repo.hooks_dir())
    assert all(name in output for name in NAMES)


def test_the_repository_defaults_to_the_current_directory(repo: GitRepo, run: Run) -> None:
    (repo.path / "src" / "deep").mkdir(parents=True)

    install(run, cwd=repo.path / "src" / "deep")

    assert_linked(repo.path / ".git" / "hooks")


def test_installing_twice_changes_nothing(repo: GitRepo, run: Run) -> None:
    install(run, str(repo.path))
    before = snapshot(repo.hooks_dir())

    output = install(run, str(repo.path))

    assert snapshot(repo.hooks_dir()) == before
    assert output.count("already installed") == len(NAMES)


def test_an_existing_hook_is_moved_to_a_backup(repo: GitRepo, run: Run) -> None:
    hooks = repo.hooks_dir()
    (hooks / "pre-commit").write_text("#!/bin/sh\necho mine\n")

    output = install(run, str(repo.path))

    assert_linked(hooks)
    assert (hooks / "pre-commit.backup").read_text() == "#!/bin/sh\necho mine\n"
    assert "pre-commit.backup" in output
    assert not (hooks / "post-merge.backup").exists()


def test_a_backup_in_the_way_is_refused_and_nothing_changes(repo: GitRepo, run: Run) -> None:
    hooks = repo.hooks_dir()
    (hooks / "post-merge").write_text("#!/bin/sh\necho current\n")
    (hooks / "post-merge.backup").write_text("#!/bin/sh\necho older\n")
    before = snapshot(hooks)

    result = run("git_hooks/install.sh", str(repo.path))

    assert result.returncode == 1
    assert "post-merge.backup" in result.stderr
    assert snapshot(hooks) == before


def test_uninstall_removes_the_links_and_restores_the_backups(repo: GitRepo, run: Run) -> None:
    hooks = repo.hooks_dir()
    (hooks / "pre-commit").write_text("#!/bin/sh\necho mine\n")
    before = snapshot(hooks)
    install(run, str(repo.path))

    install(run, "--uninstall", str(repo.path))

    assert snapshot(hooks) == before


def test_uninstall_leaves_hooks_that_are_not_ours_alone(repo: GitRepo, run: Run) -> None:
    hooks = repo.hooks_dir()
    (hooks / "pre-commit").write_text("#!/bin/sh\necho mine\n")
    (hooks / "post-merge").symlink_to(hooks / "pre-commit")
    before = snapshot(hooks)

    install(run, "--uninstall", str(repo.path))

    assert snapshot(hooks) == before


def test_core_hooks_path_is_respected(repo: GitRepo, run: Run) -> None:
    # Relative: git takes it from the top of the work tree, not from where install.sh runs.
    repo.git("config", "core.hooksPath", "shared hooks")
    (repo.path / "src").mkdir()

    install(run, cwd=repo.path / "src")

    assert_linked(repo.path / "shared hooks")
    assert not (repo.path / ".git" / "hooks" / "pre-commit").exists()


def test_a_linked_worktree_uses_the_repository_hooks(repo: GitRepo, run: Run) -> None:
    assert repo.commit("Start", "README.md").returncode == 0
    worktree = repo.path.parent / "worktree"
    repo.git("worktree", "add", "--quiet", str(worktree))

    install(run, str(worktree))

    assert_linked(repo.path / ".git" / "hooks")


def test_not_a_repository_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    isolate_git(monkeypatch, tmp_path)
    plain = tmp_path / "plain"
    plain.mkdir()

    result = run("git_hooks/install.sh", str(plain))

    assert result.returncode == 1
    assert result.stderr.startswith("install.sh: ")
    assert str(plain) in result.stderr
    assert list(plain.iterdir()) == []


@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    result = run("git_hooks/install.sh", option)

    assert_help(result, "install.sh")
    assert "--uninstall" in result.stdout


@pytest.mark.parametrize("args", [["--bogus"], ["one", "two"]])
def test_bad_arguments_are_a_usage_error(run: Run, repo: GitRepo, args: list[str]) -> None:
    result = run("git_hooks/install.sh", *args, cwd=repo.path)

    assert_usage_error(result, "install.sh")
    assert not (repo.hooks_dir() / "pre-commit").exists()
