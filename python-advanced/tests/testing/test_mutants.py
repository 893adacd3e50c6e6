"""Grading the unit's own exercise, the unittest files, by mutation.

The exercise of the testing unit is a pair of test files, testing/test_utils.py and
testing/test_client.py. A test file is good when it passes on correct code and fails on
wrong code, so each is run (with unittest, in a subprocess) against the real utils.py and
client.py, where every test must pass, and against each mutant below, a small plausible
bug, where at least one test must fail ("the mutant is killed").

Who kills what: each test file runs alone, and test_utils.py must kill every mutant of
utils.py, test_client.py every mutant of client.py (RESPONSIBLE). Every mutant is one a
test file covering the program's cases kills; stricter mutants would fail a peer whose
tests do what the program asks.

Mutants are text patches of the reference utils.py and client.py, each applied to a
temporary copy of the reference testing/ folder, into which the test files under grading
are copied. The reference is this module's own testing/ folder, or, when the grader sets
GRADER_REFERENCE (`grade --against`, where a peer's utils.py and client.py may have
replaced ours in the folder under grading), the untouched module's. So a full `--against`
run grades a peer's test_utils.py and test_client.py on our code and our mutants, with
our fixtures.py (the program's structure), whatever else of theirs was placed. Each
original snippet must occur exactly once in the reference file, so a refactor of utils.py
or client.py fails here, naming the mutant to update, instead of silently disabling it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

MODULE_ROOT = Path(__file__).resolve().parents[2]
# The test files under grading (ours, or a peer's placed by `grade --against`).
TESTING = MODULE_ROOT / "testing"
# The code the mutants patch: the untouched module's, whatever replaced files in this one.
REFERENCE = Path(os.environ.get("GRADER_REFERENCE") or MODULE_ROOT) / "testing"
TEST_FILES = ("test_utils.py", "test_client.py")
RUNNER = Path(__file__).with_name("run_unittests.py")
REAL = "real code"

# The unittest module responsible for killing the mutants of each file, and its task.
RESPONSIBLE = {"utils.py": "test_utils", "client.py": "test_client"}
TASKS = {"test_utils": "testing.test_utils", "test_client": "testing.test_client"}


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str  # in testing/
    original: str  # occurs exactly once in the real file
    replacement: str


MUTANTS = [
    # utils.py: killed by test_utils.py
    Mutant("path_off_by_one", "utils.py", "for key in path:", "for key in path[:-1]:"),
    Mutant(
        "missing_key_swallowed",
        "utils.py",
        "nested_map = nested_map[key]",
        "nested_map = nested_map.get(key)",
    ),
    Mutant("error_names_whole_path", "utils.py", "raise KeyError(key)", "raise KeyError(path)"),
    Mutant(
        "non_mapping_unchecked", "utils.py", "if not isinstance(nested_map, Mapping):", "if False:"
    ),
    Mutant(
        "get_json_skips_json",
        "utils.py",
        "return requests.get(url).json()",
        "return requests.get(url)",
    ),
    Mutant("memoize_forgets", "utils.py", "if not hasattr(self, attr_name):", "if True:"),
    # client.py: killed by test_client.py
    Mutant(
        "wrong_org_url",
        "client.py",
        '"https://api.github.com/orgs/{org}"',
        '"https://api.github.com/org/{org}"',
    ),
    Mutant("repos_url_wrong_key", "client.py", 'self.org["repos_url"]', 'self.org["url"]'),
    Mutant(
        "repos_payload_bypasses_repos_url",
        "client.py",
        "get_json(self._public_repos_url)",
        'get_json(self.ORG_URL.format(org=self._org_name) + "/repos")',
    ),
    Mutant("repo_full_name", "client.py", 'repo["name"]', 'repo["full_name"]'),
    Mutant(
        "licence_ignored",
        "client.py",
        "license is None or self.has_license(repo, license)",
        "license is None or True",
    ),
    Mutant(
        "licence_filter_inverted",
        "client.py",
        "self.has_license(repo, license)",
        "not self.has_license(repo, license)",
    ),
    Mutant(
        "public_repos_default_licence",
        "client.py",
        "license: str | None = None",
        'license: str | None = "apache-2.0"',
    ),
    Mutant("licence_compare_inverted", "client.py", "== license_key", "!= license_key"),
    Mutant("licence_wrong_path", "client.py", '("license", "key")', '("license", "spdx_id")'),
    Mutant("unlicensed_has_licence", "client.py", "return False", "return True"),
]


def occurrences(mutant: Mutant) -> int:
    """How often the mutant's original snippet occurs in the reference file (must be once)."""
    return (REFERENCE / mutant.file).read_text(encoding="utf-8").count(mutant.original)


