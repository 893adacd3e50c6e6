"""MkDocs hook: repository links, each module's exercises table, the scoreboard summary.

**Links to repository files.** Module pages include their module's README
(include-markdown), which rewrites the README's relative links to be relative to the
including page: `[tests](tests/test_add.py)` in python-advanced/README.md becomes
`../../python-advanced/tests/test_add.py` in docs/modules/python-advanced.md. Such files
are not part of the site, so this hook points them at the repository:
`<repo_url>/blob/main/<path>` for a file, `/tree/main/` for a folder. A link to a Python
file may name a function or class as its fragment, as pytest names a test
(`bookings/tests/test_services.py#test_one_of_twenty` or `#TestClass::test_method`): the hook finds
its `def` or `class` and links to that line (`#L42`). A target missing from the
repository, or a name missing from its file, is logged as a warning: `mkdocs build
--strict` fails.

**Exercises.** On `modules/<module>.md` of a module (grader.manifest decides which
folders are modules), the line `<!-- exercises -->` becomes a table of the module's
tasks.toml: id, title, points, the program's file name, links to the task's files and to
the tests that graded it, and its state in the last full grade run. Tests and states come
from what the grader wrote (docs/scoreboard.json, beside docs/scoreboard.md: `make grade`
or `make docs`); the hook does not read test files for their marks. The table sits inside
`<div class="exercises" markdown>` (md_in_html; docs/assets/stylesheets/extra.css keeps it
narrow). A module page without the line is a warning.

**Scoreboard summary.** `<!-- scoreboard-summary -->` (the home page) becomes one row per
module from the same results file, each linking to its module page.

**Program coverage.** `<!-- program-coverage -->` (docs/program.md) becomes a table per
program project: each program task and the exercises that grade it
(tools/program_coverage.py).

It runs in `on_page_markdown`, after the includes are expanded: MkDocs registers hooks
after plugins, and include-markdown gives its `on_page_markdown` priority 100.
"""

from __future__ import annotations

import ast
import datetime
import html
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from mkdocs.exceptions import PluginError

from grader.manifest import Task, discover, load, module_folders
from tools.program_coverage import coverage_table, load_program

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

BRANCH = "main"
RESULTS = "scoreboard.json"  # in docs/, beside scoreboard.md: `make grade --json` writes it
EXERCISES_MARKER = "<!-- exercises -->"
SUMMARY_MARKER = "<!-- scoreboard-summary -->"
PROGRAM_MARKER = "<!-- program-coverage -->"
log = logging.getLogger("mkdocs.hooks.repo_links")

# The URL of a Markdown link or image `[text](url "title")`, of a reference definition
# `[id]: url`, or of an HTML `href=`/`src=` attribute. Inline code spans match first and
# are kept as they are; fenced code blocks are skipped line by line.
LINK = re.compile(
    r"""
    (?P<code>`+).+?(?P=code)
    | (?P<head>\]\(\s*<?|^[ ]{0,3}\[[^\]]+\]:\s*<?|\b(?:href|src)=["'])(?P<url>[^\s)>"']+)
    """,
    re.VERBOSE,
)
FENCE = re.compile(r"^\s*(```|~~~)")
# A fragment that names a Python function or class (`name`, `Class::method`), not a line.
PY_NAME = re.compile(r"^(?!L\d+(?:-L\d+)?$)[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*$")
STATES = {"passed": "**passed**", "failed": "failed", "skipped": "skipped", "error": "error"}
NOT_GRADED = "not graded yet"


# --- links to repository files -------------------------------------------------------------


def definition_line(source: str, name: str) -> int | None:
    """The line of `def name` / `class name` (`Class::method` for a method), or None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    scope: Iterable[ast.AST] = tree.body
    line = None
    for part in name.split("::"):
        node = next(
            (
                node
                for node in scope
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and node.name == part
            ),
            None,
        )
        if node is None:
            return None
        # A decorated definition starts at its first decorator.
        line = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        scope = node.body
    return line


def link_problem(url: str, *, page_path: Path, docs_dir: Path, repo_root: Path) -> str | None:
    """Why a relative link from a page to a repository file is broken, or None.

    Links inside docs/ and absolute URLs are MkDocs' to check; this checks the rest: the
    target exists and lies in the repository, and a fragment naming a Python function or
    class names one that the file defines.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    target = (page_path.parent / unquote(parts.path)).resolve()
    if target.is_relative_to(docs_dir.resolve()):
        return None
    if not target.is_relative_to(repo_root.resolve()):
        return f"'{url}' is outside the repository"
    path = target.relative_to(repo_root.resolve()).as_posix()
    if not target.exists():
        return f"'{path}' does not exist in the repository"
    fragment = unquote(parts.fragment)
    if (
        target.suffix == ".py"
        and target.is_file()
        and PY_NAME.match(fragment)
        and definition_line(target.read_text(encoding="utf-8"), fragment) is None
    ):
        return f"'{path}' defines no '{fragment}'"
    return None


