"""Fault injection: the capstone run as in production (a real prefork Celery worker with
beat, on RabbitMQ, MariaDB and Redis, the fake Chapa and the fake SMTP server), with one
dependency made to fail on purpose in each test: cut, refused, killed. Each test then
restores it and checks the end state: every booking and payment settled, every e-mail
sent exactly once, no cached page older than the last write.

`make chaos MODULE=travel_app` runs these alone and prints what each saw. What a test
needs and the embedded defaults lack (RabbitMQ, MariaDB, Redis) it names when it skips;
the mail-server outage runs on memory:// too, with a worker thread of this process.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from celery.signals import task_failure
from django.conf import LazySettings
from django.db import connection
from django.utils import timezone
from listings.models import Listing
from outbox.models import OutboxMessage
from payments.models import Payment, PaymentStatus
from rest_framework.test import APIClient
from tests.chaos_support import (
    NEEDS_MARIADB,
    ChaosReport,
    RealWorker,
    TcpRelay,
    broker_at,
    chaos_report,
    kill_database_connections,
    own_connection_id,
    require_rabbitmq,
    until,
    until_ended,
)
from tests.payments_support import post_webhook, signed
from tests.support import ClientFor, MakeUser

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa
    from fakes.smtp import FakeSMTP

__all__ = ["chaos_report"]  # a fixture: imported for pytest to find

pytestmark = [
    pytest.mark.chaos,
    pytest.mark.task("extras.outbox"),
    pytest.mark.django_db(transaction=True),
]

# The worker's timings, short enough for a test: the relay every second, retries after
# 1-2 s, a lease of 3 s, a lost message handed over again after 30 s.
FAST = {
    "OUTBOX_RELAY_SECONDS": "1",
    "OUTBOX_RETRY_BASE_SECONDS": "1",
    "OUTBOX_RETRY_CAP_SECONDS": "2",
    "EMAIL_LEASE_SECONDS": "3",
    "OUTBOX_REDELIVER_AFTER_SECONDS": "30",
}
SETTLED = 120  # seconds: the bound on reaching the end state, not a speed check


@pytest.fixture(autouse=True)
def fast_settings(settings: LazySettings) -> None:
    """This process's side of FAST, and July 2030 within the booking horizon."""
    for name, value in FAST.items():
        setattr(settings, name, int(value))
    settings.BOOKING_HORIZON_MONTHS = 12 * 10


@pytest.fixture
def broker(settings: LazySettings) -> Iterator[TcpRelay]:
    """RabbitMQ behind a relay the test can cut, for this process and its workers."""
    require_rabbitmq(settings.CELERY_BROKER_URL)
    relay = TcpRelay.for_url(settings.CELERY_BROKER_URL)
    with broker_at(relay.url_for(settings.CELERY_BROKER_URL)):
        yield relay
    relay.close()


StartWorker = Callable[..., RealWorker]


@pytest.fixture
def start_worker(
    tmp_path: Any, broker: TcpRelay, smtp: FakeSMTP, fake_chapa: FakeChapa, settings: LazySettings
) -> Iterator[StartWorker]:
    """start_worker(): a prefork worker with beat, through the broker's relay, on the
    test database, mailing the fake SMTP server and asking the fake Chapa."""
    started: list[RealWorker] = []

    def start(name: str = "worker", **options: Any) -> RealWorker:
        options.setdefault("redis_url", os.environ.get("REDIS_URL"))
        worker = RealWorker(
            tmp_path,
            broker_url=broker.url_for(settings.CELERY_BROKER_URL),
            smtp=smtp,
            chapa=fake_chapa,
            beat=True,
            env=FAST,
            name=f"{name}-{len(started)}",
            **options,
        )
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.cleanup()


# --- what the tests do, as a guest and as Chapa ------------------------------------------


def stay(number: int) -> dict[str, str]:
    """The number-th two-night stay of July 2030, none overlapping another."""
    start = date(2030, 7, 1) + timedelta(days=3 * number)
    return {"start_date": start.isoformat(), "end_date": (start + timedelta(days=2)).isoformat()}


def book(client: APIClient, listing: Listing, number: int) -> Any:
    return client.post("/api/bookings/", {"listing": str(listing.pk), **stay(number)})


def book_all(client: APIClient, listing: Listing, count: int) -> list[str]:
    """`count` bookings, each answered 201; their ids."""
    answers = [book(client, listing, number) for number in range(count)]
    assert [answer.status_code for answer in answers] == [201] * count
    return [answer.json()["booking_id"] for answer in answers]


def pay(client: APIClient, fake_chapa: FakeChapa, booking_id: str) -> str:
    """Start a payment and pay it on the fake checkout; its tx_ref."""
    answer = client.post("/api/payments/initiate/", {"booking": booking_id})
    assert answer.status_code == 201, answer.content
    tx_ref = str(answer.json()["tx_ref"])
    fake_chapa.pay(tx_ref)
    return tx_ref


