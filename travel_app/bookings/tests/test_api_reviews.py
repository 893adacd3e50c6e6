"""/api/listings/{listing_id}/reviews/: anyone reads; a guest who stayed writes once."""

from __future__ import annotations

from datetime import date

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from listings.models import Listing, Review
from tests.support import ClientFor

pytestmark = pytest.mark.task("api.reviews")


def url(listing: Listing) -> str:
    return f"/api/listings/{listing.pk}/reviews/"


def stayed(listing: Listing, guest: User) -> None:
    Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=date(2024, 5, 1),
        end_date=date(2024, 5, 3),
        total_price=240,
        status=Status.CONFIRMED,
    )


def test_a_guest_who_stayed_reviews_once(
    client_for: ClientFor, listing: Listing, guest: User
) -> None:
    stayed(listing, guest)
    client = client_for(guest)
    created = client.post(url(listing), {"rating": 5, "comment": "Lovely", "listing": "ignored"})
    assert created.status_code == 201, created.json()
    assert created.json()["author"]["user_id"] == str(guest.pk)
    again = client.post(url(listing), {"rating": 1})
    assert again.status_code == 400
    assert "already reviewed" in again.json()["listing"][0]
    listed = client_for(None).get(url(listing)).json()
    assert [r["comment"] for r in listed["results"]] == ["Lovely"]


def test_no_stay_no_review(client_for: ClientFor, listing: Listing, guest: User) -> None:
    response = client_for(guest).post(url(listing), {"rating": 4})
    assert response.status_code == 400
    assert "confirmed stay" in response.json()["listing"][0]


@pytest.mark.parametrize("rating", [0, 6, "five", 10**30, "NaN"])
def test_a_bad_rating_is_400(
    client_for: ClientFor, listing: Listing, guest: User, rating: object
) -> None:
    stayed(listing, guest)
    response = client_for(guest).post(url(listing), {"rating": rating})
    assert response.status_code == 400
    assert "rating" in response.json()


def test_a_comment_over_2000_characters_is_400(
    client_for: ClientFor, listing: Listing, guest: User
) -> None:
    stayed(listing, guest)
    response = client_for(guest).post(url(listing), {"rating": 5, "comment": "x" * 2001})
    assert response.status_code == 400
    assert "comment" in response.json()
    assert not Review.objects.exists()


def test_anonymous_is_401_and_an_unknown_listing_404(
    client_for: ClientFor, listing: Listing, guest: User
) -> None:
    assert client_for(None).post(url(listing), {"rating": 5}).status_code == 401
    assert (
        client_for(guest)
        .get("/api/listings/00000000-0000-0000-0000-000000000000/reviews/")
        .status_code
        == 404
    )
