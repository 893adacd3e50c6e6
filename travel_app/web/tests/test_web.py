"""The web pages (web/): search, a listing and its booking form, sign-up and sign-in,
my bookings and cancel. Rendered by Django's test client, read as HTML: every page has its
one h1, its landmarks and a label for every input; forms carry a CSRF token and refuse a
request without it; the API's rules hold (availability, the server's price, who sees what).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from accounts.models import Role, User
from bookings.models import Booking, Status
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from listings.models import Listing, Review
from tests.support import MakeUser

PASSWORD = "a-pass-phrase"  # conftest's make_user


# --- reading the HTML ------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of a page the checks read: tags with their attributes, and texts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.label_stack: list[dict[str, str]] = []
        self.labelled: set[str] = set()  # ids of inputs wrapped by a <label>
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "label":
            self.label_stack.append(attributes)
        elif tag in {"input", "select", "textarea"} and self.label_stack:
            self.labelled.add(attributes.get("id", ""))
        elif tag == "h1":
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.label_stack:
            self.label_stack.pop()
        elif tag == "h1" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def all(self, tag: str, **attributes: str) -> list[dict[str, str]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(key) == value for key, value in attributes.items())
        ]

    def fields(self) -> list[dict[str, str]]:
        """The inputs a person fills in (not hidden ones, not buttons)."""
        return [
            found
            for name, found in self.tags
            if name in {"input", "select", "textarea"}
            and found.get("type") not in {"hidden", "submit", "button"}
        ]


def page_of(response: Any) -> Page:
    return Page(response.content.decode())


def assert_accessible(response: Any, h1: str) -> Page:
    """lang, a phone-width viewport, header/nav/main, one h1, and a label for every field."""
    page = page_of(response)
    assert page.all("html")[0].get("lang") == "en"
    assert any(
        "width=device-width" in meta.get("content", "")
        for meta in page.all("meta", name="viewport")
    )
    for landmark in ("header", "nav", "main"):
        assert page.all(landmark), f"no <{landmark}>"
    assert page.headings == [h1]
    for_ids = {label.get("for") for label in page.all("label")}
    for field in page.fields():
        assert field.get("id") in for_ids | page.labelled, f"no label for {field}"
    # Every form that posts carries the CSRF token.
    text = response.content.decode()
    assert text.count('method="post"') == text.count('name="csrfmiddlewaretoken"')
    return page


def field_errors(response: Any, field: str) -> list[str]:
    """The messages next to a field, in `<ul class="errorlist" id="id_<field>_error">`."""
    found = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S
    )
    return re.findall(r"<li>(.*?)</li>", found[1]) if found else []


def form_errors(response: Any) -> list[str]:
    found = re.search(
        r'<ul class="errorlist nonfield">(.*?)</ul>', response.content.decode(), re.S
    )
    return re.findall(r"<li>(.*?)</li>", found[1]) if found else []


# --- data ------------------------------------------------------------------------------


def day(offset: int) -> date:
    return timezone.localdate() + timedelta(days=offset)


MakeListing = Callable[..., Listing]


@pytest.fixture
def make_listing(host: User) -> MakeListing:
    def make(location: str = "Lisbon", price: str = "100.00", max_guests: int = 4) -> Listing:
        return Listing.objects.create(
            host=host,
            title=f"Flat in {location}",
            description="Quiet.",
            location=location,
            price_per_night=Decimal(price),
            max_guests=max_guests,
        )

    return make


def booked(listing: Listing, guest: User, start: int, nights: int, **extra: Any) -> Booking:
    return Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=day(start),
        end_date=day(start + nights),
        total_price=listing.price_per_night * nights,
        **extra,
    )


def signed_in(user: User, **options: Any) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


def titles(response: Any) -> set[str]:
    return set(
        re.findall(r'<h3><a href="/listings/[^"]+">([^<]+)</a></h3>', response.content.decode())
    )


# --- web.pages: every page, the search ---------------------------------------------------


@pytest.mark.task("web.pages")
def test_the_home_page_is_a_labelled_search_form(db: None) -> None:
    response = Client().get("/")
    assert response.status_code == 200
    page = assert_accessible(response, "Find a place to stay")
    labels = {label["for"]: label for label in page.all("label")}
    assert {"id_location", "id_check_in", "id_check_out", "id_guests"} <= set(labels)
    assert {field["type"] for field in page.fields() if field["name"].startswith("check_")} == {
        "date"
    }
    assert page.all("form", role="search")
    assert page.all("link", rel="stylesheet")


@pytest.mark.task("web.pages")
def test_every_page_has_its_heading_landmarks_and_labels(listing: Listing, guest: User) -> None:
    Review.objects.create(listing=listing, author=guest, rating=4, comment="Lovely <b>light</b>")
    anonymous, mine = Client(), signed_in(guest)
    for client, url, h1 in (
        (anonymous, f"/listings/{listing.pk}/", "Loft in Lisbon"),
        (mine, f"/listings/{listing.pk}/", "Loft in Lisbon"),
        (anonymous, "/signup/", "Sign up"),
        (anonymous, "/login/", "Log in"),
        (mine, "/bookings/", "My bookings"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_accessible(response, h1)


@pytest.mark.task("web.pages")
def test_the_listing_page_shows_its_reviews_and_a_booking_form(
    listing: Listing, guest: User, make_user: MakeUser
) -> None:
    Review.objects.create(listing=listing, author=guest, rating=4, comment="Lovely <b>light</b>")
    Review.objects.create(listing=listing, author=make_user(), rating=5, comment="")

    anonymous = Client().get(f"/listings/{listing.pk}/")
    text = anonymous.content.decode()
    assert "4.5 out of 5, from 2 reviews" in text
    assert "Lovely &lt;b&gt;light&lt;/b&gt;" in text  # escaped, never markup
    assert 'name="start_date"' not in text, "anonymous: a link to log in, not the form"
    assert f"/login/?next=/listings/{listing.pk}/" in text

    page = page_of(signed_in(guest).get(f"/listings/{listing.pk}/"))
    assert {field["name"] for field in page.fields()} == {"start_date", "end_date", "guests"}
    assert page.all("input", name="guests")[0]["max"] == "3"


@pytest.mark.task("web.pages")
def test_the_search_carries_the_stay_to_the_booking_form(listing: Listing, guest: User) -> None:
    search = f"check_in={day(10)}&check_out={day(12)}&guests=2"
    response = Client().get(f"/?location=lisbon&{search}")
    assert f'href="/listings/{listing.pk}/?{search.replace("&", "&amp;")}"' in (
        response.content.decode()
    )
    page = page_of(signed_in(guest).get(f"/listings/{listing.pk}/?{search}"))
    assert page.all("input", name="start_date")[0]["value"] == str(day(10))
    assert page.all("input", name="end_date")[0]["value"] == str(day(12))
    assert page.all("input", name="guests")[0]["value"] == "2"


@pytest.mark.task("web.pages")
@pytest.mark.parametrize(
    "search",
    [
        "guests=%C2%B2",  # "²" passes str.isdigit(), which int() refuses: it was a 500
        "guests=" + "9" * 40,
        "check_in=9999-99-99&check_out=0000-00-00",
        "check_in=%00&guests=-1",
    ],
)
def test_a_listing_page_ignores_a_stay_it_cannot_read(
    listing: Listing, guest: User, search: str
) -> None:
    page = page_of(signed_in(guest).get(f"/listings/{listing.pk}/?{search}"))
    assert page.all("input", name="guests")[0]["value"] == "1"
    assert "value" not in page.all("input", name="start_date")[0]


@pytest.mark.task("web.pages")
def test_an_unknown_listing_is_404(db: None) -> None:
    assert Client().get("/listings/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert Client().get("/listings/not-a-uuid/").status_code == 404


@pytest.mark.task("web.pages")
def test_search_filters_by_location_and_guests(make_listing: MakeListing) -> None:
    make_listing("Lisbon", max_guests=2)
    make_listing("Lisbon Coast", max_guests=6)
    make_listing("Kyoto", max_guests=6)

    response = Client().get("/?location=lisbon&guests=4")

    assert response.status_code == 200
    assert titles(response) == {"Flat in Lisbon Coast"}
    assert "1 place found" in response.content.decode()


@pytest.mark.task("web.pages")
def test_search_shows_only_listings_free_on_those_nights(
    make_listing: MakeListing, guest: User
) -> None:
    taken, canceled, free = (make_listing(name) for name in ("Taken", "Canceled", "Free"))
    booked(taken, guest, start=10, nights=3)  # nights 10, 11, 12
    booked(canceled, guest, start=10, nights=3, status=Status.CANCELED)
    booked(free, guest, start=5, nights=5)  # checks out on day 10: that night is free

    response = Client().get(f"/?check_in={day(10)}&check_out={day(12)}")
    assert titles(response) == {"Flat in Canceled", "Flat in Free"}
    response = Client().get(f"/?check_in={day(12)}&check_out={day(14)}")
    assert titles(response) == {"Flat in Canceled", "Flat in Free"}
    response = Client().get(f"/?check_in={day(13)}&check_out={day(14)}")
    assert titles(response) == {"Flat in Taken", "Flat in Canceled", "Flat in Free"}


@pytest.mark.task("web.pages")
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("check_in=2031-02-30&check_out=2031-03-02", "check_in", "Enter a valid date."),
        ("check_in=2031-03-05&check_out=2031-03-02", "check_out", "check_out must be after"),
        ("check_in=2031-03-05", "check_in", "Give check_in and check_out together."),
        ("guests=0", "guests", "greater than or equal to 1"),
        ("guests=lots", "guests", "Enter a number."),
        ("guests=" + "9" * 40, "guests", "less than or equal to 50"),
        ("location=" + "x" * 5000, "location", "at most 100 characters"),
    ],
)
def test_a_bad_search_says_what_is_wrong(
    listing: Listing, query: str, field: str, message: str
) -> None:
    response = Client().get(f"/?{query}")
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field)), response.content
    assert titles(response) == set()


@pytest.mark.task("web.pages")
def test_the_results_page_costs_the_same_queries_for_2_listings_as_for_15(
    make_listing: MakeListing,
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(f"/?check_in={day(3)}&check_out={day(5)}&guests=1")
        assert response.status_code == 200
        return len(captured)

    for _ in range(2):
        make_listing()
    few = queries()
    for _ in range(13):
        make_listing()
    assert queries() == few <= 2  # a count and a page, the host joined


# --- web.booking: book, my bookings, cancel ------------------------------------------------


def book(client: Client, listing: Listing, **changes: Any) -> Any:
    form = {"start_date": day(20), "end_date": day(23), "guests": 2, **changes}
    return client.post(f"/listings/{listing.pk}/", form)


@pytest.mark.task("web.booking")
def test_the_booking_form_makes_a_pending_booking_at_the_server_price(
    listing: Listing, guest: User, make_user: MakeUser
) -> None:
    client = signed_in(guest)
    response = book(client, listing, total_price="1.00", status="confirmed", guest=make_user().pk)

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/bookings/"
    assert (booking.guest, booking.status, booking.total_price) == (
        guest,
        Status.PENDING,
        Decimal("360.00"),  # 3 nights at 120.00
    )
    mine = client.get("/bookings/")
    assert "Booking received: Loft in Lisbon, 3 nights." in mine.content.decode()
    assert f'id="booking-{booking.pk}"' in mine.content.decode()


@pytest.mark.task("web.booking")
@pytest.mark.parametrize(
    ("changes", "status", "field", "message"),
    [
        ({"start_date": "2031-02-30"}, 400, "start_date", "Enter a valid date."),
        ({"start_date": "x" * 10_000}, 400, "start_date", "Enter a valid date."),
        ({"end_date": ""}, 400, "end_date", "This field is required."),
        ({"guests": "two"}, 400, "guests", "Enter a whole number."),
        ({"guests": 4}, 400, "guests", "This listing takes 1 to 3 guests."),
        ({"guests": 10**30}, 400, "guests", "This listing takes 1 to 3 guests."),
        ({"start_date": day(-1)}, 400, "start_date", "The check-in date is in the past."),
        ({"end_date": day(20)}, 400, "end_date", "must be after the check-in date"),
        ({"end_date": day(60)}, 400, "end_date", "A stay is at most 30 nights."),
    ],
)
def test_a_refused_booking_shows_why_next_to_the_field_and_writes_nothing(
    listing: Listing, guest: User, changes: dict[str, Any], status: int, field: str, message: str
) -> None:
    response = book(signed_in(guest), listing, **changes)

    assert response.status_code == status
    assert any(message in error for error in field_errors(response, field)), response.content
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.task("web.booking")
def test_taken_nights_are_refused_with_the_services_message(
    listing: Listing, guest: User, make_user: MakeUser
) -> None:
    booked(listing, make_user(), start=21, nights=5)

    response = book(signed_in(guest), listing)

    assert response.status_code == 409
    assert field_errors(response, "start_date") == ["These nights are already booked."]
    assert Booking.objects.count() == 1


@pytest.mark.task("web.booking")
def test_a_host_cannot_book_their_own_listing(listing: Listing, host: User) -> None:
    response = book(signed_in(host), listing)
    assert response.status_code == 400
    assert form_errors(response) == ["Hosts cannot book their own listing."]
    assert not Booking.objects.exists()


@pytest.mark.task("web.booking")
def test_booking_needs_a_signed_in_user(listing: Listing) -> None:
    response = book(Client(), listing)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/listings/{listing.pk}/"
    assert not Booking.objects.exists()


@pytest.mark.task("web.booking")
@pytest.mark.parametrize("url", ["/bookings/", "/payments/return/?tx_ref=abc"])
def test_my_pages_send_a_stranger_to_log_in(db: None, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


@pytest.mark.task("web.booking")
def test_forms_without_the_csrf_token_are_refused(listing: Listing, guest: User) -> None:
    client = signed_in(guest, enforce_csrf_checks=True)
    assert book(client, listing).status_code == 403
    assert not Booking.objects.exists()

    client.get(f"/listings/{listing.pk}/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = book(client, listing, csrfmiddlewaretoken=token)
    assert response.status_code == 302
    booking = Booking.objects.get()
    cancel = f"/bookings/{booking.pk}/cancel/"
    assert client.post(cancel).status_code == 403
    assert Booking.objects.get().status == Status.PENDING

    signup = {"email": "x@example.com", "password": "a-long-pass-phrase", "role": "guest"}
    assert Client(enforce_csrf_checks=True).post("/signup/", signup).status_code == 403
    assert not User.objects.filter(email="x@example.com").exists()


@pytest.mark.task("web.booking")
def test_my_bookings_are_mine_and_my_listings_like_the_api(
    make_listing: MakeListing, host: User, make_user: MakeUser
) -> None:
    guest, other_guest, other_host = make_user(), make_user(), make_user(Role.HOST)
    hosts_listing = make_listing("Lisbon")
    elsewhere = Listing.objects.create(
        host=other_host, title="Cabin in Oslo", description=".", location="Oslo",
        price_per_night=Decimal("80.00"), max_guests=2,
    )  # fmt: skip
    guests_stay = booked(hosts_listing, guest, start=5, nights=2)
    guests_other_stay = booked(elsewhere, guest, start=9, nights=2)
    strangers_stay = booked(elsewhere, other_guest, start=20, nights=2)

    def shown(user: User) -> set[str]:
        text = signed_in(user).get("/bookings/").content.decode()
        return set(re.findall(r'id="booking-([0-9a-f-]+)"', text))

    assert shown(guest) == {str(guests_stay.pk), str(guests_other_stay.pk)}
    assert shown(host) == {str(guests_stay.pk)}
    assert shown(other_guest) == {str(strangers_stay.pk)}
    assert shown(other_host) == {str(guests_other_stay.pk), str(strangers_stay.pk)}


@pytest.mark.task("web.booking")
def test_my_bookings_costs_the_same_queries_for_2_bookings_as_for_12(
    make_listing: MakeListing, guest: User
) -> None:
    client = signed_in(guest)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/bookings/").status_code == 200
        return len(captured)

    for number in range(2):
        booked(make_listing(), guest, start=5 + 3 * number, nights=2)
    few = queries()
    for number in range(10):
        booked(make_listing(), guest, start=40 + 3 * number, nights=2)
    assert queries() == few


@pytest.mark.task("web.booking")
def test_the_guest_and_the_host_cancel_and_the_nights_are_free_again(
    listing: Listing, guest: User, host: User
) -> None:
    first = booked(listing, guest, start=5, nights=2)
    second = booked(listing, guest, start=10, nights=2)

    response = signed_in(guest).post(f"/bookings/{first.pk}/cancel/")
    assert (response.status_code, response["Location"]) == (302, "/bookings/")
    signed_in(host).post(f"/bookings/{second.pk}/cancel/")

    assert set(Booking.objects.values_list("status", flat=True)) == {Status.CANCELED}
    again = signed_in(guest).post(f"/bookings/{first.pk}/cancel/", follow=True)
    assert "This booking is already canceled." in again.content.decode()
    assert titles(Client().get(f"/?check_in={day(5)}&check_out={day(12)}")) == {"Loft in Lisbon"}


@pytest.mark.task("web.booking")
def test_a_stay_that_has_begun_offers_no_cancel_and_refuses_one(
    listing: Listing, guest: User, host: User
) -> None:
    """The service's rule, as the API applies it (bookings/tests/test_api.py)."""
    begun = booked(listing, guest, start=0, nights=2, status=Status.CONFIRMED)
    upcoming = booked(listing, guest, start=5, nights=2, status=Status.CONFIRMED)
    for who in (guest, host):
        client = signed_in(who)
        page = client.get("/bookings/").content.decode()
        assert f"/bookings/{upcoming.pk}/cancel/" in page
        assert f"/bookings/{begun.pk}/cancel/" not in page

        refused = client.post(f"/bookings/{begun.pk}/cancel/", follow=True)
        assert "This stay has begun: it can no longer be canceled." in refused.content.decode()
    assert Booking.objects.get(pk=begun.pk).status == Status.CONFIRMED


