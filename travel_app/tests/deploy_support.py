"""Readers of a module's container files, for its deployment tests: the Dockerfile's
instructions, compose.yaml resolved as compose resolves it, .env.example, .dockerignore
read as Docker reads it, and the environment variables the settings read.

Each reader takes its file, the module's own by default. travel_app and messaging_app
carry this same file, since a module folder stands alone when copied out;
tools/tests/test_repository.py checks that the copies agree.
"""

from __future__ import annotations

import ast
import contextlib
import http.server
import json
import os
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from string import Template
from typing import Any, ClassVar

import pytest
import yaml

MODULE = Path(__file__).resolve().parent.parent
DOCKERFILE = MODULE / "Dockerfile"
COMPOSE = MODULE / "compose.yaml"
ENV_EXAMPLE = MODULE / ".env.example"
DOCKERIGNORE = MODULE / ".dockerignore"
SETTINGS = MODULE / "config" / "settings.py"
ENV_HELPERS = MODULE / "config" / "env.py"

APP_PORT = 8000  # where the image serves and its HEALTHCHECK asks

Instruction = tuple[str, str]


# --- The Dockerfile --------------------------------------------------------------------


def instructions(dockerfile: Path = DOCKERFILE) -> list[Instruction]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined (a space
    after the backslash, which Docker tolerates, included)."""
    joined = re.sub(r"\\\s*\n", " ", dockerfile.read_text(encoding="utf-8"))
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def stages(dockerfile: Path = DOCKERFILE) -> list[list[Instruction]]:
    """The instructions of each stage, FROM first."""
    found: list[list[Instruction]] = []
    for instruction in instructions(dockerfile):
        if instruction[0] == "FROM":
            found.append([])
        if found:
            found[-1].append(instruction)
    assert found, "the Dockerfile has no FROM"
    return found


def runtime(keyword: str, dockerfile: Path = DOCKERFILE) -> list[str]:
    """The arguments of the final stage's `keyword` instructions, in order."""
    return [args for name, args in stages(dockerfile)[-1] if name == keyword]


def exec_form(arguments: str) -> list[str]:
    """A JSON-array (exec form) CMD or HEALTHCHECK CMD, as its list of words."""
    words = json.loads(arguments)
    assert isinstance(words, list), f"not the exec form: {arguments}"
    return [str(word) for word in words]


def runtime_command(dockerfile: Path = DOCKERFILE) -> list[list[str]]:
    """The final stage's CMD, as the shell commands it runs in turn (split on &&)."""
    commands = runtime("CMD", dockerfile)
    assert commands, "the runtime stage has no CMD"
    words = exec_form(commands[-1])
    if words[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in words[2].split("&&")]
    return [words]


def without_exec(command: list[str]) -> list[str]:
    return command[1:] if command[:1] == ["exec"] else command