def repo_url_for(
    url: str, *, page_path: Path, docs_dir: Path, repo_root: Path, repo_url: str
) -> str:
    """The GitHub URL for a relative link leaving docs/; any other URL is returned as is."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    target = (page_path.parent / unquote(parts.path)).resolve()
    root = repo_root.resolve()
    if target.is_relative_to(docs_dir.resolve()):
        return url
    page = page_path.resolve().relative_to(docs_dir.resolve()).as_posix()
    problem = link_problem(url, page_path=page_path, docs_dir=docs_dir, repo_root=repo_root)
    if problem:
        log.warning("Doc file '%s' links to '%s', but %s.", page, url, problem)
    if not target.is_relative_to(root):
        return url
    path = target.relative_to(root).as_posix()
    kind = "tree" if target.is_dir() else "blob"
    new_url = f"{repo_url.rstrip('/')}/{kind}/{BRANCH}/{quote(path) if path != '.' else ''}"
    if parts.query:
        new_url += f"?{parts.query}"
    fragment = unquote(parts.fragment)
    if target.suffix == ".py" and PY_NAME.match(fragment) and not problem:
        fragment = f"L{definition_line(target.read_text(encoding='utf-8'), fragment)}"
    if fragment:
        new_url += f"#{quote(fragment, safe=':-')}"
    return new_url


def links(markdown: str) -> list[str]:
    """Every link URL of a Markdown text, outside code spans and fenced blocks."""
    found = []
    in_fence = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            found += [m["url"] for m in LINK.finditer(line) if not m["code"]]
    return found


def rewrite_repo_links(
    markdown: str, *, page_path: Path, docs_dir: Path, repo_root: Path, repo_url: str
) -> str:
    """Markdown with every link to a repository file outside docs/ pointing at GitHub."""

    def replace(match: re.Match[str]) -> str:
        if match["code"]:
            return match[0]
        new_url = repo_url_for(
            match["url"],
            page_path=page_path,
            docs_dir=docs_dir,
            repo_root=repo_root,
            repo_url=repo_url,
        )
        return match["head"] + new_url

    lines = []
    in_fence = False
    for line in markdown.splitlines(keepends=True):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            line = LINK.sub(replace, line)
        lines.append(line)
    return "".join(lines)


# --- the results of the last grade run ----------------------------------------------------


@dataclass
class Results:
    """What the last full grade run found: per module, per task."""

    modules: dict[str, dict] = field(default_factory=dict)
    tasks: dict[tuple[str, str], dict] = field(default_factory=dict)  # (module, task id)
    when: str = ""
    strict: bool = False

    @property
    def graded(self) -> bool:
        return bool(self.modules)


_results_cache: dict[tuple[Path, float], Results] = {}


def load_results(path: Path) -> Results:
    """The results file, read once per build (it is a megabyte or two)."""
    try:
        key = (path, path.stat().st_mtime)
    except OSError:
        return Results()
    if key not in _results_cache:
        _results_cache.clear()
        _results_cache[key] = _read_results(path)
    return _results_cache[key]


def _read_results(path: Path) -> Results:
    """The results file the grader wrote (`--json`), or empty Results when there is none.

    Tasks are keyed by module and id: ids repeat across modules (`deploy.docker`), so the
    file's per-module `tests` entries are read, not its `tasks` map keyed by id alone.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Results()
    except (OSError, ValueError) as error:
        log.warning("The results file '%s' cannot be read: %s", path, error)
        return Results()
    when = datetime.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return Results(
        modules={entry["name"]: entry for entry in document.get("modules", [])},
        tasks={(entry["module"], entry["task"]): entry for entry in document.get("tests", [])},
        when=when,
        strict=bool(document.get("strict")),
    )


# --- the exercises table of a module page --------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _path_cell(path: str) -> str:
    """A long path as text that wraps after a slash, not inside a name (a code span in a
    narrow column breaks anywhere)."""
    escaped = html.escape(path).replace("_", "&#95;").replace("*", "&#42;")
    return _cell(escaped.replace("/", "/<wbr>"))


