"""The containers: Dockerfile, compose.yaml, .env.example, .dockerignore, the production
settings they run with, the health probe and the Celery worker.

No Docker engine runs here: the files are parsed, and the commands they run are run
(the image's HEALTHCHECK, its gunicorn, collectstatic, the worker's health check).
"""

from __future__ import annotations

import ast
import http.server
import json
import os
import re
import shlex
import stat
import string
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
import yaml
from celery.bin.celery import celery as celery_command
from click.testing import CliRunner
from config.celery import EmbeddedWorker
from config.env import local_secret_key
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

pytestmark = pytest.mark.task("deploy.docker")

MODULE = Path(__file__).resolve().parent.parent
DOCKERFILE = MODULE / "Dockerfile"
COMPOSE = MODULE / "compose.yaml"
ENV_EXAMPLE = MODULE / ".env.example"
DOCKERIGNORE = MODULE / ".dockerignore"
SETTINGS = MODULE / "config" / "settings.py"
ENV_HELPERS = MODULE / "config" / "env.py"

HEALTH_PATH = "/api/health/"
APP_PORT = 8000
BACKING_SERVICES = ("db", "redis", "rabbitmq")
# The secrets compose must refuse to start without (no default password or key).
REQUIRED_SECRETS = ("SECRET_KEY", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD", "RABBITMQ_DEFAULT_PASS")
WORKER_COMMAND = [
    "celery",
    "-A",
    "config",
    "worker",
    "-B",
    "-s",
    "/tmp/celerybeat-schedule",
    "-l",
    "info",
]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-8d1e4f7a2c9b40e6a5d3f1c8b7e2a9d4c6f0",
    "ALLOWED_HOSTS": "travel.example.com",
}
# What a child process must not inherit from the test run: it sets its own.
CONFIGURATION = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DATABASE_URL",
    "REDIS_URL",
}

Instruction = tuple[str, str]


