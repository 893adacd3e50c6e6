"""post_man-Collections/: booking and paying as a Postman collection. Read as data (no
Node needed), every request to the API is an operation of the OpenAPI schema of the
version its `apiPrefix` names, with test scripts of its own; run by Newman against the
API on a live server, the fake Chapa as the payment service, every request runs, no
assertion fails, and the booking is paid."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bookings.models import Booking, Status
from django.test import Client
from payments.models import Payment, PaymentStatus
from tests.postman import (
    MODULE,
    Collection,
    Target,
    operation_of,
    run_newman,
    run_problems,
    schema_mismatches,
    scripts_of,
)

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa

pytestmark = pytest.mark.task("extras.postman")

COLLECTION = MODULE / "post_man-Collections" / "travel_app.postman_collection.json"
# The flow, below the API's prefix: sign in, find a place, book it, pay, see it confirmed.
FLOW = {
    ("POST", "/token/"),
    ("GET", "/listings/"),
    ("POST", "/bookings/"),
    ("POST", "/payments/initiate/"),
    ("GET", "/payments/verify/{tx_ref}/"),
    ("GET", "/bookings/{booking_id}/"),
}
# The API's server, the variable Newman is given the live server's address in.
API = "baseUrl"
# The one request off the API: the guest's click on the checkout link the API answered.
CHECKOUT = "checkoutUrl"
# The collection's error shapes, which the schema leaves to DRF.
ERROR_SHAPES = {"FieldErrors"}


@pytest.fixture(scope="module")
def collection() -> Collection:
    return Collection(COLLECTION)


@pytest.fixture
def openapi(collection: Collection, client: Client) -> dict[str, Any]:
    prefix = collection.variables.get("apiPrefix", "api")
    answer = client.get(f"/{prefix}/schema/", {"format": "json"})
    assert answer.status_code == 200, f"no schema at /{prefix}/schema/"
    return answer.json()


def api_requests(collection: Collection) -> list[Target]:
    """Each request to the API (its server is baseUrl)."""
    return [target for target in collection.targets() if target.server == API]


def test_every_api_request_is_an_operation_of_the_schema(
    collection: Collection, openapi: dict[str, Any]
) -> None:
    requests = api_requests(collection)
    strays = [
        f"{target.name}: {target.method} {target.path}"
        for target in requests
        if operation_of(openapi, target.method, target.path) is None
    ]
    assert requests, "the collection has no request to {{baseUrl}}"
    assert not strays, f"requests the API has no operation for: {strays}"


def test_the_other_requests_go_to_the_checkout_the_api_answered(collection: Collection) -> None:
    strays = {
        target.origin or "no server"
        for target in collection.targets()
        if target.server not in {API, CHECKOUT}
    }
    assert not strays, f"requests to {sorted(strays)}"


def test_every_request_has_test_scripts(collection: Collection) -> None:
    untested = [
        item["name"] for item in collection.requests() if "pm.test(" not in scripts_of(item)
    ]
    assert not untested, f"requests with no pm.test: {untested}"


def test_the_booking_and_payment_flow_is_all_there(
    collection: Collection, openapi: dict[str, Any]
) -> None:
    prefix = "/" + collection.variables.get("apiPrefix", "api")
    covered = {
        (target.method, operation_of(openapi, target.method, target.path))
        for target in api_requests(collection)
    }
    expected = {(method, prefix + path) for method, path in FLOW}
    assert covered >= expected, f"no request for {sorted(expected - covered)}"


def test_its_json_schemas_are_the_apis(collection: Collection, openapi: dict[str, Any]) -> None:
    """The shapes the requests check (the `schemas` variable, named after the schema's
    components) hold only fields the API's components have."""
    mismatches = schema_mismatches(collection, openapi, ERROR_SHAPES)
    assert not mismatches, mismatches


def test_newman_runs_the_collection_green(
    live_server: Any, fake_chapa: FakeChapa, collection: Collection, tmp_path: Path
) -> None:
    run, output = run_newman(collection, {API: live_server.url}, tmp_path / "newman.json")

    problems = run_problems(run, collection)
    assert not problems, "\n".join([*problems, output])
    codes = {e["response"]["code"] for e in run["executions"]}
    assert codes >= {201, 401, 404}, f"the run saw only {sorted(codes)}: no refusal tested"
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.COMPLETED
    assert Booking.objects.get(pk=payment.booking_id).status == Status.CONFIRMED