def _relative(from_page: Path, target: Path) -> str:
    return Path(os.path.relpath(target, from_page.parent)).as_posix()


def graded_tests(module_dir: Path, results: Results) -> dict[str, dict[str, list[str]]]:
    """task id -> {test file: [test names, in the file's order]}: the tests that graded each
    task of the module in the last grade run (docs/scoreboard.json lists each task's test
    cases). A test renamed or removed since that run is left out: its link would break."""
    lines: dict[str, dict[str, dict[str, int]]] = {}  # task -> file -> name -> its line
    for (result_module, task), entry in results.tasks.items():
        if result_module != module_dir.name:
            continue
        for case in entry.get("cases", []):
            file, _, name = case["name"].partition("::")
            name = re.sub(r"\[.*\]$", "", name)  # parametrised ids name the same function
            source = module_dir / file
            if not (name and source.is_file() and source.suffix == ".py"):
                continue
            line = definition_line(source.read_text(encoding="utf-8"), name)
            if line is not None:
                lines.setdefault(task, {}).setdefault(file, {})[name] = line
    return {
        task: {file: sorted(names, key=names.__getitem__) for file, names in files.items()}
        for task, files in lines.items()
    }


def exercises_table(module_dir: Path, *, page_path: Path, results: Results) -> str:
    """The Markdown table of a module's exercises, with links relative to `page_path`."""
    manifest = load(module_dir)
    module = module_dir.name
    tests = graded_tests(module_dir, results)
    graded = module in results.modules
    no_tests = "none found" if graded else NOT_GRADED
    if graded:
        entry = results.modules[module]
        mode = "strict" if results.strict else "skips allowed"
        status = (
            f"Status from the last full grade run (`make grade`, {results.when}, {mode}): "
            f"{entry['tasks_passed']}/{entry['tasks_total']} tasks, "
            f"{entry['score']}/{entry['max_score']} points. "
            "Details on the [scoreboard](../scoreboard.md)."
        )
    else:
        status = (
            "Status: not graded yet. `make grade` runs the tests and fills this column "
            "(and the [scoreboard](../scoreboard.md))."
        )
    lines = [
        "## Exercises",
        "",
        f"Generated from [`tasks.toml`]({_relative(page_path, module_dir / 'tasks.toml')}) "
        "when the site is built. Each task links to the code it grades and to the tests "
        "that graded it, at the first one (in brackets: how many tests that file has "
        f"for it). {status}",
        "",
        '<div class="exercises" markdown>',
        "",
        "| Task | Program file | Code | Tests | Status, points |",
        "|---|---|---|---|---|",
    ]
    sections = []
    for task in manifest.tasks:
        task_id = task.id
        code = ", ".join(
            f"[{Path(name).name}]({_relative(page_path, module_dir / name)})"
            for name in task.files
        )
        test_links = []
        for file, names in sorted(tests.get(task_id, {}).items()):
            target = _relative(page_path, module_dir / file)
            anchor = f"#{names[0]}" if names else ""
            count = f" ({len(names)})" if len(names) > 1 else ""
            test_links.append(f"[{Path(file).name}]({target}{anchor}){count}")
        result = results.tasks.get((module, task_id))
        if result:
            label = STATES.get(result["state"], result["state"])
            state = f"{label} {result['score']}/{task.points}"
        else:
            points = task.points
            state = f"{NOT_GRADED}, {points} point{'s' if points != 1 else ''}"
        curriculum = _path_cell(task.curriculum) if task.curriculum else "ours"
        lines.append(
            f"| [`{task_id}`](#{exercise_anchor(task_id)})<br>{_cell(task.title)} "
            f"| {curriculum} | {code} | {', '.join(test_links) or no_tests} | {state} |"
        )
        sections.append(exercise_section(module_dir, task, page_path, test_links, graded))
    lines += ["", "</div>", "", "## Exercise by exercise", "", *sections]
    return "\n".join(lines) + "\n"


