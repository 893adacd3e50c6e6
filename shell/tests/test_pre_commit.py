"""git_hooks/pre-commit: every directory of the commit-to-be holds a README.md.

The program's task, graded as `git.pre_commit`: a pre-commit hook that checks that each
directory has a README.md and stops the commit (a non-zero exit) when one has not. The
cases keep the work tree and the index the same and name only directories with files, so
that a hook reading either, checking every directory or only the top-level ones, passes.

The portfolio's own reading, `extras.pre_commit`: the index is what is judged (untracked,
ignored and work-tree-only files do not count), every directory without a README.md named
once, sorted, between a header and a hint, odd names, and the hook's options.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Run, assert_help, assert_usage_error
from tests.gitrepo import GitRepo, isolate_git

PROGRAM = pytest.mark.task("git.pre_commit")
EXTRAS = pytest.mark.task("extras.pre_commit")

HEADER = "pre-commit: these directories have no README.md:"
HINT = "add one, or commit with --no-verify"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository whose root README.md is committed, with the hook installed."""
    isolate_git(monkeypatch, tmp_path)
    repo = GitRepo.create(tmp_path / "repo")
    repo.install_hook("pre-commit")
    assert repo.commit("Start", "README.md").returncode == 0
    return repo


# --- The program's task ------------------------------------------------------------------


