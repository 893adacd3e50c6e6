"""Reconciliation (payments/services.py, payments/webhooks.py, bookings/services.py): a
guest who paid is settled even when Chapa's webhook never came or came while it could
not be acted on, and the unpaid-booking release never cancels a booking whose payment
is in flight without asking Chapa first. Against the fake Chapa over real HTTP; the
database and the broker are real."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from django.conf import LazySettings
from listings.models import Listing
from rest_framework.test import APIClient
from tests.chaos_support import broker_down
from tests.payments_support import HANDLE, announced, initiate, post_webhook, published
from tests.support import ClientFor
from tests.waiting import wait_for

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa
    from payments.models import Payment

pytestmark = pytest.mark.task("payments.verify")

CLOSED_PORT = "http://127.0.0.1:9"
RECONCILE = "payments.tasks.reconcile_payments"


# --- Fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def broker_trusted() -> Iterator[None]:
    """The outbox's process-wide back-off starts open and is left open (a refusal in one
    test must not keep the next test's commits from publishing)."""
    from outbox.services import broker_backoff

    broker_backoff.succeeded()
    yield
    broker_backoff.succeeded()


@pytest.fixture
def client(client_for: ClientFor, guest: User) -> APIClient:
    return client_for(guest)


def booking_in(listing: Listing, guest: User, month: int) -> Booking:
    """Three pending nights from the 1st of `month` 2030 (one booking per month)."""
    return Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=date(2030, month, 1),
        end_date=date(2030, month, 4),
        guests=2,
        total_price="360.00",
    )


def started(client: APIClient, booking: Booking) -> Payment:
    """A payment begun at the fake Chapa, still Pending here."""
    from payments.models import Payment

    return Payment.objects.get(tx_ref=initiate(client, booking)["tx_ref"])


def started_ago(payment: Payment, minutes: float) -> None:
    """As if the attempt had begun `minutes` ago."""
    from payments.models import Payment

    created = payment.created_at - timedelta(minutes=minutes)
    Payment.objects.filter(pk=payment.pk).update(created_at=created)
    payment.refresh_from_db()


def verified(fake: FakeChapa) -> list[str]:
    """The tx_refs the fake Chapa was asked to verify, in order."""
    prefix = "GET /v1/transaction/verify/"
    return [
        request.removeprefix(prefix) for request in fake.requests if request.startswith(prefix)
    ]


def statuses(payment: Payment) -> tuple[str, str]:
    """(payment status, booking status), from the database."""
    payment.refresh_from_db()
    payment.booking.refresh_from_db()
    return payment.status, payment.booking.status


def reconcile_at(now: datetime) -> int:
    from payments.services import payments_reconcile

    return payments_reconcile(now=now)


# --- payments_reconcile: the webhook never came ----------------------------------------------


def test_a_paid_payment_whose_webhook_never_came_is_settled_once_old_enough(
    settings: LazySettings, fake_chapa: FakeChapa, client: APIClient, listing: Listing, guest: User
) -> None:
    payment = started(client, booking_in(listing, guest, 7))
    fake_chapa.pay(payment.tx_ref)  # no webhook_url: Chapa's webhook is lost
    after = timedelta(minutes=settings.PAYMENT_VERIFY_AFTER_MINUTES)
    fake_chapa.requests.clear()

    assert reconcile_at(payment.created_at + after - timedelta(seconds=1)) == 0
    assert verified(fake_chapa) == [], "asked about a payment the guest may still be making"

    assert reconcile_at(payment.created_at + after + timedelta(seconds=1)) == 1
    assert verified(fake_chapa) == [payment.tx_ref]
    assert statuses(payment) == ("completed", Status.CONFIRMED)
    assert announced("payment_completed") == [
        ("payment_completed", {"payment_id": str(payment.pk)})
    ]

    assert reconcile_at(payment.created_at + after * 2) == 0  # settled: not asked again
    assert verified(fake_chapa) == [payment.tx_ref]
    assert len(announced("payment_completed")) == 1


