"""`--against` and the verdicts a peer's code must never be able to fool.

Each test reproduces, with a small module written on the spot, a way the grader once
lied or hung on a real learner's repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.tests.support import grade, write_module

TWO_DIALECTS = {
    "tasks.toml": """\
        [module]
        title = "Two dialects"

        [[task]]
        id = "schema.create"
        title = "Create the tables"
        points = 10
        files = ["schema_mysql.sql", "schema_sqlite.sql"]
        curriculum = "database-script-0x01/schema.sql"

        [[task]]
        id = "schema.own_check"
        title = "A check of the portfolio's own"
        points = 2
        files = ["schema_sqlite.sql"]
    """,
    "schema_mysql.sql": "CREATE TABLE user (id INT PRIMARY KEY);\n",
    "schema_sqlite.sql": "CREATE TABLE user (id INTEGER PRIMARY KEY);\n",
    "tests/test_schema.py": """\
        import os
        import sqlite3
        from pathlib import Path

        import pytest

        ROOT = Path(__file__).parent.parent


        def create(name):
            sqlite3.connect(":memory:").executescript((ROOT / name).read_text())


        @pytest.mark.task("schema.create", "schema.own_check")
        def test_sqlite_dialect():
            create("schema_sqlite.sql")


        @pytest.mark.task("schema.create")
        def test_mysql_dialect():
            if not os.environ.get("GRADER_FIXTURE_SERVICE"):
                pytest.skip("needs DATABASE_URL (MariaDB)")
            create("schema_mysql.sql")  # the fixture's stand-in for a MariaDB server
    """,
}


def peer_with(tmp_path: Path, files: dict[str, str]) -> Path:
    peer = tmp_path / "peer"
    for relative, text in files.items():
        path = peer / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return peer


def results(path: Path) -> dict[str, dict]:
    return json.loads(path.read_text())["tasks"]


def test_a_file_no_test_could_run_is_skipped_with_the_reason_never_passed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The peer's schema.sql replaces the MySQL file, whose test skips here; the SQLite
    test that passes ran our own file, so it says nothing about the peer's."""
    write_module(tmp_path / "repo", "dialects", TWO_DIALECTS)
    peer = peer_with(tmp_path, {"database-script-0x01/schema.sql": "THIS IS NOT SQL AT ALL;\n"})
    json_path = tmp_path / "results.json"
    args = ("dialects", "--against", str(peer), "--json", str(json_path))

    status, out, _ = grade(capsys, tmp_path / "repo", *args)
    assert status == 0
    assert "schema.create  skipped  needs DATABASE_URL (MariaDB)" in out
    assert results(json_path)["dialects/schema.create"]["score"] == 0

    monkeypatch.setenv("GRADER_FIXTURE_SERVICE", "1")  # the service is there: the file runs
    status, out, _ = grade(capsys, tmp_path / "repo", *args)
    assert status == 1
    assert "schema.create  failed" in out
    assert 'near "THIS": syntax error' in out


def test_tasks_without_a_program_file_are_not_applicable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_module(tmp_path / "repo", "dialects", TWO_DIALECTS)
    peer = peer_with(tmp_path, {"database-script-0x01/schema.sql": "CREATE TABLE t (id INT);\n"})
    json_path = tmp_path / "results.json"
    status, out, _ = grade(
        capsys, tmp_path / "repo", "dialects", "--against", str(peer), "--json", str(json_path)
    )
    assert status == 0
    assert "dialects: 0/1 tasks, 0/10 points" in out  # the 2 points of our own do not count
    assert "Not applicable, not counted (the portfolio's own exercises" in out
    assert "  dialects  schema.own_check\n" in out
    document = json.loads(json_path.read_text())
    assert [test["task"] for test in document["tests"]] == ["schema.create"]
    assert document["max_score"] == 10
    assert document["tasks"]["dialects/schema.own_check"]["max_score"] == 0


