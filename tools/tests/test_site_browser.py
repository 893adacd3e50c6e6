"""The built docs site in a real browser: headless Chromium, driven by Playwright.

The site is served from 127.0.0.1 (http.server in a thread) and every request to any
other host is blocked and counted, so the test also proves the site works offline. It
reuses `site/` when `make docs` built it after the last change to the docs' inputs (as
`make test` does), and otherwise builds the site into a temporary folder first.

The browser is the system's Chromium (`/usr/bin/chromium`, or $CHROMIUM): Playwright never
downloads one. Without it the test is skipped, except under CI (CI=true), where it fails.
Screenshots of every page visited land in `site-screenshots/` (git ignores it).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from grader.manifest import module_folders

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
SCREENSHOTS = ROOT / "site-screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 15_000
# Material draws Mermaid diagrams into closed shadow roots; opening them lets the test see
# the SVG. Nothing else on the page changes.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, { ...init, mode: "open" });
};
"""


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser test)")
    pytest.skip(reason)


def docs_inputs() -> list[Path]:
    patterns = (
        "docs/**/*",
        "mkdocs.yml",
        "tools/mkdocs_*.py",
        "tools/theme/**/*",
        "*/README.md",
    )
    manifests = [folder / "tasks.toml" for folder in module_folders(ROOT)]
    return [
        path for pattern in patterns for path in ROOT.glob(pattern) if path.is_file()
    ] + manifests


