"""Payments against the fake Chapa over real HTTP (payments/): the gateway client's
timeouts, retries and silence about the key; initiate; verify and what it settles; the
hosted checkout's Pay and Cancel. The fake is the only thing replaced: the database, the
broker and the Celery worker are real."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
from accounts.models import User
from bookings.models import Booking, Status
from django.conf import LazySettings
from django.core import mail
from listings.models import Listing
from rest_framework.test import APIClient
from tests.payments_support import (
    HANDLE,
    announced,
    initiate,
    make_booking,
    published,
)
from tests.support import ClientFor, MakeUser
from tests.waiting import wait_for

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa

MODULE = Path(__file__).resolve().parents[2]  # travel_app/


@pytest.fixture
def booking(listing: Listing, guest: User) -> Booking:
    return make_booking(listing, guest)


@pytest.fixture
def client(client_for: ClientFor, guest: User) -> APIClient:
    return client_for(guest)


def payment(tx_ref: str) -> Any:
    from payments.models import Payment

    return Payment.objects.get(tx_ref=tx_ref)


def verify(client: APIClient, tx_ref: str) -> Any:
    return client.get(f"/api/payments/verify/{tx_ref}/")


@pytest.fixture
def worker(transactional_db: None) -> Iterator[None]:
    """A Celery worker thread on the configured broker (memory://, or RabbitMQ in CI)."""
    from config.celery import EmbeddedWorker

    with EmbeddedWorker():
        yield


# --- the gateway client -----------------------------------------------------------------


def client_of(fake: FakeChapa, **options: Any) -> Any:
    from payments.gateway import ChapaClient

    defaults: dict[str, Any] = {
        "base_url": fake.url,
        "secret_key": fake.secret_key,
        "retries": 2,
        "backoff": 0.01,
        "timeout": (1.0, 5.0),
    }
    return ChapaClient(**(defaults | options))


CHECKOUT = {
    "amount": "360.00",
    "currency": "ETB",
    "email": "gus@example.com",
    "first_name": "Gus",
    "last_name": "Guest",
    "tx_ref": "travel-gateway-test",
}


@pytest.mark.task("payments.gateway")
def test_the_client_sends_the_key_and_reads_chapas_answers(fake_chapa: FakeChapa) -> None:
    chapa = client_of(fake_chapa)

    checkout = chapa.initialize(CHECKOUT)
    assert checkout.checkout_url == f"{fake_chapa.url}/checkout/travel-gateway-test"
    pending = chapa.verify("travel-gateway-test")
    fake_chapa.pay("travel-gateway-test")
    paid = chapa.verify("travel-gateway-test")

    assert (pending.status, paid.status) == ("pending", "success")
    assert (paid.amount, paid.currency, paid.tx_ref) == (Decimal("360"), "ETB", CHECKOUT["tx_ref"])
    assert paid.reference == fake_chapa.transactions["travel-gateway-test"].reference
    assert fake_chapa.requests == [
        "POST /v1/transaction/initialize",
        "GET /v1/transaction/verify/travel-gateway-test",
        "GET /v1/transaction/verify/travel-gateway-test",
    ]


@pytest.mark.task("payments.gateway")
def test_5xx_answers_are_retried_with_exponential_back_off(
    fake_chapa: FakeChapa, caplog: pytest.LogCaptureFixture
) -> None:
    fake_chapa.fail_next = 2
    caplog.set_level(logging.WARNING, logger="payments.gateway")

    assert client_of(fake_chapa, backoff=0.05).initialize(CHECKOUT).checkout_url

    assert fake_chapa.requests == ["POST /v1/transaction/initialize"] * 3
    waits = re.findall(r"answered 500; attempt \d of 3 in ([\d.]+) s", caplog.text)
    assert waits == ["0.05", "0.10"]


@pytest.mark.task("payments.gateway")
def test_more_failures_than_retries_is_unavailable(fake_chapa: FakeChapa) -> None:
    from payments.gateway import GatewayUnavailable

    fake_chapa.fail_next = 3
    with pytest.raises(GatewayUnavailable, match="unavailable"):
        client_of(fake_chapa).verify("anything")
    assert len(fake_chapa.requests) == 3


@pytest.mark.task("payments.gateway")
def test_a_refused_connection_is_retried_then_unavailable(
    settings: LazySettings, caplog: pytest.LogCaptureFixture
) -> None:
    from payments.gateway import ChapaClient, GatewayUnavailable

    caplog.set_level(logging.WARNING, logger="payments.gateway")
    chapa = ChapaClient(base_url="http://127.0.0.1:9", secret_key="k", retries=2, backoff=0.01)
    with pytest.raises(GatewayUnavailable, match="could not connect"):
        chapa.verify("travel-x")
    assert caplog.text.count("could not connect; attempt") == 2


@pytest.mark.task("payments.gateway")
def test_a_4xx_is_refused_at_once_with_chapas_message(fake_chapa: FakeChapa) -> None:
    from payments.gateway import GatewayRefused

    with pytest.raises(GatewayRefused, match="currency") as refused:
        client_of(fake_chapa).initialize(CHECKOUT | {"currency": "XXX"})
    assert refused.value.status_code == 400
    with pytest.raises(GatewayRefused, match="Invalid API Key"):
        client_of(fake_chapa, secret_key="CHASECK_TEST-wrong").verify("travel-x")
    assert len(fake_chapa.requests) == 2, "a 4xx is not retried"


@pytest.mark.task("payments.gateway")
def test_a_slow_gateway_times_out_without_retrying(fake_chapa: FakeChapa) -> None:
    from payments.gateway import GatewayUnavailable

    fake_chapa.delay = 5
    with pytest.raises(GatewayUnavailable, match=r"did not answer within 0\.2 seconds"):
        client_of(fake_chapa, timeout=(1.0, 0.2)).initialize(CHECKOUT)
    assert len(fake_chapa.requests) == 1


class Echo(BaseHTTPRequestHandler):
    """A confused gateway: its refusal quotes the request's Authorization header."""

    def do_GET(self) -> None:
        body = json.dumps({"message": f"bad header {self.headers['Authorization']}"}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.task("payments.gateway")
def test_the_secret_key_is_in_no_log_line_and_no_error(
    fake_chapa: FakeChapa, caplog: pytest.LogCaptureFixture
) -> None:
    from payments.gateway import ChapaClient, GatewayError

    caplog.set_level(logging.DEBUG)  # every logger, urllib3's included
    secret = fake_chapa.secret_key
    messages = [repr(client_of(fake_chapa))]
    client_of(fake_chapa).initialize(CHECKOUT)  # success
    fake_chapa.fail_next = 1
    client_of(fake_chapa).verify(CHECKOUT["tx_ref"])  # a 5xx, then success
    echo = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=echo.serve_forever, daemon=True).start()
    failing = [
        lambda: client_of(fake_chapa, timeout=(1.0, 0.2), retries=0).verify("x"),
        lambda: ChapaClient(base_url="http://127.0.0.1:9", secret_key=secret, backoff=0).verify(
            "x"
        ),
        lambda: ChapaClient(
            base_url=f"http://127.0.0.1:{echo.server_address[1]}", secret_key=secret
        ).verify("x"),
    ]
    fake_chapa.delay = 1
    try:
        for call in failing:
            with pytest.raises(GatewayError) as error:
                call()
            messages.append(str(error.value))
    finally:
        echo.shutdown()
        echo.server_close()

    assert "[secret]" in messages[-1], "the echoed key is masked"
    assert len(caplog.records) >= 5
    for text in [*messages, *(record.getMessage() for record in caplog.records)]:
        assert secret not in text
        assert secret[len("CHASECK_TEST-") :] not in text


# --- initiate ---------------------------------------------------------------------------


@pytest.mark.task("payments.initiate")
def test_initiate_returns_the_checkout_link_for_the_servers_price(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, guest: User, settings: LazySettings
) -> None:
    response = client.post(
        "/api/payments/initiate/", {"booking": str(booking.pk), "amount": "1.00"}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    tx_ref = body["tx_ref"]
    assert body["status"] == "pending"
    assert (body["amount"], body["currency"]) == ("360.00", "ETB")
    assert body["checkout_url"] == f"{fake_chapa.url}/checkout/{tx_ref}"
    sent = fake_chapa.transactions[tx_ref]
    assert (sent.amount, sent.currency) == (Decimal("360.00"), "ETB"), "the server's price"
    assert (sent.email, sent.first_name, sent.last_name) == (guest.email, "Guest", "T")
    assert sent.return_url == f"{settings.SITE_URL}/payments/return/?tx_ref={tx_ref}"
    assert sent.callback_url == f"{settings.SITE_URL}/api/payments/webhook/"
    stored = payment(tx_ref)
    assert (stored.booking_id, stored.status, stored.amount) == (booking.pk, "pending", 360)
    assert stored.checkout_url == body["checkout_url"]


@pytest.mark.task("payments.initiate")
def test_each_attempt_has_its_own_tx_ref(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking
) -> None:
    first, second = initiate(client, booking), initiate(client, booking)
    assert first["tx_ref"] != second["tx_ref"]
    assert set(fake_chapa.transactions) == {first["tx_ref"], second["tx_ref"]}


@pytest.mark.task("payments.initiate")
@pytest.mark.parametrize(
    ("whose", "status", "code", "says"),
    [
        ("another guest's", Status.PENDING, 404, "no booking"),
        ("mine", Status.CONFIRMED, 409, "already paid"),
        ("mine", Status.CANCELED, 409, "canceled"),
    ],
)
def test_only_the_callers_own_pending_booking_can_be_paid(
    fake_chapa: FakeChapa,
    client: APIClient,
    listing: Listing,
    guest: User,
    make_user: MakeUser,
    whose: str,
    status: str,
    code: int,
    says: str,
) -> None:
    from payments.models import Payment

    booking = make_booking(listing, guest if whose == "mine" else make_user(), status)

    response = client.post("/api/payments/initiate/", {"booking": str(booking.pk)})

    assert response.status_code == code
    assert says in response.json()["booking"][0]
    assert not Payment.objects.exists()
    assert fake_chapa.requests == []


@pytest.mark.task("payments.initiate")
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"booking": "not-a-uuid"},
        {"booking": None},
        {"booking": ["x"]},
        {"booking": ""},
        {"booking": "x" * 10_000},
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, body: dict[str, Any]
) -> None:
    from payments.models import Payment

    response = client.post("/api/payments/initiate/", body, format="json")

    assert response.status_code == 400
    assert "booking" in response.json()
    assert not Payment.objects.exists()


