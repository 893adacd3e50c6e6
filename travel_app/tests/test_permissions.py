"""The permission matrix: every endpoint, asked by each kind of caller. A refusal writes
nothing; someone else's booking or listing is a 404 (its existence is not leaked)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from accounts.models import Role, User
from bookings.models import Booking, Status
from django.utils import timezone
from listings.models import Listing, Review
from tests.support import ClientFor, MakeUser

pytestmark = pytest.mark.task("security.permissions")

ACTORS = ("anonymous", "guest", "other_guest", "host", "other_host", "admin")


@dataclass
class World:
    users: dict[str, User | None]
    listing: Listing
    booking: Booking  # the guest's upcoming stay at the host's listing


@pytest.fixture
def world(make_user: MakeUser, host: User, guest: User, listing: Listing) -> World:
    users: dict[str, User | None] = {
        "anonymous": None,
        "guest": guest,
        "other_guest": make_user(Role.GUEST),
        "host": host,
        "other_host": make_user(Role.HOST),
        "admin": make_user(Role.ADMIN),
    }
    today = timezone.localdate()
    past, upcoming = (
        Booking(
            listing=listing,
            guest=guest,
            start_date=start,
            end_date=start + timedelta(days=2),
            total_price=240,
            status=status,
        )
        for start, status in (
            (date(2024, 5, 1), Status.CONFIRMED),  # a stay that makes the guest a reviewer
            (today + timedelta(days=10), Status.PENDING),
        )
    )
    Booking.objects.bulk_create([past, upcoming])
    return World(users, listing, upcoming)


def free_nights() -> dict[str, str]:
    start = timezone.localdate() + timedelta(days=40)
    return {"start_date": str(start), "end_date": str(start + timedelta(days=3))}


Request = Callable[[World], tuple[str, str, dict[str, Any]]]
NEW_LISTING = {
    "title": "Cabin",
    "description": "Woods",
    "location": "Tbilisi",
    "price_per_night": "80.00",
    "max_guests": 2,
}

# What each endpoint answers each caller, in the order of ACTORS.
MATRIX: dict[str, tuple[Request, tuple[int, ...]]] = {
    "list listings": (lambda w: ("get", "/api/listings/", {}), (200,) * 6),
    "read a listing": (lambda w: ("get", f"/api/listings/{w.listing.pk}/", {}), (200,) * 6),
    "create a listing": (
        lambda w: ("post", "/api/listings/", NEW_LISTING),
        (401, 403, 403, 201, 201, 201),
    ),
    "change a listing": (
        lambda w: ("patch", f"/api/listings/{w.listing.pk}/", {"title": "Renamed"}),
        (401, 403, 403, 200, 404, 200),
    ),
    "delete a listing": (
        lambda w: ("delete", f"/api/listings/{w.listing.pk}/", {}),
        (401, 403, 403, 204, 404, 204),
    ),
    "read reviews": (
        lambda w: ("get", f"/api/listings/{w.listing.pk}/reviews/", {}),
        (200,) * 6,
    ),
    "write a review": (
        lambda w: ("post", f"/api/listings/{w.listing.pk}/reviews/", {"rating": 5}),
        (401, 201, 400, 400, 400, 400),  # only a guest who stayed
    ),
    "list bookings": (lambda w: ("get", "/api/bookings/", {}), (401,) + (200,) * 5),
    "read a booking": (
        lambda w: ("get", f"/api/bookings/{w.booking.pk}/", {}),
        (401, 200, 404, 200, 404, 200),
    ),
    "book": (
        lambda w: ("post", "/api/bookings/", {"listing": str(w.listing.pk), **free_nights()}),
        (401, 201, 201, 400, 201, 201),  # a host cannot book their own listing
    ),
    "cancel a booking": (
        lambda w: ("post", f"/api/bookings/{w.booking.pk}/cancel/", {}),
        (401, 200, 404, 200, 404, 200),
    ),
    "sign up": (
        lambda w: (
            "post",
            "/api/auth/register/",
            {
                "email": "new@example.com",
                "password": "a-long-pass-phrase-2026",
                "first_name": "N",
                "last_name": "W",
                "role": "guest",
            },
        ),
        (201,) * 6,
    ),
}
CASES = [
    pytest.param(name, actor, expected[index], id=f"{name}-{actor}")
    for name, (_, expected) in MATRIX.items()
    for index, actor in enumerate(ACTORS)
]


def snapshot() -> tuple[Any, ...]:
    """Everything a request could have changed."""
    return (
        list(Listing.objects.values_list("pk", "title").order_by("pk")),
        list(Booking.objects.values_list("pk", "status").order_by("pk")),
        Review.objects.count(),
        User.objects.count(),
    )


@pytest.mark.parametrize(("endpoint", "actor", "expected"), CASES)
def test_the_matrix(
    client_for: ClientFor, world: World, endpoint: str, actor: str, expected: int
) -> None:
    method, url, body = MATRIX[endpoint][0](world)
    before = snapshot()
    response = getattr(client_for(world.users[actor]), method)(url, body)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        assert snapshot() == before, "a refused request changed something"
        assert response.json(), "a refusal says why"


@pytest.mark.parametrize(
    ("actor", "sees_it"),
    [
        ("guest", True),
        ("other_guest", False),
        ("host", True),
        ("other_host", False),
        ("admin", True),
    ],
)
def test_who_sees_a_booking_in_their_list(
    client_for: ClientFor, world: World, actor: str, sees_it: bool
) -> None:
    rows = client_for(world.users[actor]).get("/api/bookings/").json()["results"]
    assert (str(world.booking.pk) in {row["booking_id"] for row in rows}) is sees_it
