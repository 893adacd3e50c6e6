"""The program's rules about the code itself, read from the source (the AST).

Loops are `for`, `while` and every `for` clause of a comprehension. `fetchall()` would
read the whole table into memory; a generator over it would only pretend to stream.
A file that can only run on MariaDB is not judged on its source alone where it cannot
run: these checks skip with it (see conftest.py).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[2] / "generators"
SQL_AVG = re.compile(r"\bAVG\s*\(", re.IGNORECASE)
LOOP_NODES = (ast.For, ast.AsyncFor, ast.While, ast.comprehension)


def tree(name: str) -> ast.Module:
    return ast.parse((UNIT / name).read_text(encoding="utf-8"))


def loops(module: ast.Module) -> int:
    return sum(isinstance(node, LOOP_NODES) for node in ast.walk(module))


def calls_fetchall(module: ast.Module) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "fetchall" for n in ast.walk(module))


@pytest.mark.parametrize(
    ("name", "most_loops", "fetchall_allowed"),
    [
        pytest.param(
            "stream_users.py", 1, False, marks=pytest.mark.task("generators.stream_users")
        ),
        pytest.param(
            "batch_processing.py", 3, False, marks=pytest.mark.task("generators.batch_processing")
        ),
        # paginate_users may fetchall: its LIMIT bounds the result to one page.
        pytest.param(
            "lazy_paginate.py", 1, True, marks=pytest.mark.task("generators.lazy_paginate")
        ),
        pytest.param("stream_ages.py", 2, False, marks=pytest.mark.task("generators.stream_ages")),
    ],
)
def test_loop_budget_and_no_fetchall(
    runnable: Callable[[Path], None], name: str, most_loops: int, fetchall_allowed: bool
) -> None:
    runnable(UNIT / name)
    module = tree(name)
    assert loops(module) <= most_loops, f"{name}: more than {most_loops} loop(s)"
    assert fetchall_allowed or not calls_fetchall(module), f"{name} calls fetchall()"


@pytest.mark.task("generators.stream_ages")
def test_the_average_is_not_computed_by_sql(runnable: Callable[[Path], None]) -> None:
    runnable(UNIT / "stream_ages.py")
    strings = [
        node.value
        for node in ast.walk(tree("stream_ages.py"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert not any(SQL_AVG.search(text) for text in strings), "the average comes from SQL AVG"


@pytest.mark.task("generators.stream_users")
def test_the_rules_see_what_they_forbid(runnable: Callable[[Path], None]) -> None:
    """The checks themselves: a fetchall and three kinds of loop are found."""
    runnable(UNIT / "stream_users.py")  # no verdict on the task from this check alone
    source = "rows = cur.fetchall()\nfor r in rows: pass\nwhile 0: pass\n[x for x in y for z in x]"
    module = ast.parse(source)
    assert calls_fetchall(module)
    assert loops(module) == 4
