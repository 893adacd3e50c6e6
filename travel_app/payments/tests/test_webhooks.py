"""Chapa's webhook (payments/webhooks.py, payments/handlers.py): only a valid signature is
accepted, each event is recorded once, and processing changes a payment only after the
gateway itself confirms: forged, replayed, out-of-order and unknown-reference events
change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from django.conf import LazySettings
from listings.models import Listing
from rest_framework.test import APIClient
from tests.payments_support import (
    announced,
    initiate,
    make_booking,
    post_webhook,
    signed,
)
from tests.support import ClientFor
from tests.waiting import wait_for

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa


@pytest.fixture
def booking(listing: Listing, guest: User) -> Booking:
    return make_booking(listing, guest)


@pytest.fixture
def client(client_for: ClientFor, guest: User) -> APIClient:
    return client_for(guest)


@pytest.fixture
def chapa() -> APIClient:
    """Chapa calling: no token, no session, CSRF checks on."""
    return APIClient(enforce_csrf_checks=True)


def events() -> Any:
    from payments.models import WebhookEvent

    return WebhookEvent.objects


def payment(tx_ref: str) -> Any:
    from payments.models import Payment

    return Payment.objects.get(tx_ref=tx_ref)


def process(event_id: str) -> str:
    """The event's outbox message handled here as a worker would, its retries at once
    (no back-off); the event's outcome."""
    from outbox.models import OutboxMessage
    from outbox.services import handle
    from payments.models import WebhookEvent

    message = OutboxMessage.objects.filter(payload__event_id=event_id).latest("created_at")
    while handle(message.pk) == "retry":
        pass  # at most OUTBOX_MAX_ATTEMPTS times: then a dead letter
    return WebhookEvent.objects.get(pk=event_id).outcome


@pytest.fixture
def started(fake_chapa: FakeChapa, client: APIClient, booking: Booking) -> str:
    """A payment begun at the fake Chapa; its tx_ref."""
    return str(initiate(client, booking)["tx_ref"])


# --- the signature ----------------------------------------------------------------------


@pytest.mark.task("webhooks.signature")
def test_a_signed_event_is_recorded_once_and_queued_once(
    fake_chapa: FakeChapa,
    started: str,
    chapa: APIClient,
) -> None:
    fake_chapa.pay(started)
    body, signature = signed(fake_chapa.event(started))

    first = post_webhook(chapa, body, signature)
    replay = post_webhook(chapa, body, signature)

    assert (first.status_code, first.json()["duplicate"]) == (200, False)
    assert (replay.status_code, replay.json()["duplicate"]) == (200, True)
    event = events().get()
    assert str(event.pk) == first.json()["event_id"] == replay.json()["event_id"]
    assert (event.event, event.tx_ref, event.payload["status"]) == (
        "charge.success",
        started,
        "success",
    )
    assert announced() == [("webhook_received", {"event_id": str(event.pk)})]
    assert payment(started).status == "pending", "nothing settled in the request"


def forgeries(body: bytes) -> list[tuple[str, bytes, str | None]]:
    from django.conf import settings

    good = signed(body)[1]
    return [
        ("no signature", body, None),
        ("empty signature", body, ""),
        ("not hex", body, "not-a-signature"),
        ("another secret's", body, signed(body, secret="guessed")[1]),
        ("another body's", body, signed(body + b" ")[1]),
        ("altered body", body.replace(b"success", b"successs", 1), good),
        ("truncated", body, good[:-2]),
        ("the secret itself", body, settings.CHAPA_WEBHOOK_SECRET),
    ]


@pytest.mark.task("webhooks.signature")
def test_forged_signatures_are_refused_and_record_nothing(
    fake_chapa: FakeChapa,
    started: str,
    chapa: APIClient,
) -> None:
    fake_chapa.pay(started)
    body = signed(fake_chapa.event(started))[0]

    answers = {
        name: post_webhook(chapa, forged_body, signature)
        for name, forged_body, signature in forgeries(body)
    }

    assert {name: answer.status_code for name, answer in answers.items()} == dict.fromkeys(
        answers, 401
    )
    assert answers["no signature"].json() == {"detail": "Missing or invalid x-chapa-signature."}
    assert not events().exists()
    assert announced() == []


@pytest.mark.task("webhooks.signature")
@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"charge.success"', b"\xff\xfe"])
def test_a_signed_body_that_is_not_a_json_object_is_a_400(
    db: None, chapa: APIClient, body: bytes
) -> None:
    response = post_webhook(chapa, *signed(body))
    assert response.status_code == 400
    assert not events().exists()


@pytest.mark.task("webhooks.signature")
@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"event": "charge.success", "tx_ref": "travel-\\ud800"}', "lone surrogate"),
        (b'{"event": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "nested more than 32"),
    ],
    ids=["lone-surrogate", "nested"],
)
def test_a_signed_body_no_database_could_store_is_a_400(
    db: None, chapa: APIClient, settings: LazySettings, body: bytes, problem: str
) -> None:
    """Signed, so past the signature check, and once a 500 at the insert (whose debug
    page failed too): refused before the view, with DEBUG on as off."""
    settings.DEBUG = True
    response = post_webhook(chapa, *signed(body))
    assert response.status_code == 400
    assert problem in response.json()["detail"]
    assert not events().exists()