@pytest.mark.task("payments.initiate")
def test_initiate_needs_a_signed_in_user(
    fake_chapa: FakeChapa, client_for: ClientFor, booking: Booking
) -> None:
    response = client_for(None).post("/api/payments/initiate/", {"booking": str(booking.pk)})
    assert response.status_code == 401
    assert fake_chapa.requests == []


@pytest.mark.task("payments.initiate")
def test_gateway_down_is_a_503_that_leaves_a_pending_payment_and_a_retry_works(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, settings: LazySettings
) -> None:
    from payments.models import Payment

    fake_chapa.fail_next = settings.CHAPA_RETRIES + 1

    response = client.post("/api/payments/initiate/", {"booking": str(booking.pk)})

    assert response.status_code == 503
    assert "try again" in response.json()["booking"][0]
    left = Payment.objects.get()
    assert (left.status, left.checkout_url, left.amount) == ("pending", "", 360)
    retried = initiate(client, booking)
    assert retried["tx_ref"] != left.tx_ref
    assert retried["checkout_url"]
    assert Payment.objects.count() == 2


@pytest.mark.task("payments.initiate")
def test_a_slow_gateway_is_a_503(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, settings: LazySettings
) -> None:
    from payments.models import Payment

    settings.CHAPA_READ_TIMEOUT = 0.2
    fake_chapa.delay = 5

    response = client.post("/api/payments/initiate/", {"booking": str(booking.pk)})

    assert response.status_code == 503
    assert "did not answer within 0.2 seconds" in response.json()["booking"][0]
    assert Payment.objects.get().status == "pending"


