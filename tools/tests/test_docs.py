"""Tests of the docs tooling: the MkDocs link hook and the offline check of a built site."""

from __future__ import annotations

import json
import logging
import textwrap
from pathlib import Path

import pytest

from grader.tests.support import TEST_SOURCE
from tools import check_site_offline as offline
from tools import mkdocs_hooks as hooks

TOOLS = Path(__file__).resolve().parent.parent
REPO_URL = "https://github.com/example/portfolio"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with docs/modules/demo.md and a module folder beside docs/."""
    (tmp_path / "docs" / "modules").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "docs" / "modules" / "demo.md").write_text("# Demo\n")
    (tmp_path / "demo" / "tests").mkdir(parents=True)
    (tmp_path / "demo" / "tests" / "test_add.py").write_text("")
    return tmp_path


def rewrite(repo: Path, markdown: str) -> str:
    return hooks.rewrite_repo_links(
        markdown,
        page_path=repo / "docs" / "modules" / "demo.md",
        docs_dir=repo / "docs",
        repo_root=repo,
        repo_url=REPO_URL,
    )


# --- the link hook -----------------------------------------------------------------------


def test_link_to_a_repository_file_goes_to_its_blob_url(repo: Path) -> None:
    result = rewrite(repo, "See [the tests](<../../demo/tests/test_add.py#L3>).\n")
    assert result == f"See [the tests](<{REPO_URL}/blob/main/demo/tests/test_add.py#L3>).\n"


def test_link_to_a_repository_folder_goes_to_its_tree_url(repo: Path) -> None:
    result = rewrite(repo, 'Read [tests](../../demo/tests/ "the tests") and [code][c].\n')
    assert result.startswith(f'Read [tests]({REPO_URL}/tree/main/demo/tests "the tests")')


def test_reference_definitions_and_html_attributes_are_rewritten(repo: Path) -> None:
    markdown = '[c]: ../../demo/tests/test_add.py\n<a href="../../demo/tests/">tests</a>\n'
    assert rewrite(repo, markdown) == (
        f"[c]: {REPO_URL}/blob/main/demo/tests/test_add.py\n"
        f'<a href="{REPO_URL}/tree/main/demo/tests">tests</a>\n'
    )


def test_link_to_a_missing_file_warns_naming_page_and_path(
    repo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        rewrite(repo, "[gone](../../demo/tests/test_gone.py)\n[here](../../demo/tests/)\n")
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "modules/demo.md" in warnings[0].getMessage()
    assert "'demo/tests/test_gone.py' does not exist" in warnings[0].getMessage()
    assert warnings[0].name.startswith("mkdocs.")  # counted by `mkdocs build --strict`


@pytest.mark.parametrize(
    "markdown",
    [
        "[home](../index.md) and [section](../index.md#home) and [here](#demo)\n",
        "[missing page](../nowhere.md) is left for MkDocs to report\n",
        "[site](https://example.com/a.py) [mail](mailto:a@example.com) [root](/abs.md)\n",
        "`[code](../../demo/tests/test_add.py)` stays in an inline code span\n",
        "```md\n[fenced](../../demo/tests/test_add.py)\n```\n",
    ],
)
def test_docs_links_absolute_urls_and_code_are_untouched(
    repo: Path, markdown: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert rewrite(repo, markdown) == markdown
    assert not caplog.records


def test_build_rewrites_links_of_an_included_readme(
    repo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """End to end: include-markdown expands the README before the hook sees the page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (repo / "demo" / "README.md").write_text(
        "# Demo module\n\n[tests](tests/test_add.py), [gone](tests/test_gone.py)\n"
    )
    (repo / "docs" / "modules" / "demo.md").write_text(
        '{% include-markdown "../../demo/README.md" %}\n'
    )
    (repo / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: Test
            repo_url: {REPO_URL}
            plugins: [include-markdown]
            hooks: [{TOOLS / "mkdocs_hooks.py"}]
            nav: [index.md, modules/demo.md]
            """
        )
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(load_config(str(repo / "mkdocs.yml")))

    html = (repo / "site" / "modules" / "demo" / "index.html").read_text()
    assert f'href="{REPO_URL}/blob/main/demo/tests/test_add.py"' in html
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "'demo/tests/test_gone.py' does not exist" in warnings[0]


# --- the offline check -------------------------------------------------------------------


def make_site(tmp_path: Path, body: str, head: str = "") -> Path:
    site = tmp_path / "site"
    (site / "guide").mkdir(parents=True)
    (site / "index.html").write_text("<html><head></head><body>Home</body></html>")
    (site / "guide" / "index.html").write_text(
        f"<html><head>{head}</head><body>{body}</body></html>"
    )
    (site / "style.css").write_text("body { background: url('img/bg.png'); }")
    return site


def test_site_linking_out_only_through_anchors_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        tmp_path,
        '<a href="https://github.com/example">repo</a><img src="../img/a.png" alt="">'
        '<img src="data:image/png;base64,AAAA" alt="">',
        head='<link rel="canonical" href="https://example.com/guide/">'
        '<link rel="stylesheet" href="../style.css"><script src="../app.js"></script>',
    )
    assert offline.main([str(site)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "offline check: 2 pages, 1 stylesheets, no external assets\n"
    assert captured.err == ""


@pytest.mark.parametrize(
    ("body", "head", "url"),
    [
        ('<script src="https://unpkg.com/mermaid.min.js"></script>', "", "unpkg.com"),
        ("", '<link rel="stylesheet" href="//fonts.example/css">', "//fonts.example/css"),
        ("", '<link rel="preconnect" href="https://fonts.gstatic.com">', "fonts.gstatic.com"),
        ('<img srcset="a.png 1x, HTTP://cdn.example/b.png 2x" alt="">', "", "cdn.example"),
        ("<style>@import 'https://cdn.example/x.css';</style>", "", "cdn.example/x.css"),
        ('<div style="background: url(//cdn.example/bg.png)"></div>', "", "cdn.example/bg"),
    ],
)
def test_external_asset_fails_naming_file_and_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, head: str, url: str
) -> None:
    site = make_site(tmp_path, body, head)
    assert offline.main([str(site)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert str(site / "guide" / "index.html") in lines[0]
    assert url in lines[0]


def test_external_import_in_a_stylesheet_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path, "")
    (site / "style.css").write_text('@import url("https://fonts.example/css");')
    assert offline.main([str(site)]) == 1
    assert "style.css: CSS https://fonts.example/css" in capsys.readouterr().err


def test_folder_without_pages_is_an_error(tmp_path: Path) -> None:
    assert offline.main([str(tmp_path)]) == 2


# --- links that name a test or a function --------------------------------------------------


@pytest.fixture
def module(repo: Path) -> Path:
    """demo/ as a module: tasks.toml, code, and a test file with every kind of mark."""
    demo = repo / "demo"
    (demo / "add.py").write_text("def add(a, b):\n    return a + b\n")
    (demo / "tests" / "test_add.py").write_text(TEST_SOURCE)
    (demo / "tasks.toml").write_text(
        textwrap.dedent(
            """\
            [module]
            title = "Demo"

            [[task]]
            id = "demo.add"
            title = "add(a, b) | both numbers"
            points = 2
            files = ["add.py"]
            curriculum = "0x00/0-add.py"

            [[task]]
            id = "demo.untested"
            title = "Nothing marks it"
            points = 1
            files = ["add.py"]
            """
        )
    )
    return demo


def test_a_fragment_naming_a_test_links_to_its_first_line(repo: Path, module: Path) -> None:
    result = rewrite(repo, "[t](../../demo/tests/test_add.py#test_adds)\n")
    assert result == f"[t]({REPO_URL}/blob/main/demo/tests/test_add.py#L10)\n"  # its decorator
    nested = rewrite(repo, "[t](../../demo/tests/test_add.py#TestGroup::test_inside)\n")
    assert nested.endswith("test_add.py#L19)\n")
    line = rewrite(repo, "[t](../../demo/tests/test_add.py#L3)\n")
    assert line.endswith("test_add.py#L3)\n")


def test_a_fragment_naming_a_missing_test_warns(
    repo: Path, module: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        rewrite(repo, "[t](../../demo/tests/test_add.py#test_gone)\n")
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "'demo/tests/test_add.py' defines no 'test_gone'" in warning


def test_link_problem_names_what_is_wrong(repo: Path, module: Path) -> None:
    def problem(url: str) -> str | None:
        return hooks.link_problem(
            url, page_path=repo / "docs" / "index.md", docs_dir=repo / "docs", repo_root=repo
        )

    assert problem("../demo/add.py#add") is None
    assert problem("modules/demo.md#anything") is None  # MkDocs checks its own pages
    assert problem("https://example.com/x.py") is None
    assert problem("../demo/add.py#sub") == "'demo/add.py' defines no 'sub'"
    assert problem("../demo/gone.py") == "'demo/gone.py' does not exist in the repository"
    assert problem("../../elsewhere.py") == "'../../elsewhere.py' is outside the repository"


def test_links_skip_code_spans_and_fences() -> None:
    markdown = '[a](x.py) `[b](y.py)`\n```\n[c](z.py)\n```\n<a href="w.py">w</a>\n'
    assert hooks.links(markdown) == ["x.py", "w.py"]


# --- the exercises table and the scoreboard summary ---------------------------------------


def write_results(path: Path, *, state: str = "failed") -> Path:
    """A results file as the grader writes it, with an id that two modules share."""
    tests = [
        {
            "module": module,
            "task": "demo.add",
            "state": state,
            "score": 0,
            "max_score": 2,
            "cases": [
                {"name": "tests/test_add.py::test_adds[1]", "outcome": state},
                {"name": "tests/test_add.py::test_renamed_since", "outcome": state},
            ],
        }
        for module in ("other", "demo")
    ]
    modules = [
        {
            "name": "demo",
            "title": "Demo",
            "tasks_passed": 0,
            "tasks_total": 2,
            "score": 0,
            "max_score": 3,
        },
    ]
    document = {"strict": True, "tests": tests, "modules": modules, "tasks": {}}
    path.write_text(json.dumps(document))
    return path


def test_the_exercises_table_links_code_tests_and_the_last_result(
    repo: Path, module: Path
) -> None:
    results = hooks.load_results(write_results(repo / "docs" / "scoreboard.json"))
    page = repo / "docs" / "modules" / "demo.md"
    table = hooks.exercises_table(module, page_path=page, results=results)
    rows = [line for line in table.splitlines() if line.startswith("| [`")]
    assert rows == [
        "| [`demo.add`](#exercise-demo-add)<br>add(a, b) \\| both numbers | 0x00/<wbr>0-add.py "
        "| [add.py](../../demo/add.py) "
        "| [test_add.py](../../demo/tests/test_add.py#test_adds) | failed 0/2 |",
        "| [`demo.untested`](#exercise-demo-untested)<br>Nothing marks it | ours "
        "| [add.py](../../demo/add.py) | none found | not graded yet, 1 point |",
    ]
    assert "0/2 tasks, 0/3 points" in table
    assert "strict" in table
    rewritten = rewrite(repo, table)  # every link resolves: no warning, line anchors
    assert f"{REPO_URL}/blob/main/demo/tests/test_add.py#L10" in rewritten


def test_each_exercise_has_its_own_section_on_its_anchor(repo: Path, module: Path) -> None:
    page = repo / "docs" / "modules" / "demo.md"
    results = hooks.load_results(write_results(repo / "docs" / "scoreboard.json"))
    text = hooks.exercises_table(module, page_path=page, results=results)
    section = text[text.index("### `demo.add`") : text.index("### `demo.untested`")]
    assert (
        section.splitlines()[0]
        == "### `demo.add`: add(a, b) | both numbers { #exercise-demo-add }"
    )
    assert "**Write:** [add.py](../../demo/add.py)." in section
    assert "**Graded by:** [test_add.py](../../demo/tests/test_add.py#test_adds)" in section
    assert 'make practice ARGS="start demo/demo.add"' in section


def test_the_tests_of_a_task_are_those_the_grader_ran_for_it(repo: Path, module: Path) -> None:
    """Not the marks in the source: test_param is marked demo.param there, and the grader
    said it graded demo.untested (as a mark computed at run time would)."""
    path = write_results(repo / "docs" / "scoreboard.json")
    document = json.loads(path.read_text())
    document["tests"].append(
        {"module": "demo", "task": "demo.untested", "state": "passed", "score": 1,
         "cases": [{"name": "tests/test_add.py::test_param[1]", "outcome": "passed"},
                   {"name": "tests/test_add.py::TestGroup::test_inside", "outcome": "passed"}]}
    )  # fmt: skip
    path.write_text(json.dumps(document))
    results = hooks.load_results(path)
    assert hooks.graded_tests(module, results) == {
        "demo.add": {"tests/test_add.py": ["test_adds"]},
        # in the file's order, not the order the grader ran them
        "demo.untested": {"tests/test_add.py": ["TestGroup::test_inside", "test_param"]},
    }
    page = repo / "docs" / "modules" / "demo.md"
    table = hooks.exercises_table(module, page_path=page, results=results)
    link = "[test_add.py](../../demo/tests/test_add.py#TestGroup::test_inside) (2)"
    assert f"| {link} | **passed** 1/1 |" in table


def test_without_results_every_exercise_is_not_graded_yet(repo: Path, module: Path) -> None:
    results = hooks.load_results(repo / "docs" / "scoreboard.json")
    assert not results.graded
    table = hooks.exercises_table(
        module, page_path=repo / "docs" / "modules" / "demo.md", results=results
    )
    rows = [line for line in table.splitlines() if line.startswith("| [`")]
    assert [row.rsplit(" | ", 2)[1:] for row in rows] == [
        ["not graded yet", "not graded yet, 2 points |"],
        ["not graded yet", "not graded yet, 1 point |"],
    ]
    assert "Status: not graded yet." in table
    assert table.count("**Graded by:** not graded yet.") == 2
    summary = hooks.scoreboard_summary(results, module_pages={})
    assert "No grade run yet" in summary


def test_the_summary_links_each_module_to_its_page(repo: Path) -> None:
    results = hooks.load_results(write_results(repo / "docs" / "scoreboard.json"))
    summary = hooks.scoreboard_summary(results, module_pages={"demo": "modules/demo.md"})
    assert "| [Demo](modules/demo.md) | 0/2 | 0/3 |" in summary
    assert "**0/2 exercises, 0/3 points.**" in summary


def test_a_build_fills_the_markers_and_warns_about_a_page_without_one(
    repo: Path, module: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    write_results(repo / "docs" / "scoreboard.json", state="passed")
    (repo / "docs" / "index.md").write_text("# Home\n\n<!-- scoreboard-summary -->\n")
    (repo / "docs" / "modules" / "demo.md").write_text("# Demo\n\n<!-- exercises -->\n")
    (repo / "docs" / "scoreboard.md").write_text("# Scoreboard\n")
    (repo / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: Test
            repo_url: {REPO_URL}
            hooks: [{TOOLS / "mkdocs_hooks.py"}]
            markdown_extensions: [md_in_html, tables]
            nav: [index.md, modules/demo.md, scoreboard.md]
            """
        )
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(load_config(str(repo / "mkdocs.yml")))
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    home = (repo / "site" / "index.html").read_text()
    assert 'href="modules/demo/"' in home
    page = (repo / "site" / "modules" / "demo" / "index.html").read_text()
    assert f'href="{REPO_URL}/blob/main/demo/tests/test_add.py#L10"' in page
    assert "passed" in page

    (repo / "docs" / "modules" / "demo.md").write_text("# Demo without its table\n")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(load_config(str(repo / "mkdocs.yml")))
    [warning] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "modules/demo.md" in warning
    assert "<!-- exercises -->" in warning