@pytest.mark.task("web.booking")
def test_someone_elses_booking_is_404_and_stays_as_it_was(
    listing: Listing, guest: User, make_user: MakeUser
) -> None:
    booking = booked(listing, guest, start=5, nights=2)
    stranger = signed_in(make_user())

    assert stranger.post(f"/bookings/{booking.pk}/cancel/").status_code == 404
    assert (
        stranger.post("/bookings/00000000-0000-0000-0000-000000000000/cancel/").status_code == 404
    )
    assert signed_in(guest).get(f"/bookings/{booking.pk}/cancel/").status_code == 405
    assert Booking.objects.get().status == Status.PENDING


# --- web.accounts: sign up, log in, log out -----------------------------------------------


def signup(client: Client, **changes: Any) -> Any:
    form = {
        "first_name": "Hana",
        "last_name": "Bekele",
        "email": "Hana@Example.com",
        "password": "a-long-pass-phrase",
        "role": "guest",
        **changes,
    }
    return client.post("/signup/", form)


@pytest.mark.task("web.accounts")
@pytest.mark.parametrize("role", [Role.GUEST, Role.HOST])
def test_sign_up_as_a_guest_or_a_host_and_be_signed_in(db: None, role: str) -> None:
    client = Client()
    response = client.post(
        "/signup/?next=/bookings/",
        {"first_name": "Hana", "last_name": "Bekele", "email": "Hana@Example.com",
         "password": "a-long-pass-phrase", "role": role, "next": "/bookings/"},
    )  # fmt: skip

    assert (response.status_code, response["Location"]) == (302, "/bookings/")
    user = User.objects.get()
    assert (user.email, user.role, user.is_staff) == ("hana@example.com", role, False)
    assert user.check_password("a-long-pass-phrase")
    assert client.get("/bookings/").status_code == 200  # the session is signed in