@pytest.fixture
def started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository with a README.md committed before the hook was installed."""
    isolate_git(monkeypatch, tmp_path)
    repo = GitRepo.create(tmp_path / "repo")
    repo.add("README.md")
    repo.git("commit", "--quiet", "--no-verify", "-m", "Start")
    repo.install_hook("pre-commit")
    return repo


@PROGRAM
@pytest.mark.parametrize(
    "names",
    [
        ["notes.txt"],
        ["docs/README.md", "docs/guide.md"],
        ["src/README.md", "src/app.py", "src/util/README.md", "src/util/text.py"],
    ],
    ids=["the root", "a directory", "nested directories"],
)
def test_a_commit_whose_directories_all_have_a_readme_goes_through(
    started: GitRepo, names: list[str]
) -> None:
    before = started.head()
    result = started.commit("Documented", *names)
    assert result.returncode == 0, f"the hook stopped the commit:\n{result.stdout}{result.stderr}"
    assert started.head() != before


@PROGRAM
@pytest.mark.parametrize(
    "names",
    [["src/app.py"], ["docs/README.md", "docs/guide.md", "api/views.py"]],
    ids=["one directory", "one of two"],
)
def test_a_directory_without_readme_stops_the_commit(started: GitRepo, names: list[str]) -> None:
    before = started.head()
    result = started.commit("Undocumented", *names)
    assert result.returncode != 0, "the commit went through"
    assert started.head() == before


@PROGRAM
def test_the_commit_goes_through_once_the_readme_is_added(started: GitRepo) -> None:
    assert started.commit("Undocumented", "src/app.py").returncode != 0
    result = started.commit("Documented", "src/README.md")
    assert result.returncode == 0, f"the hook stopped the commit:\n{result.stdout}{result.stderr}"


# --- The portfolio's additions ------------------------------------------------------------


def named_directories(stderr: str) -> list[str]:
    """The directories the hook names, in its order, from the header to the hint."""
    lines = stderr.splitlines()
    assert HEADER in lines, stderr
    start = lines.index(HEADER) + 1
    end = next(i for i, line in enumerate(lines) if HINT in line)
    return [line.strip() for line in lines[start:end]]


def assert_rejected(repo: GitRepo, *names: str, missing: list[str]) -> None:
    """Committing `names` fails, naming exactly `missing`, and commits nothing."""
    before = repo.head()
    result = repo.commit("Rejected", *names)
    assert result.returncode == 1, result.stderr
    assert named_directories(result.stderr) == missing
    assert repo.head() == before


@EXTRAS
def test_files_beside_readmes_commit_silently(repo: GitRepo) -> None:
    result = repo.commit("Docs", "notes.txt", "docs/README.md", "docs/guide.md")

    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""
    assert repo.head().endswith(" Docs")


@EXTRAS
def test_a_nested_directory_without_readme_is_named(repo: GitRepo) -> None:
    assert_rejected(repo, "docs/README.md", "docs/guide/intro.md", missing=["docs/guide"])


@EXTRAS
def test_the_root_needs_a_readme_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path)
    repo = GitRepo.create(tmp_path / "repo")
    repo.install_hook("pre-commit")

    assert_rejected(repo, "main.py", "lib/README.md", "lib/util.py", missing=["."])


@EXTRAS
def test_every_missing_directory_is_listed_once_sorted(repo: GitRepo) -> None:
    assert_rejected(
        repo,
        "zeta/a.txt",
        "zeta/b.txt",
        "alpha/one/x.txt",
        "alpha/README.md",
        "beta/y.txt",
        missing=["alpha/one", "beta", "zeta"],
    )


@EXTRAS
def test_the_message_ends_with_the_hint(repo: GitRepo) -> None:
    result = repo.commit("Rejected", "src/app.py")

    assert result.stderr.strip().splitlines()[-1].endswith(HINT)


@EXTRAS
def test_a_directory_of_only_subdirectories_needs_no_readme(repo: GitRepo) -> None:
    result = repo.commit("Nested", "src/pkg/README.md", "src/pkg/mod.py")

    assert result.returncode == 0, result.stderr


@EXTRAS
def test_untracked_and_ignored_directories_are_not_required(repo: GitRepo) -> None:
    repo.write(".gitignore", "build/\n")
    repo.write("build/output.bin")
    repo.write("scratch/notes.txt")

    result = repo.commit("Ignore build", ".gitignore")

    assert result.returncode == 0, result.stderr


@EXTRAS
def test_a_readme_only_in_the_work_tree_does_not_count(repo: GitRepo) -> None:
    repo.write("api/README.md")

    assert_rejected(repo, "api/views.py", missing=["api"])


@EXTRAS
def test_files_already_committed_count_too(repo: GitRepo) -> None:
    repo.add("legacy/old.py")
    repo.git("commit", "--quiet", "--no-verify", "-m", "Legacy without README")

    assert_rejected(repo, "new.txt", missing=["legacy"])


@EXTRAS
def test_removing_a_readme_from_the_index_is_rejected(repo: GitRepo) -> None:
    assert repo.commit("Docs", "docs/README.md", "docs/guide.md").returncode == 0
    repo.git("rm", "--quiet", "docs/README.md")

    result = repo.git("commit", "--quiet", "-m", "Drop README", check=False)

    assert result.returncode == 1
    assert named_directories(result.stderr) == ["docs"]


@EXTRAS
def test_names_with_spaces(repo: GitRepo) -> None:
    assert_rejected(repo, "my docs/first draft.txt", missing=["my docs"])

    result = repo.commit("Spaces", "my docs/README.md")

    assert result.returncode == 0, result.stderr


@EXTRAS
def test_names_with_newlines_are_not_split(repo: GitRepo) -> None:
    result = repo.commit("Odd names", "two\nlines/README.md", "two\nlines/data.txt")

    assert result.returncode == 0, result.stderr


@EXTRAS
def test_a_commit_of_named_paths_checks_what_it_commits(repo: GitRepo) -> None:
    # `git commit PATH` commits HEAD plus PATH, through a temporary index: the other
    # staged file, whose directory has no README, is not part of this commit.
    repo.add("drafts/todo.txt", "src/README.md", "src/app.py")
    repo.git("commit", "--quiet", "--no-verify", "-m", "Source", "src")
    repo.write("src/app.py", "changed\n")

    result = repo.git("commit", "--quiet", "-m", "Only src", "app.py", cwd=repo.path / "src")

    assert result.returncode == 0, result.stderr
    assert repo.git("diff", "--cached", "--name-only").stdout == "drafts/todo.txt\n"


@EXTRAS
def test_no_verify_skips_the_hook(repo: GitRepo) -> None:
    repo.add("src/app.py")

    result = repo.git("commit", "--quiet", "--no-verify", "-m", "Skip", check=False)

    assert result.returncode == 0, result.stderr


@EXTRAS
def test_run_by_hand_from_a_subdirectory_checks_the_whole_index(repo: GitRepo, run: Run) -> None:
    repo.add("web/README.md", "web/static/app.js", "tools/build.sh")

    result = run("git_hooks/pre-commit", cwd=repo.path / "web" / "static")

    assert result.returncode == 1
    assert named_directories(result.stderr) == ["tools", "web/static"]


@EXTRAS
def test_run_by_hand_with_every_readme_exits_0(repo: GitRepo, run: Run) -> None:
    repo.add("web/README.md", "web/index.html")

    result = run("git_hooks/pre-commit", cwd=repo.path / "web")

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@EXTRAS
def test_outside_a_repository_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    isolate_git(monkeypatch, tmp_path)

    result = run("git_hooks/pre-commit")

    assert result.returncode == 1
    assert result.stderr.startswith("pre-commit: ")


@EXTRAS
@pytest.mark.parametrize("option", ["-h", "--help"])
def test_help(run: Run, option: str) -> None:
    assert_help(run("git_hooks/pre-commit", option), "pre-commit")


@EXTRAS
@pytest.mark.parametrize("args", [["--bogus"], ["extra"]])
def test_arguments_are_a_usage_error(run: Run, args: list[str]) -> None:
    assert_usage_error(run("git_hooks/pre-commit", *args), "pre-commit")