def assignments(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """`A=1 B=2 cmd args` -> ({"A": "1", "B": "2"}, ["cmd", "args"])."""
    env = {}
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    return env, words


def image_env(dockerfile: Path = DOCKERFILE) -> dict[str, str]:
    """The runtime stage's ENV, as the container starts with it. A `$NAME` in a value is
    expanded as Docker does, this process's environment standing in for the base image's
    (`PATH=/venv/bin:$PATH`)."""
    env: dict[str, str] = {}
    for args in runtime("ENV", dockerfile):
        found, rest = assignments(shlex.split(args))
        assert not rest, f"ENV: not KEY=value: {args}"
        known = {**os.environ, **env}
        env.update({key: Template(value).safe_substitute(known) for key, value in found.items()})
    return env


def healthcheck_url(dockerfile: Path = DOCKERFILE) -> str:
    checks = runtime("HEALTHCHECK", dockerfile)
    assert checks, "the runtime stage has no HEALTHCHECK"
    found = re.search(r"https?://[^'\" ]+", checks[-1])
    assert found, "the HEALTHCHECK asks no URL"
    return found[0]


def healthcheck(port: int, dockerfile: Path = DOCKERFILE) -> subprocess.CompletedProcess[str]:
    """The image's HEALTHCHECK command, run here against 127.0.0.1:`port` instead of
    APP_PORT."""
    checks = runtime("HEALTHCHECK", dockerfile)
    assert checks, "the runtime stage has no HEALTHCHECK"
    flags, _, command = checks[-1].partition("CMD ")
    assert re.search(r"--interval=\d+s", flags)
    words = exec_form(command)
    assert words[0] in {"python", "python3"}, "the slim image has no curl: ask with Python"
    address = f"127.0.0.1:{APP_PORT}"
    assert any(address in word for word in words), f"the check must ask {address}"
    words = [sys.executable, *(word.replace(address, f"127.0.0.1:{port}") for word in words[1:])]
    return subprocess.run(words, capture_output=True, text=True, timeout=30, check=False)


class Health(http.server.BaseHTTPRequestHandler):
    """The API's health endpoint stood in for: answers `status`, records `paths`."""

    status = 200
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).paths.append(self.path)
        body = b'{"status": "ok"}' if self.status == 200 else b'{"status": "unavailable"}'
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def health_stand_in() -> Iterator[tuple[type[Health], int]]:
    """A local API stand-in on a free port of 127.0.0.1: set .status, read .paths."""
    handler = type("Health", (Health,), {"status": 200, "paths": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield handler, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


# --- compose.yaml ----------------------------------------------------------------------


def compose(path: Path = COMPOSE) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "compose.yaml is not a mapping"
    return data


def services(path: Path = COMPOSE) -> dict[str, dict[str, Any]]:
    found = compose(path).get("services") or {}
    assert isinstance(found, dict), "compose.yaml has no services"
    return found


def service(name: str, path: Path = COMPOSE) -> dict[str, Any]:
    found = services(path)
    assert name in found, f"compose.yaml has no service {name}"
    return found[name]


def started_by_up(path: Path = COMPOSE) -> list[str]:
    """The services `docker compose up` starts: those without a profile."""
    return [name for name, definition in services(path).items() if not definition.get("profiles")]


class Unset(Exception):
    """A ${VAR:?message} whose variable is unset: compose refuses to start."""


VARIABLE = re.compile(
    r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|\$(?P<bare>[A-Za-z_]\w*)"
)


def interpolate(value: object, env: Mapping[str, str]) -> object:
    """`value` with ${VAR}, ${VAR:-default}, ${VAR:?error} and $$ replaced, as compose does."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        name = match["name"] or match["bare"]
        current = env.get(name)
        op = match["op"] or ""
        empty = current is None or (current == "" and op.startswith(":"))
        if op.endswith("-") and empty:
            return match["arg"]
        if op.endswith("?") and empty:
            raise Unset(f"{name}: {match['arg']}")
        return current or ""

    return VARIABLE.sub(replace, value)


def variables_used(path: Path = COMPOSE) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {m["name"] or m["bare"] for m in VARIABLE.finditer(text) if m[0] != "$$"}


def resolved(name: str, env: Mapping[str, str], path: Path = COMPOSE) -> dict[str, Any]:
    """Service `name` as compose runs it with the variables `env` (.env's)."""
    result = interpolate(service(name, path), env)
    assert isinstance(result, dict)
    return result


def environment(definition: Mapping[str, Any]) -> dict[str, str]:
    env = definition.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def resolve_all(env: Mapping[str, str], path: Path = COMPOSE) -> None:
    """Every service resolved with `env`: raises Unset for a missing required variable."""
    for name in services(path):
        resolved(name, env, path)


def mounts_of(name: str, path: Path = COMPOSE) -> dict[str, str]:
    """Service `name`'s volumes: source (a volume name or a path) -> path in the container."""
    pairs = (str(volume).split(":") for volume in service(name, path).get("volumes", []))
    return {pair[0]: pair[1] for pair in pairs}


def healthcheck_test(name: str, path: Path = COMPOSE) -> list[str]:
    check = service(name, path).get("healthcheck") or {}
    assert not check.get("disable"), f"{name}: its health check is disabled"
    test = check.get("test")
    return shlex.split(test) if isinstance(test, str) else list(test or [])


# --- .env.example ----------------------------------------------------------------------

ENTRY = re.compile(r"^(?P<comment>#\s*)?(?P<key>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def env_entries(path: Path = ENV_EXAMPLE) -> list[tuple[str, str, bool]]:
    """(KEY, value, active) for each `KEY=value` line, and each `# KEY=value` example."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ENTRY.match(line.strip())
        if match:
            entries.append((match["key"], match["value"].strip(), not match["comment"]))
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f".env.example: not KEY=VALUE: {line}")
    return entries


def env_example(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """What compose reads from a .env copied from .env.example: the active lines."""
    return {key: value for key, value, active in env_entries(path) if active}


# --- The variables settings read -------------------------------------------------------


def is_environ_read(func: ast.expr) -> bool:
    """os.environ.get / os.getenv (and environ.get, getenv)."""
    if isinstance(func, ast.Attribute) and func.attr == "get":
        value = func.value
        return (isinstance(value, ast.Attribute) and value.attr == "environ") or (
            isinstance(value, ast.Name) and value.id == "environ"
        )
    return (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
        isinstance(func, ast.Name) and func.id == "getenv"
    )


def reader_functions(tree: ast.Module) -> set[str]:
    """Functions of config/env.py that read the variable named by their first parameter."""
    readers = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.args.args:
            parameter = node.args.args[0].arg
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and is_environ_read(call.func)
                    and call.args
                    and isinstance(call.args[0], ast.Name)
                    and call.args[0].id == parameter
                ):
                    readers.add(node.name)
    return readers


def settings_variables(settings: Path = SETTINGS, helpers: Path = ENV_HELPERS) -> set[str]:
    """Every environment variable `settings` reads, directly or through `helpers`."""
    readers = reader_functions(ast.parse(helpers.read_text(encoding="utf-8")))
    found = set()
    for node in ast.walk(ast.parse(settings.read_text(encoding="utf-8"))):
        name: ast.expr | None = None
        if isinstance(node, ast.Call) and node.args:
            direct = is_environ_read(node.func)
            helper = isinstance(node.func, ast.Name) and node.func.id in readers
            if direct or helper:
                name = node.args[0]
        elif isinstance(node, ast.Subscript):
            value = node.value
            if isinstance(value, ast.Attribute) and value.attr == "environ":
                name = node.slice
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            found.add(name.value)
    return found


# --- .dockerignore ---------------------------------------------------------------------


def ignore_patterns(path: Path = DOCKERIGNORE) -> list[tuple[bool, re.Pattern[str]]]:
    """(is an exception "!...", regex) for each .dockerignore line, as Docker reads it."""
    patterns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        glob = line.lstrip("!").strip("/")
        regex = ""
        for part in re.split(r"(\*\*/|\*\*|\*|\?)", glob):
            regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
                part, re.escape(part)
            )
        patterns.append((negate, re.compile(regex)))
    return patterns


def ignored(path: str, dockerignore: Path = DOCKERIGNORE) -> bool:
    """Whether Docker leaves `path` (relative to the context) out of the build context."""
    return _ignored(path, ignore_patterns(dockerignore))


def _ignored(path: str, patterns: list[tuple[bool, re.Pattern[str]]]) -> bool:
    prefixes = ["/".join(path.split("/")[: i + 1]) for i in range(path.count("/") + 1)]
    result = False
    for negate, pattern in patterns:
        if any(pattern.fullmatch(prefix) for prefix in prefixes):
            result = not negate
    return result


def build_context(folder: Path = MODULE) -> list[str]:
    """The files `docker build` sends from `folder` (what `COPY . .` puts in the image),
    relative to it, as its .dockerignore leaves them."""
    patterns = ignore_patterns(folder / ".dockerignore")
    files = (path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    return sorted(path for path in files if not _ignored(path, patterns))
