"""git_flow/: a git-flow history built in a throwaway repository, read back with git.

The steps run one at a time, in order, as a learner runs them (0-develop.sh to
4-release.sh), and all at once (git-flow.sh); each build is made once per run and copied
where a test changes it. Every check asks git itself: the graph, a merge's parents, the
files at a branch, the tag's type and commit. The scripts run with no user or system
git configuration, except where a test hands them a hostile one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.gitrepo import git_environment, run_git

FLOW = Path(__file__).resolve().parent.parent / "git_flow"
STEPS = (
    "0-develop.sh",
    "1-feature-login.sh",
    "2-feature-signup.sh",
    "3-merge-conflict.sh",
    "4-release.sh",
)
SCRIPTS = (*STEPS, "git-flow.sh")
TASK_OF = {
    "0-develop.sh": "git.flow_branches",
    "1-feature-login.sh": "git.flow_branches",
    "2-feature-signup.sh": "git.flow_branches",
    "3-merge-conflict.sh": "git.merge_conflict",
    "4-release.sh": "git.release",
    "git-flow.sh": "git.release",
}
BRANCHES = pytest.mark.task("git.flow_branches")
CONFLICT = pytest.mark.task("git.merge_conflict")
RELEASE = pytest.mark.task("git.release")

# The builds the tests read: the steps run alone, in order, each build going on from a
# copy of the one before it (recipe: (the build it starts from, the steps it runs)); and
# git-flow.sh in a folder of its own.
RECIPES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "develop": (None, STEPS[:1]),
    "features": ("develop", STEPS[1:3]),
    "conflict": ("features", STEPS[3:4]),
    "release": ("conflict", STEPS[4:]),
    "git-flow": (None, ("git-flow.sh",)),
}
FEATURES = {
    "feature/implement-login": "login-page/README.md",
    "feature/implement-signup": "signup-page/README.md",
}
LOGIN_LINE = "- [Log in](login-page/README.md)"
SIGNUP_LINE = "- [Sign up](signup-page/README.md)"
MARKERS = re.compile(r"^(<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)( |$)", re.MULTILINE)

# `git log --graph --oneline --all` of the whole history, hashes taken out.
GRAPH = """\
*   Merge branch 'release/1.0.0' into develop
|\\
| | *   Merge branch 'release/1.0.0'
| | |\\
| | |/
| |/|
| * | Bump version to 1.0.0
|/ /
* |   Merge branch 'feature/link-signup-page' into develop
|\\ \\
| * | List the sign-up page in README.md
* | |   Merge branch 'feature/link-login-page' into develop
|\\ \\ \\
| |/ /
|/| |
| * | List the login page in README.md
|/ /
* |   Merge branch 'feature/implement-signup' into develop
|\\ \\
| * | Add signup-page/README.md
|/ /
* |   Merge branch 'feature/implement-login' into develop
|\\ \\
| |/
|/|
| * Add login-page/README.md
|/
* Initial commit of the git-flow practice repository"""


def run_flow(
    script: str, *args: str, env: dict[str, str], folder: Path = FLOW
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(folder / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class Repo:
    """A repository the scripts built (or refused to touch), read with git."""

    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.path = path
        self.env = env

    def git(self, *args: str, check: bool = True) -> str:
        return run_git("-C", str(self.path), *args, env=self.env, check=check).stdout.rstrip("\n")

    def run(self, script: str) -> subprocess.CompletedProcess[str]:
        return run_flow(script, str(self.path), env=self.env)

    def refs(self) -> str:
        """Every ref with the object it names, and HEAD: equal refs, equal history."""
        refs = self.git("for-each-ref", "--format=%(refname) %(objectname)")
        return f"{refs}\nHEAD {self.git('symbolic-ref', '-q', 'HEAD', check=False)}"

    def parents(self, commit: str) -> list[str]:
        return self.git("rev-list", "--parents", "-n", "1", commit).split()[1:]

    def tip(self, ref: str) -> str:
        return self.git("rev-parse", "--verify", f"{ref}^{{commit}}")

    def merge_of(self, branch: str, into: str) -> str:
        """The commit on INTO's first-parent line whose second parent is BRANCH's tip."""
        tip = self.tip(branch)
        for line in self.git("rev-list", "--first-parent", "--parents", into).splitlines():
            commit, *parents = line.split()
            if parents[1:2] == [tip]:
                return commit
        pytest.fail(f"no merge of {branch} ({tip[:7]}) on {into}'s first-parent line")

    def changes(self, commit: str) -> list[str]:
        """What a one-parent commit did: "A\\tpath" lines."""
        return self.git(
            "diff-tree", "--root", "--no-commit-id", "--name-status", "-r", commit
        ).split("\n")

    def show(self, ref: str, path: str) -> str:
        return self.git("show", f"{ref}:{path}")

    def graph(self) -> str:
        """`git log --graph --oneline --all`, without the hashes and trailing spaces."""
        lines = self.git("log", "--graph", "--oneline", "--all").splitlines()
        return "\n".join(re.sub(r"\b[0-9a-f]{7,40} ", "", line).rstrip() for line in lines)


def build(path: Path, steps: tuple[str, ...], env: dict[str, str]) -> Repo:
    repo = Repo(path, env)
    for step in steps:
        result = repo.run(step)
        assert result.returncode == 0, f"{step} exited {result.returncode}:\n{result.stderr}"
    return repo


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, home: Path) -> Callable[[str], Repo]:
    """`built("conflict")`: the repository of that recipe, built once; read it only."""
    repos: dict[str, Repo] = {}

    def get(recipe: str) -> Repo:
        if recipe not in repos:
            start, steps = RECIPES[recipe]
            folder = tmp_path_factory.mktemp(recipe) / "flow"
            if start is not None:
                shutil.copytree(get(start).path, folder, symlinks=True)
            repos[recipe] = build(folder, steps, git_environment(home))
        return repos[recipe]

    return get


@pytest.fixture
def copy_of(built: Callable[[str], Repo], tmp_path: Path) -> Callable[[str], Repo]:
    """`copy_of("features")`: this test's own copy of that build, to run scripts on."""

    def copy(recipe: str) -> Repo:
        original = built(recipe)
        target = tmp_path / f"copy-{recipe}"
        shutil.copytree(original.path, target, symlinks=True)
        return Repo(target, original.env)

    return copy


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return git_environment(tmp_path)


