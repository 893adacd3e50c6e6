"""Beyond the program: the image and the health probe its HEALTHCHECK asks, and a compose
file that runs the app itself, wired to PostgreSQL and Redis, which keep their data on
named volumes and say when they are ready."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml
from django.db import OperationalError
from django.test import Client
from properties import api

pytestmark = pytest.mark.task("extras.deploy")
MODULE = Path(__file__).resolve().parent.parent
REQUIRED = re.compile(r"\$\{(\w+):\?")


def compose() -> dict[str, Any]:
    data = yaml.safe_load((MODULE / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), "compose.yaml is not a mapping"
    return data


def dockerfile() -> list[str]:
    text = (MODULE / "Dockerfile").read_text(encoding="utf-8")
    return [line.strip() for line in text.replace("\\\n", " ").splitlines() if line.strip()]


def test_the_image_is_multi_stage_non_root_and_serves_with_gunicorn() -> None:
    lines = dockerfile()
    assert sum(line.startswith("FROM ") for line in lines) >= 2
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users, "no USER line"
    assert users[-1] not in {"root", "0"}
    command = next(line for line in lines if line.startswith("CMD "))
    assert "migrate" in command
    assert "gunicorn config.wsgi:application" in command
    assert any(line.startswith("HEALTHCHECK ") for line in lines)


def test_postgres_and_redis_keep_their_data_on_named_volumes() -> None:
    data = compose()
    services, volumes = data["services"], data.get("volumes") or {}
    for name, path in (("postgres", "/var/lib/postgresql/data"), ("redis", "/data")):
        mounts = [str(m) for m in services[name].get("volumes", [])]
        named = [m.split(":")[0] for m in mounts if m.endswith(f":{path}")]
        assert named, f"{name} keeps {path} in the container: docker compose down would lose it"
        assert named[0] in volumes, f"{named[0]} is not a named volume"
        assert "healthcheck" in services[name]


def test_the_app_talks_to_both_and_waits_for_them() -> None:
    web = compose()["services"]["web"]
    environment = web["environment"]
    assert re.fullmatch(r"postgres://.+@postgres:5432/.+", environment["DATABASE_URL"])
    assert environment["REDIS_URL"].startswith("redis://redis:6379")
    assert environment["DEBUG"] == "false"
    assert web["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }


def test_every_required_variable_is_in_env_example() -> None:
    required = set(REQUIRED.findall((MODULE / "compose.yaml").read_text(encoding="utf-8")))
    example = (MODULE / ".env.example").read_text(encoding="utf-8")
    listed = {
        line.split("=", 1)[0]
        for line in example.splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert required, "compose requires no secret: SECRET_KEY and POSTGRES_PASSWORD must be set"
    assert required <= listed, f"missing from .env.example: {sorted(required - listed)}"


class UnreachableDatabase:
    def cursor(self) -> NoReturn:
        raise OperationalError('could not translate host name "postgres"')


def test_the_health_probe_answers_while_the_database_does(db: None) -> None:
    response = Client().get("/api/health/")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_the_health_probe_is_503_while_the_database_does_not_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the image's HEALTHCHECK reads when compose's postgres is stopped: the container
    turns unhealthy, and no 500 is logged as a crash."""
    monkeypatch.setattr(api, "connection", UnreachableDatabase())
    response = Client().get("/api/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "the database does not answer"}


def test_the_healthcheck_asks_the_health_probe() -> None:
    healthcheck = next(line for line in dockerfile() if line.startswith("HEALTHCHECK "))
    assert "http://127.0.0.1:8000/api/health/" in healthcheck
