"""Starters: a task's solution taken out of a copy of its module, nothing else changed.

A task's `solution` names what the learner writes (by default, every file of the task):
- a Python function or method: its body becomes `raise NotImplementedError("<id>: <title>")`;
  the signature, decorators, docstring and the rest of the file stay as written, comments
  included, so the tests still import it and the other tasks of the file still pass;
- a Python class: the same for every method in it (class attributes stay);
- a whole Python file: every function and method in it (`starter = "stub"`), or, for a
  file whose solution is data, the task's instructions as comments (`starter = "comments"`);
- any other file (SQL, shell, YAML, Dockerfile, Markdown): the task's instructions as
  comments, after the original's `#!` line if it has one.
"""

from __future__ import annotations

import ast
import textwrap
from collections import defaultdict
from pathlib import Path

from grader.manifest import DEFINITIONS, Task, find_definition

COMMENT_WIDTH = 86
Function = ast.FunctionDef | ast.AsyncFunctionDef
LINE_COMMENTS = {".sql": "-- ", ".js": "// ", ".groovy": "// ", "Jenkinsfile": "// "}
BLOCK_COMMENTS = {".md": ("<!--", "-->"), ".html": ("<!--", "-->")}


def apply_starter(folder: Path, task: Task) -> None:
    """Replace the task's solution parts in `folder` (a copy of its module) by starters."""
    for path, symbols in solution_files(task).items():
        target = folder / path
        target.write_text(file_starter(target, task, symbols), encoding="utf-8")


def solution_files(task: Task) -> dict[str, list[str]]:
    """path -> the names of its solution parts; [""] when the whole file is the solution."""
    files: dict[str, list[str]] = defaultdict(list)
    for path, symbol in task.solution_parts:
        files[path].append(symbol)
    return {path: [""] if "" in symbols else symbols for path, symbols in files.items()}


def file_starter(path: Path, task: Task, symbols: list[str]) -> str:
    """The starter of one file: `symbols` stubbed, or the whole file when it is [""]."""
    source = path.read_text(encoding="utf-8")
    whole = symbols == [""]
    if path.suffix == ".py" and not (whole and task.starter == "comments"):
        try:
            return stub_python(source, symbols, not_implemented(task))
        except SyntaxError:
            pass  # a file that does not parse has no bodies to keep: instructions instead
    return comments_starter(path, source, task)


def not_implemented(task: Task) -> str:
    return f"raise NotImplementedError({f'{task.id}: {task.title}'!r})"


def stub_python(source: str, symbols: list[str], statement: str) -> str:
    """`source` with the bodies of the named definitions (every one for [""]) replaced by
    `statement`, edited as text so that everything else stays as written."""
    tree = ast.parse(source)
    if symbols == [""]:
        functions = [f for node in tree.body for f in _functions(node)]
    else:
        functions = [f for symbol in symbols for f in _functions(_definition(tree, symbol))]
    lines = source.splitlines(keepends=True)
    for function in sorted(functions, key=lambda f: f.lineno, reverse=True):
        _replace_body(lines, function, statement)
    return "".join(lines)


def _definition(tree: ast.Module, symbol: str) -> ast.stmt:
    scope: list[ast.stmt] = tree.body
    node: ast.stmt | None = None
    for name in symbol.split("."):
        node = next((n for n in scope if isinstance(n, DEFINITIONS) and n.name == name), None)
        if node is None:
            raise LookupError(f"no function or class '{symbol}'")
        scope = node.body
    assert node is not None
    return node


def _functions(node: ast.stmt) -> list[Function]:
    """The functions a definition holds: itself, or a class's methods (nested classes too)."""
    if isinstance(node, Function):
        return [node]
    if isinstance(node, ast.ClassDef):
        return [f for child in node.body for f in _functions(child)]
    return []


def _replace_body(lines: list[str], function: Function, statement: str) -> None:
    body = function.body
    docstring = _is_docstring(body[0])
    rest = body[1:] if docstring else body
    if docstring:
        start = body[0].end_lineno or body[0].lineno  # the line after the docstring
        indent = body[0].col_offset
    elif rest[0].lineno == function.lineno:  # `def f(): return 1`, all on one line
        line = lines[function.lineno - 1]
        lines[function.lineno - 1] = line[: rest[0].col_offset] + statement + "\n"
        return
    else:
        first = rest[0]
        decorators = getattr(first, "decorator_list", [])
        start = min([first.lineno, *(d.lineno for d in decorators)]) - 1
        indent = first.col_offset
    end = function.end_lineno or start
    lines[start:end] = [" " * indent + statement + "\n"]


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def comments_starter(path: Path, source: str, task: Task) -> str:
    """The task's title and instructions as comments in the file's own syntax."""
    lines = [f"{task.id}: {task.title}", "", *(task.instructions or task.hint).splitlines()]
    text = [part for line in lines for part in textwrap.wrap(line, COMMENT_WIDTH) or [""]]
    shebang = source.splitlines(keepends=True)[:1] if source.startswith("#!") else []
    if path.suffix in BLOCK_COMMENTS:
        opening, closing = BLOCK_COMMENTS[path.suffix]
        return "".join(shebang) + "\n".join([opening, *text, closing]) + "\n"
    marker = LINE_COMMENTS.get(path.suffix) or LINE_COMMENTS.get(path.name, "# ")
    return "".join(shebang) + "".join(f"{marker}{line}".rstrip() + "\n" for line in text)


def part_source(path: Path, symbol: str) -> str | None:
    """The text of one solution part as the file holds it now: the whole file, or the
    definition's source; None when the file or the definition is missing."""
    if not path.is_file():
        return None
    source = path.read_text(encoding="utf-8", errors="replace")
    if not symbol:
        return source
    node = find_definition(path, symbol)
    return None if node is None else ast.get_source_segment(source, node, padded=True)