def run(
    command: list[str], env: Mapping[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`command` in the module folder, in a fresh process: settings are read at startup."""
    clean = {key: value for key, value in os.environ.items() if key not in CONFIGURATION}
    return subprocess.run(
        command,
        cwd=MODULE,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "manage.py", *args], env)


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
    assert found, "the Dockerfile has no FROM"
    return found


def runtime(keyword: str) -> list[str]:
    """The arguments of the final stage's `keyword` instructions, in order."""
    return [args for name, args in stages()[-1] if name == keyword]


def exec_form(arguments: str) -> list[str]:
    """A JSON-array (exec form) CMD or HEALTHCHECK CMD, as its list of words."""
    words = json.loads(arguments)
    assert isinstance(words, list), f"not the exec form: {arguments}"
    return [str(word) for word in words]


def runtime_command() -> list[list[str]]:
    """The final stage's CMD, as the shell commands it runs in turn (split on &&)."""
    commands = runtime("CMD")
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


def image_env() -> dict[str, str]:
    """The runtime stage's ENV, as the container starts with it."""
    env: dict[str, str] = {}
    for args in runtime("ENV"):
        found, rest = assignments(shlex.split(args))
        assert not rest, f"ENV: not KEY=value: {args}"
        env.update(found)
    return env


def test_builds_in_two_stages_and_runs_as_an_unprivileged_user() -> None:
    assert len(stages()) >= 2, "one stage: the compiler would ship in the image"
    build, *_, last = stages()
    assert last[0][1].split()[0] == "python:3.11-slim"
    build_name = build[0][1].split()[-1]
    assert any(keyword == "COPY" and f"--from={build_name}" in args for keyword, args in last), (
        "the runtime stage copies nothing from the build stage"
    )
    users = runtime("USER")
    assert users, "the runtime stage runs as root"
    user = users[-1].split(":")[0]
    assert user.isdigit(), "USER must be numeric for Kubernetes' runAsNonRoot"
    assert int(user) == 10001
    # Built as root, run as 10001: the switch comes after the last RUN.
    keywords = [keyword for keyword, _ in last]
    assert max(i for i, k in enumerate(keywords) if k == "RUN") < keywords.index("USER")


def test_only_the_build_stage_has_a_compiler() -> None:
    build, *_, last = stages()
    build_words = " ".join(args for _, args in build).split()
    runtime_words = " ".join(args for _, args in last).split()
    for package in ("gcc", "pkg-config", "default-libmysqlclient-dev"):
        assert package in build_words
        assert package not in runtime_words
    assert "libmariadb3" in runtime_words, "mysqlclient needs libmariadb3 at run time"
    assert "mysqlclient==2.3.1" in build_words
    assert "--no-index" in runtime_words, "the runtime stage installs only the built wheels"


def test_the_image_runs_in_production_mode() -> None:
    env = image_env()
    assert env.get("DEBUG") == "false"
    assert env.get("PYTHONUNBUFFERED") == "1", "logs must reach `docker logs` at once"


def test_static_files_are_collected_at_build_time_in_production_mode() -> None:
    [collect] = [
        shlex.split(args) for args in runtime("RUN") if "collectstatic" in shlex.split(args)
    ]
    env, command = assignments(collect)
    assert env["DEBUG"] == "false", "collect what WhiteNoise serves when DEBUG is off"
    assert command[:3] == ["python", "manage.py", "collectstatic"]
    assert "--noinput" in command
    # The same command, told to pretend and to say what it found (the last --verbosity
    # wins): it must find the admin's and Swagger UI's files.
    pretend = [sys.executable, *command[1:], "--dry-run", "--verbosity", "2"]

    result = run(pretend, env)

    assert result.returncode == 0, result.stderr
    assert "admin/css/base.css" in result.stdout
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in result.stdout
    copied = re.search(r"(\d+) static files? copied", result.stdout)
    assert copied
    assert int(copied[1]) > 0


def test_migrates_then_serves_with_gunicorn() -> None:
    *before, serve = runtime_command()
    assert before, "gunicorn starts before the migrations have run"
    assert before[0][1:3] == ["manage.py", "migrate"]
    assert "--noinput" in before[0]
    gunicorn = without_exec(serve)
    assert gunicorn[:2] == ["gunicorn", "config.wsgi:application"]
    assert gunicorn[gunicorn.index("--bind") + 1] == f"0.0.0.0:{APP_PORT}"
    assert runtime("EXPOSE") == [str(APP_PORT)]


def test_gunicorn_loads_the_application_with_production_settings() -> None:
    gunicorn = without_exec(runtime_command()[-1])
    command = [sys.executable, "-m", "gunicorn", "--check-config", *gunicorn[1:]]

    result = run(command, {**image_env(), **PRODUCTION})

    assert result.returncode == 0, result.stderr


class _Health(http.server.BaseHTTPRequestHandler):
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


def healthcheck_url() -> str:
    checks = runtime("HEALTHCHECK")
    assert checks, "the runtime stage has no HEALTHCHECK"
    found = re.search(r"https?://[^'\" ]+", checks[-1])
    assert found, "the HEALTHCHECK asks no URL"
    return found[0]


def healthcheck(port: int) -> subprocess.CompletedProcess[str]:
    """The image's HEALTHCHECK command, run here against 127.0.0.1:`port` instead of 8000."""
    flags, _, command = runtime("HEALTHCHECK")[-1].partition("CMD ")
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


# GETs through Django's test client in a fresh process, so that settings are read from the
# environment given. SQLite at a path of the test's choosing, not the module's db.sqlite3;
# with REQUEST_ANON_RATE, every API view throttles anonymous clients at that rate unless
# it says otherwise (set before any view class is defined: they copy the default).
REQUESTS = """
import json, os, sys
import django
from django.conf import settings
settings.DATABASES["default"]["NAME"] = os.environ["REQUEST_SQLITE_PATH"]
if os.environ.get("REQUEST_ANON_RATE"):
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
        "rest_framework.throttling.AnonRateThrottle"
    ]
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] = os.environ["REQUEST_ANON_RATE"]
django.setup()
from django.test import Client
client = Client()
answers = []
for url in sys.argv[1:]:
    response = client.get(url, HTTP_HOST=os.environ["REQUEST_HOST"])
    answers.append([response.status_code, response.get("Location", ""), response.content.decode()])
print(json.dumps(answers))
"""


def requests_in_a_fresh_process(
    urls: list[str], *, host: str, sqlite: Path, env: Mapping[str, str]
) -> list[tuple[int, str, str]]:
    """[(status, Location, body)] for GETs of `urls` in turn, over plain HTTP to `host`."""
    result = run(
        [sys.executable, "-c", REQUESTS, *urls],
        {**env, "REQUEST_SQLITE_PATH": str(sqlite), "REQUEST_HOST": host},
    )
    assert result.returncode == 0, result.stderr
    return [tuple(answer) for answer in json.loads(result.stdout.splitlines()[-1])]


def test_the_healthcheck_url_answers_over_plain_http_in_production(tmp_path: Path) -> None:
    url = urlsplit(healthcheck_url())
    assert url.hostname
    env = {**image_env(), **PRODUCTION, "ALLOWED_HOSTS": url.hostname}

    health, listings = requests_in_a_fresh_process(
        [url.path, "/api/listings/"], host=url.hostname, sqlite=tmp_path / "db.sqlite3", env=env
    )

    assert health[0] == 200, "the probe must not be redirected to HTTPS"
    assert json.loads(health[2])["status"] == "ok"
    assert listings[:2] == (301, f"https://{url.hostname}/api/listings/")


# --- Production settings: check --deploy --------------------------------------------------


def test_production_settings_pass_check_deploy() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_defaults_fail_check_deploy() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing: str) -> None:
    result = manage("check", env={**PRODUCTION, missing: ""})
    assert result.returncode != 0
    assert f"{missing} is required when DEBUG is off" in result.stderr


def test_a_local_secret_key_is_made_once_per_path_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    path = tmp_path / ".secret_key"
    key = local_secret_key(path)

    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_secret_key(path) == key
    assert local_secret_key(tmp_path / "another") != key


def test_with_debug_on_and_no_secret_key_the_checkout_key_signs() -> None:
    """No key in the repository: the one made for this checkout (git-ignored) is used."""
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = manage("shell", "--no-imports", "--command", show, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (MODULE / ".secret_key").read_text().strip()
    assert ".secret_key" in (MODULE / ".gitignore").read_text().split()


def test_the_image_alone_refuses_to_start_without_a_secret_key() -> None:
    result = manage("check", env={**image_env(), "ALLOWED_HOSTS": "localhost"})
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


# --- compose.yaml ---------------------------------------------------------------------------


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "compose.yaml is not a mapping"
    return data


def services() -> dict[str, dict[str, Any]]:
    found = compose().get("services") or {}
    assert isinstance(found, dict), "compose.yaml has no services"
    return found


def service(name: str) -> dict[str, Any]:
    assert name in services(), f"compose.yaml has no service {name}"
    return services()[name]


def started_by_up() -> list[str]:
    """The services `docker compose up` starts: those without a profile."""
    return [name for name, definition in services().items() if not definition.get("profiles")]


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


def variables_used() -> set[str]:
    text = COMPOSE.read_text(encoding="utf-8")
    return {m["name"] or m["bare"] for m in VARIABLE.finditer(text) if m[0] != "$$"}


def resolved(name: str, env: Mapping[str, str]) -> dict[str, Any]:
    """Service `name` as compose runs it with the variables `env` (.env's)."""
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
    for name in services():
        resolved(name, env)


def mounts_of(name: str) -> dict[str, str]:
    """Service `name`'s volumes: source (a volume name or a path) -> path in the container."""
    pairs = (str(volume).split(":") for volume in service(name).get("volumes", []))
    return {pair[0]: pair[1] for pair in pairs}


def healthcheck_test(name: str) -> list[str]:
    check = service(name).get("healthcheck") or {}
    assert not check.get("disable"), f"{name}: its health check is disabled"
    test = check.get("test")
    return shlex.split(test) if isinstance(test, str) else list(test or [])


def test_up_starts_the_api_the_worker_and_their_services() -> None:
    assert set(started_by_up()) == {"web", "worker", *BACKING_SERVICES}
    assert service("db")["image"] == "mysql:8.4"
    assert service("redis")["image"].split(":")[0] == "redis"
    assert service("rabbitmq")["image"].split(":")[0] == "rabbitmq"
    web = service("web")
    assert web["build"] in (".", {"context": "."})
    assert f"{APP_PORT}:{APP_PORT}" in [str(port) for port in web["ports"]]


def test_every_service_has_a_health_check() -> None:
    assert {"mysqladmin", "ping"} <= set(healthcheck_test("db"))
    assert "ping" in healthcheck_test("redis")
    assert {"rabbitmq-diagnostics", "ping"} <= set(healthcheck_test("rabbitmq"))
    # web: the image's HEALTHCHECK, unless compose replaces it.
    assert "healthcheck" not in service("web") or healthcheck_test("web")
    assert healthcheck_url().endswith(HEALTH_PATH)
    # worker: the same image, but no web server listens there: a check of its own.
    assert healthcheck_test("worker"), "the worker would inherit the image's HTTP check"
    for name in started_by_up():
        check = service(name).get("healthcheck") or {}
        assert not check.get("disable"), f"{name}: its health check is disabled"
        if "build" not in service(name):
            assert check.get("test"), f"{name} has no health check"


@pytest.mark.parametrize("name", ["web", "worker"])
def test_the_app_waits_for_healthy_backing_services(name: str) -> None:
    depends_on = service(name)["depends_on"]
    assert set(depends_on) == set(BACKING_SERVICES)
    for backing in BACKING_SERVICES:
        assert depends_on[backing]["condition"] == "service_healthy"


def test_web_and_db_agree_on_the_database_and_its_account() -> None:
    env = env_example()

    db = environment(resolved("db", env))
    url = urlsplit(environment(resolved("web", env))["DATABASE_URL"])

    assert db["MYSQL_DATABASE"] == env["MYSQL_DATABASE"]
    assert db["MYSQL_USER"] == env["MYSQL_USER"]
    assert db["MYSQL_PASSWORD"] == env["MYSQL_PASSWORD"]
    assert db["MYSQL_ROOT_PASSWORD"] == env["MYSQL_ROOT_PASSWORD"]
    assert (url.scheme, url.hostname, url.port) == ("mysql", "db", 3306)
    assert (url.username, url.password) == (env["MYSQL_USER"], env["MYSQL_PASSWORD"])
    assert url.path == f"/{env['MYSQL_DATABASE']}"


def test_other_values_in_env_reach_the_services_and_their_urls() -> None:
    env = {
        **env_example(),
        "MYSQL_DATABASE": "trips",
        "MYSQL_USER": "ana",
        "MYSQL_PASSWORD": "s3cret",
        "RABBITMQ_DEFAULT_USER": "rabbit",
        "RABBITMQ_DEFAULT_PASS": "carrot",
    }

    db = environment(resolved("db", env))
    broker = environment(resolved("rabbitmq", env))
    web = environment(resolved("web", env))
    database, queue = urlsplit(web["DATABASE_URL"]), urlsplit(web["CELERY_BROKER_URL"])

    assert db["MYSQL_DATABASE"] == "trips"
    assert (db["MYSQL_USER"], db["MYSQL_PASSWORD"]) == ("ana", "s3cret")
    assert (database.username, database.password, database.path) == ("ana", "s3cret", "/trips")
    assert (broker["RABBITMQ_DEFAULT_USER"], broker["RABBITMQ_DEFAULT_PASS"]) == (
        "rabbit",
        "carrot",
    )
    assert (queue.scheme, queue.hostname, queue.port) == ("amqp", "rabbitmq", 5672)
    assert (queue.username, queue.password) == ("rabbit", "carrot")


def test_web_runs_in_production_mode_with_redis_and_rabbitmq() -> None:
    env = environment(resolved("web", env_example()))
    assert env["DEBUG"] == "false"
    assert env["SECURE_SSL_REDIRECT"] == "false", "plain HTTP on localhost"
    redis = urlsplit(env["REDIS_URL"])
    assert (redis.scheme, redis.hostname, redis.port) == ("redis", "redis", 6379)
    assert urlsplit(env["CELERY_BROKER_URL"]).hostname == "rabbitmq"
    assert service("web")["env_file"] == [{"path": ".env", "required": False}]


def test_compose_sets_only_variables_settings_read() -> None:
    read = settings_variables()
    for name in started_by_up():
        if "build" in service(name):
            assert set(environment(resolved(name, env_example()))) <= read


def test_allowed_hosts_admit_the_healthcheck() -> None:
    host = urlsplit(healthcheck_url()).hostname
    env = environment(resolved("web", env_example()))
    assert host in env["ALLOWED_HOSTS"].split(",")
    assert env["SECRET_KEY"]


@pytest.mark.parametrize("secret", REQUIRED_SECRETS)
def test_compose_refuses_to_start_without_a_secret(secret: str) -> None:
    env = {key: value for key, value in env_example().items() if key != secret}
    assert secret in variables_used()

    with pytest.raises(Unset, match=secret):
        resolve_all(env)


def test_the_data_lives_on_named_volumes_that_outlive_down() -> None:
    declared = compose().get("volumes") or {}
    mounts = {name: mounts_of(name) for name in services()}
    used = {source for service_mounts in mounts.values() for source in service_mounts}
    named = {source for source in used if not source.startswith((".", "/", "~"))}
    assert named == set(declared)
    for name, path in (
        ("db", "/var/lib/mysql"),
        ("redis", "/data"),
        ("rabbitmq", "/var/lib/rabbitmq"),
    ):
        assert path in {mounts[name][source] for source in named & set(mounts[name])}, (
            f"{name}: {path} is not on a named volume"
        )
    for volume in declared.values():
        assert not (volume or {}).get("external"), "compose would not create it"
    # RabbitMQ keeps its data under rabbit@<hostname>: a new random hostname would not find it.
    assert service("rabbitmq")["hostname"]


def test_the_tests_service_runs_pytest_as_root_on_the_real_services() -> None:
    tests = service("tests")
    assert tests["profiles"] == ["test"]
    command = tests["command"]
    command = shlex.split(command) if isinstance(command, str) else command
    assert command[:4] == ["python", "-m", "pytest", "-q"]
    env = env_example()
    test_env = environment(resolved("tests", env))
    database = urlsplit(test_env["DATABASE_URL"])
    assert (database.hostname, database.username) == ("db", "root")
    assert database.password == env["MYSQL_ROOT_PASSWORD"]
    assert urlsplit(test_env["REDIS_URL"]).hostname == "redis"
    assert urlsplit(test_env["CELERY_BROKER_URL"]).hostname == "rabbitmq"
    assert set(tests["depends_on"]) == set(BACKING_SERVICES)


# --- .env.example -----------------------------------------------------------------------------

ENTRY = re.compile(r"^(?P<comment>#\s*)?(?P<key>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def env_entries() -> list[tuple[str, str, bool]]:
    """(KEY, value, active) for each `KEY=value` line, and each `# KEY=value` example."""
    entries = []
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = ENTRY.match(line.strip())
        if match:
            entries.append((match["key"], match["value"].strip(), not match["comment"]))
        elif line.strip() and not line.lstrip().startswith("#"):
            pytest.fail(f".env.example: not KEY=VALUE: {line}")
    return entries


def env_example() -> dict[str, str]:
    """What compose reads from a .env copied from .env.example: the active lines."""
    return {key: value for key, value, active in env_entries() if active}


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


def settings_variables() -> set[str]:
    """Every environment variable settings.py reads, directly or through config/env.py."""
    readers = reader_functions(ast.parse(ENV_HELPERS.read_text(encoding="utf-8")))
    found = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text(encoding="utf-8"))):
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


def test_settings_variables_are_found() -> None:
    """The parser itself: it sees direct reads and reads through the helpers."""
    assert {
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "SECURE_SSL_REDIRECT",
        "JWT_ACCESS_MINUTES",
    } <= settings_variables()


def test_env_example_lists_every_variable_settings_read() -> None:
    listed = {key for key, _, _ in env_entries()}
    missing = sorted(settings_variables() - listed)
    assert not missing, f".env.example does not list {', '.join(missing)}"


def test_env_example_sets_every_variable_compose_reads() -> None:
    env = env_example()
    missing = sorted(variables_used() - set(env))
    assert not missing, f".env.example does not set {', '.join(missing)}"
    resolve_all(env)  # raises Unset if one were missing


def test_every_entry_in_env_example_is_explained() -> None:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if ENTRY.match(line.strip()):
            above = index - 1
            while above >= 0 and ENTRY.match(lines[above].strip()):
                above -= 1
            assert above >= 0, f".env.example: {line} has no comment above it"
            assert lines[above].startswith("#"), f".env.example: {line} has no comment above it"


def test_the_example_secret_key_is_a_placeholder_long_enough_for_check_deploy() -> None:
    key = env_example()["SECRET_KEY"]
    assert len(key) >= 50
    assert len(set(key)) >= 5
    assert "replace" in key or "change" in key, "a real-looking key would be copied as is"


# --- .dockerignore ----------------------------------------------------------------------------


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
        "staticfiles/admin/css/base.css",
        "listings/__pycache__/models.cpython-311.pyc",
        ".pytest_cache/README.md",
        "bench.py",
        "debug.log",
    ],
)
def test_dockerignore_leaves_out_secrets_caches_and_local_files(path: str) -> None:
    assert ignored(path)


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "requirements.txt",
        "config/settings.py",
        "listings/views.py",
        ".env.example",
        "tests/test_deploy.py",
    ],
)
def test_dockerignore_keeps_the_app(path: str) -> None:
    assert ignore_patterns(), ".dockerignore is empty"
    assert not ignored(path)


