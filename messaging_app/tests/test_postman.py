"""post_man-Collections/: the API's Postman collection. Read as data (no Node needed),
every request is an operation of the OpenAPI schema with test scripts of its own, and
the program's flows are all there; run by Newman against the API on a live server,
every request runs and no assertion fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from tests.postman import (
    MODULE,
    load_collection,
    method_and_path,
    operation_of,
    requests_in,
    run_newman,
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
def openapi() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def requests() -> list[dict[str, Any]]:
    return list(requests_in(load_collection(COLLECTION)["item"]))


def test_every_request_is_an_operation_of_the_schema(openapi: dict[str, Any]) -> None:
    strays = [
        f"{item['name']}: {method} {path}"
        for item in requests()
        for method, path in [method_and_path(item)]
        if operation_of(openapi, method, path) is None
    ]
    assert not strays, f"requests the API has no operation for: {strays}"


def test_every_request_has_test_scripts() -> None:
    untested = [item["name"] for item in requests() if "pm.test(" not in scripts_of(item)]
    assert not untested, f"requests with no pm.test: {untested}"


def test_the_programs_flows_are_all_there(openapi: dict[str, Any]) -> None:
    covered = {
        (method, operation_of(openapi, method, path))
        for method, path in map(method_and_path, requests())
    }
    assert covered >= PROGRAM_FLOWS, f"no request for {sorted(PROGRAM_FLOWS - covered)}"


def test_its_json_schemas_are_the_apis(openapi: dict[str, Any]) -> None:
    """The shapes the requests check (the `schemas` variable, named after the schema's
    components) hold only fields the API's components have."""
    variables = {v["key"]: v["value"] for v in load_collection(COLLECTION).get("variable", [])}
    definitions = json.loads(variables.get("schemas", '{"definitions": {}}'))["definitions"]
    components = openapi["components"]["schemas"]
    for name, definition in definitions.items():
        if name in ERROR_SHAPES:
            continue
        assert name in components, f"{name} is not a component of the schema"
        fields = set(definition.get("properties", {}))
        assert fields <= set(components[name]["properties"]), name
        assert set(definition.get("required", [])) <= fields, name


def test_newman_runs_the_collection_green(live_server: Any, tmp_path: Path) -> None:
    run, output = run_newman(COLLECTION, live_server.url, tmp_path / "newman.json")

    executions = run["executions"]
    not_run = {item["name"] for item in requests()} - {e["item"]["name"] for e in executions}
    assert not not_run, f"requests that never ran: {sorted(not_run)}\n{output}"
    assert run["stats"]["requests"]["failed"] == 0, output
    assert run["stats"]["assertions"]["failed"] == 0, output
    assert not run["failures"], output
    assert all(e.get("assertions") for e in executions), f"a request asserted nothing\n{output}"
    codes = {e["response"]["code"] for e in executions}
    assert codes >= {200, 201, 401}, f"the run saw only {sorted(codes)}: no refusal tested"