@pytest.mark.task("web.accounts")
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role": "admin"}, "role", "Select a valid choice."),
        ({"password": "12345678"}, "password", "This password is entirely numeric."),
        ({"password": "hana"}, "password", "This password is too short."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": "x" * 300 + "@example.com"}, "email", "no more than 254 characters"),
        ({"first_name": "x" * 10_000}, "first_name", "no more than 150 characters"),
        ({"last_name": ""}, "last_name", "This field is required."),
    ],
)
def test_a_bad_sign_up_shows_the_apis_message_and_makes_no_account(
    db: None, changes: dict[str, str], field: str, message: str
) -> None:
    response = signup(Client(), **changes)
    assert response.status_code == 400
    errors = field_errors(response, field)
    assert any(message in error for error in errors), response.content
    assert not User.objects.exists()


@pytest.mark.task("web.accounts")
def test_an_e_mail_is_one_account_whatever_its_case(guest: User) -> None:
    response = signup(Client(), email=guest.email.upper())
    assert field_errors(response, "email") == ["A user with this e-mail address already exists."]
    assert User.objects.count() == 1


@pytest.mark.task("web.accounts")
def test_sign_up_never_redirects_off_the_site(db: None) -> None:
    response = Client().post(
        "/signup/",
        {"first_name": "Hana", "last_name": "Bekele", "email": "hana@example.com",
         "password": "a-long-pass-phrase", "role": "guest", "next": "https://evil.example/"},
    )  # fmt: skip
    assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.task("web.accounts")