def built_site(tmp: Path) -> Path:
    """`site/` if it is newer than every input of the docs, else a fresh strict build."""
    index = SITE / "index.html"
    if index.is_file():
        built = index.stat().st_mtime
        if all(path.stat().st_mtime <= built for path in docs_inputs()):
            return SITE
    if not (ROOT / "docs" / "scoreboard.md").is_file():
        unavailable("no docs/scoreboard.md to build the site with: run `make docs` first")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp), strict=True))
    return tmp


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    site = site_dir
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (make setup)")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Browsing:
    """What a page asked of other hosts (blocked) and the JavaScript errors it raised."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def browsing() -> Browsing:
    return Browsing()


@pytest.fixture
def page(browser: Any, base_url: str, browsing: Browsing) -> Iterator[Any]:
    """A page that may load only from the test server; anything else is blocked, recorded
    and fails the test, as does a JavaScript error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    host = urlsplit(base_url).netloc

    def only_local(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc == host:
            route.continue_()
        else:
            browsing.outside.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("pageerror", lambda error: browsing.errors.append(f"{page.url}: {error}"))
    try:
        yield page
        assert not browsing.outside, f"the site asked another host for {browsing.outside}"
        assert not browsing.errors, "JavaScript errors:\n" + "\n".join(browsing.errors)
    finally:
        context.close()


def screenshot(page: Any, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    with capsys.disabled():
        print(f"\nscreenshot: {path.relative_to(ROOT)}", end="")


def heading(page: Any) -> str:
    """The page's h1 without the permalink sign."""
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


def mermaid_svgs(page: Any, timeout: int = TIMEOUT_MS) -> int:
    """How many Mermaid diagrams the page holds, once every one is drawn as an SVG."""
    from playwright.sync_api import expect

    diagrams = page.locator(".mermaid").count()
    expect(page.locator(".mermaid svg")).to_have_count(diagrams, timeout=timeout)
    return diagrams


def rows_after(page: Any, heading_id: str) -> Any:
    """The body rows of the first table after a heading (Material wraps tables in divs)."""
    return page.locator(f"h2#{heading_id}").locator(
        "xpath=following-sibling::*[.//table][1]//table/tbody/tr"
    )


def test_home_renders_its_map_and_scoreboard(
    page: Any, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto(base_url)
    assert heading(page) == "Backend Engineering Portfolio"
    assert page.locator("h2#the-scoreboard").count() == 1
    assert mermaid_svgs(page) >= 1
    screenshot(page, "home", capsys)
    # Two clicks from home to an exercise's test: home -> module page -> the table's link.
    page.locator("article a[href$='modules/python-advanced/']").first.click()
    assert page.url.endswith("/modules/python-advanced/")
    test_link = rows_after(page, "exercises").first.locator("td:nth-child(4) a").first
    assert "/blob/main/python-advanced/tests/" in test_link.get_attribute("href")


def test_a_module_page_has_its_readme_diagrams_and_exercises(
    page: Any, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto(base_url + "modules/caching_listings/")
    assert heading(page) == "Caching property listings"
    assert mermaid_svgs(page) >= 2
    rows = rows_after(page, "exercises")
    tasks = tomllib.loads((ROOT / "caching_listings" / "tasks.toml").read_text())["task"]
    assert rows.count() == len(tasks)
    first = rows.first
    code = first.locator("td:nth-child(3) a").first.get_attribute("href")
    test = first.locator("td:nth-child(4) a").first.get_attribute("href")
    assert "/blob/main/caching_listings/" in code
    assert "/blob/main/caching_listings/tests/" in test
    assert "#L" in test, "a test link opens at the test's line"
    page.locator("h2#exercises").scroll_into_view_if_needed()
    screenshot(page, "module-caching_listings", capsys)


def test_every_mermaid_diagram_is_drawn(
    page: Any, base_url: str, site_dir: Path, browsing: Browsing
) -> None:
    """Each page with a diagram, found in the built HTML, shows all of them as SVG; a
    diagram Mermaid cannot parse is a JavaScript error naming the page."""
    pages = sorted(
        path.relative_to(site_dir).parent.as_posix()
        for path in site_dir.rglob("index.html")
        if 'class="mermaid"' in path.read_text(encoding="utf-8")
    )
    assert len(pages) >= 5
    broken = []
    for path in pages:
        page.goto(base_url + ("" if path == "." else f"{path}/"))
        try:
            mermaid_svgs(page, timeout=5_000)
        except AssertionError:
            broken.append(path)
    errors, browsing.errors[:] = list(browsing.errors), []  # reported here, not twice
    assert not broken, f"diagrams not drawn on {broken}: {errors}"


def test_the_scoreboard_renders(
    page: Any, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto(base_url + "scoreboard/")
    assert heading(page) == "Scoreboard"
    assert page.locator("article table").count() >= 1
    screenshot(page, "scoreboard", capsys)


def test_the_api_reference_lists_every_operation(
    page: Any, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = json.loads(page.request.get(base_url + "api/travel_app.openapi.json").text())
    operations = [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "put", "post", "patch", "delete")
    ]
    assert len(operations) >= 10

    page.goto(base_url + "api/travel_app/")
    assert rows_after(page, "operations").count() == len(operations)
    assert page.locator("h3 code").count() == len(operations)
    screenshot(page, "api-travel_app", capsys)

    page.goto(base_url + "api/travel_app-swagger.html")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() == len(operations)
    shown = {
        (
            block.locator(".opblock-summary-method").inner_text().strip(),
            block.locator(".opblock-summary-path").get_attribute("data-path"),
        )
        for block in page.locator(".opblock").all()
    }
    assert shown == set(operations)
    screenshot(page, "api-travel_app-swagger", capsys)

    page.goto(base_url + "api/graphql_crm/")
    assert page.locator("h2#queries").count() == 1
    assert page.locator("h2#mutations").count() == 1


def test_search_finds_a_known_word(
    page: Any, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("stampede")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert "stampede" in results.first.inner_text().lower()
    page.wait_for_timeout(400)  # the search overlay fades in
    screenshot(page, "search-stampede", capsys)


def test_light_and_dark_themes(
    page: Any, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto(base_url + "challenges/")
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = body.get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
    page.wait_for_timeout(300)  # the colours fade over
    screenshot(page, f"challenges-{after}", capsys)
