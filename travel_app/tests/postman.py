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
VARIABLE = re.compile(r"\{\{([^}]+)\}\}")


class Collection:
    """A Postman v2.1 collection: its requests, folders flattened, and its variables."""

    def __init__(self, path: Path) -> None:
        try:
            self.data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            pytest.fail(f"{path.name} is not a Postman collection: {error}")
        if not isinstance(self.data, dict) or not isinstance(self.data.get("item"), list):
            pytest.fail(f"{path.name} is not a Postman collection: no list of items")
        self.path = path
        self.variables = {v["key"]: v.get("value", "") for v in self.data.get("variable", [])}

    def requests(self) -> list[dict[str, Any]]:
        return list(_flatten(self.data["item"]))

    def target(self, item: dict[str, Any]) -> tuple[str, str, str]:
        """The variable the request's URL starts with (its server), its method, and its
        path with the collection's own variables put in (`{{apiPrefix}}`), query left out."""
        url = item["request"]["url"]
        raw = str(url if isinstance(url, str) else url.get("raw", ""))
        origin = VARIABLE.match(raw)
        server = origin.group(1) if origin else ""
        path = raw[origin.end() if origin else 0 :].split("?")[0]
        path = VARIABLE.sub(lambda m: self.variables.get(m.group(1), m.group(0)), path)
        return server, str(item["request"].get("method", "GET")).upper(), "/" + path.lstrip("/")


def _flatten(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
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
    """Newman's JSON report and its console output, after running `collection` with
    `baseUrl` set to `base_url`."""
    command = [
        *newman(),
        "run",
        str(collection),
        "--color",
        "off",
        "--env-var",
        f"baseUrl={base_url}",
        "--reporters",
        "cli,json",
        "--reporter-json-export",
        str(report),
    ]
    # A bound for a hung run, not a speed check.
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    output = done.stdout + done.stderr
    if not report.exists():
        pytest.fail(f"newman wrote no report (exit {done.returncode}):\n{output}")
    return json.loads(report.read_text(encoding="utf-8"))["run"], output