@pytest.mark.task("payments.initiate")
def test_a_refusal_by_the_gateway_is_a_502_and_fails_the_attempt(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, settings: LazySettings
) -> None:
    from payments.models import Payment

    settings.CHAPA_SECRET_KEY = "CHASECK_TEST-not-the-fakes"

    response = client.post("/api/payments/initiate/", {"booking": str(booking.pk)})

    assert response.status_code == 502
    assert "Invalid API Key" in response.json()["booking"][0]
    failed = Payment.objects.get()
    assert failed.status == "failed"
    assert "Invalid API Key" in failed.failure_reason


# --- verify -----------------------------------------------------------------------------


@pytest.mark.task("payments.verify")
def test_a_paid_payment_completes_confirms_the_booking_and_queues_one_email(
    fake_chapa: FakeChapa,
    client: APIClient,
    booking: Booking,
) -> None:
    tx_ref = initiate(client, booking)["tx_ref"]
    fake_chapa.pay(tx_ref)

    answers = [verify(client, tx_ref) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert [answer.json()["status"] for answer in answers] == ["completed"] * 3
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    stored = payment(tx_ref)
    assert stored.gateway_reference == fake_chapa.transactions[tx_ref].reference
    assert announced() == [("payment_completed", {"payment_id": str(stored.pk)})]
    verifies = [r for r in fake_chapa.requests if r.startswith("GET")]
    assert len(verifies) == 1, "a settled payment is not asked about again"


@pytest.mark.task("payments.verify")
def test_an_unpaid_payment_stays_pending(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking
) -> None:
    tx_ref = initiate(client, booking)["tx_ref"]

    response = verify(client, tx_ref)

    assert (response.status_code, response.json()["status"]) == (200, "pending")
    booking.refresh_from_db()
    assert booking.status == Status.PENDING


@pytest.mark.task("payments.verify")
def test_a_canceled_checkout_fails_with_the_reason(
    fake_chapa: FakeChapa,
    client: APIClient,
    booking: Booking,
) -> None:
    tx_ref = initiate(client, booking)["tx_ref"]
    fake_chapa.cancel(tx_ref)

    body = verify(client, tx_ref).json()

    assert (body["status"], body["refund_due"]) == ("failed", False)
    assert body["failure_reason"] == "The payment service reports this payment failed."
    booking.refresh_from_db()
    assert booking.status == Status.PENDING
    assert announced() == []


@pytest.mark.task("payments.verify")
@pytest.mark.parametrize(
    ("hook", "value", "reason"),
    [
        (
            "wrong_amount",
            Decimal("36.00"),
            "Paid the wrong amount: 36.00 ETB instead of 360.00 ETB.",
        ),
        ("wrong_currency", "USD", "Paid in the wrong currency: 360.00 USD instead of 360.00 ETB."),
    ],
)
def test_a_success_for_another_amount_or_currency_fails(
    fake_chapa: FakeChapa,
    client: APIClient,
    booking: Booking,
    hook: str,
    value: Any,
    reason: str,
) -> None:
    tx_ref = initiate(client, booking)["tx_ref"]
    fake_chapa.pay(tx_ref)
    setattr(fake_chapa, hook, value)

    body = verify(client, tx_ref).json()

    assert (body["status"], body["failure_reason"]) == ("failed", reason)
    assert body["refund_due"], "the money taken must go back"
    booking.refresh_from_db()
    assert booking.status == Status.PENDING
    assert announced() == []


@pytest.mark.task("payments.verify")
def test_gateway_down_leaves_the_payment_as_it_was_and_a_later_verify_works(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, settings: LazySettings
) -> None:
    tx_ref = initiate(client, booking)["tx_ref"]
    fake_chapa.pay(tx_ref)
    fake_chapa.fail_next = settings.CHAPA_RETRIES + 1

    down = verify(client, tx_ref)

    assert down.status_code == 503
    assert "unchanged" in down.json()["tx_ref"][0]
    assert payment(tx_ref).status == "pending"
    booking.refresh_from_db()
    assert booking.status == Status.PENDING
    assert verify(client, tx_ref).json()["status"] == "completed"


@pytest.mark.task("payments.verify")
def test_a_slow_gateway_on_verify_is_a_503_and_changes_nothing(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, settings: LazySettings
) -> None:
    tx_ref = initiate(client, booking)["tx_ref"]
    fake_chapa.pay(tx_ref)
    settings.CHAPA_READ_TIMEOUT = 0.2
    fake_chapa.delay = 5

    assert verify(client, tx_ref).status_code == 503
    assert payment(tx_ref).status == "pending"


@pytest.mark.task("payments.verify")
def test_only_the_callers_own_payment_can_be_verified(
    fake_chapa: FakeChapa,
    client: APIClient,
    client_for: ClientFor,
    booking: Booking,
    make_user: MakeUser,
) -> None:
    tx_ref = initiate(client, booking)["tx_ref"]
    fake_chapa.pay(tx_ref)
    requests_before = len(fake_chapa.requests)

    assert verify(client_for(make_user()), tx_ref).status_code == 404
    assert verify(client, "travel-no-such-reference").status_code == 404
    assert verify(client_for(None), tx_ref).status_code == 401
    assert payment(tx_ref).status == "pending"
    assert len(fake_chapa.requests) == requests_before, "the gateway was not asked"


@pytest.mark.task("payments.verify")
def test_paid_after_the_booking_was_canceled_is_completed_and_flagged_for_refund(
    fake_chapa: FakeChapa,
    client: APIClient,
    booking: Booking,
    guest: User,
) -> None:
    """Released as unpaid, then paid on a checkout page still open: the money was taken,
    so the payment is Completed; the nights may be someone else's now, so the booking
    stays canceled and the payment says a refund is due. No confirmation e-mail."""
    from bookings.services import booking_cancel

    tx_ref = initiate(client, booking)["tx_ref"]
    booking_cancel(booking_id=booking.pk, by=guest)
    fake_chapa.pay(tx_ref)

    body = verify(client, tx_ref).json()

    assert (body["status"], body["refund_due"]) == ("completed", True)
    assert "canceled" in payment(tx_ref).refund_reason
    booking.refresh_from_db()
    assert booking.status == Status.CANCELED
    assert announced() == []


@pytest.mark.task("payments.verify")
def test_a_second_paid_attempt_is_flagged_for_refund(
    fake_chapa: FakeChapa,
    client: APIClient,
    booking: Booking,
) -> None:
    first, second = initiate(client, booking)["tx_ref"], initiate(client, booking)["tx_ref"]
    fake_chapa.pay(first)
    fake_chapa.pay(second)

    bodies = [verify(client, tx_ref).json() for tx_ref in (first, second)]

    assert [(b["status"], b["refund_due"]) for b in bodies] == [
        ("completed", False),
        ("completed", True),
    ]
    assert "already paid" in payment(second).refund_reason
    assert announced() == [("payment_completed", {"payment_id": str(payment(first).pk)})]


@pytest.mark.task("payments.verify")
def test_the_confirmation_email_goes_out_once_through_a_worker(
    worker: None, fake_chapa: FakeChapa, client: APIClient, booking: Booking, guest: User
) -> None:
    """Verified three times, the last two while the first's e-mail may be on its way:
    one message to the broker, one e-mail."""
    tx_ref = initiate(client, booking)["tx_ref"]
    fake_chapa.pay(tx_ref)

    with published() as sent:
        for _ in range(3):
            assert verify(client, tx_ref).json()["status"] == "completed"
        wait_for(lambda: len(mail.outbox) >= 1, "the confirmation e-mail")

    assert [name for name, _ in sent] == [HANDLE]
    assert [message.to for message in mail.outbox] == [[guest.email]]


@pytest.mark.task("payments.verify")
@pytest.mark.services("mysql")
def test_simultaneous_verifies_confirm_once_and_queue_one_email(
    worker: None, fake_chapa: FakeChapa, client: APIClient, booking: Booking, guest: User
) -> None:
    """Eight requests verify the same paid payment at the same moment (real threads on
    MariaDB): the payment's row lock lets one of them move it to Completed."""
    tx_ref = initiate(client, booking)["tx_ref"]
    fake_chapa.pay(tx_ref)
    barrier = threading.Barrier(8)
    answers: list[str] = []

    def verify_at_once() -> None:
        from django.db import connection
        from payments.services import payment_verify

        barrier.wait()
        try:
            answers.append(payment_verify(tx_ref=tx_ref).status)
        finally:
            connection.close()

    with published() as sent:
        threads = [threading.Thread(target=verify_at_once) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wait_for(lambda: len(mail.outbox) >= 1, "the confirmation e-mail")

    assert answers == ["completed"] * 8
    assert [name for name, _ in sent] == [HANDLE]
    assert len(mail.outbox) == 1
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


# --- the fake's hosted checkout ---------------------------------------------------------


@pytest.mark.task("payments.checkout")
def test_pay_on_the_checkout_page_posts_a_signed_webhook_and_returns_to_the_shop(
    worker: None,
    live_server: Any,
    fake_chapa: FakeChapa,
    client: APIClient,
    booking: Booking,
    guest: User,
    settings: LazySettings,
) -> None:
    """The whole flow over HTTP: the page, Pay, the webhook into the running app, its
    processing by the worker (re-verifying with the fake), the e-mail, the 303 back."""
    from payments.models import WebhookEvent

    settings.CHAPA_RETURN_URL = f"{live_server.url}/payments/return/"
    fake_chapa.webhook_url = f"{live_server.url}/api/payments/webhook/"
    started = initiate(client, booking)
    tx_ref = started["tx_ref"]

    page = requests.get(started["checkout_url"], timeout=10)
    assert page.status_code == 200
    html = page.text
    assert '<html lang="en">' in html
    assert "<h1>Fake Chapa checkout</h1>" in html
    assert "360.00 ETB" in html
    assert re.search(r'<form method="post" action="/checkout/[^"]+/pay">', html)
    assert '<button type="submit">Pay 360.00 ETB</button>' in html
    assert ">Cancel</button>" in html

    paid = requests.post(f"{started['checkout_url']}/pay", allow_redirects=False, timeout=10)

    assert paid.status_code == 303
    assert paid.headers["Location"] == f"{live_server.url}/payments/return/?tx_ref={tx_ref}"
    assert fake_chapa.webhooks_sent == [200]
    wait_for(lambda: payment(tx_ref).status == "completed", "the webhook's processing")
    wait_for(lambda: len(mail.outbox) == 1, "the confirmation e-mail")
    assert mail.outbox[0].to == [guest.email]
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    event = WebhookEvent.objects.get()
    assert (event.event, event.tx_ref) == ("charge.success", tx_ref)
    assert "completed" in event.outcome
    again = requests.get(started["checkout_url"], timeout=10).text
    assert "This payment is paid." in again
    assert "<button" not in again


@pytest.mark.task("payments.checkout")
def test_cancel_on_the_checkout_page_fails_the_payment_and_returns(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, settings: LazySettings
) -> None:
    started = initiate(client, booking)

    canceled = requests.post(
        f"{started['checkout_url']}/cancel", allow_redirects=False, timeout=10
    )

    assert canceled.status_code == 303
    assert canceled.headers["Location"].endswith(f"/payments/return/?tx_ref={started['tx_ref']}")
    assert verify(client, started["tx_ref"]).json()["status"] == "failed"
    again = requests.post(f"{started['checkout_url']}/pay", allow_redirects=False, timeout=10)
    assert again.status_code == 303
    assert fake_chapa.transactions[started["tx_ref"]].status == "failed", (
        "a second click changes nothing"
    )


@pytest.mark.task("payments.checkout")
def test_the_fake_checks_the_key_and_answers_in_chapas_shapes(fake_chapa: FakeChapa) -> None:
    api = f"{fake_chapa.url}/v1/transaction"
    key = {"Authorization": f"Bearer {fake_chapa.secret_key}"}

    no_key = requests.post(f"{api}/initialize", json=CHECKOUT, timeout=10)
    bad = requests.post(f"{api}/initialize", json={"amount": "-1"}, headers=key, timeout=10)
    made = requests.post(f"{api}/initialize", json=CHECKOUT, headers=key, timeout=10)
    again = requests.post(f"{api}/initialize", json=CHECKOUT, headers=key, timeout=10)
    found = requests.get(f"{api}/verify/{CHECKOUT['tx_ref']}", headers=key, timeout=10)
    unknown = requests.get(f"{api}/verify/travel-unknown", headers=key, timeout=10)

    assert no_key.status_code == 401
    assert no_key.json() == {
        "message": "Invalid API Key or User doesn't exist",
        "status": "failed",
        "data": None,
    }
    assert bad.status_code == 400
    assert set(bad.json()["message"]) == {"amount", "currency", "email", "tx_ref"}
    assert made.json() == {
        "message": "Hosted Link",
        "status": "success",
        "data": {"checkout_url": f"{fake_chapa.url}/checkout/{CHECKOUT['tx_ref']}"},
    }
    assert (again.status_code, again.json()["message"]) == (
        400,
        "Transaction reference has been used before",
    )
    assert found.json()["message"] == "Payment details"
    expected = {"status": "pending", "amount": 360.0, "currency": "ETB"}
    assert found.json()["data"].items() >= expected.items()
    assert unknown.status_code == 404
    assert requests.get(f"{fake_chapa.url}/checkout/travel-unknown", timeout=10).status_code == 404


@pytest.mark.task("payments.checkout")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_the_fake_chapa_command_runs_alone_until_stopped(stop: signal.Signals) -> None:
    """Started as a script's background job is (SIGINT ignored, which the child inherits),
    it still stops on Ctrl-C and on SIGTERM, with exit status 0."""
    env = {
        **os.environ,
        "CHAPA_SECRET_KEY": "CHASECK_TEST-command",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "fake_chapa", "--port", "0"],
        cwd=MODULE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = re.search(r"fake Chapa listening on (http://127\.0\.0\.1:\d+)", first)
        assert url, first + (process.stderr.read() if process.poll() is not None else "")
        answer = requests.post(
            f"{url[1]}/v1/transaction/initialize",
            json=CHECKOUT,
            headers={"Authorization": "Bearer CHASECK_TEST-command"},
            timeout=10,
        )
        assert answer.json()["data"]["checkout_url"].startswith(url[1])
    finally:
        process.send_signal(stop)
        try:
            code = process.wait(timeout=30)
        finally:
            process.kill()  # a command that ignored the signal must not outlive the test
    assert code == 0


@pytest.mark.task("payments.initiate")
def test_payment_attempts_are_throttled_per_user(
    fake_chapa: FakeChapa, client: APIClient, client_for: ClientFor, make_user: MakeUser
) -> None:
    """Each attempt costs a call to the gateway: 20 a minute per user."""
    answers = [
        client.post("/api/payments/initiate/", {"booking": "x"}).status_code for _ in range(21)
    ]
    assert answers == [400] * 20 + [429]
    assert client_for(make_user()).post("/api/payments/initiate/", {}).status_code == 400


# --- the admin --------------------------------------------------------------------------


@pytest.mark.task("models.admin")
def test_payments_and_webhook_events_are_listed_read_only_in_the_admin(
    fake_chapa: FakeChapa, client: APIClient, booking: Booking, guest: User
) -> None:
    from bookings.services import booking_cancel
    from django.test import Client

    tx_ref = initiate(client, booking)["tx_ref"]
    booking_cancel(booking_id=booking.pk, by=guest)
    fake_chapa.pay(tx_ref)
    verify(client, tx_ref)  # completed, refund due
    admin = Client()
    admin.force_login(User.objects.create_superuser("root@example.com", "x", first_name="R"))

    refunds = admin.get(f"/admin/payments/payment/?q={guest.email}&refund_reason__isempty=0")
    paid = admin.get("/admin/payments/payment/?status__exact=completed&refund_reason__isempty=1")
    change = admin.get(f"/admin/payments/payment/{payment(tx_ref).pk}/change/")

    assert refunds.status_code == 200
    assert tx_ref in refunds.content.decode()
    assert tx_ref not in paid.content.decode()
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode(), "read-only"
    assert admin.get("/admin/payments/payment/add/").status_code == 403
    assert admin.get("/admin/payments/webhookevent/?q=travel-").status_code == 200