CALCULATOR = {
    "tasks.toml": """\
        [module]
        title = "Calculator"

        [[task]]
        id = "arith.add"
        title = "Add"
        points = 1
        files = ["arith/add.py"]
        curriculum = "calc-0x00/0-add.py"

        [[task]]
        id = "arith.twice"
        title = "Twice, with add"
        points = 1
        files = ["arith/twice.py"]
        curriculum = "calc-0x00/1-twice.py"

        [[task]]
        id = "layout.inventory"
        title = "The package holds exactly its modules"
        points = 1
        files = ["arith/__init__.py"]
        curriculum = "calc-0x00/__init__.py"
    """,
    "arith/__init__.py": "",
    "arith/add.py": "def add(a, b):\n    return a + b\n",
    "arith/twice.py": "from arith.add import add\n\n\ndef twice(a):\n    return add(a, a)\n",
    "tests/test_arith.py": """\
        from pathlib import Path

        import pytest

        from arith.add import add
        from arith.twice import twice

        PACKAGE = Path(__file__).parent.parent / "arith"


        @pytest.mark.task("arith.add")
        def test_add():
            assert add(2, 3) == 5


        @pytest.mark.task("arith.twice")
        def test_twice():
            assert twice(4) == 8


        @pytest.mark.task("layout.inventory")
        def test_inventory():
            names = {p.name for p in PACKAGE.iterdir() if p.suffix == ".py"}
            assert names == {"__init__.py", "add.py", "twice.py"}
    """,
}


def test_placing_files_changes_nothing_another_task_sees_and_peers_import_each_other(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The peer's 1-twice.py imports 0-add.py by its program name, as at home; no copy
    under a program name appears in the module for the inventory test to reject."""
    write_module(tmp_path / "repo", "calculator", CALCULATOR)
    peer = peer_with(
        tmp_path,
        {
            "calc-0x00/__init__.py": "",
            "calc-0x00/0-add.py": "def add(a: int, b: int) -> int:\n    return sum((a, b))\n",
            "calc-0x00/1-twice.py": "add = __import__('0-add').add\n\n\n"
            "def twice(a):\n    return add(a, a)\n",
        },
    )
    status, out, _ = grade(capsys, tmp_path / "repo", "calculator", "--against", str(peer))
    assert status == 0, out
    assert out.rstrip().endswith("grade: 3 passed, 0 failed, 0 skipped")


def test_a_test_file_that_fails_to_collect_makes_its_tasks_error_not_pass(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A peer's seed imports a package the module does not install: the behaviour tests
    cannot even be collected, and the static test of the same task that still runs must
    not carry the task."""
    write_module(
        tmp_path,
        "generators",
        {
            "tasks.toml": """\
                [module]
                title = "Generators"

                [[task]]
                id = "generators.stream"
                title = "Stream rows"
                points = 3
                files = ["stream.py"]
            """,
            "stream.py": "import not_installed_anywhere\n\n\ndef stream():\n    yield 1\n",
            "tests/test_static.py": """\
                import pytest
                from pathlib import Path


                @pytest.mark.task("generators.stream")
                def test_uses_yield():
                    assert "yield" in (Path(__file__).parent.parent / "stream.py").read_text()
            """,
            "tests/test_behaviour.py": """\
                import pytest

                from stream import stream

                pytestmark = pytest.mark.task("generators.stream")


                def test_streams_one_row():
                    assert list(stream()) == [1]
            """,
        },
    )
    status, out, _ = grade(capsys, tmp_path)
    assert status == 1
    assert (
        "generators.stream  error    collection error in tests/test_behaviour.py: "
        "ModuleNotFoundError: No module named 'not_installed_anywhere'"
    ) in out


def test_a_test_that_errors_outside_its_body_makes_its_task_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_module(
        tmp_path,
        "setup-error",
        {
            "tasks.toml": """\
                [module]
                title = "Set-up error"

                [[task]]
                id = "unit.task"
                title = "A task"
                points = 1
                files = ["tests/test_it.py"]
            """,
            "tests/test_it.py": """\
                import pytest


                @pytest.fixture
                def database():
                    raise ConnectionError("no database on 127.0.0.1:1")


                @pytest.mark.task("unit.task")
                def test_static():
                    assert True


                @pytest.mark.task("unit.task")
                def test_rows(database):
                    assert database
            """,
        },
    )
    status, out, _ = grade(capsys, tmp_path)
    assert status == 1
    assert "unit.task  error    test_it.py::test_rows: error: ConnectionError" in out


def test_tests_needing_the_reference_implementation_find_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A peer's test suite is graded against our own code (mutation tests): the module's
    copy holds the peer's files, GRADER_REFERENCE the untouched module."""
    write_module(
        tmp_path / "repo",
        "mutation",
        {
            "tasks.toml": """\
                [module]
                title = "Mutation"

                [[task]]
                id = "testing.code"
                title = "The code"
                points = 1
                files = ["doubler.py"]
                curriculum = "0x03/doubler.py"

                [[task]]
                id = "testing.suite"
                title = "Its tests kill the mutants of our code"
                points = 1
                files = ["suite.py"]
                curriculum = "0x03/test_code.py"
            """,
            "doubler.py": "def double(x):\n    return 2 * x\n",
            "suite.py": "from code_under_test import double\n\n\n"
            "def check():\n    assert double(3) == 6\n",
            "tests/test_mutation.py": """\
                import os
                import subprocess
                import sys
                from pathlib import Path

                import pytest

                HERE = Path(__file__).parent.parent
                REFERENCE = Path(os.environ.get("GRADER_REFERENCE", HERE))


                def suite_passes(code, scratch):
                    (scratch / "code_under_test.py").write_text(code)
                    (scratch / "suite.py").write_text((HERE / "suite.py").read_text())
                    check = "import suite; suite.check()"
                    run = subprocess.run([sys.executable, "-c", check], cwd=scratch)
                    return run.returncode == 0


                @pytest.mark.task("testing.suite")
                def test_kills_the_mutant(tmp_path):
                    code = (REFERENCE / "doubler.py").read_text()
                    assert suite_passes(code, tmp_path)
                    assert not suite_passes(code.replace("2 * x", "x + 2"), tmp_path)


                @pytest.mark.task("testing.code")
                def test_double():
                    from doubler import double
                    assert double(5) == 10
            """,
        },
    )
    # The peer's code is a mutant our mutation would not change; its suite is still good.
    peer = peer_with(
        tmp_path,
        {
            "0x03/doubler.py": "def double(x):\n    return x + x\n",
            "0x03/test_code.py": "from code_under_test import double\n\n\n"
            "def check():\n    assert double(3) == 6 and double(0) == 0\n",
        },
    )
    status, out, _ = grade(capsys, tmp_path / "repo", "mutation", "--against", str(peer))
    assert status == 0, out


HOOK = {
    "tasks.toml": """\
        [module]
        title = "Hooks"

        [[task]]
        id = "git.pre_commit"
        title = "A pre-commit hook"
        points = 2
        files = ["git_hooks/pre-commit"]
        curriculum = "hooks/pre-commit"
        curriculum_also = ["pre-commit", "git/hooks/pre-commit"]
    """,
    "git_hooks/pre-commit": "#!/bin/sh\nexit 1\n",
    "tests/test_hook.py": """\
        import subprocess
        from pathlib import Path

        import pytest

        HOOK = Path(__file__).parent.parent / "git_hooks" / "pre-commit"


        @pytest.mark.task("git.pre_commit")
        def test_refuses():
            assert subprocess.run(["sh", str(HOOK)]).returncode != 0
    """,
}


@pytest.mark.parametrize("place", ["hooks/pre-commit", "pre-commit", "git/hooks/pre-commit"])
def test_a_file_learners_keep_in_several_places_is_found_in_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, place: str
) -> None:
    write_module(tmp_path / "repo", "hooks", HOOK)
    peer = peer_with(tmp_path, {place: "#!/bin/sh\nexit 0\n"})  # a hook that refuses nothing
    status, out, _ = grade(capsys, tmp_path / "repo", "hooks", "--against", str(peer))
    assert status == 1
    assert "git.pre_commit  failed" in out