def mutated_source(mutant: Mutant) -> str:
    """The reference file's text with the mutant's patch applied."""
    source = (REFERENCE / mutant.file).read_text(encoding="utf-8")
    return source.replace(mutant.original, mutant.replacement, 1)


def copy_of_testing(folder: Path, graded: dict[str, bytes]) -> Path:
    """A fresh copy of the reference folder (no bytecode caches) holding the graded tests."""
    shutil.copytree(REFERENCE, folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name, content in graded.items():
        (folder / name).write_bytes(content)
    return folder


@dataclass
class Runs:
    """One test module's runs: its text as graded, and each run's outcome by name."""

    graded: bytes
    outcomes: dict[str, dict[str, Any]]

    def outcome(self, test_module: str, name: str) -> dict[str, Any]:
        """The outcome of run `name`, once the file on disk is checked to be the graded one."""
        on_disk = (TESTING / f"{test_module}.py").read_bytes()
        assert on_disk == self.graded, f"{test_module}.py changed while it was graded"
        return self.outcomes[name]


def run_against_mutants(test_module: str, scratch: Path) -> Runs:
    """Run `test_module` on the real code and on each of its file's mutants, in parallel.

    The outcomes are by name (REAL or the mutant's). A mutant whose snippet does not occur
    exactly once is left out: its test fails on that first.
    """
    graded = {name: (TESTING / name).read_bytes() for name in TEST_FILES}
    folders = {REAL: copy_of_testing(scratch / "real", graded)}
    for mutant in MUTANTS:
        if RESPONSIBLE[mutant.file] == test_module and occurrences(mutant) == 1:
            folder = copy_of_testing(scratch / mutant.name, graded)
            (folder / mutant.file).write_text(mutated_source(mutant), encoding="utf-8")
            folders[mutant.name] = folder
    completed = subprocess.run(
        [sys.executable, str(RUNNER), test_module, *map(str, folders.values())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    outcomes = [json.loads(line) for line in completed.stdout.splitlines()]
    by_folder = {Path(outcome["folder"]): outcome for outcome in outcomes}
    runs = {name: by_folder[folder] for name, folder in folders.items()}
    return Runs(graded[f"{test_module}.py"], runs)


@pytest.fixture(scope="module")
def unittest_runs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Runs]:
    """`unittest_runs(test_module)`: all runs of that module, made once on first request."""
    cache: dict[str, Runs] = {}

    def runs(test_module: str) -> Runs:
        if test_module not in cache:
            cache[test_module] = run_against_mutants(
                test_module, tmp_path_factory.mktemp(test_module)
            )
        return cache[test_module]

    return runs


def counts(outcome: dict[str, Any]) -> str:
    """The unittest run in one line."""
    return f"ran {outcome['ran']}, {outcome['failures']} failed, {outcome['errors']} errors"


@pytest.mark.parametrize(
    "test_module",
    [pytest.param(module, marks=pytest.mark.task(task)) for module, task in TASKS.items()],
)
def test_every_test_passes_on_the_real_code(
    unittest_runs: Callable[[str], Runs], test_module: str
) -> None:
    """A test file that fails on correct code kills every mutant for nothing."""
    outcome = unittest_runs(test_module).outcome(test_module, REAL)
    assert outcome["passed"], (
        f"{test_module}.py on the real code: {counts(outcome)}\n{outcome['output']}"
    )


@pytest.mark.parametrize(
    "mutant",
    [
        pytest.param(m, id=m.name, marks=pytest.mark.task(TASKS[RESPONSIBLE[m.file]]))
        for m in MUTANTS
    ],
)
def test_mutant_is_killed(unittest_runs: Callable[[str], Runs], mutant: Mutant) -> None:
    """The responsible test file, run on the mutated copy, has at least one failing test."""
    found = occurrences(mutant)
    assert found == 1, (
        f"mutant {mutant.name}: {mutant.original!r} occurs {found} times in {REFERENCE}/"
        f"{mutant.file}, not once; after a refactor, update the mutant in MUTANTS"
    )
    # Killed by a failing test, not by a mutant that does not even compile.
    compile(mutated_source(mutant), mutant.file, "exec")
    test_module = RESPONSIBLE[mutant.file]
    outcome = unittest_runs(test_module).outcome(test_module, mutant.name)
    assert not outcome["passed"], (
        f"mutant {mutant.name} ({mutant.file}: {mutant.original!r} -> {mutant.replacement!r})"
        f" survived {test_module}.py: every test passed ({counts(outcome)})"
    )