@pytest.mark.task("webhooks.signature")
def test_with_no_webhook_secret_every_webhook_is_refused(
    db: None, chapa: APIClient, settings: LazySettings
) -> None:
    settings.CHAPA_WEBHOOK_SECRET = ""
    body, signature = signed({"event": "charge.success", "tx_ref": "travel-x"}, secret="")

    response = post_webhook(chapa, body, signature)

    assert response.status_code == 503
    assert not events().exists()


# --- processing ---------------------------------------------------------------------------


def receive(fake: FakeChapa, chapa: APIClient, of: str, **overrides: Any) -> str:
    """Post the fake's signed event for the transaction `of` (as Chapa would), with
    `overrides` in its body; the event's id."""
    body, signature = signed({**fake.event(of), **overrides})
    response = post_webhook(chapa, body, signature)
    assert response.status_code == 200
    return str(response.json()["event_id"])


@pytest.mark.task("webhooks.processing")
def test_a_paid_event_completes_the_payment_after_asking_the_gateway(
    fake_chapa: FakeChapa, started: str, chapa: APIClient, booking: Booking
) -> None:
    fake_chapa.pay(started)
    event_id = receive(fake_chapa, chapa, started)

    outcome = process(event_id)

    assert payment(started).status == "completed"
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    assert fake_chapa.requests[-1] == f"GET /v1/transaction/verify/{started}"
    event = events().get()
    assert event.processed_at is not None
    assert event.outcome == outcome == "Verified with the gateway: the payment is completed."


@pytest.mark.task("webhooks.processing")
def test_a_signed_success_the_gateway_does_not_confirm_changes_nothing(
    fake_chapa: FakeChapa, started: str, chapa: APIClient, booking: Booking
) -> None:
    """A valid signature on a false claim (a leaked secret, a bug at the sender): the
    gateway says the transaction is unpaid, so the payment stays Pending."""
    event_id = receive(fake_chapa, chapa, started, event="charge.success", status="success")

    process(event_id)

    assert payment(started).status == "pending"
    booking.refresh_from_db()
    assert booking.status == Status.PENDING


@pytest.mark.task("webhooks.processing")
def test_a_failed_event_after_the_success_changes_nothing(
    fake_chapa: FakeChapa, started: str, chapa: APIClient, client: APIClient, booking: Booking
) -> None:
    fake_chapa.pay(started)
    assert client.get(f"/api/payments/verify/{started}/").json()["status"] == "completed"
    late = receive(fake_chapa, chapa, started, event="charge.failed", status="failed")

    process(late)

    assert payment(started).status == "completed"
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


@pytest.mark.task("webhooks.processing")
def test_an_event_for_an_unknown_reference_changes_nothing(
    fake_chapa: FakeChapa, started: str, chapa: APIClient
) -> None:
    fake_chapa.pay(started)
    event_id = receive(fake_chapa, chapa, started, tx_ref="travel-not-ours")
    asked = len(fake_chapa.requests)

    assert process(event_id) == "Unknown reference: nothing changed."
    assert payment(started).status == "pending"
    assert len(fake_chapa.requests) == asked, "the gateway was not even asked"


@pytest.mark.task("webhooks.processing")
def test_an_event_is_processed_once_however_often_it_is_delivered(
    fake_chapa: FakeChapa, started: str, chapa: APIClient
) -> None:
    fake_chapa.pay(started)
    event_id = receive(fake_chapa, chapa, started)

    outcomes = [process(event_id) for _ in range(3)]

    assert len(set(outcomes)) == 1
    verifies = [r for r in fake_chapa.requests if r.startswith("GET")]
    assert len(verifies) == 1


@pytest.mark.task("webhooks.processing")
def test_processing_retries_while_the_gateway_is_down(
    fake_chapa: FakeChapa, started: str, chapa: APIClient, settings: LazySettings
) -> None:
    from payments.services import PaymentError
    from payments.webhooks import webhook_process

    fake_chapa.pay(started)
    event_id = receive(fake_chapa, chapa, started)
    fake_chapa.fail_next = settings.CHAPA_RETRIES + 1
    with pytest.raises(PaymentError):
        webhook_process(event_id=events().get().pk)
    assert events().get().processed_at is None, "left for the retry"
    fake_chapa.fail_next = settings.CHAPA_RETRIES + 1

    process(event_id)  # its first try fails as the gateway does; the retry succeeds

    assert payment(started).status == "completed"
    verifies = [r for r in fake_chapa.requests if r.startswith("GET")]
    assert len(verifies) == 2 * (settings.CHAPA_RETRIES + 1) + 1


@pytest.fixture
def worker(transactional_db: None) -> Iterator[None]:
    from config.celery import EmbeddedWorker

    with EmbeddedWorker():
        yield


@pytest.mark.task("webhooks.processing")
def test_webhooks_sent_twice_are_processed_by_a_worker_once(
    worker: None, fake_chapa: FakeChapa, started: str, chapa: APIClient, booking: Booking
) -> None:
    """Through the configured broker (RabbitMQ in CI) and a worker thread."""
    fake_chapa.pay(started)
    body, signature = signed(fake_chapa.event(started))

    answers = [post_webhook(chapa, body, signature).json() for _ in range(2)]
    wait_for(lambda: events().get().processed_at is not None, "the webhook's processing")

    assert [answer["duplicate"] for answer in answers] == [False, True]
    event_id = answers[0]["event_id"]
    assert announced("webhook_received") == [("webhook_received", {"event_id": event_id})]
    assert payment(started).status == "completed"
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
