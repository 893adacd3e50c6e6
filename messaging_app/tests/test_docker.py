"""The container files: Dockerfile, compose.yaml, .env.example and .dockerignore."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import NoReturn
from urllib.parse import urlsplit

import pytest
from chats import views
from django.db import OperationalError
from django.test import Client
from tests.deploy_support import (
    APP_PORT,
    ENV_EXAMPLE,
    Health,
    Unset,
    compose,
    env_example,
    environment,
    health_stand_in,
    healthcheck,
    healthcheck_url,
    ignore_patterns,
    ignored,
    mounts_of,
    resolve_all,
    resolved,
    runtime,
    runtime_command,
    service,
    stages,
    variables_used,
    without_exec,
)

pytestmark = pytest.mark.task("extras.docker")


HEALTH_PATH = "/api/health/"
# The secrets compose must refuse to start without (no default password or key).
REQUIRED_SECRETS = ("SECRET_KEY", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD")


# --- The Dockerfile --------------------------------------------------------------------


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
    assert runtime("EXPOSE") == [str(APP_PORT)]


@pytest.fixture
def health_server() -> Iterator[tuple[type[Health], int]]:
    """A local API stand-in on a free port: set .status, read .paths."""
    with health_stand_in() as stand_in:
        yield stand_in


def test_healthcheck_passes_when_the_health_endpoint_answers_200(
    health_server: tuple[type[Health], int],
) -> None:
    handler, port = health_server

    result = healthcheck(port)

    assert result.returncode == 0, result.stderr
    assert handler.paths == [HEALTH_PATH]


def test_healthcheck_fails_when_the_database_does_not_answer(
    health_server: tuple[type[Health], int],
) -> None:
    handler, port = health_server
    handler.status = 503

    assert healthcheck(port).returncode != 0


class UnreachableDatabase:
    def cursor(self) -> NoReturn:
        raise OperationalError(2005, "Unknown server host 'db'")


def test_health_is_503_while_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the healthcheck above reads when compose's db is stopped: no 500, no crash."""
    monkeypatch.setattr(views, "connection", UnreachableDatabase())

    response = client.get(HEALTH_PATH)

    assert response.status_code == 503
    assert response.json() == {"status": "the database does not answer"}


# --- compose.yaml and .env.example ------------------------------------------------------


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
    # Published on this machine only.
    assert [str(port) for port in web["ports"]] == [f"127.0.0.1:{APP_PORT}:{APP_PORT}"]
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
    # Each variable the app reads is named: an env_file would hand it the root password.
    assert "env_file" not in web
    assert "MYSQL_ROOT_PASSWORD" not in env
    assert (env["JWT_ACCESS_MINUTES"], env["TRUSTED_PROXIES"]) == ("15", "0")


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
    host = urlsplit(healthcheck_url()).hostname
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