def test_only_payments_between_the_delay_and_the_window_are_asked_about(
    settings: LazySettings, fake_chapa: FakeChapa, client: APIClient, listing: Listing, guest: User
) -> None:
    window = settings.PAYMENT_VERIFY_WINDOW_HOURS * 60
    abandoned = started(client, booking_in(listing, guest, 7))
    started_ago(abandoned, window + 1)
    due = started(client, booking_in(listing, guest, 8))
    started_ago(due, settings.PAYMENT_VERIFY_AFTER_MINUTES + 1)
    young = started(client, booking_in(listing, guest, 9))
    for payment in (abandoned, due, young):
        fake_chapa.pay(payment.tx_ref)
    fake_chapa.requests.clear()

    assert reconcile_at(young.created_at) == 1

    assert verified(fake_chapa) == [due.tx_ref]
    assert statuses(due) == ("completed", Status.CONFIRMED)
    assert statuses(abandoned) == ("pending", Status.PENDING)
    assert statuses(young) == ("pending", Status.PENDING)


def test_a_payment_chapa_still_calls_pending_stays_pending(
    settings: LazySettings, fake_chapa: FakeChapa, client: APIClient, listing: Listing, guest: User
) -> None:
    payment = started(client, booking_in(listing, guest, 7))
    later = payment.created_at + timedelta(minutes=settings.PAYMENT_VERIFY_AFTER_MINUTES + 1)

    assert reconcile_at(later) == 0

    assert payment.tx_ref in verified(fake_chapa)
    assert statuses(payment) == ("pending", Status.PENDING)
    assert announced("payment_completed") == []


# --- the gateway down: nothing changes, the next run tries again ------------------------------