def test_a_missing_file_names_every_place_looked_at(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_module(tmp_path / "repo", "hooks", HOOK)
    peer = peer_with(tmp_path, {"README.md": "no hooks here\n"})
    status, out, _ = grade(capsys, tmp_path / "repo", "hooks", "--against", str(peer))
    assert status == 1
    assert (
        "git.pre_commit  missing  not found: hooks/pre-commit or pre-commit or "
        "git/hooks/pre-commit"
    ) in out


def test_a_file_imported_while_pytest_starts_counts_as_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Django apps' models and signals are imported when pytest-django sets Django up,
    before any test file; here the first conftest imports the graded file."""
    write_module(
        tmp_path / "repo",
        "early",
        {
            "tasks.toml": """\
                [module]
                title = "Early"

                [[task]]
                id = "app.signals"
                title = "Signals"
                points = 1
                files = ["signals.py"]
                curriculum = "messaging/signals.py"
            """,
            "signals.py": "RECEIVERS = ['notify']\n",
            "tests/conftest.py": "import signals  # as django.setup() imports an app's signals\n",
            "tests/test_signals.py": """\
                import sys

                import pytest


                @pytest.mark.task("app.signals")
                def test_a_receiver_is_connected():
                    assert sys.modules["signals"].RECEIVERS
            """,
        },
    )
    peer = peer_with(tmp_path, {"messaging/signals.py": "RECEIVERS = ['notify', 'log']\n"})
    status, out, _ = grade(capsys, tmp_path / "repo", "early", "--against", str(peer))
    assert status == 0, out
    assert out.rstrip().endswith("grade: 1 passed, 0 failed, 0 skipped")
