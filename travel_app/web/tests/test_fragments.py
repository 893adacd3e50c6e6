"""The web pages' cached fragments (web/templatetags/fragments.py): a warm page makes fewer
queries, and every write that changes what a fragment shows shows at once, through the
invalidation the API's cached pages use (listings/cache.py). Each test runs on the
embedded local-memory cache and, with REDIS_URL, on Redis."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from bookings.services import Stay, booking_create, review_create
from config.env import cache_from_url
from django.conf import LazySettings
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from listings.models import Listing

pytestmark = pytest.mark.task("extras.fragments")

Read = Callable[[str], tuple[str, int]]


@pytest.fixture(
    params=["locmem", pytest.param("redis", marks=pytest.mark.services("redis"))],
    autouse=True,
)
def backend(request: pytest.FixtureRequest, settings: LazySettings) -> str:
    """The cache the fragments live in, under a key prefix of the test's own."""
    url = os.environ["REDIS_URL"] if request.param == "redis" else None
    settings.CACHES = {"default": {**cache_from_url(url), "KEY_PREFIX": uuid.uuid4().hex}}
    return str(request.param)


@pytest.fixture
def read(db: None) -> Read:
    """read(url): an anonymous reader's page and the queries it took."""
    client = Client()

    def get(url: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return response.content.decode(), len(queries)

    return get


def page(listing: Listing) -> str:
    return f"/listings/{listing.pk}/"


def stayed(listing: Listing, guest: User) -> None:
    """A confirmed stay of `guest` that ended yesterday: they may review."""
    end = timezone.localdate() - timedelta(days=1)
    Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=end - timedelta(days=2),
        end_date=end,
        total_price=Decimal("240.00"),
        status=Status.CONFIRMED,
    )


def test_a_warm_search_makes_no_query_and_the_same_page(read: Read, listing: Listing) -> None:
    cold, cold_queries = read("/?location=lisbon")
    warm, warm_queries = read("/?location=lisbon")
    assert (warm, warm_queries) == (cold, 0)
    assert cold_queries == 2  # the count and the page
    assert "Loft in Lisbon" in warm


def test_a_warm_listing_page_asks_only_for_the_listing(
    read: Read, listing: Listing, guest: User
) -> None:
    stayed(listing, guest)
    review_create(listing=listing, author=guest, rating=5, comment="Quiet and bright.")
    cold, cold_queries = read(page(listing))
    warm, warm_queries = read(page(listing))
    assert (warm, cold_queries, warm_queries) == (cold, 3, 1)  # reviews: rating, list
    assert "Quiet and bright." in warm


def test_listing_edits_and_deletes_show_at_once(read: Read, listing: Listing) -> None:
    read("/"), read(page(listing))
    listing.title, listing.price_per_night = "Loft by the Tagus", Decimal("95.00")
    listing.save()
    assert "Loft by the Tagus" in read("/")[0]
    assert "95.00" in read(page(listing))[0]
    listing.delete()
    assert "Loft by the Tagus" not in read("/")[0]
    assert Client().get(page(listing)).status_code == 404


def test_a_new_review_shows_at_once(read: Read, listing: Listing, guest: User) -> None:
    stayed(listing, guest)
    assert "No reviews yet." in read(page(listing))[0]
    review_create(listing=listing, author=guest, rating=4, comment="Lovely terrace.")
    html = read(page(listing))[0]
    assert "Lovely terrace." in html
    assert "4.0 out of 5, from 1 review." in html


def test_a_booking_changes_the_availability_search_at_once(
    read: Read, listing: Listing, guest: User
) -> None:
    start = timezone.localdate() + timedelta(days=30)
    search = f"/?check_in={start}&check_out={start + timedelta(days=2)}"
    assert "Loft in Lisbon" in read(search)[0]
    booking_create(listing_id=listing.pk, guest=guest, stay=Stay(start, start + timedelta(days=2)))
    assert "Loft in Lisbon" not in read(search)[0]


def test_a_hosts_new_name_shows_but_a_sign_in_drops_nothing(
    read: Read, listing: Listing, host: User
) -> None:
    read("/")
    host.last_login = timezone.now()
    host.save(update_fields=["last_login"])  # what a sign-in writes
    assert read("/")[1] == 0
    host.first_name = "Hana"
    host.save()
    html, queries = read("/")
    assert "hosted by Hana" in html
    assert queries == 2


def test_pages_answer_from_the_database_while_redis_is_down(
    settings: LazySettings, read: Read, listing: Listing
) -> None:
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:1/0")}  # nothing listens
    for _ in range(2):
        html, queries = read("/")
        assert ("Loft in Lisbon" in html, queries) == (True, 2)  # built every time, not kept


@pytest.mark.parametrize(
    "tag", ["{% fragment %}", "{% fragment name %}", "{% fragment 'name\" x %}"]
)
def test_a_fragment_needs_a_quoted_name(tag: str, backend: Any) -> None:
    with pytest.raises(TemplateSyntaxError, match="quoted name"):
        Template("{% load fragments %}" + tag + "{% endfragment %}").render(Context())