def chapa_posts_webhook(fake_chapa: FakeChapa, tx_ref: str) -> dict[str, Any]:
    body, signature = signed(fake_chapa.event(tx_ref))
    answer = post_webhook(APIClient(), body, signature)
    assert answer.status_code == 200, answer.content
    return dict(answer.json())


# --- the end state -----------------------------------------------------------------------


def outbox_settled() -> bool:
    """Every outbox message done: none waiting, none a dead letter."""
    return not OutboxMessage.objects.filter(done_at__isnull=True).exists()


def settled_payments() -> int:
    return Payment.objects.filter(status=PaymentStatus.COMPLETED, refund_reason="").count()


def each_sent_once(smtp: FakeSMTP) -> bool:
    """No e-mail twice: every Message-ID (derived from the e-mail's key) seen once."""
    return set(Counter(message["Message-ID"] for message in smtp.messages).values()) <= {1}


def wait_until_settled(smtp: FakeSMTP, emails: int, worker: RealWorker | None = None) -> None:
    """Until `emails` e-mails arrived and the outbox is done."""
    reach(lambda: len(smtp.messages) >= emails and outbox_settled(),
          f"{emails} e-mails and the outbox done", worker)  # fmt: skip


def reach(state: Callable[[], bool], what: str, worker: RealWorker | None = None) -> None:
    """Until `state()` holds. A task that failed (in the worker's log, or in this
    process's worker thread) or a dead letter ends the wait at once: neither comes right
    by waiting."""
    failed: list[str] = []

    def record_failure(sender: Any = None, exception: BaseException | None = None,
                       **_: Any) -> None:  # fmt: skip
        failed.append(f"{getattr(sender, 'name', sender)}: {exception!r}")

    def settled() -> bool:
        if worker is not None and "raised unexpected" in worker.output():
            failed.append(worker.tail())
        assert not failed, f"a task failed: {failed}"
        dead = OutboxMessage.objects.filter(dead_at__isnull=False)
        assert not dead.exists(), f"dead letters: {list(dead.values('topic', 'last_error'))}"
        return state()

    task_failure.connect(record_failure, weak=False)
    try:
        until(settled, what, SETTLED, explain=worker.tail if worker else None)
    finally:
        task_failure.disconnect(record_failure)


# --- the broker ---------------------------------------------------------------------------


def test_bookings_and_payments_made_while_the_broker_is_down_are_settled_once_it_is_back(
    start_worker: StartWorker,
    broker: TcpRelay,
    smtp: FakeSMTP,
    fake_chapa: FakeChapa,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
    chaos_report: ChaosReport,
) -> None:
    """RabbitMQ stopped: 5 bookings and 2 payments (their webhooks) answer as usual and
    their side effects wait in the outbox. Back: 7 e-mails, once each; both settled."""
    worker = start_worker()
    client = client_for(guest)
    broker.cut()
    booked = book_all(client, listing, 5)
    for booking_id in booked[:2]:
        chapa_posts_webhook(fake_chapa, pay(client, fake_chapa, booking_id))
    assert OutboxMessage.objects.filter(published_at__isnull=True).count() == 7

    broker.restore()
    wait_until_settled(smtp, 7, worker)
    worker.stop()

    chaos_report(fault="broker down", requests=5 + 2 * 2, emails_expected=7,
                 emails_sent=len(smtp.messages), payments_expected=2,
                 payments_settled=settled_payments())  # fmt: skip
    assert len(smtp.messages) == 7
    assert each_sent_once(smtp)
    assert settled_payments() == 2
    assert Booking.objects.filter(status=Status.CONFIRMED).count() == 2


def test_a_paid_booking_whose_webhook_came_while_the_broker_was_down_is_never_released(
    start_worker: StartWorker,
    broker: TcpRelay,
    smtp: FakeSMTP,
    fake_chapa: FakeChapa,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
    chaos_report: ChaosReport,
) -> None:
    """The webhook arrives with the broker down and Chapa sends it again: the repeat is
    recorded once. Then the job releasing unpaid bookings runs before any worker acted:
    it verifies the payment in flight, so the paid booking is confirmed, not canceled."""
    from bookings.services import release_unpaid_bookings

    client = client_for(guest)
    [booking_id] = book_all(client, listing, 1)
    broker.cut()
    tx_ref = pay(client, fake_chapa, booking_id)
    first, repeat = (chapa_posts_webhook(fake_chapa, tx_ref) for _ in range(2))
    assert (first["duplicate"], repeat["duplicate"]) == (False, True)

    later = timezone.now() + timedelta(hours=2)
    assert release_unpaid_bookings(now=later) == 0
    broker.restore()
    worker = start_worker()
    wait_until_settled(smtp, 2, worker)  # the booking's e-mail and the receipt
    worker.stop()

    chaos_report(fault="webhook during broker outage, then the release job",
                 requests=4, emails_expected=2, emails_sent=len(smtp.messages),
                 payments_expected=1, payments_settled=settled_payments())  # fmt: skip
    booking = Booking.objects.get(pk=booking_id)
    assert booking.status == Status.CONFIRMED
    assert Payment.objects.get(tx_ref=tx_ref).refund_reason == ""
    assert settled_payments() == 1
    assert len(smtp.messages) == 2
    assert each_sent_once(smtp)


