"""post_man-Collections/: the API's Postman collection. Read as data (no Node needed),
every request is an operation of the OpenAPI schema with test scripts of its own, and
the program's flows are all there; run by Newman against the API on a live server,
every request runs and no assertion fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from tests.postman import (
    MODULE,
    Collection,
    operation_of,
    run_newman,
    run_problems,
    schema_mismatches,
    scripts_of,
)

pytestmark = pytest.mark.task("api.postman")

COLLECTION = MODULE / "post_man-Collections" / "messaging_app.postman_collection.json"
# What the program asks the collection to test: signing in with JWT, starting and
# fetching conversations, sending and fetching messages.
PROGRAM_FLOWS = {
    ("POST", "/api/token/"),
    ("POST", "/api/conversations/"),
    ("GET", "/api/conversations/"),
    ("POST", "/api/conversations/{conversation_id}/messages/"),
    ("GET", "/api/conversations/{conversation_id}/messages/"),
}
# The collection's error shapes, which the schema leaves to DRF.
ERROR_SHAPES = {"Detail", "FieldErrors"}


@pytest.fixture(scope="module")
def collection() -> Collection:
    return Collection(COLLECTION)


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_request_is_an_operation_of_the_schema(
    collection: Collection, openapi: dict[str, Any]
) -> None:
    strays = [
        f"{target.name}: {target.method} {target.path}"
        for target in collection.targets()
        if operation_of(openapi, target.method, target.path) is None
    ]
    assert not strays, f"requests the API has no operation for: {strays}"


def test_every_url_starts_with_a_variable_for_the_server(collection: Collection) -> None:
    """Newman is given the live server's address under that variable's name."""
    fixed = [
        f"{target.name}: {target.origin or 'no server'}"
        for target in collection.targets()
        if target.server is None
    ]
    assert not fixed, f"requests whose server is not a variable ({{{{baseUrl}}}}): {fixed}"


def test_every_request_has_test_scripts(collection: Collection) -> None:
    untested = [
        item["name"] for item in collection.requests() if "pm.test(" not in scripts_of(item)
    ]
    assert not untested, f"requests with no pm.test: {untested}"


def test_the_programs_flows_are_all_there(collection: Collection, openapi: dict[str, Any]) -> None:
    covered = {
        (target.method, operation_of(openapi, target.method, target.path))
        for target in collection.targets()
    }
    assert covered >= PROGRAM_FLOWS, f"no request for {sorted(PROGRAM_FLOWS - covered)}"


def test_its_json_schemas_are_the_apis(collection: Collection, openapi: dict[str, Any]) -> None:
    """The shapes the requests check (the `schemas` variable, named after the schema's
    components) hold only fields the API's components have."""
    mismatches = schema_mismatches(collection, openapi, ERROR_SHAPES)
    assert not mismatches, mismatches


def test_newman_runs_the_collection_green(
    live_server: Any, collection: Collection, tmp_path: Path
) -> None:
    servers = {target.server for target in collection.targets() if target.server}
    run, output = run_newman(
        collection, dict.fromkeys(servers, live_server.url), tmp_path / "newman.json"
    )

    problems = run_problems(run, collection)
    assert not problems, "\n".join([*problems, output])
    codes = {e["response"]["code"] for e in run["executions"]}
    assert codes >= {200, 201, 401}, f"the run saw only {sorted(codes)}: no refusal tested"
