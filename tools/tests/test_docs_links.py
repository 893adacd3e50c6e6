"""Every link from the docs to a file or test of this repository points at something real.

The build checks the same through tools/mkdocs_hooks.py (a broken link is a warning, and
`mkdocs build --strict` fails); this test says which link is broken without a build, and
also covers each module README on its own and each generated exercises table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.manifest import discover
from tools import mkdocs_hooks as hooks

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MODULES = discover(ROOT)


def problems_in(page: Path, markdown: str) -> list[str]:
    found = []
    for url in hooks.links(markdown):
        problem = hooks.link_problem(url, page_path=page, docs_dir=DOCS, repo_root=ROOT)
        if problem:
            found.append(f"{page.relative_to(ROOT)}: {url}: {problem}")
    return found


def test_every_repository_link_in_the_docs_resolves() -> None:
    pages = sorted(DOCS.rglob("*.md"))
    assert len(pages) > 10, "the docs pages are missing"
    found = [p for page in pages for p in problems_in(page, page.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_every_repository_link_in_a_module_readme_resolves(module) -> None:
    readme = module.path / "README.md"
    assert not problems_in(readme, readme.read_text(encoding="utf-8"))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_every_exercise_links_its_code_and_at_least_one_test(module) -> None:
    page = DOCS / "modules" / f"{module.name}.md"
    assert hooks.EXERCISES_MARKER in page.read_text(encoding="utf-8")
    results = hooks.load_results(DOCS / hooks.RESULTS)
    table = hooks.exercises_table(module.path, page_path=page, results=results)
    assert not problems_in(page, table)
    rows = [line for line in table.splitlines() if line.startswith("| [`")]
    assert len(rows) == len(module.tasks)
    untested = [row.split("|")[1].strip() for row in rows if "none found" in row]
    assert not untested, f"no test found for {untested}"
