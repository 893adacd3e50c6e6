"""A Postman v2.1 collection read as data, and Newman (npm's Postman runner) run on it.

Newman is the module's pinned devDependency (package.json, `npm ci` installs it into
node_modules/), else a `newman` on PATH; without either, the test that runs it skips
and says what to install. The file is the same in every module that has it, copied so
that a module stands alone (tools/tests/test_repository.py): change every copy at once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest

MODULE = Path(__file__).resolve().parents[1]
VARIABLE = re.compile(r"\{\{([^}]+)\}\}")
# What a URL's path follows: the variable standing for its server, or a scheme and host.
ORIGIN = re.compile(r"\{\{[^}]+\}\}|[a-z][a-z0-9+.-]*://[^/?#]*", re.IGNORECASE)


class Target(NamedTuple):
    """Where a request of the collection goes."""

    name: str
    origin: str  # as written: "{{baseUrl}}", "http://127.0.0.1:8000", or "" for none
    method: str
    path: str  # the collection's own variables put in, query and fragment left out

    @property
    def server(self) -> str | None:
        """The variable the URL starts with (`baseUrl`), None when it starts otherwise."""
        variable = VARIABLE.fullmatch(self.origin)
        return variable.group(1) if variable else None


class Collection:
    """A Postman v2.1 collection: its requests, folders flattened, and its variables. A
    file that is not one fails the test, saying why."""

    def __init__(self, path: Path) -> None:
        try:
            self.data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            pytest.fail(f"{path.name} is not a Postman collection: {error}")
        if not isinstance(self.data, dict) or not isinstance(self.data.get("item"), list):
            pytest.fail(f"{path.name} is not a Postman collection: no list of items")
        self.path = path
        self.variables = {
            str(variable.get("key")): str(variable.get("value", ""))
            for variable in self.data.get("variable", [])
            if isinstance(variable, dict)
        }
        for item in self.requests():
            if not isinstance(item.get("request"), dict):
                pytest.fail(f"{path.name}: {item.get('name')!r} has no request object")

    def requests(self) -> list[dict[str, Any]]:
        """Every request item, in order."""
        return list(_flatten(self.data["item"]))

    def targets(self) -> list[Target]:
        """Where each request goes, in order."""
        return [self._target(item) for item in self.requests()]

    def _target(self, item: dict[str, Any]) -> Target:
        url = item["request"].get("url", "")
        raw = str(url if isinstance(url, str) else url.get("raw", ""))
        origin = ORIGIN.match(raw)
        path = raw[origin.end() if origin else 0 :].split("?")[0].split("#")[0]
        path = VARIABLE.sub(lambda m: self.variables.get(m.group(1), m.group(0)), path)
        return Target(
            name=str(item.get("name", "")),
            origin=origin.group(0) if origin else "",
            method=str(item["request"].get("method", "GET")).upper(),
            path="/" + path.lstrip("/"),
        )


def _flatten(items: list[Any]) -> Iterator[dict[str, Any]]:
    for item in items:
        if not isinstance(item, dict):
            pytest.fail(f"an item of the collection is not an object: {item!r}")
        if "item" in item:
            yield from _flatten(item["item"])
        else:
            yield item


def scripts_of(item: dict[str, Any]) -> str:
    """The text of the request's own test scripts."""
    return "\n".join(
        "\n".join(event["script"].get("exec", []))
        for event in item.get("event", [])
        if event.get("listen") == "test"
    )


def operation_of(schema: dict[str, Any], method: str, path: str) -> str | None:
    """The schema's path template that `method` `path` is an operation of, if any: a
    template's `{parameter}` takes any one segment (a `{{variable}}` in the request)."""
    for template, operations in schema["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path) and method.lower() in operations:
            return template
    return None


def schema_mismatches(
    collection: Collection, schema: dict[str, Any], error_shapes: set[str]
) -> list[str]:
    """Where the JSON schemas the requests check (the collection's `schemas` variable,
    named after the OpenAPI components) differ from the API's components. The
    `error_shapes`, which the OpenAPI schema leaves to DRF, are not compared."""
    try:
        schemas = json.loads(collection.variables.get("schemas", '{"definitions": {}}'))
        shapes = {str(name): dict(shape) for name, shape in schemas["definitions"].items()}
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        return [f"the schemas variable is not JSON with definitions: {error!r}"]
    components = schema["components"]["schemas"]
    mismatches = []
    for name, shape in shapes.items():
        if name in error_shapes:
            continue
        if name not in components:
            mismatches.append(f"{name} is not a component of the schema")
            continue
        fields = set(shape.get("properties", {}))
        if unknown := fields - set(components[name].get("properties", {})):
            mismatches.append(f"{name}: fields the component lacks: {sorted(unknown)}")
        if unlisted := set(shape.get("required", [])) - fields:
            mismatches.append(f"{name}: required but not among its fields: {sorted(unlisted)}")
    return mismatches


def newman() -> list[str]:
    """The command that runs Newman, or a skip naming what is missing."""
    # Under `grade --against` the tests run in a copy without node_modules/;
    # GRADER_REFERENCE names the module itself, where npm ci installed Newman.
    for home in (MODULE, Path(os.environ.get("GRADER_REFERENCE") or MODULE)):
        pinned = home / "node_modules" / ".bin" / "newman"
        if pinned.exists() and shutil.which("node"):
            return [str(pinned)]
    found = shutil.which("newman")
    if found:
        return [found]
    pytest.skip(f"needs Node.js and newman: run npm ci in {MODULE.name}")


def run_newman(
    collection: Collection, variables: Mapping[str, str], report: Path
) -> tuple[dict[str, Any], str]:
    """Newman's JSON report and its console output, after running `collection` with
    `variables` given as environment variables (the server's address under its name)."""
    command = [*newman(), "run", str(collection.path), "--color", "off"]
    for name, value in sorted(variables.items()):
        command += ["--env-var", f"{name}={value}"]
    command += ["--reporters", "cli,json", "--reporter-json-export", str(report)]
    # A bound for a hung run, not a speed check.
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    output = done.stdout + done.stderr
    if not report.exists():
        pytest.fail(f"newman wrote no report (exit {done.returncode}):\n{output}")
    return json.loads(report.read_text(encoding="utf-8"))["run"], output


def run_problems(run: dict[str, Any], collection: Collection) -> list[str]:
    """What went wrong in Newman's `run` of `collection` (its JSON report): requests that
    never ran, failed or asserted nothing, and assertions that failed."""
    executions = run["executions"]
    ran = {execution["item"]["name"] for execution in executions}
    problems = [
        f"never ran: {name}" for name in sorted({t.name for t in collection.targets()} - ran)
    ]
    problems += [
        f"asserted nothing: {execution['item']['name']}"
        for execution in executions
        if not execution.get("assertions")
    ]
    for counted in ("requests", "assertions"):
        if failed := run["stats"][counted]["failed"]:
            problems.append(f"{failed} {counted} failed")
    problems += [
        f"failure: {failure.get('source', {}).get('name')}: {failure['error'].get('message')}"
        for failure in run["failures"]
    ]
    return problems