def test_with_the_gateway_unreachable_reconciliation_stops_and_changes_nothing(
    settings: LazySettings,
    fake_chapa: FakeChapa,
    client: APIClient,
    listing: Listing,
    guest: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    payments = [started(client, booking_in(listing, guest, month)) for month in (7, 8)]
    for payment in payments:
        fake_chapa.pay(payment.tx_ref)
    settings.CHAPA_BASE_URL = CLOSED_PORT
    later = payments[-1].created_at + timedelta(minutes=settings.PAYMENT_VERIFY_AFTER_MINUTES + 1)
    caplog.clear()

    assert reconcile_at(later) == 0

    stops = [r.getMessage() for r in caplog.records if r.name == "payments.services"]
    assert len(stops) == 1, stops
    assert stops[0].startswith("reconciliation stopped")
    tried = [r.getMessage() for r in caplog.records if r.name == "payments.gateway"]
    assert tried, "the gateway was not asked"
    assert all(payments[0].tx_ref in line for line in tried), "asked again after a failure"
    assert [statuses(payment) for payment in payments] == [("pending", Status.PENDING)] * 2
    assert announced("payment_completed") == []

    settings.CHAPA_BASE_URL = fake_chapa.url  # back: the next run settles both
    assert reconcile_at(later) == 2


def test_a_gateway_failing_on_the_first_payment_is_not_asked_about_the_next(
    settings: LazySettings, fake_chapa: FakeChapa, client: APIClient, listing: Listing, guest: User
) -> None:
    oldest = started(client, booking_in(listing, guest, 7))
    started_ago(oldest, 1)
    newer = started(client, booking_in(listing, guest, 8))
    for payment in (oldest, newer):
        fake_chapa.pay(payment.tx_ref)
    fake_chapa.requests.clear()
    fake_chapa.fail_next = 100  # 500 to everything: retried, then unavailable
    later = newer.created_at + timedelta(minutes=settings.PAYMENT_VERIFY_AFTER_MINUTES + 1)

    assert reconcile_at(later) == 0

    assert verified(fake_chapa) == [oldest.tx_ref] * (settings.CHAPA_RETRIES + 1)
    assert statuses(oldest) == statuses(newer) == ("pending", Status.PENDING)


# --- the beat job --------------------------------------------------------------------------


def test_the_beat_schedule_runs_the_reconciliation_task() -> None:
    from config.celery import app
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["reconcile-payments"]

    assert entry["task"] == RECONCILE
    assert RECONCILE in app.tasks
    assert entry["schedule"] <= 15 * 60, "a paid guest should not wait long for a webhook"


@pytest.fixture
def worker(transactional_db: None) -> Iterator[None]:
    """A Celery worker thread on the configured broker (memory://, or RabbitMQ in CI)."""
    from config.celery import EmbeddedWorker

    with EmbeddedWorker():
        yield


def test_the_reconciliation_task_settles_a_paid_payment_through_the_worker(
    worker: None,
    settings: LazySettings,
    fake_chapa: FakeChapa,
    client: APIClient,
    listing: Listing,
    guest: User,
) -> None:
    from payments.tasks import reconcile_payments

    payment = started(client, booking_in(listing, guest, 7))
    started_ago(payment, settings.PAYMENT_VERIFY_AFTER_MINUTES + 1)
    fake_chapa.pay(payment.tx_ref)

    reconcile_payments.delay()

    wait_for(lambda: statuses(payment)[0] == "completed", "the reconciliation to settle it")
    assert statuses(payment) == ("completed", Status.CONFIRMED)


# --- a repeated webhook ---------------------------------------------------------------------


@pytest.fixture
def paid_webhook(
    transactional_db: None, fake_chapa: FakeChapa, client: APIClient, listing: Listing, guest: User
) -> tuple[Payment, bytes, str]:
    """A payment paid at the fake Chapa, and its signed webhook (not yet posted)."""
    payment = started(client, booking_in(listing, guest, 7))
    fake_chapa.pay(payment.tx_ref)
    body = json.dumps(fake_chapa.event(payment.tx_ref)).encode()
    return payment, body, fake_chapa.sign(body)


def chapa_posts(body: bytes, signature: str) -> dict[str, Any]:
    """Chapa posting the webhook: no token, CSRF checks on; the answer's JSON."""
    answer = post_webhook(APIClient(enforce_csrf_checks=True), body, signature)
    assert answer.status_code == 200, answer.content
    return dict(answer.json())


def webhook_message() -> Any:
    from outbox.models import OutboxMessage

    return OutboxMessage.objects.get(topic="webhook_received")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_webhook_repeated_after_the_broker_refused_the_first_is_processed(
    monkeypatch: pytest.MonkeyPatch, paid_webhook: tuple[Payment, bytes, str]
) -> None:
    import outbox.services
    from outbox.services import _BrokerBackoff, handle

    clock = Clock()  # the outbox's back-off on a clock of the test's
    monkeypatch.setattr(outbox.services, "broker_backoff", _BrokerBackoff(clock=clock))
    payment, body, signature = paid_webhook
    with broker_down():
        first = chapa_posts(body, signature)
    assert first["duplicate"] is False
    assert webhook_message().published_at is None
    clock.now += 60  # Chapa repeats a webhook minutes later: the back-off is over

    with published() as sent:
        repeat = chapa_posts(body, signature)

    assert repeat["duplicate"] is True
    message = webhook_message()  # the same one, handed over now
    assert [(name, args) for name, args in sent] == [(HANDLE, [str(message.pk)])]
    assert message.published_at is not None
    assert handle(message.pk) == "done"
    assert statuses(payment) == ("completed", Status.CONFIRMED)


def test_a_webhook_repeated_while_its_first_processing_backs_off_is_processed_now(
    settings: LazySettings, fake_chapa: FakeChapa, paid_webhook: tuple[Payment, bytes, str]
) -> None:
    from django.utils import timezone
    from outbox.services import handle

    payment, body, signature = paid_webhook
    chapa_posts(body, signature)
    settings.CHAPA_BASE_URL = CLOSED_PORT  # the first processing cannot verify
    assert handle(webhook_message().pk) == "retry"
    assert webhook_message().available_at > timezone.now()
    settings.CHAPA_BASE_URL = fake_chapa.url

    with published() as sent:
        chapa_posts(body, signature)

    message = webhook_message()
    assert message.available_at <= timezone.now()
    assert [args for _, args in sent] == [[str(message.pk)]]
    assert handle(message.pk) == "done"
    assert statuses(payment) == ("completed", Status.CONFIRMED)


def test_a_repeat_of_a_processed_webhook_changes_nothing_and_records_nothing(
    paid_webhook: tuple[Payment, bytes, str],
) -> None:
    from outbox.services import handle

    payment, body, signature = paid_webhook
    chapa_posts(body, signature)
    assert handle(webhook_message().pk) == "done"
    settled = announced()
    assert statuses(payment) == ("completed", Status.CONFIRMED)

    with published() as sent:
        repeat = chapa_posts(body, signature)

    assert repeat["duplicate"] is True
    assert sent == []
    assert announced() == settled
    assert webhook_message().done_at is not None
    assert statuses(payment) == ("completed", Status.CONFIRMED)


def test_a_webhook_repeated_before_the_worker_took_the_first_is_processed_once(
    paid_webhook: tuple[Payment, bytes, str],
) -> None:
    """The first's message is with the broker: the repeat adds nothing; a worker started
    later processes the event once."""
    from config.celery import EmbeddedWorker

    payment, body, signature = paid_webhook
    chapa_posts(body, signature)
    with published() as sent:
        chapa_posts(body, signature)
    assert sent == []
    assert len(announced("webhook_received")) == 1

    with EmbeddedWorker():
        wait_for(lambda: webhook_message().done_at is not None, "the worker to process it")
    assert statuses(payment) == ("completed", Status.CONFIRMED)
    assert len(announced("payment_completed")) == 1


# --- release_unpaid_bookings: a payment in flight is verified first --------------------------


def release_later(settings: LazySettings, booking: Booking) -> int:
    """The release job run as if the booking were older than UNPAID_BOOKING_MINUTES."""
    from bookings.services import release_unpaid_bookings

    later = booking.created_at + timedelta(minutes=settings.UNPAID_BOOKING_MINUTES + 1)
    return release_unpaid_bookings(now=later)


def test_a_booking_paid_at_chapa_but_unsettled_is_confirmed_not_released(
    settings: LazySettings, fake_chapa: FakeChapa, client: APIClient, listing: Listing, guest: User
) -> None:
    payment = started(client, booking_in(listing, guest, 7))
    fake_chapa.pay(payment.tx_ref)

    assert release_later(settings, payment.booking) == 0

    assert statuses(payment) == ("completed", Status.CONFIRMED)
    assert announced("payment_completed") == [
        ("payment_completed", {"payment_id": str(payment.pk)})
    ]


def test_a_booking_whose_payment_cannot_be_verified_is_kept_pending(
    settings: LazySettings, fake_chapa: FakeChapa, client: APIClient, listing: Listing, guest: User
) -> None:
    payment = started(client, booking_in(listing, guest, 7))
    fake_chapa.pay(payment.tx_ref)
    settings.CHAPA_BASE_URL = CLOSED_PORT

    assert release_later(settings, payment.booking) == 0

    assert statuses(payment) == ("pending", Status.PENDING)
    settings.CHAPA_BASE_URL = fake_chapa.url  # the next run, Chapa back: confirmed
    assert release_later(settings, payment.booking) == 0
    assert statuses(payment) == ("completed", Status.CONFIRMED)


def test_once_chapa_is_down_the_other_payments_in_flight_are_kept_unasked(
    settings: LazySettings, fake_chapa: FakeChapa, client: APIClient, listing: Listing, guest: User
) -> None:
    """Each would wait out Chapa's timeout and retries: the job would overrun its time
    limit and release nothing at all, even the bookings with no payment."""
    payments = [started(client, booking_in(listing, guest, month)) for month in (7, 8, 9)]
    unpaid = booking_in(listing, guest, 10)
    fake_chapa.requests.clear()
    fake_chapa.fail_next = 3 * (settings.CHAPA_RETRIES + 1)  # down: 500 to every try

    assert release_later(settings, payments[0].booking) == 1

    assert set(verified(fake_chapa)) == {payments[0].tx_ref}
    assert [statuses(payment) for payment in payments] == [("pending", Status.PENDING)] * 3
    unpaid.refresh_from_db()
    assert unpaid.status == Status.CANCELED


@pytest.mark.parametrize("at_chapa", ["pending", "failed"])
def test_a_booking_chapa_says_is_not_paid_is_released(
    settings: LazySettings,
    fake_chapa: FakeChapa,
    client: APIClient,
    listing: Listing,
    guest: User,
    at_chapa: str,
) -> None:
    payment = started(client, booking_in(listing, guest, 7))
    if at_chapa == "failed":
        fake_chapa.cancel(payment.tx_ref)
    other = booking_in(listing, guest, 8)  # unpaid, no payment at all
    fake_chapa.requests.clear()

    assert release_later(settings, payment.booking) == 2

    assert verified(fake_chapa) == [payment.tx_ref]
    assert statuses(payment) == (
        "failed" if at_chapa == "failed" else "pending",
        Status.CANCELED,
    )
    other.refresh_from_db()
    assert other.status == Status.CANCELED