# --- The health probe: GET /api/health/ ---------------------------------------------------


@pytest.mark.task("deploy.health")
def test_health_is_ok_for_anyone_after_asking_the_database(db: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = APIClient().get(HEALTH_PATH)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}
    assert [query["sql"] for query in queries.captured_queries] == ["SELECT 1"]


@pytest.mark.task("deploy.health")
def test_health_ignores_a_bad_token(db: None) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = client.get(HEALTH_PATH)

    assert (response.status_code, response.json()["status"]) == (200, "ok")


@pytest.mark.task("deploy.health")
def test_health_is_never_throttled(tmp_path: Path) -> None:
    env = {"REQUEST_ANON_RATE": "1/minute"}

    answers = requests_in_a_fresh_process(
        ["/api/schema/", "/api/schema/"] + [HEALTH_PATH] * 5,
        host="localhost",
        sqlite=tmp_path / "db.sqlite3",
        env=env,
    )

    # The throttle is on: another anonymous page is refused the second time...
    assert [status for status, _, _ in answers[:2]] == [200, 429]
    # ...but a probe may ask as often as it likes.
    assert [status for status, _, _ in answers[2:]] == [200] * 5


@pytest.mark.task("deploy.health")
def test_health_is_503_when_the_database_does_not_answer(tmp_path: Path) -> None:
    unreachable = tmp_path / "no-such-folder" / "db.sqlite3"

    [(status, _, body)] = requests_in_a_fresh_process(
        [HEALTH_PATH], host="localhost", sqlite=unreachable, env={}
    )

    assert status == 503
    assert json.loads(body)["status"] == json.loads(body)["database"] == "unavailable"


