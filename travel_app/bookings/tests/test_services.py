"""The booking rules one by one, the status rules, and twenty requests for the same nights."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from accounts.models import Role, User
from bookings.models import Booking, Status
from bookings.services import BookingError, Stay, booking_cancel, booking_confirm, booking_create
from django.db import connection
from listings.models import Listing
from tests.support import TODAY, MakeUser

JUNE_10 = date(2030, 6, 10)


def book(
    listing: Listing, guest: User, start: date = JUNE_10, nights: int = 3, guests: int = 2
) -> Booking:
    stay = Stay(start, start + timedelta(days=nights), guests)
    return booking_create(listing_id=listing.pk, guest=guest, stay=stay, today=TODAY)


def refusal(listing: Listing, guest: User, **stay: object) -> BookingError:
    with pytest.raises(BookingError) as caught:
        book(listing, guest, **stay)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.task("bookings.rules")
class TestRules:
    def test_a_booking_is_pending_and_priced_by_the_server(
        self, listing: Listing, guest: User
    ) -> None:
        booking = book(listing, guest, nights=4)
        assert (booking.status, booking.total_price, booking.nights) == (
            Status.PENDING,
            Decimal("480.00"),
            4,
        )

    @pytest.mark.parametrize(
        ("stay", "field", "message"),
        [
            ({"nights": 0}, "end_date", "after the check-in"),
            ({"nights": -2}, "end_date", "after the check-in"),
            ({"start": TODAY - timedelta(days=1)}, "start_date", "in the past"),
            ({"nights": 31}, "end_date", "at most 30 nights"),
            # The horizon: from 1 June 2030, check-in by 1 December 2031 (18 months).
            ({"start": date(2031, 12, 2)}, "start_date", "check in by 2031-12-01"),
            ({"start": date(9999, 12, 30), "nights": 1}, "start_date", "18 months ahead"),
            ({"guests": 4}, "guests", "1 to 3 guests"),
            ({"guests": 0}, "guests", "1 to 3 guests"),
        ],
    )
    def test_bad_stays_name_the_field(
        self, listing: Listing, guest: User, stay: dict[str, object], field: str, message: str
    ) -> None:
        error = refusal(listing, guest, **stay)
        assert (error.field, error.conflict) == (field, False)
        assert message in error.message
        assert not Booking.objects.exists()

    def test_today_is_bookable(self, listing: Listing, guest: User) -> None:
        assert book(listing, guest, start=TODAY).start_date == TODAY

    def test_the_horizon_s_last_day_is_bookable(self, listing: Listing, guest: User) -> None:
        assert book(listing, guest, start=date(2031, 12, 1)).start_date == date(2031, 12, 1)

    @pytest.mark.parametrize(
        ("today", "last"),
        [(date(2030, 8, 31), date(2032, 2, 29)), (date(2030, 7, 31), date(2032, 1, 31))],
    )
    def test_the_horizon_ends_on_the_month_s_last_day_when_it_is_shorter(
        self, listing: Listing, guest: User, today: date, last: date
    ) -> None:
        def ask(start: date) -> Stay:
            return Stay(start, start + timedelta(days=1))

        late = ask(last + timedelta(days=1))
        with pytest.raises(BookingError, match=f"check in by {last.isoformat()}"):
            booking_create(listing_id=listing.pk, guest=guest, stay=late, today=today)
        booking = booking_create(listing_id=listing.pk, guest=guest, stay=ask(last), today=today)
        assert booking.start_date == last

    def test_overlapping_nights_are_a_conflict(
        self, listing: Listing, guest: User, make_user: MakeUser
    ) -> None:
        book(listing, guest, start=JUNE_10, nights=3)  # nights of the 10th, 11th, 12th
        other = make_user()
        for start, nights in (
            (JUNE_10, 3),
            (JUNE_10 + timedelta(days=2), 2),
            (JUNE_10 - timedelta(days=1), 2),
        ):
            error = refusal(listing, other, start=start, nights=nights)
            assert (error.field, error.conflict) == ("start_date", True)
        # Check-out day is someone else's check-in day.
        assert book(listing, other, start=JUNE_10 + timedelta(days=3)).nights == 3
        assert book(listing, other, start=JUNE_10 - timedelta(days=2), nights=2).nights == 2

    def test_a_canceled_booking_frees_its_nights(
        self, listing: Listing, guest: User, make_user: MakeUser
    ) -> None:
        first = book(listing, guest)
        booking_cancel(booking_id=first.pk, by=guest)
        assert book(listing, make_user()).status == Status.PENDING

    def test_hosts_cannot_book_their_own_listing(self, listing: Listing, host: User) -> None:
        assert refusal(listing, host).field == "listing"


@pytest.mark.task("bookings.status")
class TestStatus:
    def test_the_guest_or_the_host_cancels_nobody_else(
        self, listing: Listing, guest: User, host: User, make_user: MakeUser
    ) -> None:
        booking = book(listing, guest)
        with pytest.raises(BookingError, match="Only the guest or the host"):
            booking_cancel(booking_id=booking.pk, by=make_user())
        assert booking_cancel(booking_id=booking.pk, by=host).status == Status.CANCELED

    def test_canceled_stays_canceled(self, listing: Listing, guest: User) -> None:
        booking = book(listing, guest)
        booking_cancel(booking_id=booking.pk, by=guest)
        with pytest.raises(BookingError, match="already canceled"):
            booking_cancel(booking_id=booking.pk, by=guest)
        with pytest.raises(BookingError, match="canceled booking cannot be confirmed"):
            booking_confirm(booking_id=booking.pk)
        booking.refresh_from_db()
        assert booking.status == Status.CANCELED

    @pytest.mark.parametrize(
        "days_after_check_in", [0, 1, 3, 30], ids=["day-1", "2", "3", "ended"]
    )
    def test_a_stay_that_has_begun_is_canceled_by_an_admin_only(
        self,
        listing: Listing,
        guest: User,
        host: User,
        make_user: MakeUser,
        days_after_check_in: int,
    ) -> None:
        booking = book(listing, guest)  # 10 to 13 June 2030
        today = booking.start_date + timedelta(days=days_after_check_in)
        for who in (guest, host):
            with pytest.raises(BookingError) as refused:
                booking_cancel(booking_id=booking.pk, by=who, today=today)
            assert (refused.value.field, refused.value.conflict) == ("start_date", True)
            assert "has begun" in refused.value.message
        booking.refresh_from_db()
        assert booking.status == Status.PENDING
        admin = make_user(Role.ADMIN)
        assert booking_cancel(booking_id=booking.pk, by=admin, today=today).status == "canceled"

    def test_the_day_before_check_in_the_guest_still_cancels(
        self, listing: Listing, guest: User
    ) -> None:
        booking = book(listing, guest)
        day_before = booking.start_date - timedelta(days=1)
        assert booking_cancel(booking_id=booking.pk, by=guest, today=day_before).status == (
            Status.CANCELED
        )

    def test_confirming_twice_is_harmless(self, listing: Listing, guest: User) -> None:
        booking = book(listing, guest)
        booking_confirm(booking_id=booking.pk)
        assert booking_confirm(booking_id=booking.pk).status == Status.CONFIRMED


@pytest.mark.task("bookings.concurrency")
@pytest.mark.services("mysql")
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_requests_for_the_same_nights_make_one_booking(
    listing: Listing, make_user: MakeUser
) -> None:
    """Real threads on MariaDB: the listing's row lock makes them take turns."""
    assert connection.vendor == "mysql"
    guests = [make_user() for _ in range(20)]
    start = threading.Barrier(len(guests))
    outcomes: list[str] = []

    def attempt(guest: User) -> None:
        try:
            start.wait()
            book(listing, guest)
            outcomes.append("booked")
        except BookingError as error:
            outcomes.append("conflict" if error.conflict else f"refused: {error.message}")
        except Exception as error:
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(guest,)) for guest in guests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked"] + ["conflict"] * 19
    assert Booking.objects.filter(listing=listing).count() == 1


@pytest.mark.task("bookings.concurrency")
def test_the_lock_is_taken_before_the_overlap_check(listing: Listing, guest: User) -> None:
    """What makes the MariaDB test pass: SELECT ... FOR UPDATE on the listing comes first."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        book(listing, guest)
    statements = [query["sql"] for query in queries.captured_queries]
    lock = next(i for i, sql in enumerate(statements) if "listings_listing" in sql)
    overlap = next(
        i
        for i, sql in enumerate(statements)
        if "bookings_booking" in sql and sql.lstrip().upper().startswith("SELECT")
    )
    assert lock < overlap
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in statements[lock]