def by_task(*scripts: str) -> list[object]:
    return [pytest.param(s, marks=pytest.mark.task(TASK_OF[s]), id=s) for s in scripts]


def files_under(folder: Path) -> list[str]:
    """Every path under `folder` (hidden ones and .git's included) with its size: what
    a refusal must leave as it was."""
    found = []
    for root, directories, files in os.walk(folder):
        for name in directories + files:
            path = Path(root, name)
            size = path.lstat().st_size if not path.is_dir() else 0
            found.append(f"{path.relative_to(folder)} {size}")
    return sorted(found)


# --- git.flow_branches: develop and the two features --------------------------------------


@BRANCHES
def test_develop_starts_at_mains_initial_commit(built: Callable[[str], Repo]) -> None:
    repo = built("develop")

    assert repo.git("for-each-ref", "--format=%(refname)", "refs/heads") == (
        "refs/heads/develop\nrefs/heads/main"
    )
    assert repo.tip("develop") == repo.tip("main")
    assert repo.parents("main") == [], "main holds one commit, the initial one"
    assert repo.changes("main") == ["A\tREADME.md"]


@BRANCHES
@pytest.mark.parametrize(("branch", "path"), FEATURES.items())
def test_each_feature_adds_its_page_and_merges_into_develop_with_no_ff(
    built: Callable[[str], Repo], branch: str, path: str
) -> None:
    repo = built("features")
    tip = repo.tip(branch)
    merge = repo.merge_of(branch, "develop")

    first_parent, second_parent = repo.parents(merge)
    assert second_parent == tip, "a --no-ff merge's second parent is the feature's tip"
    assert repo.parents(tip) == [first_parent], "the feature starts from develop"
    assert repo.changes(tip) == [f"A\t{path}"]
    assert repo.show("develop", path).startswith("# "), "the page is on develop"
    assert repo.show("develop", path) == repo.show(branch, path)


@BRANCHES
def test_the_features_merge_one_after_the_other(built: Callable[[str], Repo]) -> None:
    repo = built("features")
    login = repo.merge_of("feature/implement-login", "develop")
    signup = repo.merge_of("feature/implement-signup", "develop")

    assert repo.tip("develop") == signup
    assert repo.parents(signup)[0] == login
    assert repo.parents(login)[0] == repo.tip("main"), "main has not moved yet"
    assert repo.git("ls-tree", "-r", "--name-only", "develop").split("\n") == [
        "README.md",
        "login-page/README.md",
        "signup-page/README.md",
    ]


