"""git_hooks/post-merge: a line in the merge log for each merge that lands on main.

The program's task, graded as `git.post_merge`: a post-merge hook that logs merges into
the main branch. The program fixes neither the log's place nor its words, so the tests
look for what the hook wrote anywhere in the test's folder (the work tree, .git, the
home folder) outside git's own files: after a merge into main some file gained text, a
second merge adds to what the first wrote, and a merge into another branch writes nothing.

The portfolio's own reading, `extras.post_merge`: one line per merge, `<UTC time> merged
<branch> into main at <hash> <subject>`, in .git/merge.log or where $MERGE_LOG or
hooks.mergeLog says, pulls and squash merges handled, and the hook's options.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.conftest import Run, assert_help, assert_usage_error
from tests.gitrepo import GitRepo, isolate_git

PROGRAM = pytest.mark.task("git.post_merge")
EXTRAS = pytest.mark.task("extras.post_merge")

LINE = re.compile(r"(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (?P<rest>merged .+)")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository with one commit on main and the hook installed."""
    isolate_git(monkeypatch, tmp_path)
    repo = GitRepo.create(tmp_path / "repo")
    repo.install_hook("post-merge")
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


# --- The program's task ------------------------------------------------------------------

# What git itself keeps in .git: never a hook's log.
GIT_FILES = {
    "index",
    "HEAD",
    "ORIG_HEAD",
    "FETCH_HEAD",
    "COMMIT_EDITMSG",
    "packed-refs",
    "config",
    "description",
    "AUTO_MERGE",
    "MERGE_HEAD",
    "MERGE_MSG",
    "MERGE_MODE",
}
GIT_FOLDERS = {"objects", "refs", "logs", "hooks", "info"}  # fmt: skip


def written_files(folder: Path, repo: GitRepo) -> dict[Path, bytes]:
    """Every file under `folder` but git's own and the repository's tracked files."""
    tracked = {repo.path / name for name in repo.git("ls-files", "-z").stdout.split("\0") if name}
    found = {}
    for path in folder.rglob("*"):
        if not path.is_file() or path in tracked:
            continue
        parts = path.relative_to(repo.path).parts if path.is_relative_to(repo.path) else ()
        own = parts[1:2] and (parts[1] in GIT_FOLDERS if len(parts) > 2 else parts[1] in GIT_FILES)
        if parts[:1] == (".git",) and own:
            continue
        found[path] = path.read_bytes()
    return found


def added_text(before: dict[Path, bytes], after: dict[Path, bytes]) -> dict[Path, bytes]:
    """What each file gained: a new file's content, or the end appended to an old one."""
    gained = {}
    for path, content in after.items():
        old = before.get(path, b"")
        if content != old:
            gained[path] = content[len(old) :] if content.startswith(old) else content
    return {path: text for path, text in gained.items() if text.strip()}


@PROGRAM
@pytest.mark.parametrize("fast_forward", [True, False], ids=["fast-forward", "merge commit"])
def test_a_merge_into_main_is_logged(repo: GitRepo, tmp_path: Path, fast_forward: bool) -> None:
    make_branch(repo, "feature/login", "login.txt")
    if not fast_forward:
        assert repo.commit("Meanwhile on main", "main.txt").returncode == 0
    before = written_files(tmp_path, repo)
    repo.git("merge", "--no-edit", "feature/login")
    assert added_text(before, written_files(tmp_path, repo)), "nothing was logged"


@PROGRAM
def test_a_second_merge_adds_to_the_log(repo: GitRepo, tmp_path: Path) -> None:
    make_branch(repo, "one", "one.txt")
    make_branch(repo, "two", "two.txt")
    start = written_files(tmp_path, repo)
    repo.git("merge", "--no-edit", "one")
    first = written_files(tmp_path, repo)
    repo.git("merge", "--no-edit", "two")
    second = written_files(tmp_path, repo)
    logs = set(added_text(start, first))
    assert logs, "the first merge was not logged"
    grown = [path for path in logs if added_text(first, second).get(path) is not None]
    assert grown, "the second merge did not add to the log of the first"
    assert all(second[path].startswith(first[path]) for path in grown), "the log was overwritten"


@PROGRAM
def test_a_merge_into_another_branch_is_not_logged_as_one_into_main(
    repo: GitRepo, tmp_path: Path
) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("switch", "--quiet", "--create", "develop")
    before = written_files(tmp_path, repo)
    repo.git("merge", "--no-edit", "feature/x")
    assert repo.head().endswith(" Work on feature/x")
    assert added_text(before, written_files(tmp_path, repo)) == {}


