"""The container files: Dockerfile, compose.yaml, .env.example and .dockerignore."""

from __future__ import annotations

import http.server
import json
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.task("extras.docker")

MODULE = Path(__file__).resolve().parent.parent
DOCKERFILE = MODULE / "Dockerfile"
COMPOSE = MODULE / "compose.yaml"
ENV_EXAMPLE = MODULE / ".env.example"
DOCKERIGNORE = MODULE / ".dockerignore"

HEALTH_PATH = "/api/health/"
APP_PORT = 8000
# The secrets compose must refuse to start without (no default password or key).
REQUIRED_SECRETS = ("SECRET_KEY", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD")

Instruction = tuple[str, str]


# --- The Dockerfile --------------------------------------------------------------------


def instructions() -> list[Instruction]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def stages() -> list[list[Instruction]]:
    """The instructions of each stage, FROM first."""
    found: list[list[Instruction]] = []
    for instruction in instructions():
        if instruction[0] == "FROM":
            found.append([])
        if found:
            found[-1].append(instruction)
    return found


def exec_form(arguments: str) -> list[str]:
    """A JSON-array (exec form) CMD or HEALTHCHECK CMD, as its list of words."""
    words = json.loads(arguments)
    assert isinstance(words, list), f"not the exec form: {arguments}"
    return [str(word) for word in words]


def runtime_command() -> list[list[str]]:
    """The final stage's CMD, as the shell commands it runs in turn (split on &&)."""
    commands = [args for keyword, args in stages()[-1] if keyword == "CMD"]
    assert commands, "the runtime stage has no CMD"
    words = exec_form(commands[-1])
    if words[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in words[2].split("&&")]
    return [words]


def without_exec(command: list[str]) -> list[str]:
    return command[1:] if command[:1] == ["exec"] else command


def test_builds_in_two_stages_and_runs_as_an_unprivileged_user() -> None:
    assert len(stages()) >= 2, "one stage: the compiler would ship in the image"
    build, *_, runtime = stages()
    assert runtime[0][1].split()[0] == "python:3.11-slim"
    build_name = build[0][1].split()[-1]
    assert any(
        keyword == "COPY" and f"--from={build_name}" in args for keyword, args in runtime
    ), "the runtime stage copies nothing from the build stage"
    users = [args for keyword, args in runtime if keyword == "USER"]
    assert users, "the runtime stage runs as root"
    user = users[-1].split(":")[0]
    assert user.isdigit(), "USER must be numeric for Kubernetes' runAsNonRoot"
    assert int(user) == 10001


def test_only_the_build_stage_has_a_compiler() -> None:
    build, *_, runtime = stages()
    build_text = " ".join(args for _, args in build)
    runtime_text = " ".join(args for _, args in runtime)
    for package in ("gcc", "pkg-config", "default-libmysqlclient-dev"):
        assert package in build_text.split()
        assert package not in runtime_text.split()
    assert "libmariadb3" in runtime_text.split(), "mysqlclient needs libmariadb3 at run time"
    assert "mysqlclient==2.3.1" in build_text.split()


def test_migrates_then_serves_with_gunicorn() -> None:
    *before, serve = runtime_command()
    assert before, "gunicorn starts before the migrations have run"
    assert before[0][1:3] == ["manage.py", "migrate"]
    gunicorn = without_exec(serve)
    assert gunicorn[:2] == ["gunicorn", "config.wsgi:application"]
    assert gunicorn[gunicorn.index("--bind") + 1] == f"0.0.0.0:{APP_PORT}"
    assert gunicorn[gunicorn.index("--workers") + 1] == "2"
    exposed = [args for keyword, args in stages()[-1] if keyword == "EXPOSE"]
    assert exposed == [str(APP_PORT)]


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).paths.append(self.path)
        body = b'{"status": "ok"}' if self.status == 200 else b'{"status": "down"}'
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[tuple[type[_Health], int]]:
    """A local API stand-in on a free port: set .status, read .paths."""
    handler = type("Health", (_Health,), {"status": 200, "paths": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield handler, server.server_address[1]
    server.shutdown()
    server.server_close()


def healthcheck(port: int) -> subprocess.CompletedProcess[str]:
    """The image's HEALTHCHECK command, run here against 127.0.0.1:`port` instead of 8000."""
    checks = [args for keyword, args in stages()[-1] if keyword == "HEALTHCHECK"]
    assert checks, "the runtime stage has no HEALTHCHECK"
    flags, _, command = checks[-1].partition("CMD ")
    assert re.search(r"--interval=\d+s", flags)
    words = exec_form(command)
    assert words[0] in {"python", "python3"}, "the slim image has no curl: ask with Python"
    address = f"127.0.0.1:{APP_PORT}"
    assert any(address in word for word in words), f"the check must ask {address}"
    words = [sys.executable, *(word.replace(address, f"127.0.0.1:{port}") for word in words[1:])]
    return subprocess.run(words, capture_output=True, text=True, timeout=30, check=False)


def test_healthcheck_passes_when_the_health_endpoint_answers_200(
    health_server: tuple[type[_Health], int],
) -> None:
    handler, port = health_server

    result = healthcheck(port)

    assert result.returncode == 0, result.stderr
    assert handler.paths == [HEALTH_PATH]


def test_healthcheck_fails_when_the_database_does_not_answer(
    health_server: tuple[type[_Health], int],
) -> None:
    handler, port = health_server
    handler.status = 503

    assert healthcheck(port).returncode != 0


# --- compose.yaml and .env.example ------------------------------------------------------


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "compose.yaml is not a mapping"
    return data


def service(name: str) -> dict[str, Any]:
    services = compose().get("services") or {}
    assert name in services, f"compose.yaml has no service {name}"
    return services[name]


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f".env.example: not KEY=VALUE: {line}"
            values[key.strip()] = value.strip()
    return values


class Unset(Exception):
    """A ${VAR:?message} whose variable is unset: compose refuses to start."""


VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|\$(?P<bare>\w+)")


def interpolate(value: object, env: Mapping[str, str]) -> object:
    """`value` with ${VAR}, ${VAR:-default} and ${VAR:?error} replaced, as compose does."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
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


def variables_used() -> set[str]:
    return {m["name"] or m["bare"] for m in VARIABLE.finditer(COMPOSE.read_text(encoding="utf-8"))}


def resolved(name: str, env: Mapping[str, str]) -> dict[str, Any]:
    """Service `name` as compose runs it with the environment `env`."""
    result = interpolate(service(name), env)
    assert isinstance(result, dict)
    return result


def environment(definition: Mapping[str, Any]) -> dict[str, str]:
    env = definition.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def resolve_all(env: Mapping[str, str]) -> None:
    """Every service resolved with `env`: raises Unset for a missing required variable."""
    for name in compose()["services"]:
        resolved(name, env)


def mounts_of(name: str) -> dict[str, str]:
    """Service `name`'s volumes: source (a volume name or a path) -> path in the container."""
    pairs = (str(volume).split(":") for volume in service(name).get("volumes", []))
    return {pair[0]: pair[1] for pair in pairs}


def test_the_stack_is_web_db_and_redis_with_healthchecks() -> None:
    assert {"web", "db", "redis"} <= set(compose()["services"])
    assert service("db")["image"] == "mysql:8.4"
    assert service("redis")["image"].split(":")[0] == "redis"
    db_check = service("db")["healthcheck"]["test"]
    assert "mysqladmin" in db_check
    assert "ping" in db_check
    assert "ping" in service("redis")["healthcheck"]["test"]
    web = service("web")
    assert web["build"] in (".", {"context": "."})
    assert f"{APP_PORT}:{APP_PORT}" in [str(port) for port in web["ports"]]
    for backing in ("db", "redis"):
        assert web["depends_on"][backing]["condition"] == "service_healthy"


def test_web_and_db_agree_on_the_database_and_its_account() -> None:
    env = env_example()

    db = environment(resolved("db", env))
    url = urlsplit(environment(resolved("web", env))["DATABASE_URL"])

    assert db["MYSQL_DATABASE"] == env["MYSQL_DB"]
    assert db["MYSQL_USER"] == env["MYSQL_USER"]
    assert db["MYSQL_PASSWORD"] == env["MYSQL_PASSWORD"]
    assert db["MYSQL_ROOT_PASSWORD"] == env["MYSQL_ROOT_PASSWORD"]
    assert (url.scheme, url.hostname, url.port) == ("mysql", "db", 3306)
    assert (url.username, url.password) == (env["MYSQL_USER"], env["MYSQL_PASSWORD"])
    assert url.path == f"/{env['MYSQL_DB']}"


def test_other_values_in_env_reach_the_database_and_its_url() -> None:
    env = {**env_example(), "MYSQL_DB": "chat", "MYSQL_USER": "ana", "MYSQL_PASSWORD": "s3cret"}

    db = environment(resolved("db", env))
    url = urlsplit(environment(resolved("web", env))["DATABASE_URL"])

    assert db["MYSQL_DATABASE"] == "chat"
    assert (db["MYSQL_USER"], db["MYSQL_PASSWORD"]) == ("ana", "s3cret")
    assert (url.username, url.password, url.path) == ("ana", "s3cret", "/chat")


def test_web_runs_in_production_mode_with_redis() -> None:
    web = service("web")
    env = environment(resolved("web", env_example()))
    assert env["DEBUG"] == "false"
    assert env["SECURE_SSL_REDIRECT"] == "false"
    redis = urlsplit(env["REDIS_URL"])
    assert (redis.scheme, redis.hostname, redis.port) == ("redis", "redis", 6379)
    assert web["env_file"] == [{"path": ".env", "required": False}]


@pytest.mark.parametrize("secret", REQUIRED_SECRETS)
def test_compose_refuses_to_start_without_a_secret(secret: str) -> None:
    env = {key: value for key, value in env_example().items() if key != secret}
    assert secret in variables_used()

    with pytest.raises(Unset, match=secret):
        resolve_all(env)


def test_env_example_sets_every_variable_compose_reads() -> None:
    env = env_example()
    assert variables_used() <= set(env)
    resolve_all(env)  # raises Unset if one were missing
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    assert env["JWT_ACCESS_MINUTES"] == "15"
    comment = lines[lines.index("JWT_ACCESS_MINUTES=15") - 1]
    assert comment.startswith("#")
    assert "access token" in comment.lower()


def test_allowed_hosts_admit_the_healthcheck() -> None:
    checks = [args for keyword, args in stages()[-1] if keyword == "HEALTHCHECK"]
    host = urlsplit(re.search(r"https?://[^'\" ]+", checks[-1])[0]).hostname  # type: ignore[index]
    env = environment(resolved("web", env_example()))
    assert host in env["ALLOWED_HOSTS"].split(",")
    assert env["SECRET_KEY"]


def test_named_volumes_are_declared_and_mounted() -> None:
    declared = set(compose().get("volumes") or {})
    mounts = {name: mounts_of(name) for name in compose()["services"]}
    used = {source for service_mounts in mounts.values() for source in service_mounts}
    named = {source for source in used if not source.startswith((".", "/", "~"))}
    assert named == declared
    assert {mounts["db"].get(name) for name in declared} >= {"/var/lib/mysql"}
    assert {mounts["redis"].get(name) for name in declared} >= {"/data"}


def test_tests_service_runs_pytest_against_db_and_redis_as_root() -> None:
    tests = service("tests")
    assert tests["profiles"] == ["test"]
    command = tests["command"]
    command = shlex.split(command) if isinstance(command, str) else command
    assert command[:4] == ["python", "-m", "pytest", "-q"]
    env = env_example()
    url = urlsplit(environment(resolved("tests", env))["DATABASE_URL"])
    assert (url.hostname, url.username, url.password) == ("db", "root", env["MYSQL_ROOT_PASSWORD"])
    assert urlsplit(environment(resolved("tests", env))["REDIS_URL"]).hostname == "redis"
    assert set(tests["depends_on"]) == {"db", "redis"}


# --- .dockerignore ------------------------------------------------------------------------


def ignore_patterns() -> list[tuple[bool, re.Pattern[str]]]:
    """(is an exception "!...", regex) for each .dockerignore line, as Docker reads it."""
    patterns = []
    for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
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


def ignored(path: str) -> bool:
    """Whether Docker leaves `path` (relative to the context) out of the build context."""
    prefixes = ["/".join(path.split("/")[: i + 1]) for i in range(path.count("/") + 1)]
    result = False
    for negate, pattern in ignore_patterns():
        if any(pattern.fullmatch(prefix) for prefix in prefixes):
            result = not negate
    return result


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".venv/bin/python",
        ".git/HEAD",
        "db.sqlite3",
        "chats/__pycache__/models.cpython-311.pyc",
        ".pytest_cache/README.md",
        "k8s/deployment.yaml",
        ".github/workflows/ci.yml",
        "Jenkinsfile",
        "bench.py",
        "debug.log",
    ],
)
def test_dockerignore_leaves_out_secrets_caches_and_deployment_files(path: str) -> None:
    assert ignored(path)


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "requirements.txt",
        "config/settings.py",
        "chats/views.py",
        "tests/test_docker.py",
    ],
)
def test_dockerignore_keeps_the_app(path: str) -> None:
    assert ignore_patterns(), ".dockerignore is empty"
    assert not ignored(path)