@BRANCHES
def test_running_the_steps_again_changes_nothing(copy_of: Callable[[str], Repo]) -> None:
    repo = copy_of("features")
    before = repo.refs()

    for step in STEPS[:3]:
        result = repo.run(step)
        assert result.returncode == 0, result.stderr
        assert "nothing to do" in result.stdout

    assert repo.refs() == before
    assert repo.git("status", "--porcelain") == ""


# --- git.merge_conflict ---------------------------------------------------------------------

FIRST, SECOND = "feature/link-login-page", "feature/link-signup-page"


@CONFLICT
def test_two_branches_change_the_same_line_differently(built: Callable[[str], Repo]) -> None:
    repo = built("conflict")
    base = repo.git("merge-base", FIRST, SECOND)

    hunks = {}
    for branch in (FIRST, SECOND):
        diff = repo.git("diff", "-U0", base, branch).splitlines()
        assert [line for line in diff if line.startswith("+++")] == ["+++ b/README.md"]
        hunks[branch] = [line for line in diff if line.startswith(("@@", "-", "+"))][2:]

    assert hunks[FIRST][0] == hunks[SECOND][0], "the same line"
    assert hunks[FIRST][1] == hunks[SECOND][1], "the same old text"
    assert hunks[FIRST][2:] == [f"+{LOGIN_LINE}"]
    assert hunks[SECOND][2:] == [f"+{SIGNUP_LINE}"]


@CONFLICT
def test_merging_the_second_into_develop_conflicts(built: Callable[[str], Repo]) -> None:
    """The merge redone without a work tree (git merge-tree): develop as it was before
    the second branch came in, and that branch, conflict in README.md."""
    repo = built("conflict")
    merge = repo.merge_of(SECOND, "develop")
    develop_before, tip = repo.parents(merge)

    assert repo.merge_of(FIRST, "develop") == develop_before, "the first came in cleanly"
    result = subprocess.run(
        ["git", "-C", str(repo.path), "merge-tree", "--write-tree", develop_before, tip],
        env=repo.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CONFLICT (content): Merge conflict in README.md" in result.stdout


@CONFLICT
def test_the_conflict_is_resolved_keeping_both_lines_login_first(
    built: Callable[[str], Repo],
) -> None:
    repo = built("conflict")
    merge = repo.merge_of(SECOND, "develop")
    readme = repo.show(merge, "README.md")
    lines = readme.splitlines()

    assert repo.tip("develop") == merge
    assert MARKERS.search(readme) is None, readme
    assert (lines.count(LOGIN_LINE), lines.count(SIGNUP_LINE)) == (1, 1), readme
    assert lines.index(SIGNUP_LINE) == lines.index(LOGIN_LINE) + 1, readme
    assert lines[: lines.index(LOGIN_LINE)] == repo.show(FIRST, "README.md").splitlines()[:-1]
    assert repo.show("develop", "login-page/README.md"), "the features are kept"


@CONFLICT
def test_no_merge_is_left_half_done(built: Callable[[str], Repo]) -> None:
    repo = built("conflict")

    assert repo.git("status", "--porcelain", "--untracked-files=all") == ""
    assert repo.git("rev-parse", "-q", "--verify", "MERGE_HEAD", check=False) == ""
    assert MARKERS.search((repo.path / "README.md").read_text(encoding="utf-8")) is None


@CONFLICT
def test_running_the_conflict_step_again_changes_nothing(
    copy_of: Callable[[str], Repo],
) -> None:
    repo = copy_of("conflict")
    before = repo.refs()

    result = repo.run("3-merge-conflict.sh")

    assert result.returncode == 0, result.stderr
    assert repo.refs() == before


# --- git.release, and git-flow.sh -----------------------------------------------------------


@RELEASE
def test_the_release_branch_sets_the_version(built: Callable[[str], Repo]) -> None:
    repo = built("release")
    tip = repo.tip("release/1.0.0")

    assert repo.changes(tip) == ["A\tVERSION"]
    assert repo.show(tip, "VERSION") == "1.0.0"
    assert repo.parents(tip) == [repo.merge_of(SECOND, "develop")], "from develop"


@RELEASE
def test_the_release_merges_into_main_and_that_merge_is_tagged(
    built: Callable[[str], Repo],
) -> None:
    repo = built("release")
    merge = repo.merge_of("release/1.0.0", "main")

    assert repo.tip("main") == merge
    assert repo.parents(merge) == [repo.tip("main~1"), repo.tip("release/1.0.0")]
    assert repo.parents(repo.tip("main~1")) == [], "main held only the initial commit"
    assert repo.git("cat-file", "-t", "v1.0.0") == "tag", "an annotated tag"
    assert repo.tip("v1.0.0") == merge
    for path in ("VERSION", *FEATURES.values()):
        assert repo.show("v1.0.0", path) == repo.show("develop", path)


@RELEASE
def test_the_release_merges_back_into_develop(built: Callable[[str], Repo]) -> None:
    repo = built("release")
    merge = repo.merge_of("release/1.0.0", "develop")

    assert repo.tip("develop") == merge
    assert repo.parents(merge) == [repo.merge_of(SECOND, "develop"), repo.tip("release/1.0.0")]
    assert repo.show("develop", "VERSION") == "1.0.0"
    assert repo.git("symbolic-ref", "HEAD") == "refs/heads/develop"


@RELEASE
def test_the_whole_graph(built: Callable[[str], Repo]) -> None:
    assert built("git-flow").graph() == GRAPH


@RELEASE
def test_git_flow_gives_the_same_hashes_as_the_steps_in_another_folder(
    built: Callable[[str], Repo],
) -> None:
    steps, whole = built("release"), built("git-flow")

    assert steps.path != whole.path
    assert whole.refs() == steps.refs()
    assert "refs/tags/v1.0.0" in whole.refs()


@RELEASE
def test_running_git_flow_twice_changes_nothing(copy_of: Callable[[str], Repo]) -> None:
    repo = copy_of("git-flow")
    before = repo.refs()

    result = repo.run("git-flow.sh")

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("nothing to do") == len(STEPS)
    assert repo.refs() == before


@pytest.fixture
def hostile_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A user's git setup that would change every hash or stop a commit: another name
    and dates, signing with a key that does not exist, hooks that refuse, another default
    branch, diff3 conflicts, fast-forward-only merges, rerere; and GIT_DIR naming a
    decoy repository, which must stay untouched."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("pre-commit", "commit-msg", "pre-merge-commit", "post-checkout"):
        (hooks / hook).write_text("#!/bin/sh\necho refused by the user's hook >&2\nexit 1\n")
        (hooks / hook).chmod(0o755)
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tname = Someone Else\n\temail = else@example.com\n\tsigningkey = DEADBEEF\n"
        "[commit]\n\tgpgsign = true\n[tag]\n\tgpgsign = true\n"
        f"[core]\n\thooksPath = {hooks}\n\tautocrlf = true\n[init]\n\tdefaultBranch = trunk\n"
        "[merge]\n\tconflictStyle = diff3\n\tff = only\n\tlog = true\n[rerere]\n\tenabled = true\n"
    )
    decoy = tmp_path / "decoy.git"
    subprocess.run(
        ["git", "init", "-q", "--bare", str(decoy)], env=git_environment(tmp_path), check=True
    )
    env = git_environment(
        tmp_path,
        GIT_CONFIG_GLOBAL=str(config),
        GIT_DIR=str(decoy),
        GIT_AUTHOR_NAME="Someone Else",
        GIT_AUTHOR_DATE="2030-01-01T00:00:00Z",
        GIT_COMMITTER_DATE="2030-01-01T00:00:00Z",
        TZ="Asia/Tokyo",
    )
    before = files_under(decoy)
    yield env
    assert files_under(decoy) == before, "GIT_DIR's repository was written to"


