"""The API under /api/v1/ and its unversioned alias /api/: the same answers, request.version
"v1" on both, links in the form the client used, a schema per version, unknown versions
a 404, and not one query more."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from accounts.models import User
from bookings.models import Booking
from bookings.services import Stay, booking_create
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from listings.models import Listing
from rest_framework.test import APIClient
from tests.support import ClientFor

pytestmark = pytest.mark.task("extras.versioning")

PREFIXES = ("/api/", "/api/v1/")


@pytest.fixture
def booking(listing: Listing, guest: User) -> Booking:
    start = timezone.localdate() + timedelta(days=20)
    return booking_create(
        listing_id=listing.pk, guest=guest, stay=Stay(start, start + timedelta(days=2))
    )


def read_paths(listing: Listing, booking: Booking) -> list[str]:
    """Every GET endpoint, relative to the prefix."""
    return [
        "listings/",
        f"listings/{listing.pk}/",
        "listings/?location=lisbon&ordering=price_per_night",
        f"listings/{listing.pk}/reviews/",
        "bookings/",
        f"bookings/{booking.pk}/",
        "health/",
        "payments/verify/travel-unknown/",
        f"listings/{listing.pk}/nope/",
    ]


def test_every_read_answers_the_same_under_both_prefixes(
    client_for: ClientFor, guest: User, listing: Listing, booking: Booking
) -> None:
    client = client_for(guest)
    for path in read_paths(listing, booking):
        alias, versioned = (client.get(prefix + path) for prefix in PREFIXES)
        assert versioned.status_code == alias.status_code, path
        assert versioned.content == alias.content, path


@pytest.mark.parametrize("prefix", PREFIXES)
def test_request_version_is_v1_under_both_prefixes(
    client_for: ClientFor, guest: User, prefix: str
) -> None:
    response = client_for(guest).get(f"{prefix}bookings/")
    assert response.status_code == 200
    assert response.renderer_context["request"].version == "v1"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_whole_flow_works_under_each_prefix(prefix: str, listing: Listing) -> None:
    """Sign up, sign in, refresh, book, cancel, log out: each POST where the client sent
    it, with no redirect in between."""
    client = APIClient()
    email = f"gus-{prefix.strip('/').replace('/', '-')}@example.com"
    account = {"email": email, "password": "a-long-pass-phrase"}
    names = {"first_name": "Gus", "last_name": "Mola", "role": "guest"}
    assert client.post(f"{prefix}auth/register/", {**account, **names}).status_code == 201
    tokens = client.post(f"{prefix}token/", account).json()
    tokens = client.post(f"{prefix}token/refresh/", {"refresh": tokens["refresh"]}).json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    start = timezone.localdate() + timedelta(days=40)
    stay = {"start_date": start, "end_date": start + timedelta(days=3), "guests": 2}
    booking = {"listing": str(listing.pk), **stay}
    booked = client.post(f"{prefix}bookings/", booking)
    assert (booked.status_code, booked.json()["total_price"]) == (201, "360.00")
    assert client.post(f"{prefix}bookings/", booking).status_code == 409
    cancel = client.post(f"{prefix}bookings/{booked.json()['booking_id']}/cancel/")
    assert (cancel.status_code, cancel.json()["status"]) == (200, "canceled")
    assert client.post(f"{prefix}auth/logout/", {"refresh": tokens["refresh"]}).status_code == 200


@pytest.mark.parametrize("prefix", PREFIXES)
def test_links_keep_the_prefix_the_client_used(
    client_for: ClientFor, host: User, listing: Listing, prefix: str
) -> None:
    Listing.objects.bulk_create(
        Listing(host=host, title=f"Room {n}", description="d", location="Porto",
                price_per_night=Decimal("40"))
        for n in range(20)
    )  # fmt: skip
    client = client_for(host)
    root = client.get(prefix).json()
    assert root == {
        "listings": f"http://testserver{prefix}listings/",
        "bookings": f"http://testserver{prefix}bookings/",
    }
    assert client.get(f"{prefix}listings/").json()["next"] == (
        f"http://testserver{prefix}listings/?page=2"
    )


def schema_paths(url: str) -> list[str]:
    response = APIClient().get(url, {"format": "json"})
    assert response.status_code == 200
    return list(json.loads(response.content)["paths"])


def test_the_v1_schema_lists_v1_paths_only(db: None) -> None:
    paths = schema_paths("/api/v1/schema/")
    assert all(path.startswith("/api/v1/") for path in paths)
    for path in ("listings/", "bookings/{booking_id}/cancel/", "listings/{listing_id}/reviews/"):
        assert f"/api/v1/{path}" in paths
    # The unversioned schema is as before: each operation once, at its alias.
    assert schema_paths("/api/schema/") == [path.replace("/api/v1/", "/api/") for path in paths]


@pytest.mark.parametrize("page", ["docs/", "redoc/"])
def test_the_v1_docs_read_the_v1_schema(db: None, page: str) -> None:
    response = APIClient().get(f"/api/v1/{page}")
    assert response.status_code == 200
    assert '"/api/v1/schema/' in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v9/", "/api/v9/listings/", "/api/v2/bookings/"])
def test_an_unknown_version_is_a_json_404_naming_v1(
    client_for: ClientFor, guest: User, listing: Listing, path: str
) -> None:
    client = client_for(guest)
    response = client.post(path, {"listing": str(listing.pk)})
    assert response.status_code == 404
    assert "/api/v1/" in response.json()["detail"]
    assert client.get(path).status_code == 404
    assert not Booking.objects.exists()


def test_the_version_costs_no_query(
    client_for: ClientFor, host: User, listing: Listing, booking: Booking
) -> None:
    """Each list costs the same queries under /api/v1/ as under the alias (the budgets
    themselves are tests/test_api_budgets.py's)."""
    for client, path in [
        (client_for(None), "listings/"),
        (client_for(None), f"listings/{listing.pk}/reviews/"),
        (client_for(host), "bookings/"),
    ]:
        counts = []
        for prefix in PREFIXES:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(prefix + path).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1] > 0, path
