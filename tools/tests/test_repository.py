"""The repository agrees with its modules: README table, setup, docs, pinned versions.

Each check compares what the modules are (their tasks.toml) with what a file says about
them, so a module added without its row, its `-r` line or its docs page fails here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from grader.manifest import Module, discover
from grader.requirements import packages_in, required_packages

ROOT = Path(__file__).resolve().parents[2]
MODULES = discover(ROOT)
README_ROW = re.compile(r"^\| \[`([\w-]+)`\]\(([\w-]+)/\) \| (.+?) \| (\d+) \| (\d+) \|$")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def module_table_rows() -> list[tuple[str, str, int, int]]:
    """(folder, topic, exercises, points) for each row of the README's module table."""
    section = (ROOT / "README.md").read_text().split("## Modules", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("| [") and (match := README_ROW.match(line)):
            folder, link, topic, exercises, points = match.groups()
            assert folder == link, f"README row links {link}/ for {folder}"
            rows.append((folder, topic, int(exercises), int(points)))
        elif line.startswith("| [") or (line.startswith("| ") and not line.startswith("| Folder")):
            pytest.fail(f"README module row not in the expected form: {line}")
    return rows


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        if match := PIN.match(line.strip()):
            found[_normalise(match.group(1))] = match.group(2)
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_readme_table_lists_every_module_with_its_numbers() -> None:
    expected = [(m.name, m.title, len(m.tasks), m.points) for m in MODULES]
    assert module_table_rows() == expected


def test_setup_installs_every_module_requirements() -> None:
    lines = (ROOT / "requirements-dev.txt").read_text().splitlines()
    included = [line.split(maxsplit=1)[1] for line in lines if line.startswith("-r ")]
    assert included == [f"{m.name}/requirements.txt" for m in MODULES]


def test_every_module_has_a_docs_page_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text().split("\nnav:", 1)[1]
    listed = re.findall(r"modules/(?!index\.md)([\w-]+)\.md", nav)
    assert listed == [m.name for m in MODULES]
    for module in MODULES:
        page = (ROOT / "docs" / "modules" / f"{module.name}.md").read_text()
        assert f'{{% include-markdown "../../{module.name}/README.md" %}}' in page
        assert "<!-- exercises -->" in page, f"{module.name}: its page lacks the exercises table"


def test_module_pins_agree_with_constraints() -> None:
    constraints = pins(ROOT / "constraints.txt")
    for module in MODULES:
        # requirements.txt, and the runtime's part of it where the image installs only that.
        for requirements in sorted(module.path.glob("requirements*.txt")):
            where = f"{module.name}/{requirements.name}"
            text = requirements.read_text()
            assert "-r ../" not in text, f"{where}: a module's requirements must stand alone"
            needs = [line.strip().lower() for line in text.splitlines() if line[:1] != "#"]
            assert not any(line.startswith("mysqlclient") for line in needs), (
                f"{where}: mysqlclient belongs in the Dockerfile and requirements-mysql.txt"
            )
            for name, version in pins(requirements).items():
                pinned = constraints.get(name)
                assert pinned == version, f"{where}: {name}=={version}, constraints: {pinned}"


def test_every_django_image_installs_the_runtime_requirements_only() -> None:
    """The image gets requirements-runtime.txt (no test tools: a smaller image, less to
    patch); requirements.txt, what a peer installs, adds the tests' tools to it; compose's
    `tests` service builds the image with requirements.txt."""
    test_tools = {"pytest", "pytest-django", "schemathesis", "hypothesis", "playwright"}
    for module in MODULES:
        if not (module.path / "manage.py").exists():
            continue
        dockerfile = (module.path / "Dockerfile").read_text()
        assert "ARG REQUIREMENTS=requirements-runtime.txt" in dockerfile, module.name
        runtime = {
            _normalise(name) for name in packages_in(module.path / "requirements-runtime.txt")
        }
        assert {"django", "gunicorn"} <= runtime, module.name
        assert not runtime & test_tools, f"{module.name}: test tools in the image"
        everything = {_normalise(name) for name in required_packages(module.path)}
        assert runtime < everything, f"{module.name}: requirements.txt lacks the runtime's"
        assert "pytest" in everything, module.name
        compose = yaml.safe_load((module.path / "compose.yaml").read_text())
        tests = compose["services"]["tests"]["build"]
        assert tests["args"]["REQUIREMENTS"] == "requirements.txt", module.name


def test_every_module_has_the_contract_files() -> None:
    for module in MODULES:
        for name in ("README.md", "requirements.txt", "pyproject.toml", "tests"):
            assert (module.path / name).exists(), f"{module.name}/{name} is missing"
        config = (module.path / "pyproject.toml").read_text()
        for needed in ("--strict-markers", '"task(', '"services('):
            assert needed in config, f"{module.name}/pyproject.toml lacks {needed}"


def test_every_installed_pin_is_in_constraints() -> None:
    constraints = pins(ROOT / "constraints.txt")
    for line in (ROOT / "requirements-dev.txt").read_text().splitlines():
        name = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)", line)
        if name and not line.startswith("-"):
            assert _normalise(name.group(1)) in constraints, f"{line} is not pinned"


