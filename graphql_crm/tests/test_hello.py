"""The program's first checkpoint: `{ hello }` answers "Hello, GraphQL!" at /graphql."""

from __future__ import annotations

import pytest
from tests.conftest import Run

pytestmark = pytest.mark.task("graphql.hello")
HELLO = "{ hello }"


def test_hello(run: Run) -> None:
    assert run(HELLO) == {"data": {"hello": "Hello, GraphQL!"}}


def test_hello_over_http(over_http: Run) -> None:
    assert over_http(HELLO) == {"data": {"hello": "Hello, GraphQL!"}}


def test_hello_at_graphql_with_a_slash_too(live_server: object) -> None:
    """/graphql/ answers like /graphql: the program's clients use either."""
    import json
    import urllib.request

    body = json.dumps({"query": HELLO}).encode()
    request = urllib.request.Request(
        f"{live_server.url}/graphql/",  # type: ignore[attr-defined]
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response) == {"data": {"hello": "Hello, GraphQL!"}}
