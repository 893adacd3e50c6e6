"""Which tests grade a task, read from the test files' source (practice mode's view)."""

from __future__ import annotations

from pathlib import Path

from grader.marks import marked_tests
from grader.tests.support import write_module

TEST_SOURCE = """\
import pytest

pytestmark = pytest.mark.task("demo.file")


def helper():
    pass


@pytest.mark.task("demo.add")
@pytest.mark.parametrize("n", [1, 2])
def test_adds(n):
    pass


class TestGroup:
    pytestmark = pytest.mark.task("demo.group")

    def test_inside(self):
        pass


@pytest.mark.parametrize("x", [pytest.param(1, marks=pytest.mark.task("demo.param"))])
def test_param(x):
    pass


@pytest.mark.task(f"demo.{'computed'}")
def test_computed():
    pass
"""


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