# --- The portfolio's additions ------------------------------------------------------------


@EXTRAS
def test_a_fast_forward_into_main_is_logged(repo: GitRepo) -> None:
    make_branch(repo, "feature/login", "login.txt")

    result = repo.git("merge", "--ff-only", "feature/login")

    assert result.returncode == 0
    assert logged(default_log(repo)) == [f"merged feature/login into main at {repo.head()}"]
    assert repo.head().endswith(" Work on feature/login")


@EXTRAS
def test_a_true_merge_into_main_is_logged_with_the_merge_commit(repo: GitRepo) -> None:
    make_branch(repo, "feature/search", "search.txt")
    assert repo.commit("Meanwhile on main", "main.txt").returncode == 0

    repo.git("merge", "--no-edit", "feature/search")

    head = repo.head()
    assert head.endswith(" Merge branch 'feature/search'")
    assert logged(default_log(repo)) == [f"merged feature/search into main at {head}"]


@EXTRAS
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


@EXTRAS
def test_a_merge_into_another_branch_is_not_logged(repo: GitRepo) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("switch", "--quiet", "--create", "develop")

    repo.git("merge", "--no-edit", "feature/x")

    assert repo.head().endswith(" Work on feature/x")
    assert not default_log(repo).exists()


@EXTRAS
def test_a_merge_on_a_detached_head_is_not_logged(repo: GitRepo) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("switch", "--quiet", "--detach", "main")

    repo.git("merge", "--no-edit", "feature/x")

    assert not default_log(repo).exists()


@EXTRAS
def test_a_squash_merge_commits_nothing_and_is_not_logged(repo: GitRepo) -> None:
    make_branch(repo, "feature/x", "x.txt")

    repo.git("merge", "--squash", "feature/x")

    assert not default_log(repo).exists()


@EXTRAS
def test_merge_log_variable_chooses_the_file(repo: GitRepo, tmp_path: Path) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("config", "hooks.mergeLog", str(tmp_path / "from-config.log"))
    chosen = tmp_path / "merges with spaces.log"

    repo.git("merge", "--no-edit", "feature/x", env={"MERGE_LOG": str(chosen)})

    assert logged(chosen) == [f"merged feature/x into main at {repo.head()}"]
    assert not (tmp_path / "from-config.log").exists()
    assert not default_log(repo).exists()


@EXTRAS
def test_git_config_chooses_the_file_when_the_variable_is_unset(
    repo: GitRepo, tmp_path: Path
) -> None:
    make_branch(repo, "feature/x", "x.txt")
    repo.git("config", "hooks.mergeLog", str(tmp_path / "from-config.log"))

    repo.git("merge", "--no-edit", "feature/x")

    assert logged(tmp_path / "from-config.log") == [f"merged feature/x into main at {repo.head()}"]
    assert not default_log(repo).exists()


@EXTRAS
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


@EXTRAS
def test_a_pull_names_the_upstream(repo: GitRepo, tmp_path: Path) -> None:
    clone = GitRepo(tmp_path / "clone")
    repo.git("clone", "--quiet", str(repo.path), str(clone.path), cwd=tmp_path)
    clone.install_hook("post-merge")
    assert repo.commit("Upstream work", "upstream.txt").returncode == 0

    clone.git("pull", "--quiet", "--ff-only")

    assert clone.head().endswith(" Upstream work")
    assert logged(default_log(clone)) == [f"merged origin/main into main at {clone.head()}"]


@EXTRAS
def test_run_by_hand_from_a_subdirectory_logs_the_last_merge(repo: GitRepo, run: Run) -> None:
    make_branch(repo, "feature/x", "docs/x.txt")
    repo.git("merge", "--no-edit", "feature/x")
    default_log(repo).unlink()

    result = run("git_hooks/post-merge", "0", cwd=repo.path / "docs")

    assert result.returncode == 0, result.stderr
    assert logged(default_log(repo)) == [f"merged feature/x into main at {repo.head()}"]


@EXTRAS
def test_outside_a_repository_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    isolate_git(monkeypatch, tmp_path)

    result = run("git_hooks/post-merge", "0")

    assert result.returncode == 1
    assert result.stderr.startswith("post-merge: ")


@EXTRAS
@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    result = run("git_hooks/post-merge", option)

    assert_help(result, "post-merge")
    assert "MERGE_LOG" in result.stdout


@EXTRAS
@pytest.mark.parametrize("args", [["2"], ["--bogus"], ["0", "1"]])
def test_bad_arguments_are_a_usage_error(run: Run, args: list[str]) -> None:
    assert_usage_error(run("git_hooks/post-merge", *args), "post-merge")
