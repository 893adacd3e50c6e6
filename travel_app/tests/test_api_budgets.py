"""Every list costs the same number of queries for 2 rows as for 15."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from listings.models import Listing, Review
from tests.support import ClientFor, MakeUser

pytestmark = pytest.mark.task("api.budgets")


@pytest.fixture(params=[2, 15], ids=["2 rows", "15 rows"])
def rows(request: pytest.FixtureRequest, host: User, listing: Listing, make_user: MakeUser) -> int:
    count = int(request.param)
    for number in range(count):
        Listing.objects.create(
            host=host, title=f"L{number}", description="d", location="Kyoto", price_per_night=50
        )
        guest = make_user()
        start = date(2024, 1, 1) + timedelta(days=3 * number)
        Booking.objects.create(
            listing=listing,
            guest=guest,
            start_date=start,
            end_date=start + timedelta(days=2),
            total_price=240,
            status=Status.CONFIRMED,
        )
        Review.objects.create(listing=listing, author=guest, rating=4)
    return count


@pytest.mark.parametrize(
    ("who", "path", "budget"),
    [
        # count, page (hosts joined)
        ("anonymous", "/api/listings/", 2),
        # the listing, count, page (authors joined)
        ("anonymous", "reviews", 3),
        # the JWT's user, count, page (guests joined)
        ("host", "/api/bookings/", 3),
    ],
)
def test_list_budgets(
    client_for: ClientFor,
    host: User,
    listing: Listing,
    rows: int,
    who: str,
    path: str,
    budget: int,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(host if who == "host" else None)
    url = f"/api/listings/{listing.pk}/reviews/" if path == "reviews" else path
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] >= rows
