"""HealthProbeMiddleware: GET /api/health/ says whether the database answers, at any hour,
by any Host, and leaves no line in the request log (the container's probe)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

import pytest
from chats.middleware import health
from django.conf import LazySettings
from django.db import OperationalError
from django.test import Client
from tests.contract import clock_at

pytestmark = pytest.mark.task("app.project")


class UnreachableDatabase:
    def cursor(self) -> NoReturn:
        raise OperationalError(2005, "Unknown server host 'mariadb'")


def test_ok_while_the_database_answers(client: Client, db: None) -> None:
    response = client.get("/api/health/")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_503_while_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "connection", UnreachableDatabase())
    response = client.get("/api/health/")
    assert response.status_code == 503
    assert response.json() == {"error": "the database does not answer"}


def test_answers_outside_the_hours_by_the_containers_address_unlogged(
    client: Client,
    db: None,
    settings: LazySettings,
    request_log: Callable[[], list[str]],
) -> None:
    settings.ACCESS_HOURS = ("18:00", "21:00")
    settings.ACCESS_TIME_ZONE = "UTC"
    settings.ALLOWED_HOSTS = ["testserver"]  # the test client's own, not the address
    by_the_containers_address = {"HTTP_HOST": "172.18.0.5:8000"}

    with clock_at("2026-12-07T09:30:00"):
        assert client.get("/api/messages/").status_code == 403  # the chat is closed
        response = client.get("/api/health/", **by_the_containers_address)

    assert response.status_code == 200
    assert [line for line in request_log() if "/api/health/" in line] == []


def test_other_methods_go_down_the_stack(client: Client, db: None) -> None:
    assert client.post("/api/health/").status_code == 404
