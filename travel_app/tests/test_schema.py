"""OpenAPI 3 with no warning; Swagger UI and ReDoc served without a CDN; /swagger/ leads
there; schemathesis fuzzes every operation: no server error, and answers that match the
schema."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from accounts.models import User
from bookings.models import Booking, Status
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from listings.models import Listing
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

pytestmark = pytest.mark.task("api.schema")


def test_the_schema_validates_with_no_warning(db: None) -> None:
    out = io.StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out
    )
    for path in (
        "/api/listings/",
        "/api/bookings/{booking_id}/cancel/",
        "/api/listings/{listing_id}/reviews/",
    ):
        assert f'"{path}"' in out.getvalue()


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_use_no_cdn(db: None, page: str) -> None:
    response = APIClient().get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/schema/" in html
    assert "cdn." not in html
    assert "unpkg" not in html


def test_swagger_redirects_to_the_docs(db: None) -> None:
    response = APIClient().get("/swagger/")
    assert (response.status_code, response["Location"]) == (302, "/api/docs/")


@pytest.fixture
def keep_the_test_connection() -> Iterator[None]:
    """schemathesis calls the real WSGI handler, whose request_finished signal closes the
    database connection: inside the test's transaction that would lose it (MariaDB then
    answers "server has gone away"). Django's own test client unhooks it the same way."""
    hooks = (signals.request_started, signals.request_finished)
    for hook in hooks:
        hook.disconnect(close_old_connections)
    yield
    for hook in hooks:
        hook.connect(close_old_connections)


@pytest.fixture
def token(keep_the_test_connection: None, listing: Listing, guest: User) -> str:
    """A guest's token, with a listing and a booking of theirs to find."""
    Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date="2030-07-01",
        end_date="2030-07-03",
        total_price=240,
        status=Status.PENDING,
    )
    return str(AccessToken.for_user(guest))


# Positive data (what the schema allows) must be answered as the schema documents;
# negative data (what it forbids: wrong types, out-of-range numbers, missing fields) may
# be refused however the endpoint refuses, but never with a 5xx.
CHECKS = {
    GenerationMode.POSITIVE: [
        not_a_server_error,
        response_schema_conformance,
        content_type_conformance,
    ],
    GenerationMode.NEGATIVE: [not_a_server_error],
}


def accepts_input(operation: Any) -> bool:
    """Whether the operation takes any parameter or body, whose schema a request can break."""
    parts = ("path_parameters", "query", "headers", "cookies", "body")
    return any(len(getattr(operation, part)) for part in parts)


@pytest.mark.parametrize("mode", list(CHECKS), ids=str)
def test_every_operation_fuzzed_answers_within_its_schema(
    token: str, mode: GenerationMode
) -> None:
    """Generated requests with a guest's token, the same examples on every run. The
    schema is loaded here, not at import, so a broken app fails this test rather than
    the collection."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:
        if mode.is_negative and not accepts_input(operation):
            continue  # nothing to get wrong: no negative data exists (GET /api/health/)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=12,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_within_the_schema(case: schemathesis.Case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            case.validate_response(response, checks=CHECKS[mode])

        answers_within_the_schema()