# --- the mail server ---------------------------------------------------------------------


@pytest.fixture
def any_worker(
    request: pytest.FixtureRequest, settings: LazySettings, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], AbstractContextManager[Any]]:
    """A real worker on RabbitMQ; on memory:// a worker thread of this process, with beat
    running the outbox relay every half second."""
    if settings.CELERY_BROKER_URL.startswith("amqp://"):
        start = request.getfixturevalue("start_worker")
        return lambda: nullcontext(start())
    from config.celery import EmbeddedWorker, app

    relay = {"task": "outbox.relay", "schedule": 0.5}
    monkeypatch.setitem(app.conf, "beat_schedule", {"relay": relay})
    return lambda: EmbeddedWorker(beat=True)


def test_emails_refused_by_the_mail_server_for_a_while_are_sent_once_after(
    any_worker: Callable[[], AbstractContextManager[Any]],
    smtp: FakeSMTP,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
    chaos_report: ChaosReport,
) -> None:
    """451 for every message until each booking's e-mail has failed twice; then the
    server takes mail again: 5 e-mails, once each, nothing dead."""
    smtp.refuse_all = True
    with any_worker():
        book_all(client_for(guest), listing, 5)
        reach(lambda: OutboxMessage.objects.filter(attempts__gte=2).count() == 5,
              "every e-mail refused twice")  # fmt: skip
        smtp.refuse_all = False
        wait_until_settled(smtp, 5)

    chaos_report(fault="mail server refusing (451)", requests=5, emails_expected=5,
                 emails_sent=len(smtp.messages))  # fmt: skip
    assert len(smtp.messages) == 5
    assert each_sent_once(smtp)
    assert not OutboxMessage.objects.filter(dead_at__isnull=False).exists()


# --- the worker killed while it sends --------------------------------------------------


def kill_main(worker: RealWorker) -> None:
    """The main process alone, as the OOM killer would: its pool goes with it."""
    children = worker.kill()
    until_ended(children, "the pool to die with its parent", worker.tail)


def kill_tree(worker: RealWorker) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    assert worker.process is not None
    worker.process.wait()


def kill_child(worker: RealWorker) -> None:
    """The pool process sending (the only one: concurrency 1); the main process lives."""
    worker.kill_child()


@pytest.mark.parametrize("kill", [kill_main, kill_tree, kill_child], ids=lambda k: k.__name__)
def test_a_worker_killed_while_it_sends_leaves_each_email_sent_exactly_once(
    kill: Callable[[RealWorker], None],
    start_worker: StartWorker,
    smtp: FakeSMTP,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
    chaos_report: ChaosReport,
) -> None:
    """The worker dies while the mail server holds its first message at DATA: that
    message never arrives. The broker hands the task back; the redelivery finds the lease
    live and tries again once it lapsed, so the e-mail goes out once, as do the others."""
    smtp.hold()
    worker = start_worker(concurrency=1)
    book_all(client_for(guest), listing, 5)
    assert smtp.held.wait(SETTLED), worker.tail()

    kill(worker)
    smtp.release()
    if worker.process is not None and worker.process.poll() is not None:
        worker = start_worker(name="replacement", concurrency=1)
    wait_until_settled(smtp, 5, worker)
    worker.stop()

    chaos_report(fault=f"worker killed while sending ({kill.__name__})", requests=5,
                 emails_expected=5, emails_sent=len(smtp.messages))  # fmt: skip
    assert len(smtp.messages) == 5
    assert each_sent_once(smtp)


# --- the cache -------------------------------------------------------------------------


@pytest.fixture
def redis(settings: LazySettings) -> Iterator[TcpRelay]:
    """This process's cache (Redis) behind a relay the test can cut."""
    url = os.environ.get("REDIS_URL", "")
    if not url.startswith("redis"):
        pytest.skip("needs Redis (REDIS_URL=redis://...)")
    relay = TcpRelay.for_url(url)
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": relay.url_for(url)}}
    yield relay
    relay.close()


def listing_ids(client: APIClient, **query: str) -> list[str]:
    answer = client.get("/api/listings/", query)
    assert answer.status_code == 200, answer.content
    return [found["listing_id"] for found in answer.json()["results"]]