def _heading_text(text: str) -> str:
    """Braces escaped: attr_list would read `{ hello }` in a heading as attributes."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


def exercise_anchor(task_id: str) -> str:
    return "exercise-" + task_id.replace(".", "-").replace("_", "-")


def exercise_section(
    module_dir: Path, task: Task, page_path: Path, test_links: list[str], graded: bool
) -> str:
    """One exercise on its own anchor: instructions, what to write, hint, tests, how to start."""
    parts = []
    for path, symbol in task.solution_parts:
        link = f"[{path}]({_relative(page_path, module_dir / path)}" + (
            f"#{symbol.replace('.', '::')})" if symbol else ")"
        )
        parts.append(f"{link}" + (f" (`{symbol}`)" if symbol else ""))
    builds_on = (
        f"Builds on: {', '.join(f'[`{t}`](#{exercise_anchor(t)})' for t in task.builds_on)}."
        if task.builds_on
        else ""
    )
    hint = f'??? tip "Hint"\n    {task.hint}\n' if task.hint else ""
    graded_by = ", ".join(test_links) or ("no test found" if graded else "not graded yet")
    return "\n".join(
        [
            f"### `{task.id}`: {_heading_text(task.title)} {{ #{exercise_anchor(task.id)} }}",
            "",
            task.instructions or "No instructions written yet.",
            "",
            f"**Write:** {', '.join(parts)}. {builds_on}".rstrip(),
            "",
            f"**Graded by:** {graded_by}.",
            "",
            hint,
            "**Practise it:**",
            "",
            "```bash",
            f'make practice ARGS="start {module_dir.name}/{task.id}"',
            "```",
            "",
        ]
    )


def scoreboard_summary(results: Results, *, module_pages: dict[str, str]) -> str:
    """One row per graded module, linking to its page; a pointer to `make grade` if none."""
    if not results.graded:
        return (
            "No grade run yet on this copy: `make grade` runs every module's tests and "
            "writes the [scoreboard](scoreboard.md).\n"
        )
    entries = list(results.modules.values())
    score = sum(e["score"] for e in entries)
    max_score = sum(e["max_score"] for e in entries)
    passed = sum(e["tasks_passed"] for e in entries)
    total = sum(e["tasks_total"] for e in entries)
    mode = "strict: a skipped test counts as a failure" if results.strict else "skips allowed"
    lines = [
        f"Last full grade run: {results.when} ({mode}). **{passed}/{total} exercises, "
        f"{score}/{max_score} points.** Every exercise is on the "
        "[scoreboard](scoreboard.md).",
        "",
        "| Module | Exercises passed | Points |",
        "|---|---|---|",
    ]
    for entry in entries:
        name = entry["name"]
        page = module_pages.get(name)
        label = f"[{_cell(entry['title'])}]({page})" if page else _cell(entry["title"])
        lines.append(
            f"| {label} | {entry['tasks_passed']}/{entry['tasks_total']} "
            f"| {entry['score']}/{entry['max_score']} |"
        )
    return "\n".join(lines) + "\n"


def program_coverage(repo_root: Path, docs_dir: Path, page_path: Path) -> str:
    """The program coverage table, linking each task to its exercise on its module page."""
    modules = {module.name: module for module in discover(repo_root)}

    def module_page(name: str) -> str:
        return _relative(page_path, docs_dir / "modules" / f"{name}.md")

    def task_link(name: str, task: Task) -> str:
        return f"[`{task.id}`]({module_page(name)}#{exercise_anchor(task.id)})"

    return coverage_table(load_program(), modules, module_page, task_link)


# --- MkDocs events ----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> None:
    if not config.repo_url:
        raise PluginError("tools/mkdocs_hooks.py needs `repo_url` in mkdocs.yml")


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.abs_src_path is None:  # a page generated by a plugin or hook, not a file
        return markdown
    page_path = Path(page.file.abs_src_path)
    docs_dir = Path(config.docs_dir)
    repo_root = Path(config.config_file_path).parent
    results = load_results(docs_dir / RESULTS)

    src = page.file.src_uri
    module_dir = repo_root / Path(src).stem
    if src.startswith("modules/") and module_dir in module_folders(repo_root):
        if EXERCISES_MARKER in markdown:
            table = exercises_table(module_dir, page_path=page_path, results=results)
            markdown = markdown.replace(EXERCISES_MARKER, table)
        else:
            log.warning("Doc file '%s' has no '%s' line for its table.", src, EXERCISES_MARKER)
    if SUMMARY_MARKER in markdown:
        pages = {
            Path(f.src_uri).stem: _relative(page_path, docs_dir / f.src_uri)
            for f in files.documentation_pages()
            if f.src_uri.startswith("modules/")
        }
        summary = scoreboard_summary(results, module_pages=pages)
        markdown = markdown.replace(SUMMARY_MARKER, summary)
    if PROGRAM_MARKER in markdown:
        table = program_coverage(repo_root, docs_dir, page_path)
        markdown = markdown.replace(PROGRAM_MARKER, table)

    return rewrite_repo_links(
        markdown,
        page_path=page_path,
        docs_dir=docs_dir,
        repo_root=repo_root,
        repo_url=str(config.repo_url),
    )
