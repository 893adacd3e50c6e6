"""The admin: a list for every model with filters and search; bookings read-only but for
canceling, through the same service as the API."""

from __future__ import annotations

from datetime import date

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from django.test import Client
from listings.models import Listing, Review

pytestmark = pytest.mark.task("models.admin")


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.com", "x", first_name="R"))
    return client


@pytest.fixture
def booking(listing: Listing, guest: User) -> Booking:
    Review.objects.create(listing=listing, author=guest, rating=5, comment="Quiet and bright")
    return Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=date(2030, 7, 1),
        end_date=date(2030, 7, 4),
        total_price=360,
    )


@pytest.mark.parametrize(
    ("page", "query", "shows"),
    [
        ("accounts/user", "?q=guest-&role__exact=guest", "guest-"),
        ("listings/listing", "?q=Lisbon&max_guests=3", "Loft in Lisbon"),
        ("listings/review", "?q=quiet&rating__exact=5", "Loft in Lisbon"),
        ("bookings/booking", "?q=Lisbon&status__exact=pending", "Loft in Lisbon"),
    ],
)
def test_every_list_filters_and_searches(
    admin_client: Client, booking: Booking, page: str, query: str, shows: str
) -> None:
    response = admin_client.get(f"/admin/{page}/{query}")
    assert response.status_code == 200
    assert shows in response.content.decode()
    nothing = admin_client.get(f"/admin/{page}/?q=no-such-thing-anywhere")
    assert shows not in nothing.content.decode()


@pytest.mark.parametrize(
    "page",
    [
        "accounts/user",
        "listings/listing",
        "listings/review",
        "bookings/booking",
        "payments/payment",
        "payments/webhookevent",
        "notifications/sentemail",
        "auth/group",  # the installed apps' pages too
        "token_blacklist/outstandingtoken",
        "token_blacklist/blacklistedtoken",
    ],
)
def test_a_search_of_1500_words_searches_its_first_100_characters(
    admin_client: Client, booking: Booking, page: str
) -> None:
    """Each word is one more condition: 1,500 of them were a 500 on SQLite."""
    response = admin_client.get(f"/admin/{page}/", {"q": " ".join(["lisbon"] * 1500)})
    assert response.status_code == 200
    assert "Searched for the first 100 characters only." in response.content.decode()


@pytest.mark.parametrize("page", ["outstandingtoken", "blacklistedtoken"])
def test_the_token_pages_search_by_email(admin_client: Client, guest: User, page: str) -> None:
    """simplejwt's pages searched a user field this model has not: every search was a 500."""
    pair = Client().post("/api/token/", {"email": guest.email, "password": "a-pass-phrase"})
    Client().post("/api/auth/logout/", {"refresh": pair.json()["refresh"]})

    found = admin_client.get(f"/admin/token_blacklist/{page}/", {"q": guest.email})
    nothing = admin_client.get(f"/admin/token_blacklist/{page}/", {"q": "nobody@example.com"})

    assert (found.status_code, nothing.status_code) == (200, 200)
    assert guest.email in found.content.decode()
    assert guest.email not in nothing.content.decode()


def test_bookings_cannot_be_edited_here(admin_client: Client, booking: Booking) -> None:
    url = f"/admin/bookings/booking/{booking.pk}/change/"
    assert 'type="submit" value="Save"' not in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"start_date": "2030-07-02", "status": "confirmed"})
    assert response.status_code == 403
    booking.refresh_from_db()
    assert (booking.start_date, booking.status) == (date(2030, 7, 1), Status.PENDING)


def test_the_cancel_action_uses_the_booking_rules(admin_client: Client, booking: Booking) -> None:
    act = {"action": "cancel", "_selected_action": [str(booking.pk)]}
    admin_client.post("/admin/bookings/booking/", act)
    booking.refresh_from_db()
    assert booking.status == Status.CANCELED
    again = admin_client.post("/admin/bookings/booking/", act, follow=True)
    assert "already canceled" in again.content.decode()
