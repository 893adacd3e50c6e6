"""Which tests grade a task, read from the test files' source (practice mode's view)."""

from __future__ import annotations

from pathlib import Path

from grader.marks import marked_tests
from grader.tests.support import TEST_SOURCE, write_module


def test_marked_tests_reads_every_kind_of_literal_mark(tmp_path: Path) -> None:
    folder = write_module(
        tmp_path, "demo", {"tests/test_add.py": TEST_SOURCE, "tests/test_broken.py": "def ("}
    )
    assert marked_tests(folder) == {
        "demo.file": {
            "tests/test_add.py": [
                "test_adds",
                "TestGroup::test_inside",
                "test_param",
                "test_computed",
            ]
        },
        "demo.add": {"tests/test_add.py": ["test_adds"]},
        "demo.group": {"tests/test_add.py": ["TestGroup::test_inside"]},
        "demo.param": {"tests/test_add.py": ["test_param"]},
    }


def test_an_apps_own_tests_count_and_hidden_folders_do_not(tmp_path: Path) -> None:
    one_test = 'import pytest\n\n@pytest.mark.task("demo.add")\ndef test_adds():\n    pass\n'
    folder = write_module(
        tmp_path,
        "demo",
        {
            "shop/tests/test_cart.py": one_test,
            ".venv/lib/tests/test_theirs.py": one_test,
            "shop/test_not_in_a_tests_folder.py": one_test,
        },
    )
    assert marked_tests(folder) == {"demo.add": {"shop/tests/test_cart.py": ["test_adds"]}}
