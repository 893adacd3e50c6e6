"""End to end, as a person would: headless Chromium (Playwright, driving the system's
/usr/bin/chromium) against the live server, with the fake Chapa and a Celery worker in
this process. Search, sign up, book, pay on the fake checkout, see the confirmation, and
find the e-mail. A screenshot of each step goes to test-artifacts/e2e/ (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bookings.models import Booking, Status
from django.core import mail
from django.utils import timezone
from listings.models import Listing
from tests.waiting import wait_for

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "e2e"

pytestmark = [
    pytest.mark.task("web.e2e"),
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """The system's Chromium, headless; Playwright never downloads a browser here. While
    it runs, Playwright's event loop is this thread's, and Django refuses database calls
    from it (SynchronousOnlyOperation): the test reads the database before and after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def site(
    live_server: Any, fake_chapa: FakeChapa, settings: Any, mailoutbox: list[Any]
) -> Iterator[str]:
    """The live server, Chapa's settings pointing back at it, and a worker for the
    e-mails and the webhook (memory:// here; RabbitMQ with CELERY_BROKER_URL)."""
    from config.celery import EmbeddedWorker

    settings.SITE_URL = live_server.url
    settings.CHAPA_RETURN_URL = f"{live_server.url}/payments/return/"
    settings.CHAPA_CALLBACK_URL = fake_chapa.webhook_url = (
        f"{live_server.url}/api/payments/webhook/"
    )
    with EmbeddedWorker():
        yield live_server.url


@pytest.fixture
def places(listing: Listing, make_user: Any) -> Listing:
    """Loft in Lisbon (120.00 a night, 3 guests), a Lisbon flat already booked on the
    searched nights, and a place in Kyoto: the search must find the loft alone."""
    taken = Listing.objects.create(
        host=listing.host, title="Taken flat in Lisbon", description="Busy.", location="Lisbon",
        price_per_night=Decimal("90.00"), max_guests=4,
    )  # fmt: skip
    Listing.objects.create(
        host=listing.host, title="House in Kyoto", description="Calm.", location="Kyoto",
        price_per_night=Decimal("80.00"), max_guests=4,
    )  # fmt: skip
    Booking.objects.create(
        listing=taken, guest=make_user(), start_date=day(30), end_date=day(40),
        total_price=Decimal("900.00"),
    )  # fmt: skip
    return listing


def day(offset: int) -> Any:
    return timezone.localdate() + timedelta(days=offset)


class Steps:
    """Screenshots of each step, numbered, in test-artifacts/e2e/."""

    def __init__(self, page: Page) -> None:
        self.page, self.count = page, 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob("*.png"):
            old.unlink()

    def shot(self, name: str) -> None:
        self.count += 1
        path = ARTIFACTS / f"{self.count}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")


def wait_for_mail(outbox: list[Any], subject: str, seconds: float = 30) -> Any:
    """The worker sends from its thread: wait for the message, woken by each task's end (a
    bound, not a speed check)."""

    def found() -> Any:
        return next((m for m in list(outbox) if subject in m.subject), None)

    try:
        wait_for(lambda: found() is not None, f"an e-mail {subject!r}", seconds)
    except AssertionError:
        raise AssertionError(f"no e-mail {subject!r}; got {[m.subject for m in outbox]}") from None
    return found()


def test_search_sign_up_book_pay_and_get_the_email(site: str, places: Listing) -> None:
    with chromium() as browser:
        click_through(browser, site)

    # The e-mails, sent by the worker, and the booking as the database has it.
    received = wait_for_mail(mail.outbox, "Booking received")
    confirmed = wait_for_mail(mail.outbox, "Booking confirmed")
    assert received.to == confirmed.to == ["hana@example.com"]
    assert "Loft in Lisbon" in confirmed.body
    booking = Booking.objects.get(guest__email="hana@example.com")
    assert (booking.listing, booking.status, booking.total_price) == (
        places,
        Status.CONFIRMED,
        Decimal("360.00"),
    )


def click_through(browser: Browser, site: str) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1024, "height": 800})
    page.set_default_timeout(15_000)
    steps = Steps(page)

    # Search: the loft is free on those nights, the other Lisbon flat is not.
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.get_by_label("Where").fill("lisbon")
    page.get_by_label("Check-in").fill(str(day(30)))
    page.get_by_label("Check-out").fill(str(day(33)))
    page.get_by_label("Guests").fill("2")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".card h3")).to_have_text(["Loft in Lisbon"])
    steps.shot("search")

    # The listing, then sign up from its "sign up to book" link.
    page.get_by_role("link", name="Loft in Lisbon").click()
    expect(page.locator("h1")).to_have_text("Loft in Lisbon")
    steps.shot("listing")
    page.locator(".book").get_by_role("link", name="sign up").click()
    page.get_by_label("First name").fill("Hana")
    page.get_by_label("Last name").fill("Bekele")
    page.get_by_label("E-mail").fill("hana@example.com")
    page.get_by_label("Password").fill("a-long-pass-phrase")
    page.get_by_label("book places (guest)").check()
    steps.shot("signup")
    page.get_by_label("Password").press("Enter")  # the keyboard submits the form

    # Back on the listing, signed in, the stay searched for already in the form.
    expect(page.locator("h1")).to_have_text("Loft in Lisbon")
    expect(page.get_by_label("Check-in")).to_have_value(str(day(30)))
    expect(page.get_by_label("Guests")).to_have_value("2")
    page.get_by_role("button", name="Book").click()
    expect(page.locator("h1")).to_have_text("My bookings")
    expect(page.locator(".messages")).to_contain_text(
        "Booking received: Loft in Lisbon, 3 nights."
    )
    steps.shot("booked")

    # Pay: off to the fake Chapa's checkout, Pay there, back to the confirmation.
    page.get_by_role("button", name="Pay 360.00 ETB").click()
    expect(page.locator("h1")).to_have_text("Fake Chapa checkout")
    steps.shot("checkout")
    page.get_by_role("button", name="Pay 360.00 ETB").click()
    page.wait_for_url(f"{site}/payments/return/?tx_ref=*")
    expect(page.locator("h1")).to_have_text("Booking confirmed")
    expect(page.locator("main")).to_contain_text(
        "A confirmation e-mail is on its way to hana@example.com"
    )
    steps.shot("confirmation")
