"""/api/bookings/: book, list, cancel; 409 for taken nights; nobody sees another's booking."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from accounts.models import Role, User
from bookings.models import Booking, Status
from django.utils import timezone
from listings.models import Listing
from tests.support import ClientFor, MakeUser

pytestmark = pytest.mark.task("api.bookings")
BOOKINGS = "/api/bookings/"


def nights(start_in_days: int, count: int) -> dict[str, str]:
    start = timezone.localdate() + timedelta(days=start_in_days)
    return {
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=count)).isoformat(),
    }


def ask(client: Any, listing: Listing, /, **extra: Any) -> Any:
    return client.post(
        BOOKINGS, {"listing": str(listing.pk), **nights(5, 2), "guests": 2, **extra}
    )


def test_a_guest_books_at_the_server_price(
    client_for: ClientFor, listing: Listing, guest: User, make_user: MakeUser
) -> None:
    other = make_user()
    response = ask(
        client_for(guest), listing, status="confirmed", total_price="1.00", guest=str(other.pk)
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["total_price"], body["guest"]["user_id"]) == (
        "pending",
        "240.00",
        str(guest.pk),
    )


def test_taken_nights_are_409_naming_the_field(
    client_for: ClientFor, listing: Listing, guest: User, make_user: MakeUser
) -> None:
    ask(client_for(guest), listing)
    response = ask(client_for(make_user()), listing)
    assert response.status_code == 409
    assert response.json() == {"start_date": ["These nights are already booked."]}
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": "tomorrow"}, "start_date"),
        ({"guests": 9}, "guests"),
        ({"guests": "two"}, "guests"),
        ({"listing": "not-a-uuid"}, "listing"),
        ({"listing": "00000000-0000-0000-0000-000000000000"}, "listing"),
        (nights(-3, 2), "start_date"),
        (nights(3, 0), "end_date"),
        (nights(600, 2), "start_date"),  # beyond the horizon: 18 months ahead
        ({"start_date": "9999-12-30", "end_date": "9999-12-31"}, "start_date"),
        ({"start_date": "0001-01-01", "end_date": "0001-01-02"}, "start_date"),
        ({"start_date": "0001-01-01T00:00:00+14:00"}, "start_date"),
        ({"end_date": "9999-12-31T23:59:59-14:00"}, "end_date"),
        ({"guests": 10**30}, "guests"),
        ({"guests": "NaN"}, "guests"),
        ({"listing": "1" * 40}, "listing"),  # an id over 64 bits, and not ours anyway
    ],
)
def test_bad_requests_are_400_naming_the_field(
    client_for: ClientFor, listing: Listing, guest: User, changes: dict[str, Any], field: str
) -> None:
    response = ask(client_for(guest), listing, **changes)
    assert response.status_code == 400
    assert field in response.json()
    assert not Booking.objects.exists()


def test_each_sees_their_own(
    client_for: ClientFor, listing: Listing, guest: User, host: User, make_user: MakeUser
) -> None:
    booking_id = ask(client_for(guest), listing).json()["booking_id"]
    assert [b["booking_id"] for b in client_for(guest).get(BOOKINGS).json()["results"]] == [
        booking_id
    ]
    assert [b["booking_id"] for b in client_for(host).get(BOOKINGS).json()["results"]] == [
        booking_id
    ]
    stranger = client_for(make_user())
    assert stranger.get(BOOKINGS).json()["count"] == 0
    assert stranger.get(f"{BOOKINGS}{booking_id}/").status_code == 404
    assert stranger.post(f"{BOOKINGS}{booking_id}/cancel/").status_code == 404
    assert client_for(make_user(Role.HOST)).get(f"{BOOKINGS}{booking_id}/").status_code == 404
    assert client_for(None).get(BOOKINGS).status_code == 401


def test_cancel_then_never_again(
    client_for: ClientFor, listing: Listing, guest: User, host: User
) -> None:
    booking_id = ask(client_for(guest), listing).json()["booking_id"]
    canceled = client_for(host).post(f"{BOOKINGS}{booking_id}/cancel/")
    assert (canceled.status_code, canceled.json()["status"]) == (200, "canceled")
    again = client_for(guest).post(f"{BOOKINGS}{booking_id}/cancel/")
    assert again.status_code == 409
    assert "status" in again.json()
    assert Booking.objects.get().status == Status.CANCELED


def test_a_stay_that_has_begun_cannot_be_canceled_by_its_guest_or_host(
    client_for: ClientFor, listing: Listing, guest: User, host: User, make_user: MakeUser
) -> None:
    """The service's rule (bookings.services.cancel_refusal), which the web page follows."""
    today = timezone.localdate()
    begun = Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=today,
        end_date=today + timedelta(days=2),
        total_price=240,
        status=Status.CONFIRMED,
    )
    for who in (guest, host):
        refused = client_for(who).post(f"{BOOKINGS}{begun.pk}/cancel/")
        assert refused.status_code == 409
        assert refused.json() == {
            "start_date": ["This stay has begun: it can no longer be canceled."]
        }
    begun.refresh_from_db()
    assert begun.status == Status.CONFIRMED
    admin = client_for(make_user(Role.ADMIN))
    assert admin.post(f"{BOOKINGS}{begun.pk}/cancel/").json()["status"] == "canceled"