@pytest.mark.task("deploy.health")
def test_health_is_in_the_schema_without_authentication(db: None) -> None:
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][HEALTH_PATH]["get"]
    assert set(operation["responses"]) == {"200", "503"}
    assert operation.get("security") in (None, [], [{}])


# --- The Celery worker ------------------------------------------------------------------------

BROKER_SCRIPT = """
import json
from config import celery_app
print(json.dumps([celery_app.conf.broker_url, celery_app.conf.task_default_queue]))
"""


@pytest.mark.task("deploy.worker")
def test_the_worker_is_the_same_image_and_configuration_as_web() -> None:
    worker, web = service("worker"), service("web")
    command = worker["command"]
    assert (shlex.split(command) if isinstance(command, str) else command) == WORKER_COMMAND
    assert worker["build"] == web["build"]
    assert worker.get("env_file") == web.get("env_file")
    env = env_example()
    assert environment(resolved("worker", env)) == environment(resolved("web", env))
    assert not worker.get("ports"), "the worker serves nothing"


@pytest.mark.task("deploy.worker")
@pytest.mark.parametrize(
    ("broker", "expected"),
    [
        (None, "memory://"),
        ("amqp://travel:change-me@rabbitmq:5672//", "amqp://travel:change-me@rabbitmq:5672//"),
    ],
)
def test_the_celery_app_takes_its_broker_from_the_environment(
    broker: str | None, expected: str
) -> None:
    env = {} if broker is None else {"CELERY_BROKER_URL": broker}
    clean = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}

    result = subprocess.run(
        [sys.executable, "-c", BROKER_SCRIPT],
        cwd=MODULE,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [expected, "travel_app"]


def worker_healthcheck(hostname: str, *, timeout: str | None = None) -> int:
    """The compose worker's health check, run here, in this process (so that it reaches
    the in-process broker too), as the container's shell would: $HOSTNAME is the node's."""
    test = healthcheck_test("worker")
    assert test[0] == "CMD-SHELL", "the check needs the shell for $HOSTNAME"
    command = interpolate(" ".join(test[1:]), env_example())
    assert isinstance(command, str)
    words = shlex.split(string.Template(command).substitute(HOSTNAME=hostname))
    assert words[:3] == ["celery", "-A", "config"]
    assert {"inspect", "ping"} <= set(words)
    if timeout is not None:  # a shorter wait where no answer is the expected outcome
        words += ["--timeout", timeout]
    return CliRunner().invoke(celery_command, words[1:]).exit_code


@pytest.fixture(scope="module")
def worker_name() -> Iterator[str]:
    """A worker on the configured broker, in a thread, named celery@<name> as in a
    container whose HOSTNAME is <name>; shared by the tests."""
    name = f"travel-{uuid.uuid4().hex[:8]}"
    with EmbeddedWorker(hostname=f"celery@{name}"):
        yield name


@pytest.mark.task("deploy.worker")
def test_the_worker_healthcheck_passes_while_the_worker_answers(worker_name: str) -> None:
    assert worker_healthcheck(worker_name) == 0


@pytest.mark.task("deploy.worker")
def test_the_worker_healthcheck_asks_its_own_worker_only(worker_name: str) -> None:
    """Another container's worker answering is no proof that this one runs."""
    assert worker_healthcheck(f"other-{worker_name}", timeout="1") != 0
