"""GET /api/health/, the container's probe: 200 while the database answers, 503 when it
does not, answered whatever Host the probe sends (config/health.py)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.task("deploy.docker")

# The container's address on its network: in no ALLOWED_HOSTS.
PROBE = Client(HTTP_HOST="172.18.0.5:8000")


class UnreachableDatabase:
    def cursor(self) -> None:
        raise OperationalError("(2005, \"Unknown server host 'mariadb'\")")


def test_healthy_while_the_database_answers(db: None) -> None:
    response = PROBE.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_unavailable_without_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("config.health.connection", UnreachableDatabase())
    response = PROBE.get("/api/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def test_only_get_and_head(db: None) -> None:
    assert PROBE.head("/api/health/").status_code == 200
    assert PROBE.post("/api/health/").status_code == 405


def test_other_paths_still_check_the_host(db: None) -> None:
    assert PROBE.get("/graphql?query=%7Bhello%7D").status_code == 400
