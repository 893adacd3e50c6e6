"""A Postman collection read as data, and Newman (npm's Postman runner) run on it.

Newman is the module's pinned devDependency (package.json, `npm ci` installs it into
node_modules/), else a `newman` on PATH; without either, the test that runs it skips
and says what to install.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

MODULE = Path(__file__).resolve().parents[1]
# A URL's origin, or the variable standing for it: what the server's address replaces.
ORIGIN = re.compile(r"^(\{\{[^}]+\}\}|[a-z]+://[^/]+)")


def load_collection(path: Path) -> dict[str, Any]:
    """The collection in `path`; a file that is not a collection fails the test, saying why."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        pytest.fail(f"{path.name} is not a Postman collection: {error}")
    if not isinstance(collection, dict) or not isinstance(collection.get("item"), list):
        pytest.fail(f"{path.name} is not a Postman collection: no list of items")
    return collection


def requests_in(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every request of a collection, in order, folders flattened."""
    for item in items:
        if "item" in item:
            yield from requests_in(item["item"])
        else:
            yield item


def url_of(item: dict[str, Any]) -> str:
    """The request's URL as written, variables and all."""
    url = item["request"]["url"]
    return str(url if isinstance(url, str) else url.get("raw", ""))


def method_and_path(item: dict[str, Any]) -> tuple[str, str]:
    """The request's method, and its URL's path without the origin and the query."""
    path = ORIGIN.sub("", url_of(item)).split("?")[0].split("#")[0]
    return str(item["request"].get("method", "GET")).upper(), path


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


def run_newman(collection: Path, base_url: str, report: Path) -> tuple[dict[str, Any], str]:
    """Newman's JSON report and its console output, after running `collection` against
    `base_url`. Each variable a request's URL starts with is set to the server's address,
    whatever the collection calls it."""
    variables = {
        match.group(0)[2:-2]
        for item in requests_in(load_collection(collection)["item"])
        if (match := ORIGIN.match(url_of(item))) and match.group(0).startswith("{{")
    }
    command = [*newman(), "run", str(collection), "--color", "off"]
    for variable in sorted(variables):
        command += ["--env-var", f"{variable}={base_url}"]
    command += ["--reporters", "cli,json", "--reporter-json-export", str(report)]
    # A bound for a hung run, not a speed check.
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    output = done.stdout + done.stderr
    if not report.exists():
        pytest.fail(f"newman wrote no report (exit {done.returncode}):\n{output}")
    return json.loads(report.read_text(encoding="utf-8"))["run"], output
