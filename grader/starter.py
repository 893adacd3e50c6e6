"""Starters for the `--verify` check: a task's files with the solution taken out.

Python: every function and method body becomes `raise NotImplementedError`; imports,
signatures, decorators, classes and module-level names stay, so the tests still import.
Any other file (SQL, shell, YAML...) becomes empty, and so does every file of a task
marked `starter = "empty"`: one whose solution is data (module-level values), not code.
"""

from __future__ import annotations

import ast
from pathlib import Path


class _EmptyBodies(ast.NodeTransformer):
    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.body = [ast.Raise(exc=ast.Name(id="NotImplementedError", ctx=ast.Load()))]
        return node  # not visited further: nested functions go with the body

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AsyncFunctionDef:
        node.body = [ast.Raise(exc=ast.Name(id="NotImplementedError", ctx=ast.Load()))]
        return node


def python_starter(source: str) -> str:
    """The source with every function body replaced; a file that does not parse is emptied."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    return ast.unparse(ast.fix_missing_locations(_EmptyBodies().visit(tree))) + "\n"


def make_starter(path: Path, kind: str = "stub") -> None:
    """Replace the file in place by its starter (`kind` is the task's `starter`)."""
    if path.suffix == ".py" and kind == "stub":
        path.write_text(python_starter(path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        path.write_bytes(b"")