@RELEASE
def test_the_users_git_configuration_changes_no_hash(
    built: Callable[[str], Repo], hostile_env: dict[str, str], tmp_path: Path
) -> None:
    result = run_flow("git-flow.sh", str(tmp_path / "flow"), env=hostile_env)

    assert result.returncode == 0, result.stderr
    clean = built("git-flow")
    assert Repo(tmp_path / "flow", clean.env).refs() == clean.refs()


# --- every script: order, usage and refusals -----------------------------------------------


@pytest.mark.parametrize(
    ("script", "before"),
    [
        pytest.param(STEPS[1], None, marks=BRANCHES, id="1-feature-login.sh-no-repo"),
        pytest.param(STEPS[2], "develop", marks=BRANCHES, id="2-feature-signup.sh"),
        pytest.param(STEPS[3], "develop", marks=CONFLICT, id="3-merge-conflict.sh"),
        pytest.param(STEPS[4], "features", marks=RELEASE, id="4-release.sh"),
    ],
)
def test_a_step_needs_the_one_before_it(
    copy_of: Callable[[str], Repo],
    env: dict[str, str],
    tmp_path: Path,
    script: str,
    before: str | None,
) -> None:
    repo = copy_of(before) if before else Repo(tmp_path / "absent", env)
    files = files_under(repo.path) if before else None
    needed = STEPS[STEPS.index(script) - 1]

    result = repo.run(script)

    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    assert result.stderr.startswith(f"{script}: ")
    assert f"run {needed} first" in result.stderr
    if before:
        assert files_under(repo.path) == files
    else:
        assert not repo.path.exists()


