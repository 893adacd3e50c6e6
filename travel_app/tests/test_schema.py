"""OpenAPI 3 with no warning; Swagger UI and ReDoc served without a CDN; /swagger/ leads there."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

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
