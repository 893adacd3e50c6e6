"""Redis is optional: with the cache unreachable (a closed port) every page still answers,
a write is answered once it committed, the throttles let requests through, and the health
probe reports the cache apart from the database. Back on the real Redis, no page is stale."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from accounts.models import User
from bookings.models import Booking
from config.env import cache_from_url
from django.conf import LazySettings
from django.utils import timezone
from listings.models import Listing
from rest_framework.test import APIClient
from tests.support import ClientFor

LISTINGS = "/api/listings/"
# Nothing listens on port 1: every connection is refused at once.
CLOSED_PORT = "redis://127.0.0.1:1/0"
NEW_LISTING = {
    "title": "Attic",
    "description": "d",
    "location": "Porto",
    "price_per_night": "50.00",
    "max_guests": 2,
}


def redis_down(settings: LazySettings) -> None:
    """The cache as REDIS_URL would make it, on a Redis that is not there (Django opens
    a fresh connection on the next use)."""
    settings.CACHES = {"default": cache_from_url(CLOSED_PORT)}


def titles(client: APIClient) -> list[str]:
    response = client.get(LISTINGS)
    assert response.status_code == 200
    return sorted(row["title"] for row in response.json()["results"])


@pytest.mark.task("cache.listings")
def test_listing_pages_answer_from_the_database_with_the_cache_down(
    settings: LazySettings, listing: Listing
) -> None:
    redis_down(settings)
    reader = APIClient()

    assert titles(reader) == ["Loft in Lisbon"]
    detail = reader.get(f"{LISTINGS}{listing.pk}/")
    assert (detail.status_code, detail.json()["title"]) == (200, "Loft in Lisbon")


@pytest.mark.task("cache.listings")
def test_a_listing_written_with_the_cache_down_is_answered_once(
    settings: LazySettings, client_for: ClientFor, listing: Listing, host: User
) -> None:
    redis_down(settings)
    owner = client_for(host)

    created = owner.post(LISTINGS, NEW_LISTING)

    assert created.status_code == 201
    assert Listing.objects.filter(title="Attic").count() == 1
    assert titles(APIClient()) == ["Attic", "Loft in Lisbon"]


@pytest.mark.services("redis")
@pytest.mark.task("cache.listings")
def test_no_page_is_stale_when_redis_comes_back(
    settings: LazySettings, client_for: ClientFor, listing: Listing, host: User
) -> None:
    real_cache, reader = settings.CACHES, APIClient()
    assert titles(reader) == ["Loft in Lisbon"]  # cached in the real Redis

    redis_down(settings)  # the write cannot drop the cached page...
    assert client_for(host).post(LISTINGS, NEW_LISTING).status_code == 201
    settings.CACHES = real_cache  # ...which Redis still holds when it is back

    assert titles(reader) == ["Attic", "Loft in Lisbon"]


@pytest.mark.task("security.throttling")
def test_sign_in_and_booking_let_through_with_the_cache_down(
    settings: LazySettings,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    redis_down(settings)
    start = timezone.localdate() + timedelta(days=5)

    token = APIClient().post("/api/token/", {"email": guest.email, "password": "a-pass-phrase"})
    booked = client_for(guest).post(
        "/api/bookings/",
        {
            "listing": str(listing.pk),
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=2)).isoformat(),
            "guests": 2,
        },
    )

    assert (token.status_code, sorted(token.json())) == (200, ["access", "refresh"])
    assert booked.status_code == 201
    assert Booking.objects.count() == 1
    warnings = [r.getMessage() for r in caplog.records if r.name == "config.cache"]
    assert "throttle bookings: the cache does not answer, request let through" in warnings


def health(settings: LazySettings, **changes: Any) -> tuple[int, dict[str, str]]:
    for name, value in changes.items():
        setattr(settings, name, value)
    response = APIClient().get("/api/health/")
    return response.status_code, response.json()


@pytest.mark.task("deploy.health")
def test_health_is_degraded_not_down_without_the_cache(settings: LazySettings, db: None) -> None:
    redis_down(settings)

    assert health(settings) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "unavailable", "broker": "ok"},
    )


@pytest.mark.task("deploy.health")
def test_health_is_degraded_not_down_without_the_broker(settings: LazySettings, db: None) -> None:
    closed = "amqp://guest:guest@127.0.0.1:1//"

    assert health(settings, CELERY_BROKER_URL=closed) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "ok", "broker": "unavailable"},
    )
