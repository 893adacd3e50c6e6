"""The Django modules read bottom-up: each app imports only apps below it, and no file
imports, through others, a file that imports it.

Layers, lowest first. `config` is two things: its infrastructure (env, security, cache,
search, celery: below every app, importing none) and the project's wiring (settings,
urls, health, wsgi: above every app). Imports inside functions count too: an import
moved into a function to dodge a cycle is still an arrow up.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INFRASTRUCTURE = "config (infrastructure)"
WIRING = "config"
CONFIG_INFRASTRUCTURE = {"env", "security", "cache", "search", "celery", "errors"}
# Each Django module's apps, lowest first; config's two parts are placed by the test.
LAYERS = {
    "travel_app": [
        "outbox",
        "accounts",
        "listings",
        "bookings",
        "payments",
        "notifications",
        "web",
    ],
    "messaging_app": ["chats", "messaging"],
    "caching_listings": ["properties"],
    "graphql_crm": ["crm"],
    "django-middleware": ["chats", "ip_tracking"],
}


def layer_of(module: str, dotted: str) -> tuple[int, str] | None:
    """(rank, name) of the layer holding `dotted` (a module path such as
    "bookings.services"), or None for what is not the project's (Django, DRF...)."""
    top, _, rest = dotted.partition(".")
    apps = LAYERS[module]
    if top == "config":
        if rest.split(".")[0] in CONFIG_INFRASTRUCTURE:
            return -1, INFRASTRUCTURE
        return len(apps), WIRING
    if top in apps:
        return apps.index(top), top
    return None


def source_files(module: str) -> Iterator[Path]:
    """The module's application code: no migrations, tests, fakes or scripts at its root."""
    folder = ROOT / module
    for top in ("config", *LAYERS[module]):
        for path in sorted((folder / top).rglob("*.py")):
            parts = path.relative_to(folder).parts
            if "migrations" not in parts and "tests" not in parts:
                yield path


def dotted_name(module: str, path: Path) -> str:
    relative = path.relative_to(ROOT / module).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def imports(path: Path) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, at the top level of the file) for each import in `path`."""
    tree = ast.parse(path.read_text(), str(path))
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, id(node) in top_level
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                yield name, node.lineno, id(node) in top_level


@pytest.mark.parametrize("module", sorted(LAYERS))
def test_every_app_imports_only_apps_below_it(module: str) -> None:
    upward = []
    for path in source_files(module):
        own = layer_of(module, dotted_name(module, path))
        assert own is not None, path
        for imported, line, _ in imports(path):
            theirs = layer_of(module, imported)
            if theirs is not None and theirs[1] != own[1] and theirs[0] > own[0]:
                where = path.relative_to(ROOT)
                upward.append(f"{where}:{line}: {own[1]} imports {imported} ({theirs[1]})")
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def file_graph(module: str) -> dict[str, set[str]]:
    """Each application file and the application files it imports at its top level (an
    import of a name in a package counts as an import of the package's module)."""
    files = {dotted_name(module, path): path for path in source_files(module)}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = set()
        for imported, _, top_level in imports(path):
            if not top_level:
                continue
            while imported and imported not in files:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of `graph` (its files in order), or [] when there is none."""
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> list[str]:
        if node in trail:
            return [*trail[trail.index(node) :], node]
        if node in done:
            return []
        for target in sorted(graph.get(node, ())):
            if found := visit(target, [*trail, node]):
                return found
        done.add(node)
        return []

    for node in sorted(graph):
        if found := visit(node, []):
            return found
    return []


@pytest.mark.parametrize("module", sorted(LAYERS))
def test_no_file_imports_itself_through_others(module: str) -> None:
    cycle = cycle_in(file_graph(module))
    assert not cycle, "an import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle() -> None:
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_a_lower_app_importing_a_higher_one_is_caught(tmp_path: Path) -> None:
    assert layer_of("travel_app", "notifications.services") > layer_of(
        "travel_app", "bookings.models"
    )  # type: ignore[operator]
    assert layer_of("travel_app", "config.cache") == (-1, INFRASTRUCTURE)
    assert layer_of("travel_app", "config.urls") == (7, WIRING)
    assert layer_of("travel_app", "django.db") is None
