"""git_hooks/post-merge: a line in the merge log for each merge that lands on main."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.conftest import Run, assert_help, assert_usage_error
from tests.gitrepo import GitRepo, isolate_git

pytestmark = pytest.mark.task("git.post_merge")

LINE = re.compile(r"(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (?P<rest>merged .+)")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository with one commit on main and the hook installed."""
    isolate_git(monkeypatch, tmp_path)
    repo = GitRepo.create(tmp_path / "repo")
    repo.link_hook("post-merge")
    assert repo.commit("Start", "app.txt").returncode == 0
    return repo


def default_log(repo: GitRepo) -> Path:
    return repo.path / ".git" / "merge.log"


def make_branch(repo: GitRepo, branch: str, *files: str, start: str = "main") -> None:
    """Commit `files` on a new `branch` from `start`, then go back to `start`."""
    repo.git("switch", "--quiet", "--create", branch, start)
    assert repo.commit(f"Work on {branch}", *files).returncode == 0
    repo.git("switch", "--quiet", start)


def logged(log: Path) -> list[str]:
    """The log's lines without their timestamps, each checked to be a recent UTC time."""
    entries = []
    for line in log.read_text(encoding="utf-8").splitlines():
        match = LINE.fullmatch(line)
        assert match, f"not a merge log line: {line!r}"
        when = datetime.strptime(match["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert abs(datetime.now(UTC) - when) < timedelta(minutes=5), line
        entries.append(match["rest"])
    return entries


def test_a_fast_forward_into_main_is_logged(repo: GitRepo) -> None:
    make_branch(repo, "feature/login", "login.txt")

    result = repo.git("merge", "--ff-only", "feature/login")

    assert result.returncode == 0
    assert logged(default_log(repo)) == [f"merged feature/login into main at {repo.head()}"]
    assert repo.head().endswith(" Work on feature/login")


def test_a_true_merge_into_main_is_logged_with_the_merge_commit(repo: GitRepo) -> None:
    make_branch(repo, "feature/search", "search.txt")
    assert repo.commit("Meanwhile on main", "main.txt").returncode == 0

    repo.git("merge", "--no-edit", "feature/search")

    head = repo.head()
    assert head.endswith(" Merge branch 'feature/search'")
    assert logged(default_log(repo)) == [f"merged feature/search into main at {head}"]


def test_each_merge_appends_a_line(repo: GitRepo) -> None:
    make_branch(repo, "one", "one.txt")
    make_branch(repo, "two", "two.txt")

    repo.git("merge", "--no-edit", "one")
    first = repo.head()
    repo.git("merge", "--no-edit", "two")

    assert logged(default_log(repo)) == [
        f"merged one into main at {first}",
        f"merged two into main at {repo.head()}",
    ]


def test_a_merge_into_another_branch_is_not_logged(repo: GitRepo) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("switch", "--quiet", "--create", "develop")

    repo.git("merge", "--no-edit", "feature/x")

    assert repo.head().endswith(" Work on feature/x")
    assert not default_log(repo).exists()


def test_a_merge_on_a_detached_head_is_not_logged(repo: GitRepo) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("switch", "--quiet", "--detach", "main")

    repo.git("merge", "--no-edit", "feature/x")

    assert not default_log(repo).exists()


def test_a_squash_merge_commits_nothing_and_is_not_logged(repo: GitRepo) -> None:
    make_branch(repo, "feature/x", "x.txt")

    repo.git("merge", "--squash", "feature/x")

    assert not default_log(repo).exists()


def test_merge_log_variable_chooses_the_file(repo: GitRepo, tmp_path: Path) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("config", "hooks.mergeLog", str(tmp_path / "from-config.log"))
    chosen = tmp_path / "merges with spaces.log"

    repo.git("merge", "--no-edit", "feature/x", env={"MERGE_LOG": str(chosen)})

    assert logged(chosen) == [f"merged feature/x into main at {repo.head()}"]
    assert not (tmp_path / "from-config.log").exists()
    assert not default_log(repo).exists()


def test_git_config_chooses_the_file_when_the_variable_is_unset(
    repo: GitRepo, tmp_path: Path
) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("config", "hooks.mergeLog", str(tmp_path / "from-config.log"))

    repo.git("merge", "--no-edit", "feature/x")

    assert logged(tmp_path / "from-config.log") == [f"merged feature/x into main at {repo.head()}"]
    assert not default_log(repo).exists()


def test_a_log_that_cannot_be_written_never_undoes_the_merge(
    repo: GitRepo, tmp_path: Path
) -> None:
    make_branch(repo, "feature/x", "x.txt")
    unwritable = tmp_path / "no such directory" / "merge.log"

    result = repo.git("merge", "--no-edit", "feature/x", env={"MERGE_LOG": str(unwritable)})

    assert result.returncode == 0
    assert repo.head().endswith(" Work on feature/x")
    assert "post-merge: " in result.stderr
    assert str(unwritable) in result.stderr


def test_a_pull_names_the_upstream(repo: GitRepo, tmp_path: Path) -> None:
    clone = GitRepo(tmp_path / "clone")
    repo.git("clone", "--quiet", str(repo.path), str(clone.path), cwd=tmp_path)
    clone.link_hook("post-merge")
    assert repo.commit("Upstream work", "upstream.txt").returncode == 0

    clone.git("pull", "--quiet", "--ff-only")

    assert clone.head().endswith(" Upstream work")
    assert logged(default_log(clone)) == [f"merged origin/main into main at {clone.head()}"]


def test_run_by_hand_from_a_subdirectory_logs_the_last_merge(repo: GitRepo, run: Run) -> None:
    make_branch(repo, "feature/x", "docs/x.txt")
    repo.git("merge", "--no-edit", "feature/x")
    default_log(repo).unlink()

    result = run("git_hooks/post-merge", "0", cwd=repo.path / "docs")

    assert result.returncode == 0, result.stderr
    assert logged(default_log(repo)) == [f"merged feature/x into main at {repo.head()}"]


def test_outside_a_repository_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    isolate_git(monkeypatch, tmp_path)

    result = run("git_hooks/post-merge", "0")

    assert result.returncode == 1
    assert result.stderr.startswith("post-merge: ")


@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    result = run("git_hooks/post-merge", option)

    assert_help(result, "post-merge")
    assert "MERGE_LOG" in result.stdout


@pytest.mark.parametrize("args", [["2"], ["--bogus"], ["0", "1"]])
def test_bad_arguments_are_a_usage_error(run: Run, args: list[str]) -> None:
    assert_usage_error(run("git_hooks/post-merge", *args), "post-merge")