def test_with_redis_down_the_api_answers_and_no_cached_page_outlives_a_write(
    start_worker: StartWorker,
    redis: TcpRelay,
    smtp: FakeSMTP,
    fake_chapa: FakeChapa,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
    chaos_report: ChaosReport,
) -> None:
    """Redis cut: list, detail, sign-in, booking, payment and webhook all answer; the
    webhook's processing completes. Redis back: the list shows what changed meanwhile."""
    worker = start_worker(redis_url=redis.url_for(os.environ["REDIS_URL"]))
    client = client_for(guest)
    nights = stay(0)
    wanted = {"check_in": nights["start_date"], "check_out": nights["end_date"]}
    assert listing_ids(client, **wanted) == [str(listing.pk)]  # now a cached page

    redis.cut()
    assert client.get(f"/api/listings/{listing.pk}/").status_code == 200
    signin = {"email": guest.email, "password": "a-pass-phrase"}
    assert APIClient().post("/api/token/", signin).status_code == 200
    [booking_id] = book_all(client, listing, 1)
    chapa_posts_webhook(fake_chapa, pay(client, fake_chapa, booking_id))
    assert listing_ids(client, **wanted) == [], "booked: not available on those nights"
    wait_until_settled(smtp, 2, worker)
    redis.restore()

    assert listing_ids(client, **wanted) == [], "a page cached before the outage came back"
    worker.stop()
    chaos_report(fault="redis down", requests=7, emails_expected=2,
                 emails_sent=len(smtp.messages), payments_expected=1,
                 payments_settled=settled_payments())  # fmt: skip
    assert settled_payments() == 1
    assert len(smtp.messages) == 2
    assert each_sent_once(smtp)


# --- the database ------------------------------------------------------------------------


def test_database_connections_killed_during_bookings_answer_503_and_lose_nothing(
    start_worker: StartWorker,
    smtp: FakeSMTP,
    client_for: ClientFor,
    make_user: MakeUser,
    listing: Listing,
    chaos_report: ChaosReport,
) -> None:
    """Every connection to the database (this process's and the worker's) KILLed before
    every fifth of 50 booking requests: those answer a JSON 503 with Retry-After, the
    rest 201; every booking that answered 201 exists and is mailed once. (Five guests:
    one alone would meet the bookings throttle, 20 a minute.)"""
    if connection.vendor != "mysql":
        pytest.skip(NEEDS_MARIADB)
    worker = start_worker()
    clients = [client_for(make_user()) for _ in range(5)]
    answers = []
    for number in range(50):
        if number % 5 == 0:
            kill_database_connections()
        answers.append(book(clients[number % 5], listing, number))

    refused = [answer for answer in answers if answer.status_code == 503]
    booked = [answer.json()["booking_id"] for answer in answers if answer.status_code == 201]
    wait_until_settled(smtp, len(booked), worker)
    worker.stop()

    chaos_report(fault="database connections killed", requests=50,
                 emails_expected=len(booked), emails_sent=len(smtp.messages))  # fmt: skip
    assert len(refused) + len(booked) == 50
    assert refused, "no request met a killed connection"
    for answer in refused:
        assert answer["Retry-After"].isdigit()
        assert "detail" in answer.json()
    assert sorted(map(str, Booking.objects.values_list("pk", flat=True))) == sorted(booked)
    assert len(smtp.messages) == len(booked)
    assert each_sent_once(smtp)


def test_a_send_whose_connection_was_killed_before_its_record_is_recorded_not_resent(
    smtp: FakeSMTP, chaos_report: ChaosReport
) -> None:
    """The mail server accepted the message; the database connection died meanwhile.
    The record is written on a new connection: no lapsed lease, no second copy."""
    if connection.vendor != "mysql":
        pytest.skip(NEEDS_MARIADB)
    from notifications.models import SentEmail
    from notifications.services import send_email_once

    sender: dict[str, Any] = {}

    def send() -> None:
        try:
            sender["connection"] = own_connection_id()
            sender["sent"] = send_email_once(key="k", to="a@example.com", subject="S", body="B")
        finally:
            connection.close()

    smtp.hold()
    thread = threading.Thread(target=send)
    thread.start()
    assert smtp.held.wait(SETTLED)
    with connection.cursor() as cursor:
        cursor.execute(f"KILL {int(sender['connection'])}")
    smtp.release()
    thread.join(SETTLED)

    chaos_report(fault="database connection killed while sending", requests=1,
                 emails_expected=1, emails_sent=len(smtp.messages))  # fmt: skip
    assert sender["sent"] is True
    assert SentEmail.objects.get(key="k").sent_at is not None
    assert len(smtp.messages) == 1
