"""Booking a listing's nights, and canceling: the rules, and the lock that keeps them
under concurrency.

booking_create locks the listing's row (SELECT ... FOR UPDATE) inside a transaction
before it looks for an overlapping booking, so two requests for the same nights take
turns: the second sees the first's booking and is refused. (SQLite has no row locks; it
serialises writers as a whole, which keeps the rule too, one transaction at a time.)

A new booking is announced in the transactional outbox, `booking_created` in the same
transaction (nothing for a rolled-back one): the notifications app mails the guest from a
worker, so the request never waits for a mail server, and the announcement outlives a
broker that is down. release_unpaid_bookings (a beat task, bookings/tasks.py) frees the
nights of pending bookings left unpaid.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from accounts.models import User
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from listings.cache import invalidate_listing_pages
from listings.models import Listing, Review
from outbox.services import record

from bookings.models import Booking, Status
from bookings.selectors import has_stayed


class BookingError(Exception):
    """A rule the request broke: `field` names the input, `message` says what is wrong.
    `conflict` marks the nights being taken, or a status that forbids the change, rather
    than bad input; `status` is the HTTP status the API and the web pages answer with."""

    def __init__(self, field: str, message: str, *, conflict: bool = False) -> None:
        super().__init__(message)
        self.field, self.message, self.conflict = field, message, conflict

    @property
    def status(self) -> int:
        return 409 if self.conflict else 400


@dataclass(frozen=True)
class Stay:
    start_date: date
    end_date: date
    guests: int = 1


def booking_create(
    *, listing_id: uuid.UUID, guest: User, stay: Stay, today: date | None = None
) -> Booking:
    """A pending booking of `stay` at the listing, priced by the server: nights times
    the nightly price, never what a client sends."""
    _check_dates(stay, today or timezone.localdate())
    with transaction.atomic():
        listing = Listing.objects.select_for_update().filter(pk=listing_id).first()
        if listing is None:
            raise BookingError("listing", "No such listing.")
        if listing.host_id == guest.pk:
            raise BookingError("listing", "Hosts cannot book their own listing.")
        if not 1 <= stay.guests <= listing.max_guests:
            raise BookingError("guests", f"This listing takes 1 to {listing.max_guests} guests.")
        if Booking.objects.overlapping(listing, stay.start_date, stay.end_date).exists():
            raise BookingError("start_date", "These nights are already booked.", conflict=True)
        nights = (stay.end_date - stay.start_date).days
        booking = Booking.objects.create(
            listing=listing,
            guest=guest,
            start_date=stay.start_date,
            end_date=stay.end_date,
            guests=stay.guests,
            total_price=listing.price_per_night * nights,
        )
        record("booking_created", booking_id=str(booking.pk))
    return booking


def _check_dates(stay: Stay, today: date) -> None:
    if stay.end_date <= stay.start_date:
        raise BookingError("end_date", "The check-out date must be after the check-in date.")
    if stay.start_date < today:
        raise BookingError("start_date", "The check-in date is in the past.")
    horizon = _months_after(today, settings.BOOKING_HORIZON_MONTHS)
    if stay.start_date > horizon:
        raise BookingError(
            "start_date",
            f"Bookings open {settings.BOOKING_HORIZON_MONTHS} months ahead: "
            f"check in by {horizon.isoformat()}.",
        )
    if (stay.end_date - stay.start_date).days > settings.MAX_STAY_NIGHTS:
        raise BookingError("end_date", f"A stay is at most {settings.MAX_STAY_NIGHTS} nights.")


def _months_after(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def booking_cancel(*, booking_id: uuid.UUID, by: User, today: date | None = None) -> Booking:
    """The guest, the listing's host or an admin cancels; a canceled booking stays canceled."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("listing").get(pk=booking_id)
        refusal = cancel_refusal(booking, by=by, today=today or timezone.localdate())
        if refusal is not None:
            raise refusal
        booking.status = Status.CANCELED
        booking.save(update_fields=["status"])
    return booking


def cancel_refusal(booking: Booking, *, by: User, today: date) -> BookingError | None:
    """Why `by` may not cancel `booking` today, or None when they may. The one rule: the
    API and the admin refuse with it, and the pages offer Cancel only where it is None.
    Once the stay has begun (its check-in day has come), only an admin cancels it."""
    if by.pk not in (booking.guest_id, booking.listing.host_id) and not by.is_admin:
        return BookingError("booking", "Only the guest or the host can cancel this booking.")
    if booking.status == Status.CANCELED:
        return BookingError("status", "This booking is already canceled.", conflict=True)
    if booking.start_date <= today and not by.is_admin:
        return BookingError(
            "start_date", "This stay has begun: it can no longer be canceled.", conflict=True
        )
    return None


def booking_confirm(*, booking_id: uuid.UUID) -> Booking:
    """Pending to confirmed (payment, in part 2); a canceled booking cannot be confirmed."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        if booking.status == Status.CANCELED:
            raise BookingError("status", "A canceled booking cannot be confirmed.", conflict=True)
        if booking.status == Status.PENDING:
            booking.status = Status.CONFIRMED
            booking.save(update_fields=["status"])
    return booking


ReleaseGuard = Callable[[list[uuid.UUID]], set[uuid.UUID]]
# What a higher app checks before unpaid bookings are released (payments: a payment
# attempt in flight is verified with the gateway first): given the bookings about to be
# released, the ids of those to keep pending for now.
_release_guards: list[ReleaseGuard] = []


def add_release_guard(guard: ReleaseGuard) -> None:
    if guard not in _release_guards:
        _release_guards.append(guard)


def release_unpaid_bookings(*, now: datetime | None = None) -> int:
    """Cancel the pending bookings created more than UNPAID_BOOKING_MINUTES ago, but those
    a release guard keeps; how many.

    One UPDATE ... WHERE status = 'pending': the database checks the status of each row
    as it changes it, under the row's lock. A payment confirming a booking at the same
    moment holds that lock (booking_confirm); the UPDATE waits for it and then finds the
    booking confirmed, so leaves it. Had the UPDATE come first, booking_confirm finds it
    canceled and refuses: never a confirmed booking canceled, nor a canceled one confirmed.
    """
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.UNPAID_BOOKING_MINUTES)
    unpaid = Booking.objects.filter(status=Status.PENDING, created_at__lt=cutoff)
    due = list(unpaid.values_list("pk", flat=True))
    if not due:
        return 0
    keep = set().union(*(guard(due) for guard in _release_guards))
    with transaction.atomic():
        released = unpaid.exclude(pk__in=keep).update(status=Status.CANCELED)
        if released:
            # update() sends no post_save: the listing pages (availability) must go here.
            invalidate_listing_pages()
    return released


# --- Reviews: a listing's, by a guest whose stay there is over ---------------------------


class ReviewError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def review_create(
    *, listing: Listing, author: User, rating: int, comment: str = "", today: date | None = None
) -> Review:
    """One review per guest and listing, and only after a confirmed stay has ended."""
    if not 1 <= rating <= 5:
        raise ReviewError("rating", "A rating is a whole number from 1 to 5.")
    if not has_stayed(listing, author, today or timezone.localdate()):
        raise ReviewError("listing", "Only a guest whose confirmed stay has ended can review it.")
    try:
        with transaction.atomic():
            return Review.objects.create(
                listing=listing, author=author, rating=rating, comment=comment.strip()
            )
    except IntegrityError as error:
        raise ReviewError("listing", "You have already reviewed this listing.") from error