def test_every_django_module_carries_the_same_request_policy() -> None:
    """config/security.py is copied, not imported (a module folder stands alone): the
    copies must not drift, so a fix made in one is made in all."""
    copies = {
        module.name: (module.path / "config" / "security.py").read_bytes()
        for module in MODULES
        if (module.path / "manage.py").exists()
    }
    assert len(copies) >= 5
    assert len(set(copies.values())) == 1, "config/security.py differs between modules"


def test_the_modules_read_their_container_files_with_the_same_code() -> None:
    """tests/deploy_support.py (the Dockerfile, compose and .dockerignore readers) and its
    tests are copied, not imported, for the same reason as config/security.py: a fix made
    in one copy is made in all. The tests differ in their task marker only."""
    holders = [module for module in MODULES if (module.path / "tests/deploy_support.py").exists()]
    assert {"travel_app", "messaging_app"} <= {module.name for module in holders}
    for name in ("deploy_support.py", "test_deploy_support.py"):
        copies = {
            "".join(
                line
                for line in (module.path / "tests" / name).read_text().splitlines(keepends=True)
                if not line.startswith("pytestmark = ")
            )
            for module in holders
        }
        assert len(copies) == 1, f"tests/{name} differs between the modules"


def test_the_modules_read_and_run_their_postman_collections_with_the_same_code() -> None:
    """tests/postman.py (the collection read as data, its requests matched to the OpenAPI
    schema, Newman found and run, its report read) is copied, not imported, for the same
    reason."""
    holders = [module for module in MODULES if (module.path / "tests/postman.py").exists()]
    assert {"messaging_app", "travel_app"} <= {module.name for module in holders}
    copies = {(module.path / "tests/postman.py").read_bytes() for module in holders}
    assert len(copies) == 1, "tests/postman.py differs between the modules"


def test_the_benches_load_and_measure_with_the_same_code() -> None:
    """bench_support.py (gunicorn on loopback, keep-alive clients, rounds, the table) is
    copied into each Django module's folder beside its bench.py, for the same reason."""
    holders = [module for module in MODULES if (module.path / "bench_support.py").exists()]
    assert {"messaging_app", "travel_app"} <= {module.name for module in holders}
    copies = {(module.path / "bench_support.py").read_bytes() for module in holders}
    assert len(copies) == 1, "bench_support.py differs between the modules"


# The graded work of `shell` is Bash, which coverage.py cannot measure.
NOT_MEASURED = {"shell"}


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.name)
def test_every_python_module_holds_a_coverage_threshold(module: Module) -> None:
    """The root workflow measures a module while grading it when its pyproject has a
    `[tool.coverage.report]` table, and fails under its `fail_under`."""
    coverage = tomllib.loads((module.path / "pyproject.toml").read_text())["tool"].get(
        "coverage", {}
    )
    if module.name in NOT_MEASURED:
        assert not coverage, f"{module.name} is not measured: no coverage table"
        return
    assert 50 <= coverage["report"]["fail_under"] <= 100
    assert "tests/*" in coverage["run"]["omit"] or "*/tests/*" in coverage["run"]["omit"]


def test_the_workflow_measures_coverage_while_grading_and_reports_it() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    steps = workflow["jobs"]["module"]["steps"]
    names = [step.get("name", "") for step in steps]
    grade = steps[names.index("Grade ${{ matrix.module }}")]
    report = steps[names.index("Coverage of ${{ matrix.module }}")]
    assert "tool\\.coverage\\.report" in grade["run"]
    assert 'PYTEST_ADDOPTS="--cov ' in grade["run"]
    assert names.index("Coverage of ${{ matrix.module }}") > names.index(
        "Grade ${{ matrix.module }}"
    )
    assert report["if"] == "${{ !cancelled() }}"  # shown when the tests fail too
    assert "coverage report --format=markdown" in report["run"]
    assert 'exit "$status"' in report["run"]
    assert "GITHUB_STEP_SUMMARY" in report["run"]
