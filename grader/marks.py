"""Which tests grade a task, read from the test files' source (no pytest run needed)."""

from __future__ import annotations

import ast
from pathlib import Path


def _task_ids(node: ast.AST) -> list[str]:
    """The literal ids of every `*.mark.task("id")` call inside an expression."""
    ids = []
    for call in ast.walk(node):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "task"
            and call.args
            and isinstance(call.args[0], ast.Constant)
            and isinstance(call.args[0].value, str)
        ):
            ids.append(call.args[0].value)
    return ids


def _marked_in(body: list[ast.stmt], prefix: str, inherited: list[str]) -> dict[str, list[str]]:
    """task id -> names of the tests marked with it, among these statements."""
    marks = list(inherited)
    for node in body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            marks += _task_ids(node.value)
    found: dict[str, list[str]] = {}
    for node in body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        own = [task for decorator in node.decorator_list for task in _task_ids(decorator)]
        name = f"{prefix}{node.name}"
        if isinstance(node, ast.ClassDef):
            if node.name.startswith("Test"):
                inner = _marked_in(node.body, f"{name}::", marks + own)
                for task, names in inner.items():
                    found.setdefault(task, []).extend(names)
        elif node.name.startswith("test"):
            for task in dict.fromkeys(marks + own):
                found.setdefault(task, []).append(name)
    return found


def marked_tests(module_dir: Path) -> dict[str, dict[str, list[str]]]:
    """task id -> {test file (relative to the module): [test names]}, read from the source.

    Marks written with a literal id are found: `pytestmark = pytest.mark.task("x")`,
    `@pytest.mark.task("x")` on a test or a test class, and `pytest.param(...,
    marks=pytest.mark.task("x"))` in a test's decorators.
    """
    tests: dict[str, dict[str, list[str]]] = {}
    for path in _test_files(module_dir):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        relative = path.relative_to(module_dir).as_posix()
        for task, names in _marked_in(tree.body, "", []).items():
            tests.setdefault(task, {})[relative] = names
    return tests


def _test_files(module_dir: Path) -> list[Path]:
    """test_*.py in a `tests` folder anywhere in the module (tests/ and each app's own),
    none in a hidden folder such as a virtualenv."""
    found = []
    for path in module_dir.rglob("test_*.py"):
        folders = path.relative_to(module_dir).parts[:-1]
        if "tests" in folders and not any(part.startswith(".") for part in folders):
            found.append(path)
    return sorted(found)
