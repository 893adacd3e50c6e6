"""The containers: Dockerfile, compose.yaml, .env.example, .dockerignore, the production
settings they run with, the health probe and the Celery worker.

No Docker engine runs here: the files are parsed, and the commands they run are run
(the image's HEALTHCHECK, its gunicorn, collectstatic, the worker's health check).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import string
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from celery.bin.celery import celery as celery_command
from click.testing import CliRunner
from config.celery import EmbeddedWorker
from config.env import local_secret_key
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.deploy_support import (
    APP_PORT,
    ENTRY,
    ENV_EXAMPLE,
    MODULE,
    Health,
    Unset,
    assignments,
    build_context,
    compose,
    env_entries,
    env_example,
    environment,
    health_stand_in,
    healthcheck,
    healthcheck_test,
    healthcheck_url,
    ignore_patterns,
    ignored,
    image_env,
    interpolate,
    mounts_of,
    resolve_all,
    resolved,
    runtime,
    runtime_command,
    service,
    services,
    settings_variables,
    stages,
    started_by_up,
    variables_used,
    without_exec,
)
from tests.support import PRODUCTION, manage, run

pytestmark = pytest.mark.task("deploy.docker")

HEALTH_PATH = "/api/health/"
BACKING_SERVICES = ("db", "redis", "rabbitmq")
# The secrets compose must refuse to start without (no default password or key).
REQUIRED_SECRETS = (
    "SECRET_KEY",
    "MYSQL_PASSWORD",
    "MYSQL_ROOT_PASSWORD",
    "RABBITMQ_DEFAULT_PASS",
    "FLOWER_BASIC_AUTH",
)
WORKER_COMMAND = [
    "celery",
    "-A",
    "config",
    "worker",
    "-B",
    "-s",
    "/tmp/celerybeat-schedule",
    "-E",
    "-l",
    "info",
]
# --- The Dockerfile --------------------------------------------------------------------


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
    runtime_runs = " ".join(args for keyword, args in last if keyword == "RUN").split()
    assert "pip" not in runtime_runs, "the runtime stage copies the build's packages, not pip's"


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
    # "N static files copied to '...', M unmodified.": in the image (the tests service)
    # the build collected them already, so they are unmodified there, not copied.
    found = re.search(r"(\d+) static files? copied[^,\n]*(?:, (\d+) unmodified)?", result.stdout)
    assert found
    assert int(found[1]) + int(found[2] or 0) > 0


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


def test_up_starts_the_api_the_worker_and_their_services() -> None:
    # flower: Celery's monitor beside the worker (tests/test_flower.py).
    assert set(started_by_up()) == {"web", "worker", "flower", *BACKING_SERVICES}
    assert service("db")["image"] == "mysql:8.4"
    assert service("redis")["image"].split(":")[0] == "redis"
    assert service("rabbitmq")["image"].split(":")[0] == "rabbitmq"
    web = service("web")
    assert web["build"] in (".", {"context": "."})
    # Published on this machine only.
    assert [str(port) for port in web["ports"]] == [f"127.0.0.1:{APP_PORT}:{APP_PORT}"]


def test_every_service_has_a_health_check() -> None:
    assert {"mysqladmin", "ping"} <= set(healthcheck_test("db"))
    assert "ping" in healthcheck_test("redis")
    assert {"rabbitmq-diagnostics", "ping"} <= set(healthcheck_test("rabbitmq"))
    # web: the image's HEALTHCHECK, declared (Compose then knows web has one) with no test
    # of its own, so that Docker keeps the image's.
    assert "healthcheck" in service("web")
    assert not healthcheck_test("web")
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


def test_compose_passes_every_variable_settings_read() -> None:
    """By name, without an env_file: Compose reads that from this folder whatever
    `--env-file` names, and v1 refuses to start without it. A name without a value takes
    its value from .env, and unset it keeps the settings' default."""
    assert "env_file" not in service("web")
    assert set(service("web")["environment"]) == settings_variables()


def test_compose_sets_only_variables_settings_read() -> None:
    """And Flower's own options (FLOWER_*), which only the flower service gets."""
    read = settings_variables()
    for name in started_by_up():
        if "build" in service(name):
            given = set(environment(resolved(name, env_example())))
            own = {variable for variable in given if variable.startswith("FLOWER_")}
            assert not own or name == "flower"
            assert given - own <= read


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
        "fakes/chapa.py",
        "fakes/smtp.py",
    ],
)
def test_dockerignore_leaves_out_secrets_caches_and_local_files(path: str) -> None:
    assert ignored(path)


def test_the_image_starts_without_the_fakes(tmp_path: Path) -> None:
    """fakes/ (the stand-ins for Chapa and the mail server) stays out of the image, and
    nothing there needs it: the image's files alone pass check --deploy, and the
    development-only fake_chapa command says what is missing."""
    for relative in build_context():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MODULE / relative, target)
    assert (tmp_path / "manage.py").exists()
    assert not (tmp_path / "fakes").exists()
    alone = {**PRODUCTION, "PYTHONPATH": ""}  # nothing of the checkout on the path

    checked = run([sys.executable, "manage.py", "check", "--deploy"], alone, cwd=tmp_path)
    fake = run([sys.executable, "manage.py", "fake_chapa", "--port", "0"], alone, cwd=tmp_path)

    assert checked.returncode == 0, checked.stderr
    assert fake.returncode != 0
    assert "fakes/ is not here" in fake.stderr


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


AMQP = "amqp://travel:change-me@rabbitmq:5672//"


@pytest.mark.task("deploy.worker")
@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["memory://", "travel_app"]),
        ({"CELERY_BROKER_URL": AMQP}, [AMQP, "travel_app"]),
        ({"CELERY_QUEUE": "travel_app_tests"}, ["memory://", "travel_app_tests"]),
    ],
)
def test_the_celery_app_takes_its_broker_from_the_environment(
    env: dict[str, str], expected: list[str]
) -> None:
    """The broker, and the queue (CELERY_QUEUE, which the tests service sets)."""
    celery = {"CELERY_BROKER_URL", "CELERY_QUEUE"}
    clean = {key: value for key, value in os.environ.items() if key not in celery}

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
    assert json.loads(result.stdout.splitlines()[-1]) == expected


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
