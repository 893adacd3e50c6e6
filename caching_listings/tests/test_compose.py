"""The program's docker-compose file: a PostgreSQL service and a Redis service, from their
official images, the database given its name, user and password. Service names, versions
and anything else in the file are the learner's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.task("deploy.compose")
COMPOSE = Path(__file__).resolve().parent.parent / "compose.yaml"


def services() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "the compose file is not a YAML mapping"
    found = data.get("services")
    assert isinstance(found, dict), "the compose file has no services"
    assert found, "the compose file has no services"
    return found


def from_image(name: str) -> dict[str, Any]:
    """The service whose image is the official `name` image (any tag, any registry path)."""
    for service in services().values():
        image = str(service.get("image", "")).split("@")[0]
        if image.rsplit("/", 1)[-1].split(":")[0] == name:
            return service
    raise AssertionError(f"no service from the {name} image in the compose file")


def environment(service: dict[str, Any]) -> set[str]:
    """The names of the variables a service is given (a mapping or a list of NAME=value)."""
    given = service.get("environment") or {}
    if isinstance(given, dict):
        return {str(name) for name in given}
    return {str(item).split("=", 1)[0] for item in given}


def test_a_postgres_service_with_its_database_user_and_password() -> None:
    postgres = from_image("postgres")
    names = environment(postgres)
    if "env_file" not in postgres:
        assert {"POSTGRES_DB", "POSTGRES_USER"} <= names, f"PostgreSQL is given only {names}"
        assert names & {"POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"}, (
            "PostgreSQL has no password: its image refuses to start"
        )


def test_a_redis_service() -> None:
    from_image("redis")