@pytest.mark.parametrize("script", by_task(*SCRIPTS))
def test_usage(script: str, env: dict[str, str], tmp_path: Path) -> None:
    usage = f"Usage: {script} REPO"
    bare = run_flow(script, env=env)
    assert (bare.returncode, bare.stdout) == (2, "")
    assert bare.stderr.splitlines()[:2] == [f"{script}: no REPO given", usage]

    helped = run_flow(script, "--help", env=env)
    assert (helped.returncode, helped.stderr) == (0, "")
    assert helped.stdout.startswith(usage + "\n")

    for args in (["-x"], [str(tmp_path / "a"), str(tmp_path / "b")], [""]):
        wrong = run_flow(script, *args, env=env)
        assert wrong.returncode == 2, wrong.stderr
        assert wrong.stderr.startswith(f"{script}: ")
        assert usage in wrong.stderr
    assert os.listdir(tmp_path) == [], "bad usage wrote nothing"


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory, home: Path) -> Path:
    """The folder of what the refusal tests point the scripts at; each test checks that
    nothing under it changed.

    host/ is a repository holding a copy of git_flow/, as this one holds the scripts,
    with an empty folder in it, and link-to-host a link to it. Beside it, the kinds of
    REPO the scripts did not build: a folder of notes, a repository with another
    history, one without commits, and a file.
    """
    folder = tmp_path_factory.mktemp("outside")
    env = git_environment(home)
    host = folder / "host"
    shutil.copytree(FLOW, host / "git_flow")
    subprocess.run(["git", "init", "-q", str(host)], env=env, check=True)
    (host / "empty").mkdir()
    (folder / "link-to-host").symlink_to(host)

    (folder / "notes").mkdir()
    (folder / "notes" / "todo.txt").write_text("mine\n")
    foreign = folder / "foreign"
    subprocess.run(["git", "init", "-q", "-b", "main", str(foreign)], env=env, check=True)
    (foreign / "app.py").write_text("print('mine')\n")
    me = ["-c", "user.name=Me", "-c", "user.email=me@example.com"]
    subprocess.run(["git", "-C", str(foreign), "add", "app.py"], env=env, check=True)
    subprocess.run(["git", "-C", str(foreign), *me, "commit", "-qm", "first"], env=env, check=True)
    subprocess.run(["git", "init", "-q", str(folder / "empty-repo")], env=env, check=True)
    (folder / "file").write_text("not a folder\n")
    return folder


@pytest.mark.parametrize("script", by_task(*SCRIPTS))
@pytest.mark.parametrize(
    "target", ["host/demo", "host/empty", "host/.git/demo", "link-to-host/demo"]
)
def test_a_repo_inside_the_scripts_repository_is_refused(
    outside: Path, env: dict[str, str], script: str, target: str
) -> None:
    host = outside / "host"
    before = files_under(outside)

    result = run_flow(script, str(outside / target), env=env, folder=host / "git_flow")

    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    assert result.stderr.startswith(f"{script}: "), result.stderr
    assert f"inside the repository these scripts live in ({host})" in result.stderr
    assert files_under(outside) == before


@pytest.mark.parametrize("script", by_task(*SCRIPTS))
@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("notes", "not empty and not a git repository"),
        ("foreign", "did not build"),
        ("empty-repo", "did not build"),
        ("file", "not a folder"),
        ("file/demo", "not a folder"),
    ],
)
def test_a_repo_these_scripts_did_not_build_is_refused(
    outside: Path, env: dict[str, str], script: str, target: str, reason: str
) -> None:
    before = files_under(outside)

    result = run_flow(script, str(outside / target), env=env)

    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    assert result.stderr.startswith(f"{script}: {outside / target.split('/')[0]}")
    assert reason in result.stderr
    assert files_under(outside) == before


@pytest.mark.parametrize("script", by_task(*SCRIPTS))
def test_uncommitted_changes_are_refused(copy_of: Callable[[str], Repo], script: str) -> None:
    repo = copy_of("develop")
    (repo.path / "README.md").write_text("my own edit\n")
    before = (repo.refs(), files_under(repo.path))

    result = repo.run(script)

    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    assert "uncommitted changes" in result.stderr
    assert (repo.refs(), files_under(repo.path)) == before