def test_log_in_and_out(guest: User, listing: Listing) -> None:
    client = Client()
    wrong = client.post("/login/", {"username": guest.email, "password": "wrong"})
    assert wrong.status_code == 400
    assert "Please enter a correct" in form_errors(wrong)[0]

    next_url = f"/listings/{listing.pk}/"
    response = client.post(
        f"/login/?next={next_url}",
        {"username": guest.email, "password": PASSWORD, "next": next_url},
    )
    assert (response.status_code, response["Location"]) == (302, next_url)
    assert 'name="start_date"' in client.get(next_url).content.decode()

    assert client.get("/logout/").status_code == 405  # a link cannot sign anyone out
    assert client.post("/logout/").status_code == 302
    assert client.get("/bookings/").status_code == 302


@pytest.mark.task("web.accounts")
def test_password_guessing_is_throttled_like_the_api(guest: User) -> None:
    client = Client()
    for _ in range(10):  # AUTH_THROTTLE_RATE: 10/minute per client
        assert (
            client.post("/login/", {"username": guest.email, "password": "no"}).status_code == 400
        )

    response = client.post("/login/", {"username": guest.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in form_errors(response)[0]
    assert client.get("/bookings/").status_code == 302  # not signed in
    api = client.post(
        "/api/token/",
        {"email": guest.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert api.status_code == 429, "one allowance for the page and the API"


@pytest.mark.task("web.accounts")
def test_a_throttled_sign_up_learns_nothing_about_the_address(guest: User) -> None:
    """Past the allowance the form is not validated: no "already exists" for a taken
    address, the same page as for a free one."""
    client = Client()
    for n in range(10):
        assert signup(client, email=f"new-{n}@example.com", password="1").status_code == 400

    answers = [signup(client, email=email) for email in (guest.email, "free@example.com")]

    assert [answer.status_code for answer in answers] == [429, 429]
    assert all(answer["Retry-After"] for answer in answers)
    said = [re.sub(r"\d+", "N", " ".join(form_errors(answer))) for answer in answers]
    assert said == ["Too many attempts. Try again in N seconds."] * 2
    assert "already exists" not in answers[0].content.decode()
    assert User.objects.count() == 1


# --- web.payments: the Pay button, and the way back from the checkout ------------------------


@pytest.fixture
def pending(listing: Listing, guest: User) -> Booking:
    return booked(listing, guest, start=20, nights=3)  # 360.00


def pay(client: Client, booking: Booking) -> Any:
    return client.post(f"/bookings/{booking.pk}/pay/")


def tx_ref_of(checkout_url: str) -> str:
    return checkout_url.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.task("web.payments")
def test_pay_sends_the_guest_to_the_gateways_checkout_for_the_server_price(
    fake_chapa: Any, pending: Booking, guest: User
) -> None:
    from payments.models import Payment

    response = pay(signed_in(guest), pending)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{fake_chapa.url}/checkout/")
    payment = Payment.objects.get()
    assert (payment.booking, payment.amount, payment.status) == (
        pending,
        Decimal("360.00"),
        "pending",
    )
    assert tx_ref_of(response["Location"]) == payment.tx_ref
    page = signed_in(guest).get("/bookings/").content.decode()
    assert f'action="/bookings/{pending.pk}/pay/"' in page


@pytest.mark.task("web.payments")
def test_only_the_guest_pays_their_own_pending_booking(
    fake_chapa: Any, pending: Booking, host: User, make_user: MakeUser
) -> None:
    from payments.models import Payment

    assert pay(signed_in(make_user()), pending).status_code == 404
    assert pay(signed_in(host), pending).status_code == 404
    assert f'action="/bookings/{pending.pk}/pay/"' not in (
        signed_in(host).get("/bookings/").content.decode()
    )
    assert pay(Client(), pending)["Location"].startswith("/login/?next=")
    assert signed_in(pending.guest).get(f"/bookings/{pending.pk}/pay/").status_code == 405
    pending.status = Status.CANCELED
    pending.save()
    response = pay(signed_in(pending.guest), pending)
    assert response.status_code == 409
    assert "This booking is canceled" in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.task("web.payments")
def test_the_gateway_down_is_a_clear_503_and_the_booking_waits(
    pending: Booking, guest: User
) -> None:
    response = pay(signed_in(guest), pending)  # conftest: the gateway is a closed port

    assert response.status_code == 503
    assert_accessible(response, "We could not go on with the payment")
    assert "Nothing was charged" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def checkout(fake: Any, booking: Booking) -> str:
    return tx_ref_of(pay(signed_in(booking.guest), booking)["Location"])


@pytest.mark.task("web.payments")
def test_back_from_a_paid_checkout_the_booking_is_confirmed(
    fake_chapa: Any, pending: Booking
) -> None:
    tx_ref = checkout(fake_chapa, pending)
    fake_chapa.pay(tx_ref)  # the Pay button; no webhook_url: the return page alone settles

    response = signed_in(pending.guest).get(f"/payments/return/?tx_ref={tx_ref}")

    assert response.status_code == 200
    assert_accessible(response, "Booking confirmed")
    assert f"A confirmation e-mail is on its way to <strong>{pending.guest.email}" in (
        response.content.decode()
    )
    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED


@pytest.mark.task("web.payments")
def test_back_from_a_canceled_checkout_the_page_says_so_and_offers_a_retry(
    fake_chapa: Any, pending: Booking
) -> None:
    tx_ref = checkout(fake_chapa, pending)
    fake_chapa.cancel(tx_ref)

    response = signed_in(pending.guest).get(f"/payments/return/?tx_ref={tx_ref}")

    assert_accessible(response, "Payment not completed")
    text = response.content.decode()
    assert "The payment service reports this payment failed." in text
    assert f'action="/bookings/{pending.pk}/pay/"' in text
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


@pytest.mark.task("web.payments")
def test_the_return_page_shows_only_my_own_payment(
    fake_chapa: Any, pending: Booking, make_user: MakeUser
) -> None:
    from payments.models import Payment

    tx_ref = checkout(fake_chapa, pending)
    fake_chapa.pay(tx_ref)
    stranger = signed_in(make_user())

    assert stranger.get(f"/payments/return/?tx_ref={tx_ref}").status_code == 404
    assert Payment.objects.get().status == "pending", "a stranger's visit settles nothing"
    for query in ("", "?tx_ref=", "?tx_ref=" + "x" * 5000):
        response = stranger.get(f"/payments/return/{query}")
        assert response.status_code == 400
        assert "no valid payment reference" in response.content.decode()
    assert stranger.get("/payments/return/?tx_ref=travel-unknown").status_code == 404


@pytest.mark.task("web.payments")
def test_the_gateway_down_on_the_way_back_leaves_the_payment_pending(
    fake_chapa: Any, pending: Booking
) -> None:
    from payments.models import Payment

    tx_ref = checkout(fake_chapa, pending)
    fake_chapa.pay(tx_ref)
    fake_chapa.fail_next = 10

    response = signed_in(pending.guest).get(f"/payments/return/?tx_ref={tx_ref}")

    assert response.status_code == 503
    assert "The payment is unchanged" in response.content.decode()
    assert Payment.objects.get().status == "pending"
    fake_chapa.fail_next = 0
    again = signed_in(pending.guest).get(f"/payments/return/?tx_ref={tx_ref}")
    assert "Booking confirmed" in again.content.decode()
